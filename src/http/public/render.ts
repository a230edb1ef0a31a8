import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { getMessages } from '../../i18n/index.js';
import type { PublishedSite } from '../../services/public-site.service.js';
import type { PageMeta } from '../../views/layouts/public-layout.js';
import type { AppEnv } from '../middleware/request-context.js';

/** Base URL of the site: the configured public URL, else the request's own origin. */
export function getBaseUrl(c: Context<AppEnv>, publicUrl: string | undefined): string {
  return (publicUrl ?? new URL(c.req.url).origin).replace(/\/$/, '');
}

/** Builds the layout's metadata for a page. */
export function buildPageMeta(
  c: Context<AppEnv>,
  published: PublishedSite,
  publicUrl: string | undefined,
  page: Pick<PageMeta, 'title' | 'description' | 'path'> & Partial<Pick<PageMeta, 'jsonLd' | 'noIndex'>>,
): PageMeta {
  const language = c.get('language');
  return {
    ...page,
    baseUrl: getBaseUrl(c, publicUrl),
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
