import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { ACCESS_LEVELS, type DocumentFields, formatFileSize, type VersionFields } from '../../domain/document.js';
import { AppError } from '../../domain/errors.js';
import { hasPermission } from '../../domain/staff.js';
import type { DocumentTranslation, Translations } from '../../domain/translation.js';
import type { AdminMessages } from '../../i18n/admin-en.js';
import type { DocumentService, DocumentUpload } from '../../services/document.service.js';
import type { FieldError, PageProblem } from '../../views/components/admin-form.js';
import { AdminMessagePage } from '../../views/pages/admin/admin-message-page.js';
import {
  DocumentDetailPage,
  type DocumentFormValues,
  DocumentListPage,
  DocumentNewPage,
  EMPTY_DOCUMENT_VALUES,
} from '../../views/pages/admin/document-pages.js';
import { attempt } from '../attempt.js';
import { sortByFieldOrder } from '../form.js';
import { requirePermission } from '../middleware/permission.js';
import { type AdminEnv, getActionContext, requireActor, type TransportOptions } from '../middleware/session.js';
import { renderDocument } from '../public/render.js';
import { ADMIN_STATUS_BY_CODE, buildAdminMeta, getAdminMessages, readDoneFlash } from './admin-page.js';

/** What the document pages need. */
export interface DocumentRoutesDeps extends TransportOptions {
  documents: DocumentService;
}

// Room for the multipart envelope and the small text fields around the file itself.
const FORM_OVERHEAD_BYTES = 64 * 1024;

/** Whether a POST goes to one of the two document upload forms (the new document, a new version). */
export function isDocumentUploadPath(path: string): boolean {
  return path === '/admin/documents' || /^\/admin\/documents\/[^/]+\/versions$/.test(path);
}

/**
 * The body limit of the document upload forms: the largest document plus the form around it. Applied
 * after the permission check, so only editors and admins may send that much.
 */
export function documentUploadLimit(maxBytes: number): MiddlewareHandler<AdminEnv> {
  return bodyLimit({
    maxSize: maxBytes + FORM_OVERHEAD_BYTES,
    onError: async (c) => {
      // The sender may still be streaming the rest: close the connection after this answer.
      c.header('Connection', 'close');
      const messages = getAdminMessages();
      const heading = messages.documentTooLargeTitle;
      const text = messages.documentTooLarge(formatFileSize(maxBytes));
      const page = <AdminMessagePage meta={buildAdminMeta(c, heading)} heading={heading} text={text} />;
      return c.html(await renderDocument(page), 413);
    },
  });
}

const METADATA_FIELDS = ['title', 'description', 'category', 'language', 'accessLevel'] as const;
/** The Swedish title and description, on the edit form only. */
const SWEDISH_FIELDS = ['svTitle', 'svDescription'] as const;

/** The Swedish fields as typed: both empty means not translated (the service checks the rest). */
function toSwedish(values: DocumentFormValues): Translations<DocumentTranslation> {
  const title = values.svTitle ?? '';
  const description = values.svDescription ?? '';
  return title.trim() === '' && description.trim() === '' ? {} : { sv: { title, description } };
}
const VERSION_FIELDS = ['versionLabel', 'validFrom', 'validUntil'] as const;
const FIELD_ORDER = ['slug', ...METADATA_FIELDS, ...SWEDISH_FIELDS, 'file', ...VERSION_FIELDS];
const textValue = z.union([z.string().max(20_000), z.undefined()]);
const slugParam = z.string().regex(/^[a-z0-9-]{1,100}$/);

/** The text fields of a posted form; anything that is not our form is refused. */
async function readValues(c: Context<AdminEnv>, fields: readonly string[], messages: AdminMessages) {
  const body = await c.req.parseBody();
  const values: DocumentFormValues = {};
  for (const field of fields) {
    const parsed = textValue.safeParse(body[field]);
    if (!parsed.success) throw new AppError('invalid_input', messages.documentFormUnreadable);
    values[field] = parsed.data ?? '';
  }
  const file = body.file instanceof File && body.file.name !== '' ? body.file : undefined;
  return { values, file };
}

