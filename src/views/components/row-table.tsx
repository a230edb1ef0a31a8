import { type Child, Fragment } from 'hono/jsx';

/**
 * A staff list as a table with one row per item, or (given `emptyText`) a line saying there is
 * none. `titleId` names the heading that labels the table, where one does; `caption` is a caption
 * for screen readers only. A column heading that is `false` is left out (a column only some
 * viewers see).
 */
export function RowTable<Row>(props: {
  titleId?: string;
  caption?: string;
  columns: (string | false)[];
  rows: Row[];
  /** The line shown instead of an empty table; without it an empty table is shown. */
  emptyText?: string;
  /** A row's cells. */
  cells: (row: Row) => Child;
}) {
  if (props.rows.length === 0 && props.emptyText !== undefined) return <p>{props.emptyText}</p>;
  const labels = props.columns.filter((column): column is string => column !== false);
  return (
    <table class="sla-table" aria-labelledby={props.titleId}>
      {props.caption !== undefined && <caption class="visually-hidden">{props.caption}</caption>}
      <thead>
        <tr>{props.columns.map((column) => column !== false && <th scope="col">{column}</th>)}</tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr>{labelCells(props.cells(row), labels)}</tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Gives each data cell of a row the heading of its column as `data-label`, which a narrow screen shows above the
 * value once the table is stacked (the headings row is hidden there). Cells are taken in order through fragments and
 * lists; a row drawn by a component of its own cannot be looked into, so labelling stops there rather than label the
 * wrong cells.
 */
function labelCells(row: Child, labels: readonly string[]): Child {
  let column = 0;
  let isBlind = false;
  const visit = (node: unknown): void => {
    if (isBlind || node === null || node === undefined || typeof node === 'boolean') return;
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (typeof node !== 'object' || !('tag' in node)) return;
    const element = node as { tag: unknown; props: Record<string, unknown>; children?: unknown };
    if (element.tag === 'td' || element.tag === 'th') {
      const label = labels[column++];
      if (element.tag === 'td' && label !== undefined && label !== '') element.props['data-label'] = label;
    } else if (element.tag === Fragment) {
      visit(element.children);
    } else {
      isBlind = true;
    }
  };
  visit(row);
  return row;
}

/** The day of an ISO timestamp, as a machine-readable time element. */
export function DayOf(props: { at: string }) {
  return <time datetime={props.at}>{props.at.slice(0, 10)}</time>;
}

/** The day and minute of an ISO timestamp (`YYYY-MM-DD HH:MM`, UTC) as a time element, or a dash for none. */
export function MinuteOf(props: { at: string | null }) {
  if (props.at === null) return <>—</>;
  return <time datetime={props.at}>{`${props.at.slice(0, 10)} ${props.at.slice(11, 16)}`}</time>;
}
