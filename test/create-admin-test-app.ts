import { expect } from 'vitest';
import { type Container, createContainer } from '../src/container.js';
import type { Role } from '../src/domain/staff.js';
import { createApp } from '../src/http/app.js';
import { loadTestContent, type TestContent } from './create-test-app.js';
import { createStaffServices } from './staff-services.js';
import { createTestDatabase } from './temporary-database.js';

/** A clock tests move by hand. */
export interface TestClock {
  now(): Date;
  advance(ms: number): void;
}

/** A clock starting at `start` that only moves when told. */
export function createTestClock(start = '2026-11-27T10:00:00Z'): TestClock {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
  };
}

/**
 * The public app with the admin surface mounted at /admin, on a fresh database holding `content` (default
 * the example folder; see `TestContent`), and an audit fake.
 */
export async function createAdminTestApp(
  options: { clock?: TestClock; trustProxy?: boolean; content?: TestContent; documentMaxBytes?: number } = {},
) {
  const database = await createTestDatabase();
  const container: Container = createContainer({
    databaseUrl: database.url,
    revisionCheckIntervalMs: 0,
    documentMaxBytes: options.documentMaxBytes,
  });
  await loadTestContent(container, options.content ?? 'example');
  const clock = options.clock ?? { now: () => new Date(), advance: () => {} };
  const {
    repository,
    events: auditEvents,
    staff,
    signIn,
  } = createStaffServices(container.database.db, () => clock.now());
  // The app's own admin routes, with staff and sign-in services whose audit events the tests can read.
  const app = createApp(
    { ...container, staff, signIn },
    { publicUrl: 'https://trust.example.test', trustProxy: options.trustProxy },
  );
  return {
    app,
    container,
    staff,
    signIn,
    repository,
    auditEvents,
    /** Creates an account with a known password. */
    createUser(email: string, password: string, role: Role = 'editor') {
      return staff.createAccount({ email, name: email.split('@')[0] ?? email, role, password }, undefined);
    },
    /** A new client signed in as `email`, with the CSRF token of its session as `page` shows it. */
    async signInClient(email: string, password: string, page?: string) {
      const client = new CookieClient(app);
      return { client, csrfToken: await client.signInForToken(email, password, page) };
    },
    async close() {
      await container.close();
      await database.remove();
    },
  };
}

/** A minimal browser for app.request(): keeps cookies (by name, ignoring paths) between requests. */
export class CookieClient {
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly app: { request(input: string, init?: RequestInit): Response | Promise<Response> },
    private readonly origin = 'http://localhost',
  ) {}

  /** Sends a request with the stored cookies and stores any it gets back. */
  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0 && !headers.has('cookie')) {
      headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    const response = await this.app.request(`${this.origin}${path}`, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** GETs a page and returns it with its text. */
  async get(path: string, headers: Record<string, string> = {}) {
    const response = await this.request(path, { headers });
    return { response, text: await response.text() };
  }

  /** POSTs a urlencoded form. */
  async post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    const response = await this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    });
    return { response, text: await response.text() };
  }

  /**
   * Signs in, expecting the redirect a successful sign-in answers with, and returns the session's CSRF
   * token as `page` (any signed-in page; each carries it in its sign-out form) shows it.
   */
  async signInForToken(email: string, password: string, page = '/admin'): Promise<string> {
    const { response } = await this.signIn(email, password);
    expect(response.status).toBe(303);
    return readHiddenField((await this.get(page)).text, '_csrf');
  }

  /** Opens the sign-in page and posts the form with its own token. */
  async signIn(email: string, password: string, next?: string) {
    const page = await this.get(`/admin/sign-in${next ? `?next=${encodeURIComponent(next)}` : ''}`);
    const formToken = readHiddenField(page.text, '_csrf');
    return this.post(`/admin/sign-in${next ? `?next=${encodeURIComponent(next)}` : ''}`, {
      _csrf: formToken,
      email,
      password,
    });
  }
}

/** The value of a hidden input in a page (hono/jsx writes attributes in source order). */
export function readHiddenField(html: string, name: string): string {
  const match = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(html);
  if (!match?.[1]) throw new Error(`no hidden field ${name} in the page`);
  return match[1];
}
