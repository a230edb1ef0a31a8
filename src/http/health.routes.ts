import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { AppError } from '../domain/errors.js';
import type { HealthService } from '../services/health.service.js';
import type { Metrics } from './metrics.js';
import type { AppEnv } from './middleware/request-context.js';

/** Options of the operations routes. */
export interface HealthRoutesOptions {
  health: HealthService;
  metrics: Metrics;
  /** Bearer token for /metrics; without one, /metrics does not exist. */
  metricsToken: string | undefined;
}

function isSameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `/healthz` (process up), `/readyz` (database reachable, migrations current) and `/metrics`. */
export function createHealthRoutes(options: HealthRoutesOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/healthz', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'ok' });
  });
  app.get('/readyz', async (c) => {
    c.header('Cache-Control', 'no-store');
    const readiness = await options.health.checkReadiness();
    return c.json({ status: 'ready', ...readiness });
  });
  app.get('/metrics', async (c) => {
    const token = options.metricsToken;
    if (token === undefined) throw new AppError('not_found', 'Metrics are turned off');
    const given = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    if (!isSameSecret(given, token)) {
      c.header('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new AppError('unauthorized', 'A valid metrics token is required');
    }
    c.header('Cache-Control', 'no-store');
    return c.body(await options.metrics.render(), 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
  });
  return app;
}
