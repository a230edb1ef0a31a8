import type { LibraryImportPreview } from '../../../domain/content.js';
import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';
import { CsrfField } from './admin-form.js';

/** What was typed into the library form, shown again after a preview or a problem. */
export interface LibraryFormValues {
  sheet: string;
  status: 'published' | 'draft';
  owner: string;
  isReplace: boolean;
}

/** Why the file was refused: a summary line and every problem as `file:row column: message`. */
export interface LibraryProblem {
  heading: string;
  text: string;
  details: string[];
}

/** One list of the preview: a heading with the count and the items (or "None."). */
function PreviewList(props: { id: string; heading: string; items: string[]; none: string }) {
  return (
    <section aria-labelledby={props.id}>
      <h3 id={props.id}>{props.heading}</h3>
      {props.items.length === 0 ? (
        <p class="count-line">{props.none}</p>
      ) : (
        <ul>
          {props.items.map((item) => (
            <li>{item}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The answer-library import: an upload form with Preview and Import, and what a preview found. */
export function LibraryPage(props: {
  meta: AdminPageMeta;
  values: LibraryFormValues;
  preview?: LibraryImportPreview;
  problem?: LibraryProblem;
}) {
  const { messages } = props.meta;
  const { values, preview, problem } = props;
  return (
    <AdminLayout meta={props.meta}>
      <h1>{messages.libraryTitle}</h1>
      {problem && (
        <div class="badge expired" role="alert" aria-labelledby="library-problem-title">
          <div>
            <h2 id="library-problem-title">{problem.heading}</h2>
            <p>{problem.text}</p>
            {problem.details.length > 0 && (
              <ul>
                {problem.details.map((detail) => (
                  <li>{detail}</li>
                ))}
              </ul>
            )}
          </div>
        </div>
      )}
      {preview && (
        <section aria-labelledby="library-preview-title">
          <h2 id="library-preview-title">{messages.libraryPreviewTitle}</h2>
          <p>{messages.libraryPreviewIntro(preview.file, preview.sheet, preview.rows)}</p>
          {preview.createdSite && <p>{messages.libraryPreviewSite}</p>}
          <PreviewList
            id="library-preview-added"
            heading={messages.libraryPreviewAdded(preview.added.length)}
            items={preview.added}
            none={messages.libraryPreviewNone}
          />
          <PreviewList
            id="library-preview-updated"
            heading={messages.libraryPreviewUpdated(preview.updated.length)}
            items={preview.updated}
            none={messages.libraryPreviewNone}
          />
          <PreviewList
            id="library-preview-unchanged"
            heading={messages.libraryPreviewUnchanged(preview.unchanged.length)}
            items={preview.unchanged}
            none={messages.libraryPreviewNone}
          />
          {values.isReplace && (
            <PreviewList
              id="library-preview-removed"
              heading={messages.libraryPreviewRemoved(preview.removed.length)}
              items={preview.removed}
              none={messages.libraryPreviewNone}
            />
          )}
          <PreviewList
            id="library-preview-categories"
            heading={messages.libraryPreviewCategories(preview.createdCategories.length)}
            items={preview.createdCategories}
            none={messages.libraryPreviewNone}
          />
          <PreviewList
            id="library-preview-tags"
            heading={messages.libraryPreviewTags(preview.createdTags.length)}
            items={preview.createdTags}
            none={messages.libraryPreviewNone}
          />
        </section>
      )}
      <p>{messages.libraryIntro}</p>
      <form method="post" action="/admin/library" enctype="multipart/form-data" class="entry-form">
        <CsrfField token={props.meta.csrfToken ?? ''} />
        <p>
          <label for="library-file">
            <strong>{messages.libraryFileLabel}</strong>
          </label>
          <br />
          <input
            id="library-file"
            name="file"
            type="file"
            required
            accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          />
        </p>
        <p>
          <label for="library-sheet">
            <strong>{messages.librarySheetLabel}</strong>
          </label>
          <br />
          <span id="library-sheet-hint" class="reviewed">
            {messages.librarySheetHint}
          </span>
          <br />
          <input
            id="library-sheet"
            name="sheet"
            type="text"
            maxlength={300}
            value={values.sheet}
            aria-describedby="library-sheet-hint"
          />
        </p>
        <p>
          <label for="library-status">
            <strong>{messages.libraryStatusLabel}</strong>
          </label>
          <br />
          <select id="library-status" name="status">
            <option value="published" selected={values.status === 'published'}>
              {messages.libraryStatusPublished}
            </option>
            <option value="draft" selected={values.status === 'draft'}>
              {messages.libraryStatusDraft}
            </option>
          </select>
        </p>
        <p>
          <label for="library-owner">
            <strong>{messages.libraryOwnerLabel}</strong>
          </label>
          <br />
          <span id="library-owner-hint" class="reviewed">
            {messages.libraryOwnerHint}
          </span>
          <br />
          <input
            id="library-owner"
            name="owner"
            type="text"
            maxlength={200}
            value={values.owner}
            aria-describedby="library-owner-hint"
          />
        </p>
        <p class="filter-row">
          <input
            id="library-replace"
            name="replace"
            type="checkbox"
            value="on"
            checked={values.isReplace}
            aria-describedby="library-replace-warning"
          />
          <label for="library-replace">{messages.libraryReplaceLabel}</label>
        </p>
        <p id="library-replace-warning">
          <strong>{messages.libraryReplaceWarning}</strong>
        </p>
        <p>
          <button type="submit" name="intent" value="preview">
            {messages.libraryPreviewButton}
          </button>{' '}
          <button type="submit" name="intent" value="import">
            {messages.libraryImportButton}
          </button>
        </p>
      </form>
    </AdminLayout>
  );
}
