import type { MiddlewareHandler } from 'hono';
import { getPath } from 'hono/utils/url';
import {
  findLanguage,
  isLanguageNeutralPath,
  type Language,
  localizePath,
  pickAcceptedLanguage,
  splitLanguagePath,
} from '../../i18n/index.js';
import type { AppEnv } from './request-context.js';

/**
 * The path the routes see: a public page's path without its language prefix (`/sv/faq/x` → `/faq/x`),
 * so that every public route, whoever adds it, also answers under `/sv/`. The staff area, the API,
 * assets and machine files are not language pages, so `/sv/admin` stays unknown.
 */
export function getRoutingPath(request: Request): string {
  const path = getPath(request);
  const split = splitLanguagePath(path);
  if (split.language === 'en' || isLanguageNeutralPath(split.path)) return path;
  return split.path;
}

/**
 * The language of a request: a public page's comes from its URL prefix alone (never a cookie, never
 * the Accept-Language header, so a page's URL always shows the same page); the API and other
 * language-neutral paths take an explicit `?lang=`.
 */
export function findRequestLanguage(url: string): Language {
  const parsed = new URL(url);
  const split = splitLanguagePath(parsed.pathname);
  if (split.language !== 'en' && !isLanguageNeutralPath(split.path)) return split.language;
  if (isLanguageNeutralPath(parsed.pathname)) return findLanguage(parsed.searchParams.get('lang') ?? undefined) ?? 'en';
  return 'en';
}

/** The query parameter that chose the language before the `/sv/` prefix, and marks an explicit English choice on `/`. */
export const LANGUAGE_PARAMETER = 'lang';

/**
 * Redirects that choose the language of a public page:
 * - `?lang=sv` (the old way of choosing) moves to the prefixed URL, and `?lang=en` on a Swedish page to
 *   the English one, the rest of the query kept;
 * - `/sv` goes to `/sv/`, the Swedish home page's one address;
 * - `/` goes to `/sv/` when the browser prefers Swedish, unless `?lang=en` says the visitor chose
 *   English. The answer varies on Accept-Language and sets no cookie. No other page ever redirects
 *   on the header: a shared link opens in the language it was shared in.
 */
export function languageRedirects(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const url = new URL(c.req.url);
    const path = c.req.path;
    if (isLanguageNeutralPath(url.pathname)) return next();
    const current = c.get('language');
    const requested = url.searchParams.get(LANGUAGE_PARAMETER);
    const chosen = requested === null ? undefined : findLanguage(requested);
    if (chosen !== undefined && !(chosen === 'en' && current === 'en')) {
      url.searchParams.delete(LANGUAGE_PARAMETER);
      // English home keeps the explicit choice, or the Accept-Language redirect would send it back.
      if (chosen === 'en' && path === '/') url.searchParams.set(LANGUAGE_PARAMETER, 'en');
      const query = url.searchParams.toString();
      return c.redirect(`${localizePath(path, chosen)}${query ? `?${query}` : ''}`, 301);
    }
    // `/sv` is the Swedish home page's address without its slash: one address per page.
    if (current !== 'en' && url.pathname === `/${current}`) {
      return c.redirect(`${localizePath('/', current)}${url.search}`, 301);
    }
    if (url.pathname === '/' && requested === null) {
      c.header('Vary', 'Accept-Language');
      const preferred = pickAcceptedLanguage(c.req.header('accept-language'));
      if (preferred !== undefined && preferred !== 'en') {
        c.header('Cache-Control', 'private, max-age=0');
        return c.redirect(localizePath('/', preferred), 302);
      }
    }
    return next();
  };
}
