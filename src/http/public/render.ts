import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { getMessages } from '../../i18n/index.js';
import type { PublishedSite } from '../../services/public-site.service.js';
import type { PageMeta } from '../../views/layouts/public-layout.js';
import type { AppEnv } from '../middleware/request-context.js';

/** Base URL of the site for this request: PUBLIC_URL, else an allowed origin (see public-origin.ts). */
export function getBaseUrl(c: Context<AppEnv>): string {
  return c.get('baseUrl');
}

/**
 * A request path made safe to put in a link on our own pages: `//evil.example/x` (or `/\\evil…`)
 * would be read by a browser as another site, so leading slashes and backslashes become one `/`.
 */
export function toLocalPath(path: string): string {
  return `/${path.replace(/^[/\\]+/, '')}`;
}

/** Builds the layout's metadata for a page. */
export function buildPageMeta(
  c: Context<AppEnv>,
  published: PublishedSite,
  page: Pick<PageMeta, 'title' | 'description' | 'path'> & Partial<Pick<PageMeta, 'jsonLd' | 'noIndex' | 'printedOn'>>,
): PageMeta {
  const language = c.get('language');
  const params = new URL(c.req.url).searchParams;
  params.delete('lang');
  const query = params.toString();
  return {
    // Routes that know the app's clock pass the day; the others print the server's date.
    printedOn: new Date().toISOString().slice(0, 10),
    ...page,
    path: toLocalPath(page.path),
    query: query ? `?${query}` : '',
    baseUrl: getBaseUrl(c),
    language,
    messages: getMessages(language),
    site: published.site,
    lastUpdated: published.lastUpdated,
    revision: published.revision,
  };
}

/** Renders a JSX page to a full HTML document (hono/jsx omits the doctype). */
export async function renderDocument(page: JSX.Element): Promise<string> {
  return `<!DOCTYPE html>${await page.toString()}`;
}
