/**
 * Questionnaire review benchmark: the staff review page of a 500-question questionnaire with suggestions, beside the
 * staff entry list in the same run.
 *
 *   npm run bench:review
 *
 * Uploads a generated 500-question CSV (25 sections of 20 questions, worded from the example entries' questions),
 * waits for the matcher, decides about a third of the questions, then requests each page of the review many times
 * in process (no network: the figure is the server's render time) and prints HTML bytes and the median time beside
 * the entry list page's. With Debian's Chromium present it also loads the first review page in the browser and
 * reports the time to the load event, beside the entry list's.
 *
 * Environment: BENCH_REVIEW_QUESTIONS (default 500), BENCH_REVIEW_RUNS (default 30), BENCH_REVIEW_DUMP (a file to
 * write review page 1 to, for a look at where its bytes go).
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Actor } from '../src/domain/staff.js';
import { launchBrowser } from '../test/browser.js';
import { createTestApp } from '../test/create-test-app.js';
import { createQuestionnaireAdminApp, createQuestionnaireServices } from '../test/questionnaire-services.js';

const QUESTIONS = Number(process.env.BENCH_REVIEW_QUESTIONS ?? 500);
const RUNS = Number(process.env.BENCH_REVIEW_RUNS ?? 30);
const PASSWORD = 'correct horse battery staple';
const INSPECTOR: Actor = { userId: 0, email: 'inspector@example.test', name: 'Inspector', role: 'admin' };
const PHRASINGS = [
  (text: string) => text,
  (text: string) => `Please describe: ${text.replace(/\?$/, '').toLowerCase()}.`,
  (text: string) => `${text} Provide evidence.`,
  (text: string) => `Confirm whether ${text.replace(/\?$/, '').toLowerCase()}.`,
];

/** A signed-in staff member's requests, in process, with the session cookie kept (the test helper needs Vitest). */
class CookieClient {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly app: Hono) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await this.app.request(`http://localhost${path}`, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    return response;
  }

  async get(path: string): Promise<{ response: Response; text: string }> {
    const response = await this.request(path);
    return { response, text: await response.text() };
  }

  async post(path: string, fields: Record<string, string>): Promise<Response> {
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  async signIn(email: string, password: string): Promise<string> {
    const token = (html: string) => /<input type="hidden" name="_csrf" value="([^"]*)"/.exec(html)?.[1] ?? '';
    const form = await this.get('/admin/sign-in');
    await this.post('/admin/sign-in', { _csrf: token(form.text), email, password });
    return token((await this.get('/admin/questionnaires')).text);
  }
}

/** Serves the app on a free loopback port for the browser. */
async function serveOnLoopback(app: Hono): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const address = server.address();
  const port = address !== null && typeof address === 'object' ? address.port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function timePage(client: CookieClient, path: string): Promise<{ bytes: number; medianMs: number }> {
  let bytes = 0;
  const times: number[] = [];
  for (let run = 0; run < RUNS + 3; run += 1) {
    const started = performance.now();
    const { response, text } = await client.get(path);
    const elapsed = performance.now() - started;
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    bytes = Buffer.byteLength(text);
    if (run >= 3) times.push(elapsed);
  }
  return { bytes, medianMs: median(times) };
}

