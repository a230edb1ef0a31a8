import { createServer, type Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { CachedPageFastPath } from './fast-path.js';

/** What the HTTP server runs. */
export interface NodeServerOptions {
  fetch: Parameters<typeof getRequestListener>[0];
  fastPath: CachedPageFastPath;
  /** The host name of URLs of requests without a Host header. */
  hostname?: string;
  /** True once the process drains: every answer then closes its connection. */
  isShuttingDown?: () => boolean;
  /** Told about an error of the fast path (the request then goes to the application). */
  onFastPathError?: (error: unknown) => void;
}

/**
 * The HTTP/1.1 server: a repeated request for a cached public page is answered by the fast path, everything else
 * by the application through Hono's Node adapter.
 */
export function createNodeServer(options: NodeServerOptions): Server {
  const applicationListener = getRequestListener(options.fetch, { hostname: options.hostname });
  const isShuttingDown = options.isShuttingDown ?? (() => false);
  return createServer((request, response) => {
    // Connections accepted before shutdown may hold a request not parsed yet; Node would reset them
    // as "idle". Keep them, answer them with Connection: close, and let the drain timer end the rest.
    if (isShuttingDown()) response.setHeader('Connection', 'close');
    let isAnswered = false;
    try {
      isAnswered = options.fastPath.tryServe(request, response);
    } catch (error) {
      // Never expected; if it happens before anything was sent, the application answers instead.
      options.onFastPathError?.(error);
      isAnswered = response.headersSent;
    }
    if (!isAnswered) void applicationListener(request, response);
  });
}
