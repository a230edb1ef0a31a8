import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Container, createContainer, prepareDatabase } from '../src/container.js';
import { createApp } from '../src/http/app.js';
import { OidcService } from '../src/services/oidc.service.js';
import { EXAMPLE_CONTENT } from './create-test-app.js';
import { startTestOidcProvider, TEST_OIDC_CLIENT } from './oidc-test-provider.js';
import { createTestDatabase } from './temporary-database.js';

/**
 * The real container served over HTTP on a free loopback port, with sign-in through a real
 * OpenID Connect provider started beside it. PUBLIC_URL is the server's own address, so the
 * callback the provider knows is the one the browser reaches.
 */
export async function serveOidcTestApp(options: { isEmailVerified?: boolean } = {}) {
  const database = await createTestDatabase();
  const container: Container = createContainer({ databaseUrl: database.url, revisionCheckIntervalMs: 0 });
  await prepareDatabase(container, EXAMPLE_CONTENT);

  // The callback URL needs the port before the app exists, so the server starts with a placeholder.
  let handle: (request: Request, env: unknown) => Response | Promise<Response> = () =>
    new Response('starting', { status: 503 });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: (request, env) => handle(request, env), port: 0, hostname: '127.0.0.1' }, () =>
      resolve(started),
    );
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const redirectUri = `${baseUrl}/admin/oidc/callback`;
  const provider = await startTestOidcProvider({ redirectUri, isEmailVerified: options.isEmailVerified });
  const oidc = new OidcService({ issuer: provider.issuer, ...TEST_OIDC_CLIENT, redirectUri });

  const app = createApp({ ...container, oidc }, { publicUrl: baseUrl });
  handle = (request, env) => app.fetch(request, env);

  return {
    container,
    baseUrl,
    issuer: provider.issuer,
    async stop() {
      server.close();
      await provider.stop();
      await container.close();
      await database.remove();
    },
  };
}
