import { fileURLToPath } from 'node:url';
import { type Container, createContainer, prepareDatabase } from '../src/container.js';
import { type AppOptions, createApp } from '../src/http/app.js';
import { seedContent } from './factories.js';
import { createTestDatabase } from './temporary-database.js';

/** The example content folder shipped with the project. */
export const EXAMPLE_CONTENT = fileURLToPath(new URL('../content/', import.meta.url));

/**
 * What a test database starts with: `none` (migrated, no content; add it with test/factories.ts),
 * `minimal` (the few entries of `buildMinimalContent()`), or `example` (the whole content/ folder: only
 * for tests about the example content itself or that need real-sized content).
 */
export type TestContent = 'none' | 'minimal' | 'example';

/** Migrates a fresh container's database and loads `content` into it. */
export async function loadTestContent(container: Container, content: TestContent): Promise<void> {
  await prepareDatabase(container, content === 'example' ? EXAMPLE_CONTENT : undefined);
  if (content === 'minimal') await seedContent(container);
}

/** A container on a fresh SQLite file loaded with `content` (default the example folder), and its Hono app. */
export async function createTestApp(options: { today?: string; appOptions?: AppOptions; content?: TestContent } = {}) {
  const database = await createTestDatabase();
  const now = options.today ? () => new Date(`${options.today}T12:00:00Z`) : undefined;
  const container: Container = createContainer({ databaseUrl: database.url, now, revisionCheckIntervalMs: 0 });
  await loadTestContent(container, options.content ?? 'example');
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
