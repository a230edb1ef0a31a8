import type { Child } from 'hono/jsx';

/**
 * The filter form above a staff list: a GET form titled by a small heading, the filters given as
 * children, and a submit button followed (while a filter is set) by a link that clears them.
 */
export function FilterForm(props: {
  action: string;
  titleId: string;
  title: string;
  submitLabel: string;
  /** The link back to the unfiltered list; left out when no filter is set. */
  clear?: { href: string; label: string } | undefined;
  children: Child;
}) {
  return (
    <form method="get" action={props.action} class="filters" aria-labelledby={props.titleId}>
      <h2 id={props.titleId} class="filters-title">
        {props.title}
      </h2>
      {props.children}
      <div class="filter-actions">
        <button type="submit">{props.submitLabel}</button>
        {props.clear && <a href={props.clear.href}>{props.clear.label}</a>}
      </div>
    </form>
  );
}

/** A free-text filter (`text` in the query). */
export function FilterSearch(props: { label: string; value: string }) {
  return (
    <p class="filter-row">
      <label for="filter-text">{props.label}</label>
      <input id="filter-text" name="text" type="search" value={props.value} />
    </p>
  );
}

/** A filter choosing one of `options`, or any (the empty value). */
export function FilterSelect(props: {
  name: string;
  label: string;
  anyLabel: string;
  options: { value: string; label: string }[];
  selected: string;
}) {
  const id = `filter-${props.name}`;
  return (
    <p class="filter-row">
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name}>
        <option value="">{props.anyLabel}</option>
        {props.options.map((option) => (
          <option value={option.value} selected={props.selected === option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </p>
  );
}
