import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { isCountryCode } from '../../domain/country.js';
import { AppError } from '../../domain/errors.js';
import { type PublicSubprocessorFilter, SUBPROCESSOR_LIMITS } from '../../domain/subprocessor.js';
import { getMessages } from '../../i18n/index.js';
import type { PublicSiteService } from '../../services/public-site.service.js';
import type { SubprocessorService } from '../../services/subprocessor.service.js';
import { toSubprocessorCsv, toSubprocessorJson } from '../../services/subprocessor-export.js';
import { PublicSubprocessorPage, toFilterQuery } from '../../views/pages/public/subprocessor-page.js';
import type { AppEnv } from '../middleware/request-context.js';
import { type PageCache, sendCachedPage } from '../page-cache.js';
import { buildPageMeta, getBaseUrl, renderDocument } from './render.js';

/** What the public subprocessor routes need. */
export interface SubprocessorPageRoutesOptions {
  subprocessors: SubprocessorService;
  publicSite: PublicSiteService;
  pageCache: PageCache;
  /** Today's date (YYYY-MM-DD): whether a subprocessor is current or former depends on it. */
  today: () => string;
  now: () => Date;
}

/** An empty filter means "any". */
const emptyToUndefined = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);
const filterSchema = z.object({
  country: z
    .string()
    .optional()
    .transform(emptyToUndefined)
    .refine(
      (value) => value === undefined || isCountryCode(value),
      'The country filter must be an ISO 3166-1 alpha-2 code such as SE.',
    ),
  category: z
    .string()
    .max(SUBPROCESSOR_LIMITS.dataCategory, 'The data category filter is too long.')
    .optional()
    .transform(emptyToUndefined),
  non_eu_law: z
    .enum(['yes', 'no', ''], 'The non-EU law filter must be yes or no.')
    .optional()
    .transform((value) => (value === '' ? undefined : value)),
  state: z
    .enum(['current', 'ended', ''], 'The state filter must be current or ended.')
    .optional()
    .transform((value) => (value === '' ? undefined : value)),
});

/** The filters of a request; invalid_input naming the first bad one (nothing else is read from the query). */
function parseFilter(c: Context<AppEnv>): PublicSubprocessorFilter {
  const parsed = filterSchema.safeParse({
    country: c.req.query('country'),
    category: c.req.query('category'),
    non_eu_law: c.req.query('non_eu_law'),
    state: c.req.query('state'),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'invalid_input',
      issue?.message ?? 'The filters are invalid.',
      parsed.error.issues.map((i) => ({ source: 'query', field: i.path.join('.'), message: i.message })),
    );
  }
  const { country, category, non_eu_law: nonEuLaw, state } = parsed.data;
  return { country, category, nonEuLaw, state };
}

/** /subprocessors (the page), /subprocessors.csv and /subprocessors.json, all with the same filters. */
export function createSubprocessorPageRoutes(options: SubprocessorPageRoutesOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { subprocessors, publicSite, pageCache } = options;

  /**
   * Answers from the page cache, as the other public pages do. Subprocessor changes bump the content revision;
   * the day is part of the key, because a subprocessor becomes former the day after its until date.
   */
  const sendCached = async (
    c: Context<AppEnv>,
    filter: PublicSubprocessorFilter,
    contentType: string,
    render: () => Promise<string>,
  ) => {
    const published = await publicSite.getPublishedSite();
    const key = `${getBaseUrl(c)}|${c.get('language')}|${c.req.path}${toFilterQuery(filter)}|${options.today()}`;
    const page = await pageCache.getOrRender(key, published.revision, render);
    return sendCachedPage(c, page, contentType);
  };

  app.get('/subprocessors', async (c) => {
    const filter = parseFilter(c);
    return sendCached(c, filter, 'text/html; charset=UTF-8', async () => {
      const [published, list] = await Promise.all([publicSite.getPublishedSite(), subprocessors.listPublic(filter)]);
      const messages = getMessages(c.get('language'));
      const meta = buildPageMeta(c, published, {
        title: messages.subprocessorsTitle,
        description: messages.subprocessorsIntro,
        path: '/subprocessors',
        // A filtered view is the same list cut down: only the whole list is for search engines.
        noIndex: toFilterQuery(filter) !== '',
      });
      return renderDocument(
        <PublicSubprocessorPage
          meta={meta}
          current={list.current}
          former={list.former}
          countries={list.countries}
          categories={list.categories}
          filter={filter}
        />,
      );
    });
  });

  app.get('/subprocessors.csv', async (c) => {
    const filter = parseFilter(c);
    c.header('Content-Disposition', 'attachment; filename="subprocessors.csv"');
    return sendCached(c, filter, 'text/csv; charset=utf-8; header=present', async () =>
      toSubprocessorCsv(await subprocessors.listPublic(filter)),
    );
  });

  app.get('/subprocessors.json', async (c) => {
    const filter = parseFilter(c);
    return sendCached(c, filter, 'application/json; charset=utf-8', async () => {
      const list = await subprocessors.listPublic(filter);
      return `${JSON.stringify(toSubprocessorJson(list, filter, options.now().toISOString()), null, 2)}\n`;
    });
  });

  return app;
}
