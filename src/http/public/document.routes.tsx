import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { ACCESS_LEVELS, DOCUMENT_LIMITS, LANGUAGE_TAG_PATTERN } from '../../domain/document.js';
import { AppError } from '../../domain/errors.js';
import { getMessages } from '../../i18n/index.js';
import type { DocumentService, OpenedDocument } from '../../services/document.service.js';
import type { PublicSiteService } from '../../services/public-site.service.js';
import { PublicDocumentListPage, PublicDocumentPage } from '../../views/pages/public/document-pages.js';
import { toReadableStream } from '../chunk-stream.js';
import { contentDisposition } from '../content-disposition.js';
import type { AppEnv } from '../middleware/request-context.js';
import { buildPageMeta, renderDocument } from './render.js';

/** What the public document pages need. */
export interface DocumentPageRoutesOptions {
  documents: DocumentService;
  publicSite: PublicSiteService;
  /** Records a direct download (which document and version, when; nothing about the visitor). */
  logDownload?: (opened: OpenedDocument) => Promise<void>;
}

const slugParam = z.string().regex(/^[a-z0-9-]{1,100}$/);
/** An empty filter means "any". */
const emptyToUndefined = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);
const filterSchema = z.object({
  category: z
    .string()
    .max(DOCUMENT_LIMITS.category, 'The category filter is too long.')
    .optional()
    .transform(emptyToUndefined),
  level: z
    .union([z.enum(ACCESS_LEVELS), z.literal('')], 'The access filter must be public, nda or request.')
    .optional()
    .transform((value) => (value === '' ? undefined : value)),
  language: z
    .string()
    .optional()
    .transform(emptyToUndefined)
    .refine(
      (value) => value === undefined || LANGUAGE_TAG_PATTERN.test(value),
      'The language filter is not a language tag.',
    ),
});

function parseFilter(c: Context<AppEnv>) {
  const parsed = filterSchema.safeParse({
    category: c.req.query('category'),
    level: c.req.query('level'),
    language: c.req.query('language'),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'invalid_input',
      issue?.message ?? 'The filters are invalid.',
      parsed.error.issues.map((i) => ({ source: 'query', field: i.path.join('.'), message: i.message })),
    );
  }
  return parsed.data;
}

function findSlug(c: Context<AppEnv>): string {
  const parsed = slugParam.safeParse(c.req.param('slug'));
  if (!parsed.success) throw new AppError('not_found', 'No such document');
  return parsed.data;
}

/** /documents, each document's page, and the direct download of public documents. */
export function createDocumentPageRoutes(options: DocumentPageRoutesOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { documents, publicSite } = options;

  app.get('/documents', async (c) => {
    const filter = parseFilter(c);
    const [published, list] = await Promise.all([
      publicSite.getPublishedSite(c.get('language')),
      documents.listPublic({ category: filter.category, accessLevel: filter.level, language: filter.language }),
    ]);
    const messages = getMessages(c.get('language'));
    const meta = buildPageMeta(c, published, {
      title: messages.documentsTitle,
      description: messages.documentsIntro,
      path: '/documents',
    });
    // Validity is judged against today, so the page is not cached by content revision.
    c.header('Cache-Control', 'no-cache');
    return c.html(
      await renderDocument(
        <PublicDocumentListPage
          meta={meta}
          documents={list.items}
          categories={list.categories}
          languages={list.languages}
          filter={filter}
        />,
      ),
    );
  });

  app.get('/documents/:slug', async (c) => {
    const slug = findSlug(c);
    const [published, document] = await Promise.all([
      publicSite.getPublishedSite(c.get('language')),
      documents.getPublic(slug),
    ]);
    const meta = buildPageMeta(c, published, {
      title: document.title,
      description: document.description.slice(0, 200) || document.title,
      path: `/documents/${document.slug}`,
    });
    c.header('Cache-Control', 'no-cache');
    return c.html(await renderDocument(<PublicDocumentPage meta={meta} document={document} />));
  });

  app.get('/documents/:slug/download', async (c) => {
    // Only public documents download here; any other level is not_found before a byte is read.
    const opened = await documents.openPublicDownload(findSlug(c));
    const { version } = opened;
    const etag = `"${version.sha256}"`;
    c.header('ETag', etag);
    c.header('Cache-Control', 'public, max-age=0, must-revalidate');
    c.header('X-Content-Type-Options', 'nosniff');
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    c.header('Content-Type', version.contentType);
    c.header('Content-Disposition', contentDisposition(version.fileName));
    c.header('Content-Length', String(version.sizeBytes));
    await options.logDownload?.(opened);
    return c.body(toReadableStream(opened.chunks));
  });

  return app;
}