async function main(): Promise<void> {
  const testApp = await createTestApp({ content: 'example' });
  const { container } = testApp;
  const services = createQuestionnaireServices(container);
  const app = createQuestionnaireAdminApp(container, services);
  app.route('/', testApp.app);
  try {
    await container.staff.createAccount(
      { email: 'ada@example.test', name: 'Ada', role: 'editor', password: PASSWORD },
      undefined,
    );
    const client = new CookieClient(app);
    const csrfToken = await client.signIn('ada@example.test', PASSWORD);

    const entries = (await container.content.getContent()).entries.map((entry) => entry.question);
    const lines = ['Ref,Question,Answer'];
    for (let index = 0; index < QUESTIONS; index += 1) {
      if (index % 20 === 0) lines.push(`,Section ${index / 20 + 1},`);
      const source = entries[index % entries.length] ?? 'Do you encrypt data at rest?';
      const phrasing = PHRASINGS[Math.floor(index / entries.length) % PHRASINGS.length] ?? PHRASINGS[0];
      lines.push(`Q${index + 1},${csvCell(phrasing ? phrasing(source) : source)},`);
    }
    const form = new FormData();
    form.set('_csrf', csrfToken);
    form.set('file', new File([`${lines.join('\r\n')}\r\n`], 'bench-500.csv'));
    const uploaded = await client.request('/admin/questionnaires', { method: 'POST', body: form });
    const id = Number(/\/(\d+)\?/.exec(uploaded.headers.get('location') ?? '')?.[1]);
    if (!Number.isInteger(id)) throw new Error(`upload failed: ${uploaded.status}`);
    const matchStarted = performance.now();
    await services.matching.whenIdle();
    const matchMs = performance.now() - matchStarted;
    const review = await services.questionnaires.review(INSPECTOR, id);
    if (review.questionnaire.status !== 'ready') throw new Error(`matching ended ${review.questionnaire.status}`);

    // A third decided, as midway through a review.
    let decided = 0;
    for (let page = 1; page <= review.page.count; page += 1) {
      const { questions } = await services.questionnaires.review(INSPECTOR, id, undefined, undefined, page);
      for (const question of questions) {
        if (question.position % 3 !== 0) continue;
        const first = question.candidates[0];
        const context = { actor: { ...INSPECTOR, role: 'admin' as const }, ip: '127.0.0.1' };
        if (first) await services.questionnaires.accept(context, question.id, first.slug, first.draftAnswer);
        else await services.questionnaires.markNeedsAnswer(context, question.id);
        decided += 1;
      }
    }

    const baseline = await timePage(client, '/admin/entries');
    const pages = review.page.count;
    const reviewPages = [];
    for (let page = 1; page <= pages; page += 1) {
      reviewPages.push(await timePage(client, `/admin/questionnaires/${id}${page > 1 ? `?page=${page}` : ''}`));
    }
    const first = reviewPages[0] ?? { bytes: 0, medianMs: 0 };
    if (process.env.BENCH_REVIEW_DUMP) {
      await writeFile(process.env.BENCH_REVIEW_DUMP, (await client.get(`/admin/questionnaires/${id}`)).text);
    }
    const largest = reviewPages.reduce((worst, page) => (page.bytes > worst.bytes ? page : worst), first);
    const slowest = reviewPages.reduce((worst, page) => (page.medianMs > worst.medianMs ? page : worst), first);
    const allBytes = reviewPages.reduce((sum, page) => sum + page.bytes, 0);
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

    console.log(
      `Review of ${QUESTIONS} questions (${decided} decided, ${pages} pages; matched in ${(matchMs / 1000).toFixed(1)} s), ${RUNS} requests a page, in process:`,
    );
    console.log(`  page                     HTML        median render   ratio to entry list (bytes / time)`);
    console.log(
      `  entry list (baseline)    ${kb(baseline.bytes).padEnd(11)} ${`${baseline.medianMs.toFixed(1)} ms`.padEnd(15)} 1.00 / 1.00`,
    );
    const row = (name: string, page: { bytes: number; medianMs: number }) =>
      console.log(
        `  ${name.padEnd(24)} ${kb(page.bytes).padEnd(11)} ${`${page.medianMs.toFixed(1)} ms`.padEnd(15)} ${(page.bytes / baseline.bytes).toFixed(2)} / ${(page.medianMs / baseline.medianMs).toFixed(2)}`,
      );
    row('review page 1', first);
    row('largest review page', largest);
    row('slowest review page', slowest);
    console.log(`  every review page together: ${kb(allBytes)} (targets: a page under 300 KB and 1 s)`);

    if (existsSync('/usr/bin/chromium')) {
      const server = await serveOnLoopback(app);
      const browser = await launchBrowser();
      try {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(`${server.baseUrl}/admin/sign-in`);
        await page.getByLabel('Email address').fill('ada@example.test');
        await page.getByLabel('Password').fill(PASSWORD);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForURL(`${server.baseUrl}/admin`);
        const load = async (path: string) => {
          const times: number[] = [];
          for (let run = 0; run < 7; run += 1) {
            await page.goto(`${server.baseUrl}${path}`, { waitUntil: 'load' });
            times.push(
              await page.evaluate(() => {
                const [entry] = window.performance.getEntriesByType('navigation');
                return entry instanceof PerformanceNavigationTiming ? entry.loadEventEnd - entry.startTime : 0;
              }),
            );
          }
          return median(times.slice(2));
        };
        const baselineLoad = await load('/admin/entries');
        const reviewLoad = await load(`/admin/questionnaires/${id}`);
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        console.log(
          `  Chromium load event (median of 5): entry list ${baselineLoad.toFixed(0)} ms, review page 1 ${reviewLoad.toFixed(0)} ms (ratio ${(reviewLoad / baselineLoad).toFixed(2)}); review page height ${height} px`,
        );
      } finally {
        await browser.close();
        await server.close();
      }
    }
  } finally {
    await services.matching.whenIdle();
    await testApp.close();
  }
}

await main();
