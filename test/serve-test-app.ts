import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createTestApp } from './create-test-app.js';

/** Serves a test app on a free loopback port; returns its base URL and a stop function. */
export async function serveTestApp(options: { today?: string } = {}) {
  const testApp = await createTestApp(options);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: testApp.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  return {
    ...testApp,
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await testApp.close();
    },
  };
}
