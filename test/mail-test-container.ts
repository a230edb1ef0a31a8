import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type Container, createContainer } from '../src/container.js';
import { createSmtpTransport } from '../src/mail/smtp-transport.js';
import type { TestClock } from './create-admin-test-app.js';
import { loadTestContent, type TestContent } from './create-test-app.js';
import { type SmtpTestServer, startSmtpTestServer } from './smtp-test-server.js';
import { createTestDatabase, type TestDatabase } from './temporary-database.js';

/** The public address links in mails point to. */
export const MAIL_TEST_BASE_URL = 'https://trust.example.test';

/** A container whose mail really goes out, the database under it, and how to close both. */
export interface MailTestContainer {
  container: Container;
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * A container on a fresh database holding `content` (default the minimal set), on `clock`, that sends its mail to
 * `smtp` through the real SMTP transport. The outbox polls once a minute, so a test delivers with
 * `mail.deliverSoon()`; links in mails point to `MAIL_TEST_BASE_URL`; no maintenance runs by itself.
 */
export async function createMailTestContainer(
  smtp: SmtpTestServer,
  clock: TestClock,
  content: TestContent = 'minimal',
): Promise<MailTestContainer> {
  const database = await createTestDatabase();
  const container = createContainer({
    databaseUrl: database.url,
    now: () => clock.now(),
    revisionCheckIntervalMs: 0,
    mail: {
      from: 'Tillit <tillit@trust.example.test>',
      transportFactory: () => createSmtpTransport(smtp.url),
      pollIntervalMs: 60_000,
    },
    access: { baseUrl: MAIL_TEST_BASE_URL, maintenanceIntervalMs: 0 },
  });
  await loadTestContent(container, content);
  return {
    container,
    database,
    async close() {
      await container.close();
      await database.remove();
    },
  };
}

/**
 * One SMTP test server for the calling test file: started before its tests and stopped after them; before each
 * test it listens, accepts mail and holds no messages. Call it at the top of the file; use it inside tests and hooks.
 */
export function useSmtpTestServer(): SmtpTestServer {
  let server: SmtpTestServer | undefined;
  const current = (): SmtpTestServer => {
    if (!server) throw new Error('the SMTP test server starts in beforeAll');
    return server;
  };
  beforeAll(async () => {
    server = await startSmtpTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });
  beforeEach(async () => {
    const started = current();
    started.messages.length = 0;
    started.accept();
    await started.start();
  });
  return {
    get port() {
      return current().port;
    },
    get url() {
      return current().url;
    },
    get messages() {
      return current().messages;
    },
    waitForMessage: (predicate, timeoutMs) => current().waitForMessage(predicate, timeoutMs),
    refuse: (responseCode) => current().refuse(responseCode),
    accept: () => current().accept(),
    start: () => current().start(),
    stop: () => current().stop(),
  };
}
