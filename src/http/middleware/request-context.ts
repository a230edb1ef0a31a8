import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Language } from '../../i18n/index.js';
import type { Metrics } from '../metrics.js';
import type { CachedPage } from '../page-cache.js';
import { findRequestLanguage } from './language.js';

/** Values every handler may read from the context. */
export interface RequestVariables {
  requestId: string;
  language: Language;
  /** Base URL of absolute links for this request, already checked against PUBLIC_URL or ALLOWED_HOSTS. */
  baseUrl: string;
  /** Set when the response is a page of the per-revision cache, which the fast path may then repeat. */
  cachedPage?: ServedCachedPage;
}

/** A cached page as one response sent it. */
export interface ServedCachedPage {
  page: CachedPage;
  contentType: string;
}

/** Environment type of the Hono app. */
export interface AppEnv {
  Variables: RequestVariables;
}

/** Logger used by the request log; one JSON line per call. */
export type LogLine = (fields: Record<string, unknown>) => void;

/** Assigns a request id, takes the language from the URL and logs one JSON line per request. */
export function requestContext(log: LogLine, metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const requestId = randomUUID();
    c.set('requestId', requestId);
    c.set('language', findRequestLanguage(c.req.url));
    c.header('X-Request-Id', requestId);
    await next();
    const durationMs = performance.now() - started;
    // Unmatched paths share one label so scanners cannot grow the metric without bound.
    const route = c.req.routePath === '/*' || c.req.routePath === '' ? 'unmatched' : c.req.routePath;
    metrics.observeRequest(c.req.method, route, c.res.status, durationMs / 1000);
    log({
      level: 'info',
      msg: 'request',
      requestId,
      method: c.req.method,
      route,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round(durationMs * 100) / 100,
    });
  };
}
