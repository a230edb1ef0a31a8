import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { toPageTitle } from '../../domain/content.js';
import { AppError } from '../../domain/errors.js';
import type { SearchRequest } from '../../domain/published-site.js';
import { getMessages, type Language, localizePath } from '../../i18n/index.js';
import type { PublicSiteService, PublishedSite } from '../../services/public-site.service.js';
import { AnswersFragment } from '../../views/pages/public/answers-fragment.js';
import { EntryListPage } from '../../views/pages/public/entry-list-page.js';
import { EntryPage } from '../../views/pages/public/entry-page.js';
import { HOME_ENTRIES_PER_CATEGORY, HomePage } from '../../views/pages/public/home-page.js';
import { PrintPage } from '../../views/pages/public/print-page.js';
import { SearchPage } from '../../views/pages/public/search-page.js';
import type { AppEnv } from '../middleware/request-context.js';
import { type PageCache, sendCachedPage } from '../page-cache.js';
import { buildPageMeta, getBaseUrl, renderDocument } from './render.js';

/** What the public page routes need. */
export interface SiteRoutesOptions {
  publicSite: PublicSiteService;
  pageCache: PageCache;
  today: () => string;
  /** Counts a submitted search (text and result count only). */
  recordSearch?: (query: string, resultCount: number) => void;
  /** Wraps a search call to record its duration. */
  timeSearch?: <T>(run: () => T) => T;
}

const slugParam = z.string().regex(/^[a-z0-9-]{1,100}$/);

/** The longest query we accept: longer is never a real question and only costs time. */
export const MAX_QUERY_LENGTH = 500;

// Control characters (other than ordinary whitespace) never appear in a real query.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;

/** Validates the visible search parameters; shared by the page and the JSON API. */
export const searchQuerySchema = z.object({
  q: z
    .string()
    .max(MAX_QUERY_LENGTH, `The search text is too long: at most ${MAX_QUERY_LENGTH} characters.`)
    .refine((value) => !CONTROL_CHARACTERS.test(value), 'The search text contains control or binary characters.')
    .default(''),
  category: z
    .string()
    .regex(/^[a-z0-9-]{0,100}$/, 'The category filter is not a valid slug.')
    .optional()
    .transform((value) => (value ? value : undefined)),
  tag: z
    .array(z.string().regex(/^[a-z0-9-]{1,100}$/, 'A tag filter is not a valid slug.'))
    .max(20, 'Too many tag filters: at most 20.')
    .default([]),
  page: z.coerce
    .number()
    .int('The page must be a whole number.')
    .min(1, 'The page must be 1 or more.')
    .max(1000, 'The page must be at most 1000.')
    .default(1),
  // Set by the "search instead for" link: the words as typed, not the correction of a query that found nothing.
  verbatim: z
    .literal('1', { message: 'The verbatim flag must be 1 when given.' })
    .optional()
    .transform((value) => value === '1'),
});

/** The search a request asks for (`pageSize` hits a page), throwing invalid_input with the first problem. */
export function parseSearchRequest(c: Context<AppEnv>, pageSize: number): SearchRequest {
  // URLSearchParams turns undecodable bytes into U+FFFD, which the schema then rejects as binary.
  const params = new URL(c.req.url).searchParams;
  const parsed = searchQuerySchema.safeParse({
    q: params.get('q') ?? undefined,
    category: params.get('category') ?? undefined,
    tag: params.getAll('tag'),
    page: params.get('page') ?? undefined,
    verbatim: params.get('verbatim') ?? undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'invalid_input',
      issue?.message ?? 'The search parameters are invalid.',
      parsed.error.issues.map((i) => ({ source: 'query', field: i.path.join('.'), message: i.message })),
    );
  }
  const query = parsed.data;
  return {
    query: query.q,
    category: query.category,
    tags: query.tag,
    page: query.page,
    pageSize,
    verbatim: query.verbatim,
    // `?lang=sv` (see findRequestLanguage): the Swedish texts, analyzed as Swedish.
    language: c.get('language'),
  };
}

