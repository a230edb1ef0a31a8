import type { MiddlewareHandler } from 'hono';
import { isSecureRequest, type TransportOptions } from './session.js';

/** Strict policy: only our own scripts, styles and images; no framing; no inline script. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Options of the security headers. */
export interface SecurityHeaderOptions extends TransportOptions {
  /**
   * Strict-Transport-Security max-age in seconds, sent only on requests that arrived over HTTPS
   * (directly or through a trusted proxy): a browser ignores the header over plain HTTP, and sending
   * it from a laptop's http://localhost would teach nothing. 0 sends none.
   */
  hstsMaxAgeSeconds?: number;
  /** Adds `includeSubDomains` to Strict-Transport-Security. */
  hstsIncludeSubdomains?: boolean;
}

/** Adds the security headers every response carries. */
export function securityHeaders(options: SecurityHeaderOptions = {}): MiddlewareHandler {
  const maxAge = options.hstsMaxAgeSeconds ?? 0;
  const hsts =
    maxAge > 0 ? `max-age=${maxAge}${options.hstsIncludeSubdomains ? '; includeSubDomains' : ''}` : undefined;
  // Set before the handler runs so the response is built once with them (the node adapter's fast path).
  return async (c, next) => {
    if (hsts !== undefined && isSecureRequest(c, options)) c.header('Strict-Transport-Security', hsts);
    c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Cross-Origin-Resource-Policy', 'same-origin');
    c.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
    await next();
  };
}
