import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Container } from '../container.js';
import { AppError } from '../domain/errors.js';
import { getMessages } from '../i18n/index.js';
import { isDatabaseUnavailableError } from '../services/database-availability.js';
import { MessagePage } from '../views/pages/public/message-page.js';
import { createAdminRoutes, isAdminPath } from './admin/admin.routes.js';
import { createSearchApiRoutes } from './api/v1/search.routes.js';
import type { CachedPageFastPath } from './fast-path.js';
import { createHealthRoutes } from './health.routes.js';
import { Metrics } from './metrics.js';
import { BODY_LIMITS, limitRequestBody } from './middleware/body-limit.js';
import { getRoutingPath, languageRedirects } from './middleware/language.js';
import { rateLimit, TokenBucketLimiter } from './middleware/rate-limit.js';
import { type AppEnv, type LogLine, requestContext } from './middleware/request-context.js';
import { securityHeaders } from './middleware/security-headers.js';
import type { SharedRateLimit } from './middleware/shared-rate-limit.js';
import { PageCache } from './page-cache.js';
import { createAccessRoutes } from './public/access.routes.js';
import { createAssetRoutes } from './public/asset.routes.js';
import { createDocumentPageRoutes } from './public/document.routes.js';
import { createMachineRoutes } from './public/machine.routes.js';
import { NOT_FOUND_SUGGESTIONS, toMissingPageWords } from './public/not-found.js';
import { buildPageMeta, renderDocument } from './public/render.js';
import { createSiteRoutes } from './public/site.routes.js';
import { createSubprocessorPageRoutes } from './public/subprocessor.routes.js';
import { createUpdateRoutes } from './public/update.routes.js';
import { createBaseUrlResolver, publicOrigin } from './public-origin.js';
import { STATUS_BY_CODE } from './status-codes.js';

/** Options for building the HTTP application. */
export interface AppOptions {
  /** PUBLIC_URL: the base of every absolute link; without it, the request's origin if its host is allowed. */
  publicUrl?: string;
  /** HSTS_MAX_AGE_SECONDS: Strict-Transport-Security on HTTPS requests (default one year; 0: none). */
  hstsMaxAgeSeconds?: number;
  /** HSTS_INCLUDE_SUBDOMAINS. */
  hstsIncludeSubdomains?: boolean;
  /** ALLOWED_HOSTS: hosts whose requests may use their own origin when `publicUrl` is unset. */
  allowedHosts?: readonly string[];
  /** Base URL for requests naming any other host when `publicUrl` is unset. */
  fallbackOrigin?: string;
  log?: LogLine;
  /** Bearer token that unlocks /metrics; without it /metrics answers 404. */
  metricsToken?: string;
  metrics?: Metrics;
  /** Remembers the responses of cached pages for the fast path in front of the application (main.ts). */
  fastPath?: CachedPageFastPath;
  /** Trust X-Forwarded-Proto/-For from a reverse proxy (HTTPS detection, client IP). */
  trustProxy?: boolean;
  /** How many trusted proxies stand in front; the client IP is the address the outermost one saw. */
  proxyHops?: number;
  /** Optional; by default a secret generated once and stored in the setting table. */
  signInSecret?: string;
  /** Per-client limit on /search and /api/v1/search (each route its own buckets); omitted or burst 0: no limit. */
  searchRateLimit?: SearchRateLimitOptions;
}

/** How hard the search routes may be used from one IP address (RATE_LIMIT_* in the config). */
export interface SearchRateLimitOptions {
  /** Requests at once; 0 turns the limit off. */
  burst: number;
  /** Seconds in which an empty bucket refills. */
  windowSeconds: number;
  /** Most IP addresses tracked per route. */
  maxClients: number;
  /** Monotonic milliseconds; injected in tests. */
  now?: () => number;
  /**
   * Shares each client's allowance with the other processes on the database (main.ts starts and
   * stops it). Omitted, each process limits on its own, as the in-process test apps do.
   */
  shared?: SharedRateLimit;
}

/** Strict-Transport-Security max-age unless configured: one year. */
export const DEFAULT_HSTS_MAX_AGE_SECONDS = 31_536_000;

