import { type Context, Hono, type MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import type { LibraryImportPreview } from '../../domain/content.js';
import { formatProblem } from '../../domain/errors.js';
import type { Actor } from '../../domain/staff.js';
import { MAX_QUESTIONNAIRE_BYTES } from '../../questionnaire/index.js';
import type { ContentService, LibraryImportOptions } from '../../services/content.service.js';
import { type LibraryFormValues, LibraryPage, type LibraryProblem } from '../../views/pages/admin/library-page.js';
import { attempt } from '../attempt.js';
import { requirePermission } from '../middleware/permission.js';
import { type AdminEnv, getClientIp, requireActor, type TransportOptions } from '../middleware/session.js';
import { renderDocument } from '../public/render.js';
import { ADMIN_STATUS_BY_CODE, buildAdminMeta, getAdminMessages } from './admin-page.js';
import { spreadsheetUploadLimit } from './questionnaire.routes.js';

/** What the answer-library pages need. */
export interface LibraryRoutesDeps extends TransportOptions {
  library: Pick<ContentService, 'previewLibraryFile' | 'importLibraryFile'>;
  /** Called after an import, so this process serves the new content at once. */
  onImported?: () => void;
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
  owner: z.string().max(200).optional().transform(blankToUndefined),
  replace: z.literal('on').optional(),
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
    owner: typeof body.owner === 'string' ? text(body.owner, 200) : actor.email,
    isReplace: body.replace === 'on',
  };
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
    options: { values: LibraryFormValues; preview?: LibraryImportPreview; problem?: LibraryProblem; flash?: string },
    status: ContentfulStatusCode = 200,
  ) => {
    const title = options.problem ? messages.entryTitleWithErrors(messages.libraryTitle) : messages.libraryTitle;
    const page = (
      <LibraryPage
        meta={buildAdminMeta(c, title, options.flash)}
        values={options.values}
        preview={options.preview}
        problem={options.problem}
      />
    );
    return c.html(await renderDocument(page), status);
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
    const { file } = form.data;
    if (!file || file.size === 0) {
      return refuse({ heading: messages.libraryUnreadableTitle, text: messages.libraryFileRequired, details: [] }, 400);
    }
    if (file.size > MAX_QUESTIONNAIRE_BYTES) {
      return refuse({ heading: messages.questionnaireTooLargeTitle, text: messages.libraryTooLarge, details: [] }, 413);
    }
    const input = { file: toFileName(file.name), bytes: new Uint8Array(await file.arrayBuffer()) };
    const options: LibraryImportOptions = {
      ...(form.data.sheet === undefined ? {} : { sheet: form.data.sheet }),
      owner: form.data.owner ?? actor.email,
      status: form.data.status,
      replace: form.data.replace === 'on',
    };
    const result = await attempt(async (): Promise<Response> => {
      if (form.data.intent === 'preview') {
        const preview = await deps.library.previewLibraryFile(input, options);
        return render(c, { values, preview });
      }
      const summary = await deps.library.importLibraryFile(input, options, {
        userId: actor.userId,
        email: actor.email,
        ip: getClientIp(c, deps),
      });
      deps.onImported?.();
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
    });
    if (result.ok) return result.value;
    // A bad file is shown with every problem; nothing was written.
    const problems = result.error.problems.map(formatProblem);
    return refuse(
      {
        heading: messages.libraryUnreadableTitle,
        text: problems.length > 0 ? messages.libraryProblemsText(problems.length) : result.error.message,
        details: problems,
      },
      ADMIN_STATUS_BY_CODE[result.error.code],
    );
  });

  return app;
}
