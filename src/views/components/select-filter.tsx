/**
 * A public list's filter choosing one of `options` or any (the empty value), as a paragraph of a
 * plain GET form. The query parameter is `name`, or `id` when no name is given.
 */
export function SelectFilter(props: {
  id: string;
  name?: string;
  label: string;
  anyLabel: string;
  value: string | undefined;
  options: { value: string; label: string }[];
}) {
  return (
    <p>
      <label for={props.id}>{props.label}</label>{' '}
      <select id={props.id} name={props.name ?? props.id}>
        <option value="">{props.anyLabel}</option>
        {props.options.map((option) => (
          <option value={option.value} selected={option.value === props.value}>
            {option.label}
          </option>
        ))}
      </select>
    </p>
  );
}