/** Builds the Hono application over a container. */
export function createApp(container: Container, options: AppOptions = {}): Hono<AppEnv> {
  const log: LogLine = options.log ?? (() => {});
  // Routes are written once, without a language prefix; /sv/… reaches the same routes.
  const app = new Hono<AppEnv>({ getPath: getRoutingPath });
  const pageCache = new PageCache();
  const metrics = options.metrics ?? new Metrics();
  const timeSearch = <T,>(run: () => T): T => {
    const started = performance.now();
    const result = run();
    metrics.observeSearch((performance.now() - started) / 1000);
    return result;
  };

  // Outermost, so that it sees the response with every header the middleware below gave it.
  if (options.fastPath) app.use('*', options.fastPath.recorder());
  app.use('*', requestContext(log, metrics));
  app.use(
    '*',
    publicOrigin(
      createBaseUrlResolver({
        publicUrl: options.publicUrl,
        allowedHosts: options.allowedHosts,
        fallbackOrigin: options.fallbackOrigin,
        trustProxy: options.trustProxy,
        proxyHops: options.proxyHops,
        log,
      }),
    ),
  );
  app.use(
    '*',
    securityHeaders({
      hstsMaxAgeSeconds: options.hstsMaxAgeSeconds ?? DEFAULT_HSTS_MAX_AGE_SECONDS,
      hstsIncludeSubdomains: options.hstsIncludeSubdomains,
      trustProxy: options.trustProxy,
      proxyHops: options.proxyHops,
    }),
  );
  // The staff surface sets its own limits once it knows who is asking; everything else takes no body.
  app.use(
    '*',
    limitRequestBody((c) => (isAdminPath(c.req.path) ? undefined : BODY_LIMITS.anonymousBytes)),
  );
  app.use('*', languageRedirects());

  const renderMessage = async (c: Context<AppEnv>, status: ContentfulStatusCode, heading: string, text: string) => {
    const published = await container.publicSite.getPublishedSite(c.get('language') ?? 'en').catch(() => undefined);
    if (!published) return c.text(`${heading}\n\n${text}\n`, status);
    const meta = buildPageMeta(c, published, {
      title: heading,
      description: text,
      path: c.req.path,
      noIndex: true,
    });
    return c.html(await renderDocument(<MessagePage meta={meta} heading={heading} text={text} />), status);
  };

  // A missing page offers the search field and, for an FAQ, category or tag address, the closest entries.
  const renderNotFound = async (c: Context<AppEnv>) => {
    const language = c.get('language') ?? 'en';
    const messages = getMessages(language);
    const published = await container.publicSite.getPublishedSite(language).catch(() => undefined);
    if (!published) return c.text(`${messages.notFoundTitle}\n\n${messages.notFoundText}\n`, 404);
    const words = toMissingPageWords(c.req.path);
    const closest = words ? await container.publicSite.listEntriesLike(words, NOT_FOUND_SUGGESTIONS, language) : [];
    const meta = buildPageMeta(c, published, {
      title: messages.notFoundTitle,
      description: messages.notFoundText,
      path: c.req.path,
      noIndex: true,
    });
    const page = (
      <MessagePage
        meta={meta}
        heading={messages.notFoundTitle}
        text={messages.notFoundText}
        search={{ entryCount: published.entries.length, query: words ?? '', closest }}
      />
    );
    return c.html(await renderDocument(page), 404);
  };

  const wantsJson = (c: Context<AppEnv>) => /^\/(api\/|readyz|healthz|metrics)/.test(c.req.path);

  // Searching costs CPU on every request, unlike the cached pages and assets, so only the search
  // routes are limited per client. Health and metrics endpoints never are.
  const searchRateLimit = options.searchRateLimit;
  if (searchRateLimit && searchRateLimit.burst > 0) {
    const limited = { search: '/search', search_api: '/api/v1/search' } as const;
    for (const [route, path] of Object.entries(limited)) {
      const local = new TokenBucketLimiter({
        burst: searchRateLimit.burst,
        windowMs: searchRateLimit.windowSeconds * 1000,
        maxClients: searchRateLimit.maxClients,
        now: searchRateLimit.now,
      });
      const limiter = searchRateLimit.shared ? searchRateLimit.shared.wrap(route, local) : local;
      metrics.trackRateLimit(route, () => limiter.size);
      app.use(
        path,
        rateLimit({
          limiter,
          trustProxy: options.trustProxy,
          proxyHops: options.proxyHops,
          // The empty search page (the form) runs no search and costs what any page does.
          applies: (c) => (c.req.query('q') ?? '').trim() !== '',
          onLimited: () => metrics.observeRateLimited(route),
          respond: (c, retryAfterSeconds) => {
            const messages = getMessages(c.get('language') ?? 'en');
            const text = messages.tooManyRequestsText(retryAfterSeconds);
            if (wantsJson(c)) return c.json({ error: { code: 'rate_limited', message: text, retryAfterSeconds } }, 429);
            return renderMessage(c, 429, messages.tooManyRequestsTitle, text);
          },
        }),
      );
    }
  }

  app.route('/', createHealthRoutes({ health: container.health, metrics, metricsToken: options.metricsToken }));
  app.route('/', createAssetRoutes(log));
  app.route('/', createMachineRoutes({ publicSite: container.publicSite, now: () => new Date() }));
  app.route('/api/v1', createSearchApiRoutes(container.publicSite, timeSearch));
  app.route(
    '/admin',
    createAdminRoutes({
      publicSite: container.publicSite,
      staff: container.staff,
      signIn: container.signIn,
      entries: container.entries,
      settings: container.settings,
      audit: container.audit,
      dashboard: container.dashboard,
      twoFactor: container.twoFactor,
      content: container.content,
      oidc: container.oidc,
      siteContent: container.siteContent,
      translationStatus: container.translationStatus,
      questionnaires: container.questionnaires,
      questionnaireExports: container.questionnaireExports,
      library: container.content,
      libraryUploads: container.libraryUploads,
      documents: container.documents,
      mail: container.mail,
      access: container.access,
      nda: container.nda,
      updates: container.updates,
      subscriptions: container.subscriptions,
      subprocessors: container.subprocessors,
      trustProxy: options.trustProxy,
      proxyHops: options.proxyHops,
      signInSecret: options.signInSecret,
    }),
  );
  app.route(
    '/',
    createDocumentPageRoutes({
      documents: container.documents,
      publicSite: container.publicSite,
      logDownload: (opened) => container.access.logPublicDownload(opened),
    }),
  );
  app.route(
    '/',
    createSubprocessorPageRoutes({
      subprocessors: container.subprocessors,
      publicSite: container.publicSite,
      pageCache,
      today: container.today,
      now: () => new Date(),
    }),
  );
  app.route(
    '/',
    createAccessRoutes({
      access: container.access,
      publicSite: container.publicSite,
      trustProxy: options.trustProxy,
      proxyHops: options.proxyHops,
    }),
  );
  app.route(
    '/',
    createUpdateRoutes({
      updates: container.updates,
      subscriptions: container.subscriptions,
      publicSite: container.publicSite,
      trustProxy: options.trustProxy,
      proxyHops: options.proxyHops,
    }),
  );
  app.route(
    '/',
    createSiteRoutes({
      publicSite: container.publicSite,
      pageCache,
      today: container.today,
      timeSearch,
      recordSearch: (query, count) => container.searchAnalytics.record(query, count),
    }),
  );

  app.notFound((c) => {
    if (wantsJson(c)) return c.json({ error: { code: 'not_found', message: 'No such resource' } }, 404);
    return renderNotFound(c);
  });

  app.onError((error, c) => {
    const messages = getMessages(c.get('language') ?? 'en');
    if (error instanceof AppError) {
      const status = STATUS_BY_CODE[error.code];
      if (error.code === 'unavailable') c.header('Retry-After', '5');
      if (wantsJson(c)) {
        return c.json({ error: { code: error.code, message: error.message, problems: error.problems } }, status);
      }
      if (error.code === 'not_found') return renderNotFound(c);
      if (error.code === 'too_large') return renderMessage(c, status, messages.badRequestTitle, error.message);
      if (error.code === 'invalid_input') return renderMessage(c, status, messages.badRequestTitle, error.message);
      return renderMessage(c, status, messages.errorTitle, messages.errorText);
    }
    if (isDatabaseUnavailableError(error)) {
      log({ level: 'error', msg: 'database unavailable', requestId: c.get('requestId'), error: error.message });
      c.header('Retry-After', '5');
      if (wantsJson(c))
        return c.json({ error: { code: 'unavailable', message: 'The database is unavailable; retry shortly' } }, 503);
      return renderMessage(c, 503, messages.errorTitle, messages.errorText);
    }
    log({ level: 'error', msg: 'unhandled error', requestId: c.get('requestId'), error: error.stack ?? String(error) });
    if (wantsJson(c))
      return c.json({ error: { code: 'internal', message: 'Internal error', requestId: c.get('requestId') } }, 500);
    return renderMessage(c, 500, messages.errorTitle, `${messages.errorText} (${c.get('requestId')})`);
  });

  return app;
}
