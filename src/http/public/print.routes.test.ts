import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/create-test-app.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let testApp: TestApp;

beforeAll(async () => {
  // The example content: every entry has its Swedish text.
  testApp = await createTestApp({ today: '2026-11-27' });
});

afterAll(async () => {
  await testApp.close();
});

async function get(path: string) {
  const response = await testApp.app.request(`https://trust.example.test${path}`);
  return { status: response.status, text: await response.text() };
}

/** The text as the page escapes it. */
function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

describe('the print view of every answer', () => {
  it('is in the language of its address: every question and the site texts in Swedish under /sv/', async () => {
    const swedish = await testApp.container.publicSite.getPublishedSite('sv');
    const english = await testApp.container.publicSite.getPublishedSite('en');
    const page = await get('/sv/print');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="sv" ');
    expect(page.text).toContain(`<meta name="description" content="${escapeHtml(swedish.site.tagline)}"`);
    for (const entry of swedish.entries) {
      expect(page.text).toContain(`<h3 id="question-${entry.slug}">${escapeHtml(entry.question)}</h3>`);
    }
    const englishPage = await get('/print');
    const englishQuestion = english.entries[0];
    const swedishQuestion = swedish.entries.find((entry) => entry.slug === englishQuestion?.slug);
    expect(englishQuestion?.question).not.toBe(swedishQuestion?.question);
    expect(englishPage.text).toContain(`>${escapeHtml(englishQuestion?.question ?? '')}</h3>`);
    expect(englishPage.text).not.toContain(`>${escapeHtml(swedishQuestion?.question ?? '')}</h3>`);
  });
});
