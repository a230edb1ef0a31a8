import { fileURLToPath } from 'node:url';
import { type Container, createContainer, prepareDatabase } from '../src/container.js';
import { type AppOptions, createApp } from '../src/http/app.js';
import { createTestDatabase } from './temporary-database.js';

/** The example content folder shipped with the project. */
export const EXAMPLE_CONTENT = fileURLToPath(new URL('../content/', import.meta.url));

/** A container on a fresh SQLite file loaded with the example content, and its Hono app. */
export async function createTestApp(options: { today?: string; appOptions?: AppOptions } = {}) {
  const database = await createTestDatabase();
  const now = options.today ? () => new Date(`${options.today}T12:00:00Z`) : undefined;
  const container: Container = createContainer({ databaseUrl: database.url, now, revisionCheckIntervalMs: 0 });
  await prepareDatabase(container, EXAMPLE_CONTENT);
  const app = createApp(container, { publicUrl: 'https://trust.example.test', ...options.appOptions });
  return {
    app,
    container,
    async close() {
      await container.close();
      await database.remove();
    },
  };
}
