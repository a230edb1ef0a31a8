import { BASELINE_VERSION_CHANGE } from '../../../domain/content.js';
import type { AdminMessages } from '../../../i18n/admin-en.js';
import { CsrfField, ProblemNotice } from '../../components/admin-form.js';
import { MinuteOf, RowTable } from '../../components/row-table.js';
import {
  type VersionComparison,
  VersionComparisonSections,
  type VersionRow,
} from '../../components/version-history.js';
import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';

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
  return (
    <AdminLayout meta={props.meta}>
      <p class="breadcrumb">
        <a href="/admin/entries">{messages.entriesTitle}</a> / <a href={base}>{props.question}</a>
      </p>
      <h1>{messages.entryHistoryTitle(props.question)}</h1>
      <ProblemNotice problem={props.problem} />
      <VersionComparisonSections
        messages={messages}
        base={base}
        versions={props.versions}
        comparison={props.comparison}
        fieldLabel={(field) => fieldLabel(messages, field)}
        isUnchangedListed
      />
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
              <MinuteOf at={version.savedAt} />
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