/** The metadata as the service takes it, or the field error of a level that is not one of ours. */
function toFields(
  messages: AdminMessages,
  values: DocumentFormValues,
): { fields: DocumentFields; errors: [] } | { fields: undefined; errors: FieldError[] } {
  const accessLevel = ACCESS_LEVELS.find((level) => level === values.accessLevel);
  if (!accessLevel)
    return { fields: undefined, errors: [{ field: 'accessLevel', message: messages.documentLevelInvalid }] };
  return {
    fields: {
      title: values.title ?? '',
      description: values.description ?? '',
      category: values.category ?? '',
      language: values.language?.trim() ?? '',
      accessLevel,
    },
    errors: [],
  };
}

function toVersionFields(values: DocumentFormValues): VersionFields {
  const until = values.validUntil?.trim() ?? '';
  return {
    versionLabel: values.versionLabel ?? '',
    validFrom: values.validFrom?.trim() ?? '',
    validUntil: until === '' ? null : until,
  };
}

/** A File's bytes as the service reads them: piece by piece, never gathered into one buffer again. */
async function* streamOf(file: File): AsyncGenerator<Uint8Array> {
  const reader = file.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

function toUpload(values: DocumentFormValues, file: File): DocumentUpload {
  return { ...toVersionFields(values), fileName: file.name, stream: streamOf(file) };
}

/** The service's problems on their fields, or a page problem when none names a field. */
function toProblems(
  messages: AdminMessages,
  error: AppError,
): { errors: FieldError[]; problem: PageProblem | undefined } {
  const errors: FieldError[] = [];
  for (const problem of error.problems) {
    if (problem.field && !errors.some((known) => known.field === problem.field)) {
      errors.push({ field: problem.field, message: problem.message });
    }
  }
  return {
    errors: sortByFieldOrder(errors, FIELD_ORDER),
    problem: errors.length === 0 ? { heading: messages.documentProblemTitle, text: error.message } : undefined,
  };
}

/** The message after each successful step, by its redirect flag (a fixed text, never request text). */
function doneTexts(messages: AdminMessages) {
  return {
    created: messages.documentCreated,
    saved: messages.documentSaved,
    uploaded: messages.documentUploaded,
    archived: messages.documentArchived,
  };
}

/** Staff pages of the document library: list, create, edit details, upload versions, history, archive. */
export function createDocumentRoutes(deps: DocumentRoutesDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const messages = getAdminMessages();
  const service = deps.documents;
  const titled = (title: string, hasProblems: boolean) =>
    hasProblems ? messages.documentTitleWithErrors(title) : title;

  const findSlug = (c: Context<AdminEnv>): string => {
    const parsed = slugParam.safeParse(c.req.param('slug'));
    if (!parsed.success) throw new AppError('not_found', 'No such document');
    return parsed.data;
  };

  const showNew = async (
    c: Context<AdminEnv>,
    values: DocumentFormValues,
    errors: FieldError[],
    problem: PageProblem | undefined,
    status: ContentfulStatusCode,
  ) => {
    const meta = buildAdminMeta(c, titled(messages.documentNewTitle, errors.length > 0 || problem !== undefined));
    const page = (
      <DocumentNewPage meta={meta} values={values} errors={errors} problem={problem} maxBytes={service.maxBytes} />
    );
    return c.html(await renderDocument(page), status);
  };

  const showDetail = async (
    c: Context<AdminEnv>,
    slug: string,
    options: {
      values?: DocumentFormValues;
      errors?: FieldError[];
      uploadValues?: DocumentFormValues;
      uploadErrors?: FieldError[];
      problem?: PageProblem;
      flash?: string;
    },
    status: ContentfulStatusCode = 200,
  ) => {
    const actor = requireActor(c);
    const { document, versions } = await service.getForStaff(actor, slug);
    const errors = options.errors ?? [];
    const uploadErrors = options.uploadErrors ?? [];
    const hasProblems = errors.length > 0 || uploadErrors.length > 0 || options.problem !== undefined;
    const meta = buildAdminMeta(c, titled(messages.documentEditTitle(document.title), hasProblems), options.flash);
    const page = (
      <DocumentDetailPage
        meta={meta}
        document={document}
        versions={versions}
        values={
          options.values ?? {
            title: document.title,
            description: document.description,
            category: document.category,
            language: document.language,
            accessLevel: document.accessLevel,
            svTitle: document.translations?.sv?.title ?? '',
            svDescription: document.translations?.sv?.description ?? '',
          }
        }
        errors={errors}
        uploadValues={options.uploadValues ?? { versionLabel: '', validFrom: '', validUntil: '' }}
        uploadErrors={uploadErrors}
        problem={options.problem}
        canEdit={hasPermission(actor, 'edit')}
        maxBytes={service.maxBytes}
      />
    );
    return c.html(await renderDocument(page), status);
  };

  app.get('/', requirePermission('read'), async (c) => {
    const actor = requireActor(c);
    const rows = await service.listForStaff(actor);
    const meta = buildAdminMeta(c, messages.documentsTitle, readDoneFlash(doneTexts(messages), c.req.query('done')));
    return c.html(
      await renderDocument(<DocumentListPage meta={meta} rows={rows} canEdit={hasPermission(actor, 'edit')} />),
    );
  });

  app.get('/new', requirePermission('edit'), (c) => showNew(c, EMPTY_DOCUMENT_VALUES, [], undefined, 200));

  app.post('/', requirePermission('edit'), async (c) => {
    const { values, file } = await readValues(c, ['slug', ...METADATA_FIELDS, ...VERSION_FIELDS], messages);
    const { fields, errors: levelErrors } = toFields(messages, values);
    const formErrors = [...levelErrors, ...(file ? [] : [{ field: 'file', message: messages.documentFileRequired }])];
    if (!fields || !file) return showNew(c, values, sortByFieldOrder(formErrors, FIELD_ORDER), undefined, 400);
    const slug = values.slug?.trim() ?? '';
    const result = await attempt(() =>
      service.createDocument(getActionContext(c, deps), slug, fields, toUpload(values, file)),
    );
    if (!result.ok) {
      const { errors, problem } = toProblems(messages, result.error);
      return showNew(c, values, errors, problem, ADMIN_STATUS_BY_CODE[result.error.code]);
    }
    return c.redirect(`/admin/documents/${slug}?done=created`, 303);
  });

  app.get('/:slug', requirePermission('read'), (c) =>
    showDetail(c, findSlug(c), { flash: readDoneFlash(doneTexts(messages), c.req.query('done')) }),
  );

  app.post('/:slug', requirePermission('edit'), async (c) => {
    const slug = findSlug(c);
    const { values } = await readValues(c, [...METADATA_FIELDS, ...SWEDISH_FIELDS], messages);
    const { fields, errors: levelErrors } = toFields(messages, values);
    if (!fields) return showDetail(c, slug, { values, errors: levelErrors }, 400);
    const result = await attempt(() =>
      service.updateDocument(getActionContext(c, deps), slug, fields, toSwedish(values)),
    );
    if (!result.ok) {
      const { errors, problem } = toProblems(messages, result.error);
      return showDetail(c, slug, { values, errors, problem }, ADMIN_STATUS_BY_CODE[result.error.code]);
    }
    return c.redirect(`/admin/documents/${slug}?done=saved`, 303);
  });

  app.post('/:slug/versions', requirePermission('edit'), async (c) => {
    const slug = findSlug(c);
    const { values, file } = await readValues(c, VERSION_FIELDS, messages);
    if (!file) {
      const uploadErrors = [{ field: 'file', message: messages.documentFileRequired }];
      return showDetail(c, slug, { uploadValues: values, uploadErrors }, 400);
    }
    const result = await attempt(() => service.uploadVersion(getActionContext(c, deps), slug, toUpload(values, file)));
    if (!result.ok) {
      const { errors, problem } = toProblems(messages, result.error);
      return showDetail(
        c,
        slug,
        { uploadValues: values, uploadErrors: errors, problem },
        ADMIN_STATUS_BY_CODE[result.error.code],
      );
    }
    return c.redirect(`/admin/documents/${slug}?done=uploaded`, 303);
  });

  app.post('/:slug/archive', requirePermission('edit'), async (c) => {
    const slug = findSlug(c);
    const result = await attempt(() => service.archiveDocument(getActionContext(c, deps), slug));
    if (!result.ok) {
      const { problem } = toProblems(messages, result.error);
      return showDetail(c, slug, { problem }, ADMIN_STATUS_BY_CODE[result.error.code]);
    }
    return c.redirect('/admin/documents?done=archived', 303);
  });

  return app;
}
