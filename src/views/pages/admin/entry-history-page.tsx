import { BASELINE_VERSION_CHANGE } from '../../../domain/content.js';
import type { AdminMessages } from '../../../i18n/admin-en.js';
import { CsrfField, ProblemNotice } from '../../components/admin-form.js';
import { RowTable } from '../../components/row-table.js';
import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';

/** A row of the version table. */
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

function fieldLabel(messages: AdminMessages, field: string): string {
  const labels: Record<string, string> = {
    question: messages.entryQuestionLabel,
    answer: messages.entryAnswerLabel,
    category: messages.entryCategoryLabel,
    tags: messages.entryTagsLabel,
    'alternative phrasings': messages.entryPhrasingsLabel,
    controls: messages.entryControlsLabel,
    'short answer': messages.entryShortAnswerLabel,
    'questionnaire wording': messages.entryWordingLabel,
    owner: messages.entryOwnerLabel,
    status: messages.entryColumnStatus,
  };
  return labels[field] ?? field;
}

/** One changed field as a line list: additions in <ins>, removals in <del>, each also said in words (the subprocessor history uses it too). */
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

/** Versions of an entry, a comparison of two of them, and a restore button per version. */
export function EntryHistoryPage(props: {
  meta: AdminPageMeta;
  slug: string;
  question: string;
  versions: VersionRow[];
  comparison?: VersionComparison;
  canRestore: boolean;
  problem?: { heading: string; text: string };
}) {
  const { messages } = props.meta;
  const csrfToken = props.meta.csrfToken ?? '';
  const base = `/admin/entries/${props.slug}`;
  const latest = props.versions[0]?.version;
  const comparison = props.comparison;
  const changed = comparison?.fields.filter((field) => field.isChanged) ?? [];
  const unchanged = comparison?.fields.filter((field) => !field.isChanged) ?? [];
  return (
    <AdminLayout meta={props.meta}>
      <p class="breadcrumb">
        <a href="/admin/entries">{messages.entriesTitle}</a> / <a href={base}>{props.question}</a>
      </p>
      <h1>{messages.entryHistoryTitle(props.question)}</h1>
      <ProblemNotice problem={props.problem} />
      {props.versions.length >= 2 && (
        <form method="get" action={`${base}/history`} class="filters" aria-labelledby="compare-title">
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
              <h3>{fieldLabel(messages, field.field)}</h3>
              <FieldDiff messages={messages} lines={field.lines} />
            </div>
          ))}
          {unchanged.length > 0 && (
            <p class="reviewed">
              {messages.entryDiffUnchanged(unchanged.map((field) => fieldLabel(messages, field.field)).join(', '))}
            </p>
          )}
        </section>
      )}
      <h2 id="versions-title">{messages.entryVersionsTitle}</h2>
      <RowTable
        titleId="versions-title"
        columns={[
          messages.entryColumnVersion,
          messages.entryColumnWhen,
          messages.entryColumnWho,
          messages.entryColumnChange,
          props.canRestore && messages.entryColumnActions,
        ]}
        rows={props.versions}
        emptyText={messages.entryNoVersions}
        cells={(version) => (
          <>
            <td>{version.version}</td>
            <td>
              <time
                datetime={version.savedAt}
              >{`${version.savedAt.slice(0, 10)} ${version.savedAt.slice(11, 16)}`}</time>
            </td>
            <td>
              {version.savedByEmail ??
                (version.change === BASELINE_VERSION_CHANGE
                  ? messages.entryBaselineAuthor
                  : messages.entrySystemAuthor)}
            </td>
            <td>{version.change}</td>
            {props.canRestore && (
              <td>
                {version.version !== latest ? (
                  <form method="post" action={`${base}/restore`}>
                    <CsrfField token={csrfToken} />
                    <input type="hidden" name="version" value={String(version.version)} />
                    <button type="submit" aria-label={messages.entryRestoreVersionLabel(version.version)}>
                      {messages.entryRestoreButton}
                    </button>
                  </form>
                ) : (
                  <span class="reviewed">{messages.entryLatestVersion}</span>
                )}
              </td>
            )}
          </>
        )}
      />
    </AdminLayout>
  );
}