/** Home, category, tag, entry and search pages. */
export function createSiteRoutes(options: SiteRoutesOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { publicSite, pageCache } = options;
  const timeSearch = options.timeSearch ?? ((run) => run());

  const sendCached = async (c: Context<AppEnv>, published: PublishedSite, render: () => Promise<string>) => {
    // Keyed on the checked base URL, never on the Host header: a page names its own absolute URL. Keyed
    // on the day too: a page shows whether a certification is still valid, and the day it is printed.
    const key = `${getBaseUrl(c)}|${c.get('language')}|${c.req.path}|${options.today()}`;
    const page = await pageCache.getOrRender(key, published.revision, render);
    return sendCachedPage(c, page, 'text/html; charset=UTF-8');
  };

  // The answers of a category's questions as the home page lists them, for its script to show when a
  // question is opened: the home page itself carries only the questions, each a link to its entry page.
  app.get('/category/:slug/answers', async (c) => {
    const published = await publicSite.getPublishedSite(c.get('language'));
    const category = published.findCategory(c.req.param('slug'));
    if (!category) throw new AppError('not_found', 'No such category');
    // A piece of a page, not a page: the category page is what a search engine should show.
    c.header('X-Robots-Tag', 'noindex');
    return sendCached(c, published, async () => {
      const language = c.get('language');
      const entries = published.entries
        .filter((entry) => entry.category.slug === category.slug)
        .slice(0, HOME_ENTRIES_PER_CATEGORY);
      return (<AnswersFragment entries={entries} language={language} messages={getMessages(language)} />).toString();
    });
  });

  app.get('/', async (c) => {
    const published = await publicSite.getPublishedSite(c.get('language'));
    return sendCached(c, published, () => {
      const meta = buildPageMeta(c, published, {
        printedOn: options.today(),
        title: `${published.site.name} Trust Center`,
        description: published.site.tagline,
        path: '/',
        // No FAQPage here: it repeated every answer the page shows a second time. Entry and category pages carry it.
      });
      return renderDocument(<HomePage meta={meta} published={published} today={options.today()} />);
    });
  });

  // Every published answer by category on one page, made for paper.
  app.get('/print', async (c) => {
    const published = await publicSite.getPublishedSite(c.get('language'));
    await publicSite.prepareAnswers(published);
    return sendCached(c, published, () => {
      const meta = buildPageMeta(c, published, {
        printedOn: options.today(),
        title: getMessages(c.get('language')).printViewTitle,
        description: published.site.tagline,
        path: '/print',
      });
      return renderDocument(<PrintPage meta={meta} published={published} />);
    });
  });

  // The narrow-screen category select submits here without JavaScript.
  app.get('/category', (c) => {
    const slug = slugParam.safeParse(c.req.query('slug'));
    return c.redirect(localizePath(slug.success ? `/category/${slug.data}` : '/', c.get('language')), 303);
  });

  app.get('/category/:slug', async (c) => {
    const published = await publicSite.getPublishedSite(c.get('language'));
    const category = published.findCategory(c.req.param('slug'));
    if (!category) throw new AppError('not_found', 'No such category');
    return sendCached(c, published, () => {
      const entries = published.entries.filter((entry) => entry.category.slug === category.slug);
      const meta = buildPageMeta(c, published, {
        printedOn: options.today(),
        title: category.name,
        description: category.description,
        path: `/category/${category.slug}`,
        jsonLd: buildFaqJsonLd({ site: published.site, entries }, getBaseUrl(c), c.get('language')),
      });
      return renderDocument(
        <EntryListPage
          meta={meta}
          heading={category.name}
          description={category.description}
          textLanguage={category.language}
          entries={entries}
          totalEntries={published.entries.length}
        />,
      );
    });
  });

  app.get('/tag/:slug', async (c) => {
    const published = await publicSite.getPublishedSite(c.get('language'));
    const tag = published.findTag(c.req.param('slug'));
    if (!tag) throw new AppError('not_found', 'No such tag');
    return sendCached(c, published, () => {
      const entries = published.entries.filter((entry) => entry.tags.some((t) => t.slug === tag.slug));
      const meta = buildPageMeta(c, published, {
        printedOn: options.today(),
        title: tag.name,
        description: `${tag.name}: ${entries.length}`,
        path: `/tag/${tag.slug}`,
      });
      return renderDocument(
        <EntryListPage
          meta={{ ...meta, description: meta.messages.tagHeading(tag.name) }}
          heading={meta.messages.tagHeading(tag.name)}
          tag={{ name: tag.name, language: tag.language }}
          entries={entries}
          totalEntries={published.entries.length}
          otherTags={published.tags.filter((t) => t.entryCount > 0)}
        />,
      );
    });
  });

  app.get('/faq/:slug', async (c) => {
    const published = await publicSite.getPublishedSite(c.get('language'));
    const entry = published.findEntry(c.req.param('slug'));
    if (!entry) throw new AppError('not_found', 'No such entry');
    return sendCached(c, published, () => {
      const baseUrl = getBaseUrl(c);
      const meta = buildPageMeta(c, published, {
        printedOn: options.today(),
        title: toPageTitle(entry.question),
        description: entry.answerText.slice(0, 200),
        path: `/faq/${entry.slug}`,
        jsonLd: buildFaqJsonLd({ site: published.site, entries: [entry] }, baseUrl, c.get('language')),
      });
      return renderDocument(<EntryPage meta={meta} entry={entry} related={published.listRelated(entry, 5)} />);
    });
  });

  app.get('/search', async (c) => {
    const { published, request, result, correctedQuery } = await publicSite.search(
      parseSearchRequest(c, 10),
      timeSearch,
    );
    // Only submitted searches count: as-you-type requests are word fragments, and later pages repeat.
    if (result && request.page === 1) options.recordSearch?.(request.query, result.total);
    const meta = buildPageMeta(c, published, {
      printedOn: options.today(),
      title: request.query
        ? `${request.query} · ${getMessages(c.get('language')).searchHeading}`
        : getMessages(c.get('language')).searchHeading,
      description: published.site.tagline,
      path: '/search',
      noIndex: true,
    });
    c.header('Cache-Control', 'no-store');
    return c.html(
      await renderDocument(
        <SearchPage
          meta={meta}
          published={published}
          request={request}
          result={result}
          correctedQuery={correctedQuery}
        />,
      ),
    );
  });

  return app;
}

/** schema.org FAQPage for the given entries. */
export function buildFaqJsonLd(
  published: Pick<PublishedSite, 'entries' | 'site'>,
  baseUrl: string,
  language: Language = 'en',
): unknown {
  return {
    '@context': 'https://schema.org',
    '@type': 'FAQPage',
    name: `${published.site.name} Trust Center`,
    inLanguage: language,
    mainEntity: published.entries.map((entry) => ({
      '@type': 'Question',
      name: entry.question,
      inLanguage: entry.language,
      url: `${baseUrl}${localizePath(`/faq/${entry.slug}`, language)}`,
      dateModified: entry.updatedAt,
      acceptedAnswer: { '@type': 'Answer', text: entry.answerText },
    })),
  };
}
