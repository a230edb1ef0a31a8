import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import { pickAcceptedLanguage } from '../i18n/index.js';
import type { Metrics } from './metrics.js';
import type { AppEnv, LogLine } from './middleware/request-context.js';
import { answerCachedPage, type CachedPage } from './page-cache.js';

/** What the fast path needs from the rest of the server. */
export interface FastPathOptions {
  /** The content revision this process serves, if checked recently (PublicSiteService.peekRevision). */
  peekRevision(): number | undefined;
  /** Today's date (YYYY-MM-DD), as the page cache keys it. */
  today(): string;
  metrics: Metrics;
  log: LogLine;
  /** Most responses remembered; the oldest goes first. */
  maxEntries?: number;
}

/** A cached page's response as the application sent it once, to repeat for the same request. */
interface Remembered {
  page: CachedPage;
  contentType: string;
  /** The response's headers, flat (name, value, name, value…), without those that vary per answer. */
  headers: string[];
  route: string;
  day: string;
}

/** Headers the fast path sets itself on each answer. */
const PER_ANSWER_HEADERS = new Set(['etag', 'content-type', 'content-encoding', 'content-length', 'x-request-id']);

/**
 * The request inputs a cached page's response depends on, besides the revision and the day: the raw URL (which
 * holds the language prefix) and the headers that choose the base URL and HSTS (Host and the proxy's headers).
 * Undefined for a request the fast path leaves to the application: not a GET, a query string, a body, or the
 * home page asked for in another language than English (which redirects).
 */
export function findFastPathKey(request: IncomingMessage): string | undefined {
  if (request.method !== 'GET') return undefined;
  const url = request.url;
  if (url === undefined || url.charCodeAt(0) !== 47 /* / */ || url.includes('?')) return undefined;
  const headers = request.headers;
  const length = headers['content-length'];
  if ((length !== undefined && length !== '0') || headers['transfer-encoding'] !== undefined) return undefined;
  if (url === '/') {
    const preferred = pickAcceptedLanguage(headers['accept-language']);
    if (preferred !== undefined && preferred !== 'en') return undefined;
  }
  const forwarded = `${headers['x-forwarded-host'] ?? ''}\n${headers['x-forwarded-proto'] ?? ''}\n${headers.forwarded ?? ''}`;
  return `${url}\n${headers.host ?? ''}\n${forwarded}`;
}

/**
 * Answers repeated requests for cached public pages straight from Node's request event, without building a
 * web Request, running the middleware chain and routing: the first request for a page goes through the
 * application, which marks its response as a cached page (sendCachedPage); its headers are remembered with the
 * page, and the next identical request gets the same answer (same headers, encoding choice, ETag and 304s),
 * counted in the metrics and logged as the application would. A response is repeated only while the content
 * revision it was rendered for is the one this process checked within the last interval, and on the same day;
 * anything else goes to the application, which checks and renders anew.
 */
export class CachedPageFastPath {
  private readonly remembered = new Map<string, Remembered>();
  private readonly maxEntries: number;
  /** The newest revision remembered; responses of older ones are dropped, as they can never be repeated again. */
  private revision = 0;
  private day = '';
  private dayCheckedAt = 0;

  constructor(private readonly options: FastPathOptions) {
    this.maxEntries = options.maxEntries ?? 2000;
  }

  /** Answers the request if it repeats a remembered cached page that is still current; false leaves it to the app. */
  tryServe(request: IncomingMessage, response: ServerResponse): boolean {
    const key = findFastPathKey(request);
    if (key === undefined) return false;
    const entry = this.remembered.get(key);
    if (entry === undefined) return false;
    if (entry.page.revision !== this.options.peekRevision() || entry.day !== this.getDay()) return false;
    const started = performance.now();
    const answer = answerCachedPage(entry.page, request.headers['accept-encoding'], request.headers['if-none-match']);
    const requestId = randomUUID();
    const headers = [...entry.headers, 'x-request-id', requestId, 'etag', answer.etag];
    if (answer.body !== undefined) {
      headers.push('content-type', entry.contentType, 'content-length', String(answer.body.byteLength));
      if (answer.encoding !== undefined) headers.push('content-encoding', answer.encoding);
    }
    response.writeHead(answer.status, headers);
    response.end(answer.body);
    const seconds = (performance.now() - started) / 1000;
    this.options.metrics.observeRequest('GET', entry.route, answer.status, seconds);
    this.options.log({
      level: 'info',
      msg: 'request',
      requestId,
      method: 'GET',
      route: entry.route,
      path: request.url,
      status: answer.status,
      durationMs: Math.round(seconds * 100_000) / 100,
    });
    return true;
  }

  /**
   * The outermost middleware of the application: remembers each response that sent a cached page, with the
   * headers every other middleware gave it. Requests made without Node (app.request() in tests) pass untouched.
   */
  recorder(): MiddlewareHandler<AppEnv> {
    return async (c, next) => {
      const dayBefore = this.options.today();
      await next();
      const served = c.get('cachedPage');
      if (served === undefined || (c.res.status !== 200 && c.res.status !== 304)) return;
      const env: unknown = c.env;
      if (typeof env !== 'object' || env === null || !('incoming' in env)) return;
      const request = env.incoming as IncomingMessage;
      const key = findFastPathKey(request);
      // A response that sets a cookie is someone's own; a page rendered across midnight may show yesterday.
      if (key === undefined || c.res.headers.has('set-cookie') || this.options.today() !== dayBefore) return;
      const headers: string[] = [];
      c.res.headers.forEach((value, name) => {
        if (!PER_ANSWER_HEADERS.has(name)) headers.push(name, value);
      });
      this.remember(key, {
        page: served.page,
        contentType: served.contentType,
        headers,
        route: c.req.routePath,
        day: dayBefore,
      });
    };
  }

  /** How many responses are remembered. */
  get size(): number {
    return this.remembered.size;
  }

  private remember(key: string, entry: Remembered): void {
    // A slow render of an older revision finishing late is not kept; a newer one drops every older response,
    // so that pages of past revisions are not held in memory under keys nobody asks for any more.
    if (entry.page.revision < this.revision) return;
    if (entry.page.revision > this.revision) {
      this.remembered.clear();
      this.revision = entry.page.revision;
    }
    this.remembered.delete(key);
    if (this.remembered.size >= this.maxEntries) {
      const oldest = this.remembered.keys().next();
      if (!oldest.done) this.remembered.delete(oldest.value);
    }
    this.remembered.set(key, entry);
  }

  // today() builds a date string; once a second is enough, as for the page cache's own key.
  private getDay(): string {
    const now = Date.now();
    if (now - this.dayCheckedAt >= 1000) {
      this.day = this.options.today();
      this.dayCheckedAt = now;
    }
    return this.day;
  }
}
