import type { BulkAcceptItem } from '../../../domain/questionnaire.js';
import type { AdminMessages } from '../../../i18n/admin-en.js';
import { CsrfField } from '../../components/admin-form.js';
import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';
import { confidenceLabel } from './questionnaire-review-page.js';

function levelText(messages: AdminMessages, level: 'high' | 'medium'): string {
  return level === 'high' ? messages.questionnaireBulkLevelHigh : messages.questionnaireBulkLevelMedium;
}

/** The confirmation before "accept all": every question it would accept, ticked, crowded entries marked. */
export function QuestionnaireBulkPreviewPage(props: {
  meta: AdminPageMeta;
  questionnaireId: number;
  fileName: string;
  level: 'high' | 'medium';
  rows: BulkAcceptItem[];
}) {
  const { messages } = props.meta;
  const base = `/admin/questionnaires/${props.questionnaireId}`;
  const crowded = props.rows.filter((row) => row.isCrowded).length;
  return (
    <AdminLayout meta={props.meta}>
      <h1>{messages.questionnaireBulkPreviewTitle(props.fileName)}</h1>
      {props.rows.length === 0 ? (
        <p>{messages.questionnaireBulkNone}</p>
      ) : (
        <form method="post" action={`${base}/accept-confident`} aria-labelledby="bulk-table-title">
          <CsrfField token={props.meta.csrfToken ?? ''} />
          <input type="hidden" name="level" value={props.level} />
          <p>{messages.questionnaireBulkPreviewIntro(props.rows.length, levelText(messages, props.level))}</p>
          {crowded > 0 && (
            <p class="badge expired">
              <span>{messages.questionnaireBulkCrowdedNote(crowded)}</span>
            </p>
          )}
          <h2 id="bulk-table-title">{messages.questionnaireBulkPreviewTableTitle}</h2>
          <div class="table-scroll">
            <table class="review-table" aria-labelledby="bulk-table-title">
              <thead>
                <tr>
                  <th scope="col">{messages.questionnaireBulkColumnAccept}</th>
                  <th scope="col">{messages.questionnaireColumnReference}</th>
                  <th scope="col">{messages.questionnaireColumnQuestion}</th>
                  <th scope="col">{messages.questionnaireBulkColumnEntry}</th>
                  <th scope="col">{messages.questionnaireColumnConfidence}</th>
                </tr>
              </thead>
              <tbody>
                {props.rows.map((row) => (
                  <tr class={row.isCrowded ? 'crowded' : undefined}>
                    <td>
                      <input
                        type="checkbox"
                        id={`bulk-${row.id}`}
                        name="question"
                        value={`${row.id}:${row.slug}`}
                        checked
                        aria-describedby={row.isCrowded ? `bulk-${row.id}-crowded` : undefined}
                      />
                      <label for={`bulk-${row.id}`} class="visually-hidden">
                        {messages.questionnaireBulkAcceptOne(row.reference)}
                      </label>
                    </td>
                    <td>{row.reference}</td>
                    <th scope="row">
                      {row.section !== null && <span class="reviewed">{`${row.section}: `}</span>}
                      {row.text}
                    </th>
                    <td>
                      <code>{row.slug}</code> {row.entryQuestion}
                      {row.isCrowded && (
                        <>
                          {' '}
                          <strong id={`bulk-${row.id}-crowded`} class="overdue">
                            {messages.questionnaireBulkCrowded}
                          </strong>
                        </>
                      )}
                    </td>
                    <td>
                      <span class={`level level-${row.confidence}`}>{confidenceLabel(messages, row.confidence)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="filter-actions">
            <button type="submit">{messages.questionnaireBulkConfirmButton}</button>{' '}
            <a href={base}>{messages.siteContentCancel}</a>
          </p>
        </form>
      )}
      {props.rows.length === 0 && (
        <p>
          <a href={base}>{messages.questionnaireBulkBack}</a>
        </p>
      )}
    </AdminLayout>
  );
}
