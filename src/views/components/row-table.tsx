import type { Child } from 'hono/jsx';

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
  return (
    <table class="sla-table" aria-labelledby={props.titleId}>
      {props.caption !== undefined && <caption class="visually-hidden">{props.caption}</caption>}
      <thead>
        <tr>{props.columns.map((column) => column !== false && <th scope="col">{column}</th>)}</tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr>{props.cells(row)}</tr>
        ))}
      </tbody>
    </table>
  );
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
