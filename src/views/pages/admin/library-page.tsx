import type { LibraryImportPreview, StagedLibraryUpload } from '../../../domain/content.js';
import type { AdminMessages } from '../../../i18n/admin-en.js';
import { CsrfField, FormField, SpreadsheetFileField } from '../../components/admin-form.js';
import { formatTime } from '../../components/audit-event-table.js';
import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';

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

/** The form that imports the file kept since the preview, with the options it used as hidden fields. */
function StagedImportForm(props: {
  messages: AdminMessages;
  csrfToken: string;
  values: LibraryFormValues;
  upload: StagedLibraryUpload;
  rows: number;
}) {
  const { messages, values, upload } = props;
  return (
    <form method="post" action="/admin/library" class="entry-form" aria-labelledby="library-import-title">
      <h3 id="library-import-title">{messages.libraryStagedTitle}</h3>
      <CsrfField token={props.csrfToken} />
      <input type="hidden" name="upload" value={upload.token} />
      <input type="hidden" name="sheet" value={values.sheet} />
      <input type="hidden" name="status" value={values.status} />
      <input type="hidden" name="owner" value={values.owner} />
      {values.isReplace && <input type="hidden" name="replace" value="on" />}
      <p>{messages.libraryStagedText(upload.file, formatTime(upload.expiresAt))}</p>
      <ul>
        <li>
          {messages.libraryStagedStatus(
            values.status === 'draft' ? messages.libraryStatusDraft : messages.libraryStatusPublished,
          )}
        </li>
        <li>{messages.libraryStagedOwner(values.owner)}</li>
        <li>{messages.libraryStagedReplace(values.isReplace)}</li>
      </ul>
      <p>
        <button type="submit" name="intent" value="import">
          {messages.libraryImportStagedButton(props.rows)}
        </button>
      </p>
    </form>
  );
}

/**
 * The answer-library import: an upload form with Preview and Import, what a preview found and, after
 * a preview, a form that imports the kept file without choosing it again.
 */
export function LibraryPage(props: {
  meta: AdminPageMeta;
  values: LibraryFormValues;
  preview?: LibraryImportPreview;
  /** The file kept since the preview; present with `preview` when the import can use it. */
  upload?: StagedLibraryUpload;
  problem?: LibraryProblem;
}) {
  const { messages } = props.meta;
  const { values, preview, upload, problem } = props;
  const csrfToken = props.meta.csrfToken ?? '';
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
          {upload && (
            <StagedImportForm
              messages={messages}
              csrfToken={csrfToken}
              values={values}
              upload={upload}
              rows={preview.rows}
            />
          )}
        </section>
      )}
      <p>{messages.libraryIntro}</p>
      <form method="post" action="/admin/library" enctype="multipart/form-data" class="entry-form">
        <CsrfField token={csrfToken} />
        {upload && <input type="hidden" name="upload" value={upload.token} />}
        <SpreadsheetFileField
          messages={messages}
          id="library-file"
          label={messages.libraryFileLabel}
          hint={upload ? messages.libraryFileKeptHint(upload.file) : undefined}
          required={!upload}
        />
        <FormField
          messages={messages}
          id="library-sheet"
          name="sheet"
          type="text"
          label={messages.librarySheetLabel}
          hint={messages.librarySheetHint}
          maxlength={300}
          value={values.sheet}
        />
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
        <FormField
          messages={messages}
          id="library-owner"
          name="owner"
          type="text"
          label={messages.libraryOwnerLabel}
          hint={messages.libraryOwnerHint}
          maxlength={200}
          value={values.owner}
        />
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
