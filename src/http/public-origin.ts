import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv, LogLine } from './middleware/request-context.js';
import { getRequestOrigin, type TransportOptions } from './middleware/session.js';

/** Hosts a request may name when neither PUBLIC_URL nor ALLOWED_HOSTS is set: this machine only. */
export const DEFAULT_ALLOWED_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** How the base URL of absolute links (canonical, og:url, JSON-LD, sitemap, security.txt) is chosen. */
export interface PublicOriginOptions extends TransportOptions {
  /** PUBLIC_URL: when set, the only base URL; the Host header never matters. */
  publicUrl?: string;
  /** Host names, or host:port pairs, whose requests may use their own origin (ALLOWED_HOSTS). */
  allowedHosts?: readonly string[];
  /** Base URL for a request naming any other host (default http://localhost). */
  fallbackOrigin?: string;
  log?: LogLine;
}

/** Most allowed origins remembered as already checked. */
const MAX_KNOWN_ORIGINS = 1000;

/** Most unknown hosts reported in the log, so a scanner cannot fill it. */
const MAX_REPORTED_HOSTS = 100;

/**
 * Picks the base URL of a request. A Host header is chosen by the client, and a cached page is
 * served to everyone after it, so a host that is not on the allow-list never reaches a link: its
 * request gets the fallback origin, and the page cache keys on the chosen base URL, never on Host.
 */
export function createBaseUrlResolver(options: PublicOriginOptions): (c: Context) => string {
  const publicUrl = options.publicUrl?.replace(/\/$/, '');
  if (publicUrl !== undefined) return () => publicUrl;
  const allowed = (options.allowedHosts ?? DEFAULT_ALLOWED_HOSTS).map((host) => host.trim().toLowerCase());
  const fallback = (options.fallbackOrigin ?? 'http://localhost').replace(/\/$/, '');
  const reported = new Set<string>();
  // The allowed origins already seen, so a request from one is not parsed again. Only allowed
  // origins are kept (any other host is parsed each time), and only so many (a port-less entry
  // allows every port), so a client cannot grow it without bound.
  const knownAllowed = new Set<string>();
  return (c) => {
    const origin = getRequestOrigin(c, options);
    if (knownAllowed.has(origin)) return origin;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return fallback;
    }
    const host = url.host.toLowerCase();
    if (allowed.includes(host) || allowed.includes(url.hostname.toLowerCase())) {
      if (url.origin === origin && knownAllowed.size < MAX_KNOWN_ORIGINS) knownAllowed.add(origin);
      return url.origin;
    }
    if (reported.size < MAX_REPORTED_HOSTS && !reported.has(host)) {
      reported.add(host);
      options.log?.({
        level: 'info',
        msg: `a request named the host ${JSON.stringify(host.slice(0, 100))}, which is not in ALLOWED_HOSTS; its links use ${fallback} (set PUBLIC_URL or ALLOWED_HOSTS)`,
      });
    }
    return fallback;
  };
}

/** Puts the chosen base URL into the request context as `baseUrl`. */
export function publicOrigin(resolve: (c: Context) => string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('baseUrl', resolve(c));
    await next();
  };
}
