import type { AdminMessages } from '../../i18n/admin-en.js';

/** A row of a version table. */
export interface VersionRow {
  version: number;
  savedAt: string;
  savedByEmail: string | null;
  change: string;
}

/** The field-by-field differences between two versions. */
export interface VersionComparison {
  from: number;
  to: number;
  fields: { field: string; lines: { kind: 'same' | 'added' | 'removed'; text: string }[]; isChanged: boolean }[];
}

/** One changed field as a line list: additions in <ins>, removals in <del>, each also said in words. */
export function FieldDiff(props: { messages: AdminMessages; lines: VersionComparison['fields'][number]['lines'] }) {
  const { messages } = props;
  return (
    <ul class="plain-list">
      {props.lines.map((line) => {
        const text = line.text === '' ? '\u00a0' : line.text;
        if (line.kind === 'added') {
          return (
            <li>
              <ins>
                <span aria-hidden="true">+ </span>
                <span class="visually-hidden">{messages.entryDiffAdded} </span>
                {text}
              </ins>
            </li>
          );
        }
        if (line.kind === 'removed') {
          return (
            <li>
              <del>
                <span aria-hidden="true">− </span>
                <span class="visually-hidden">{messages.entryDiffRemoved} </span>
                {text}
              </del>
            </li>
          );
        }
        return (
          <li>
            <span aria-hidden="true">{'\u00a0\u00a0'}</span>
            {text}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * The history page of a versioned record below its version table: a form choosing two versions to
 * compare (when there are two) and the comparison itself, changed fields first. `base` is the
 * record's staff address; `fieldLabel` names a field for people. With `isUnchangedListed` the fields
 * that did not change are named in one line after the others.
 */
export function VersionComparisonSections(props: {
  messages: AdminMessages;
  base: string;
  versions: VersionRow[];
  comparison?: VersionComparison;
  fieldLabel: (field: string) => string;
  isUnchangedListed?: boolean;
}) {
  const { messages, comparison } = props;
  const changed = comparison?.fields.filter((field) => field.isChanged) ?? [];
  const unchanged = props.isUnchangedListed ? (comparison?.fields.filter((field) => !field.isChanged) ?? []) : [];
  return (
    <>
      {props.versions.length >= 2 && (
        <form method="get" action={`${props.base}/history`} class="filters" aria-labelledby="compare-title">
          <h2 id="compare-title" class="filters-title">
            {messages.entryCompareTitle}
          </h2>
          <p class="filter-row">
            <label for="compare-from">{messages.entryCompareFrom}</label>
            <select id="compare-from" name="from">
              {props.versions.map((version) => (
                <option value={String(version.version)} selected={version.version === comparison?.from}>
                  {messages.entryVersionNumber(version.version)}
                </option>
              ))}
            </select>
            <label for="compare-to">{messages.entryCompareTo}</label>
            <select id="compare-to" name="to">
              {props.versions.map((version) => (
                <option value={String(version.version)} selected={version.version === comparison?.to}>
                  {messages.entryVersionNumber(version.version)}
                </option>
              ))}
            </select>
            <button type="submit">{messages.entryCompareButton}</button>
          </p>
        </form>
      )}
      {comparison && (
        <section aria-labelledby="diff-title">
          <h2 id="diff-title">{messages.entryDiffTitle(comparison.from, comparison.to)}</h2>
          {changed.length === 0 && <p>{messages.entryDiffNoChanges}</p>}
          {changed.map((field) => (
            <div class="card faq-group">
              <h3>{props.fieldLabel(field.field)}</h3>
              <FieldDiff messages={messages} lines={field.lines} />
            </div>
          ))}
          {unchanged.length > 0 && (
            <p class="reviewed">
              {messages.entryDiffUnchanged(unchanged.map((field) => props.fieldLabel(field.field)).join(', '))}
            </p>
          )}
        </section>
      )}
    </>
  );
}
