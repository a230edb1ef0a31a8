import { type Context, Hono, type MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import type { LibraryImportPreview, StagedLibraryUpload } from '../../domain/content.js';
import { ENTRY_LIMITS } from '../../domain/entry-rules.js';
import { formatProblem } from '../../domain/errors.js';
import type { Actor } from '../../domain/staff.js';
import { MAX_QUESTIONNAIRE_BYTES } from '../../questionnaire/index.js';
import type { ContentService, LibraryImportOptions, LibraryImportSummary } from '../../services/content.service.js';
import type {
  LibraryUploadRefusal,
  LibraryUploadService,
  StagedLibraryPreview,
} from '../../services/library-upload.service.js';
import { type LibraryFormValues, LibraryPage, type LibraryProblem } from '../../views/pages/admin/library-page.js';
import { attempt } from '../attempt.js';
import { requirePermission } from '../middleware/permission.js';
import { type AdminEnv, getClientIp, requireActor, type TransportOptions } from '../middleware/session.js';
import { renderDocument } from '../public/render.js';
import { ADMIN_STATUS_BY_CODE, buildAdminMeta, getAdminMessages } from './admin-page.js';
import { spreadsheetUploadLimit } from './questionnaire.routes.js';

/** What the answer-library pages need. */
export interface LibraryRoutesDeps extends TransportOptions {
  library: Pick<ContentService, 'importLibraryFile'>;
  /** Previews that keep the file, and imports of a kept file by its token. */
  uploads: Pick<LibraryUploadService, 'previewFile' | 'previewStaged' | 'importStaged' | 'findStaged'>;
}

/** Refuses a library upload over the questionnaire limit (20 MB) before anything reads it. */
export function libraryUploadLimit(): MiddlewareHandler<AdminEnv> {
  return spreadsheetUploadLimit((messages) => messages.libraryTooLarge);
}

const blankToUndefined = (value: string | undefined) => {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
};

const libraryFormSchema = z.object({
  intent: z.enum(['preview', 'import']),
  file: z.instanceof(File).optional().catch(undefined),
  sheet: z.string().max(300).optional().transform(blankToUndefined),
  status: z.enum(['published', 'draft']),
  owner: z.string().max(ENTRY_LIMITS.owner).optional().transform(blankToUndefined),
  replace: z.literal('on').optional(),
  // The token of a file kept since its preview; any text, so that an altered one is refused by name.
  upload: z.string().max(200).optional().transform(blankToUndefined),
});

const countSchema = z.coerce.number().int().min(0).max(10_000_000);
const doneQuerySchema = z.object({
  added: countSchema,
  updated: countSchema,
  unchanged: countSchema,
  removed: countSchema,
  revision: countSchema,
  categories: countSchema,
  tags: countSchema,
});

/** The submitted form as it should show again (the file input can never be refilled). */
function submittedValues(body: Record<string, unknown>, actor: Actor): LibraryFormValues {
  const text = (value: unknown, length: number) => (typeof value === 'string' ? value.slice(0, length) : '');
  return {
    sheet: text(body.sheet, 300),
    status: body.status === 'draft' ? 'draft' : 'published',
    owner: typeof body.owner === 'string' ? text(body.owner, ENTRY_LIMITS.owner) : actor.email,
    isReplace: body.replace === 'on',
  };
}

/** The form as a preview used it: the import form sends exactly these back. */
function optionValues(options: LibraryImportOptions): LibraryFormValues {
  return { sheet: options.sheet ?? '', status: options.status, owner: options.owner ?? '', isReplace: options.replace };
}

/** The uploaded file's own name, without any folder a browser may send along. */
function toFileName(name: string): string {
  return name.replace(/^.*[\\/]/, '').slice(-200) || 'library';
}

/** Admin page to preview and import an answer library (.csv or .xlsx) as `tillit import <file>` does. */
export function createLibraryRoutes(deps: LibraryRoutesDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const messages = getAdminMessages();

  const render = async (
    c: Context<AdminEnv>,
    options: {
      values: LibraryFormValues;
      preview?: LibraryImportPreview;
      upload?: StagedLibraryUpload;
      problem?: LibraryProblem;
      flash?: string;
    },
    status: ContentfulStatusCode = 200,
  ) => {
    const title = options.problem ? messages.entryTitleWithErrors(messages.libraryTitle) : messages.libraryTitle;
    const page = (
      <LibraryPage
        meta={buildAdminMeta(c, title, options.flash)}
        values={options.values}
        preview={options.preview}
        upload={options.upload}
        problem={options.problem}
      />
    );
    return c.html(await renderDocument(page), status);
  };

  /** A preview of a kept file with the form that imports it; `notice` says why it is shown again. */
  const renderStaged = (
    c: Context<AdminEnv>,
    staged: StagedLibraryPreview,
    notice?: string,
    status: ContentfulStatusCode = 200,
  ) =>
    render(
      c,
      { values: optionValues(staged.options), preview: staged.preview, upload: staged.upload, flash: notice },
      status,
    );

  const refusalText: Record<LibraryUploadRefusal, { text: string; status: ContentfulStatusCode }> = {
    unknown: { text: messages.libraryUploadUnknown, status: 404 },
    expired: { text: messages.libraryUploadExpired, status: 410 },
    foreign: { text: messages.libraryUploadForeign, status: 403 },
  };

  /** After an import (which refreshed this process's content itself): redirect to the counts. */
  const showImported = (c: Context<AdminEnv>, summary: LibraryImportSummary) => {
    const query = new URLSearchParams({
      added: String(summary.added),
      updated: String(summary.updated),
      unchanged: String(summary.unchanged),
      removed: String(summary.removed),
      revision: String(summary.revision),
      categories: String(summary.createdCategories.length),
      tags: String(summary.createdTags.length),
    });
    return c.redirect(`/admin/library?${query}`, 303);
  };

  app.get('/', requirePermission('administer'), (c) => {
    const done = doneQuerySchema.safeParse(c.req.query());
    const flash = done.success
      ? [
          messages.libraryDone(
            done.data.added,
            done.data.updated,
            done.data.unchanged,
            done.data.removed,
            done.data.revision,
          ),
          done.data.categories + done.data.tags > 0
            ? messages.libraryDoneCreated(done.data.categories, done.data.tags)
            : '',
        ]
          .filter((line) => line !== '')
          .join(' ')
      : undefined;
    const values: LibraryFormValues = {
      sheet: '',
      status: 'published',
      owner: requireActor(c).email,
      isReplace: false,
    };
    return render(c, { values, flash });
  });

  app.post('/', requirePermission('administer'), async (c) => {
    const actor = requireActor(c);
    const body = await c.req.parseBody();
    const values = submittedValues(body, actor);
    const refuse = (problem: LibraryProblem, status: ContentfulStatusCode) => render(c, { values, problem }, status);
    const form = libraryFormSchema.safeParse(body);
    if (!form.success) {
      return refuse(
        {
          heading: messages.libraryUnreadableTitle,
          text: messages.libraryFormInvalid,
          details: form.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
        },
        400,
      );
    }
    const { file, upload } = form.data;
    const hasFile = file !== undefined && file.size > 0;
    if (hasFile && file.size > MAX_QUESTIONNAIRE_BYTES) {
      return refuse({ heading: messages.questionnaireTooLargeTitle, text: messages.libraryTooLarge, details: [] }, 413);
    }
    const options: LibraryImportOptions = {
      ...(form.data.sheet === undefined ? {} : { sheet: form.data.sheet }),
      owner: form.data.owner ?? actor.email,
      status: form.data.status,
      replace: form.data.replace === 'on',
    };
    const author = { userId: actor.userId, email: actor.email, ip: getClientIp(c, deps) };
    const refuseUpload = (reason: LibraryUploadRefusal) =>
      refuse(
        { heading: messages.libraryUploadRefusedTitle, text: refusalText[reason].text, details: [] },
        refusalText[reason].status,
      );
    const result = await attempt(async (): Promise<Response> => {
      if (hasFile) {
        // A chosen file always wins over a kept one: it is what the admin sees in the form.
        const input = { file: toFileName(file.name), bytes: new Uint8Array(await file.arrayBuffer()) };
        if (form.data.intent === 'preview') {
          return renderStaged(c, await deps.uploads.previewFile(input, options, actor.userId));
        }
        return showImported(c, await deps.library.importLibraryFile(input, options, author));
      }
      if (upload === undefined) {
        return refuse(
          { heading: messages.libraryUnreadableTitle, text: messages.libraryFileRequired, details: [] },
          400,
        );
      }
      // No file chosen: the one kept since the preview, named by the token the page carries.
      if (form.data.intent === 'preview') {
        const previewed = await deps.uploads.previewStaged(upload, options, actor.userId);
        return previewed.outcome === 'refused' ? refuseUpload(previewed.reason) : renderStaged(c, previewed.staged);
      }
      const imported = await deps.uploads.importStaged(upload, options, author);
      if (imported.outcome === 'refused') return refuseUpload(imported.reason);
      if (imported.outcome === 'previewed') {
        const notice =
          imported.reason === 'options_changed' ? messages.libraryOptionsChanged : messages.libraryContentChanged;
        // Nothing was imported; 409 says so to anything that reads only the status.
        return renderStaged(c, imported.staged, notice, 409);
      }
      return showImported(c, imported.summary);
    });
    if (result.ok) return result.value;
    // A bad file is shown with every problem; nothing was written. A kept file stays offered (a sheet
    // name mistyped in a second preview must not cost the admin the file).
    const problems = result.error.problems.map(formatProblem);
    const kept = !hasFile && upload !== undefined ? await deps.uploads.findStaged(upload, actor.userId) : undefined;
    return render(
      c,
      {
        values,
        upload: kept,
        problem: {
          heading: messages.libraryUnreadableTitle,
          text: problems.length > 0 ? messages.libraryProblemsText(problems.length) : result.error.message,
          details: problems,
        },
      },
      ADMIN_STATUS_BY_CODE[result.error.code],
    );
  });

  return app;
}
