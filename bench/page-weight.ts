/**
 * What a first visit to a public page transfers in Chromium: each request and its bytes as Chromium counts
 * them (CDP `Network.loadingFinished.encodedDataLength`: response headers and compressed body), in a fresh
 * browser context (empty cache) against a real server process (`WORKERS=1`) on the example content.
 *
 *   node --import tsx bench/page-weight.ts [path …]     (default: / and /sv/)
 *
 * Each path is visited twice: on the revision's first request (the server sends gzip while it makes the
 * brotli copy off the event loop) and once brotli is ready. Then one question of the home page is opened,
 * to show what loading its category's answers adds.
 */

import { startAppProcess } from '../test/app-process.js';
import { launchBrowser } from '../test/browser.js';
import { EXAMPLE_CONTENT } from '../test/create-test-app.js';
import { createTestDatabase } from '../test/temporary-database.js';

const paths = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['/', '/sv/'];
const database = await createTestDatabase({ dialect: 'sqlite' });
const server = await startAppProcess({ DATABASE_URL: database.url, CONTENT_DIR: EXAMPLE_CONTENT });
const browser = await launchBrowser();

async function visit(path: string, openQuestion: boolean) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map<string, string>();
  const bytes = new Map<string, number>();
  const encodings = new Map<string, string>();
  cdp.on('Network.requestWillBeSent', (event) => {
    if (/^https?:/.test(event.request.url)) urls.set(event.requestId, event.request.url);
  });
  cdp.on('Network.responseReceived', (event) => {
    encodings.set(event.requestId, String(event.response.headers['content-encoding'] ?? 'none'));
  });
  cdp.on('Network.loadingFinished', (event) => bytes.set(event.requestId, event.encodedDataLength));
  await page.goto(`${server.baseUrl}${path}`, { waitUntil: 'networkidle' });
  const report = () =>
    [...urls].map(([id, url]) => ({
      url: url.replace(server.baseUrl, ''),
      bytes: bytes.get(id) ?? 0,
      encoding: encodings.get(id) ?? '?',
    }));
  const loaded = report();
  let opened: ReturnType<typeof report> = [];
  if (openQuestion && (await page.locator('details.entry').count()) > 0) {
    const entry = page.locator('details.entry').first();
    await entry.locator('summary').click();
    await entry.locator('.answer').waitFor({ state: 'visible' });
    await page.waitForLoadState('networkidle');
    opened = report().slice(loaded.length);
  }
  await context.close();
  return { loaded, opened };
}

function print(label: string, requests: { url: string; bytes: number; encoding: string }[]) {
  const total = requests.reduce((sum, request) => sum + request.bytes, 0);
  console.log(`${label}: ${(total / 1000).toFixed(1)} KB in ${requests.length} requests`);
  for (const request of requests) {
    console.log(`  ${String(request.bytes).padStart(7)}  ${request.encoding.padEnd(5)} ${request.url}`);
  }
}

try {
  for (const path of paths) {
    print(`${path}, first request of the revision`, (await visit(path, false)).loaded);
    // The brotli copy is made on the thread pool after the first request; give it time.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const warm = await visit(path, true);
    print(`${path}, brotli ready`, warm.loaded);
    if (warm.opened.length > 0) print(`${path}, then opening its first question`, warm.opened);
  }
} finally {
  await browser.close();
  await server.stop();
  await database.remove();
}
