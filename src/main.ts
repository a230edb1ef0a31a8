import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { type Config, ConfigError, loadConfig } from './config.js';
import { createContainerFromConfig, prepareDatabase } from './container.js';
import { AppError, formatProblem } from './domain/errors.js';
import { createApp } from './http/app.js';
import { CachedPageFastPath } from './http/fast-path.js';
import { Metrics } from './http/metrics.js';
import { createSharedRateLimit } from './http/middleware/shared-rate-limit.js';
import { createNodeServer } from './http/node-server.js';

type Log = (fields: Record<string, unknown>) => void;

/**
 * Starts Tillit: with WORKERS above 1 (the default on a machine with several cores) this process prepares the
 * database and runs that many server processes sharing the port; with 1 it serves by itself.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const log: Log = (fields) => {
    if (config.LOG_LEVEL === 'silent') return;
    if (config.LOG_LEVEL === 'error' && fields.level !== 'error') return;
    const worker = cluster.isWorker ? { worker: cluster.worker?.id } : {};
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...worker, ...fields })}\n`);
  };
  const workers = config.WORKERS ?? availableParallelism();
  if (cluster.isPrimary && workers > 1) return runPrimary(config, workers, log);
  return runServer(config, log);
}

/** How soon after its start a worker that dies counts as failing to start rather than crashing later. */
const START_FAILURE_WINDOW_MS = 30_000;

/**
 * The primary of a cluster: migrates and loads first-run content once, forks the workers, replaces a worker that
 * dies while serving, and on SIGTERM or SIGINT lets every worker drain before it exits. It serves no request.
 */
async function runPrimary(config: Config, workers: number, log: Log): Promise<void> {
  const started = performance.now();
  const container = createContainerFromConfig(config, { log, listenForChanges: false, isDeliveringMail: false });
  const database = container.database.location;
  try {
    const applied = await prepareDatabase(container, config.CONTENT_DIR);
    if (applied.length > 0) log({ level: 'info', msg: 'migrations applied', migrations: applied });
  } finally {
    await container.close();
  }
  let isShuttingDown = false;
  let listening = 0;
  const startedAt = new Map<Worker, number>();
  const fork = () => {
    const worker = cluster.fork();
    startedAt.set(worker, Date.now());
    worker.once('listening', (address) => {
      listening += 1;
      if (listening !== workers) return;
      const host = address.address === '0.0.0.0' || address.address === null ? 'localhost' : address.address;
      log({
        level: 'info',
        msg: `Tillit serving on http://${host}:${address.port}`,
        workers,
        database,
        mail: config.SMTP_URL ? 'sent over SMTP_URL' : 'kept in the outbox (/admin/outbox); set SMTP_URL to send',
        startupMs: Math.round(performance.now() - started),
      });
    });
  };
  cluster.on('exit', (worker, code, signal) => {
    const since = startedAt.get(worker) ?? 0;
    startedAt.delete(worker);
    if (isShuttingDown) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
      return;
    }
    // A worker that cannot start (the port is taken, the database refuses it) would fail again at once: stop.
    if (listening < workers && Date.now() - since < START_FAILURE_WINDOW_MS) {
      log({ level: 'error', msg: 'a server process failed to start; stopping', code, signal });
      isShuttingDown = true;
      process.exitCode = 1;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(1);
      return;
    }
    log({ level: 'error', msg: 'a server process stopped; starting another', code, signal });
    fork();
  });
  const shutdown = (signal: string) => {
    if (isShuttingDown) return;
    isShuttingDown = true;
    log({ level: 'info', msg: 'shutting down', signal, workers: Object.keys(cluster.workers ?? {}).length });
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    // Each worker gives its requests ten seconds; then whatever is left is ended.
    setTimeout(() => process.exit(0), 12_000).unref();
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  for (let index = 0; index < workers; index += 1) fork();
}

/** One server process: the whole server alone, or a worker of the cluster (which leaves the database set-up to the primary). */
async function runServer(config: Config, log: Log): Promise<void> {
  const started = performance.now();
  const container = createContainerFromConfig(config, { log });
  try {
    if (cluster.isPrimary) {
      const applied = await prepareDatabase(container, config.CONTENT_DIR);
      if (applied.length > 0) log({ level: 'info', msg: 'migrations applied', migrations: applied });
    }
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
  const metrics = new Metrics();
  const fastPath = new CachedPageFastPath({
    peekRevision: () => container.publicSite.peekRevision(),
    today: container.today,
    metrics,
    log,
  });
  const app = createApp(container, {
    metrics,
    fastPath,
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
  let isShuttingDown = false;
  const httpServer = createNodeServer({
    fetch: app.fetch,
    fastPath,
    hostname: config.HOST,
    isShuttingDown: () => isShuttingDown,
    onFastPathError: (error) =>
      log({ level: 'error', msg: 'the fast path failed; the application answered', error: String(error) }),
  });
  httpServer.listen(config.PORT, config.HOST, () => {
    // In a cluster the primary says once that the site is up.
    if (cluster.isWorker) return;
    const address = httpServer.address();
    const info =
      typeof address === 'object' && address !== null ? address : { address: config.HOST, port: config.PORT };
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
  httpServer.on('error', (error: NodeJS.ErrnoException) => {
    // The port is taken or not ours to use: say which, rather than a stack trace.
    const reason =
      error.code === 'EADDRINUSE' ? 'is already in use' : `cannot be used (${error.code ?? error.message})`;
    process.stderr.write(`Tillit could not start: port ${config.PORT} on ${config.HOST} ${reason}\n`);
    process.exit(1);
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
  // A worker whose primary is gone (killed outright) drains and stops rather than serving on unsupervised.
  if (cluster.isWorker) process.once('disconnect', () => shutdown('primary gone'));
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
