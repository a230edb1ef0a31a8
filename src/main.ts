import { Server as HttpServer } from 'node:http';
import { serve } from '@hono/node-server';
import { ConfigError, loadConfig } from './config.js';
import { createContainerFromConfig, prepareDatabase } from './container.js';
import { AppError, formatProblem } from './domain/errors.js';
import { createApp } from './http/app.js';
import { createSharedRateLimit } from './http/middleware/shared-rate-limit.js';

/** Starts the server: config, database (migrate + first-run content), HTTP. */
async function main(): Promise<void> {
  const started = performance.now();
  const config = loadConfig();
  const log = (fields: Record<string, unknown>) => {
    if (config.LOG_LEVEL === 'silent') return;
    if (config.LOG_LEVEL === 'error' && fields.level !== 'error') return;
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...fields })}\n`);
  };
  const container = createContainerFromConfig(config, { log });
  try {
    const applied = await prepareDatabase(container, config.CONTENT_DIR);
    if (applied.length > 0) log({ level: 'info', msg: 'migrations applied', migrations: applied });
    await container.publicSite.getPublishedSite();
  } catch (error) {
    await container.close();
    throw error;
  }
  // Off (RATE_LIMIT_SEARCH=0): no timer and no writes to rate_limit_window.
  const sharedRateLimit = createSharedRateLimit({
    store: container.rateLimitStore,
    keySecret: await container.settings.getSignInSecret(),
    burst: config.RATE_LIMIT_SEARCH,
    windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
    maxClients: config.RATE_LIMIT_MAX_CLIENTS,
    syncIntervalMs: config.RATE_LIMIT_SYNC_MS,
    log,
  });
  sharedRateLimit?.start();
  const app = createApp(container, {
    publicUrl: config.PUBLIC_URL,
    allowedHosts: config.ALLOWED_HOSTS,
    hstsMaxAgeSeconds: config.HSTS_MAX_AGE_SECONDS,
    hstsIncludeSubdomains: config.HSTS_INCLUDE_SUBDOMAINS,
    fallbackOrigin: `http://localhost:${config.PORT}`,
    log,
    metricsToken: config.METRICS_TOKEN,
    trustProxy: config.TRUST_PROXY,
    proxyHops: config.TRUST_PROXY_HOPS,
    searchRateLimit: {
      burst: config.RATE_LIMIT_SEARCH,
      windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
      maxClients: config.RATE_LIMIT_MAX_CLIENTS,
      shared: sharedRateLimit,
    },
  });
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    log({
      level: 'info',
      msg: `Tillit serving on http://${info.address === '0.0.0.0' ? 'localhost' : info.address}:${info.port}`,
      database: container.database.location,
      // Without SMTP_URL nothing is sent; say so once, so an operator knows where the mail went.
      mail: container.mail.isSending
        ? 'sent over SMTP_URL'
        : 'kept in the outbox (/admin/outbox); set SMTP_URL to send',
      startupMs: Math.round(performance.now() - started),
    });
  });
  let isShuttingDown = false;
  // Connections accepted before shutdown may hold a request not parsed yet; Node would reset them
  // as "idle". Keep them, answer them with Connection: close, and let the timer below end the rest.
  if (!(server instanceof HttpServer)) throw new Error('expected an HTTP/1.1 server');
  const httpServer = server;
  httpServer.on('request', (_request, response) => {
    if (isShuttingDown) response.setHeader('Connection', 'close');
  });
  const shutdown = (signal: string) => {
    if (isShuttingDown) return;
    isShuttingDown = true;
    log({ level: 'info', msg: 'shutting down', signal });
    httpServer.closeIdleConnections = () => {};
    httpServer.keepAliveTimeout = 1;
    httpServer.close(() => {
      void (sharedRateLimit?.stop() ?? Promise.resolve()).then(() => container.close()).then(() => process.exit(0));
    });
    // In-flight requests get ten seconds to finish.
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else if (error instanceof AppError) {
    process.stderr.write(`Tillit could not start: ${error.message}\n`);
    for (const problem of error.problems) process.stderr.write(`  ${formatProblem(problem)}\n`);
  } else {
    process.stderr.write(`Tillit could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});
