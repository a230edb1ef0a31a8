import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CookieClient } from '../../../test/create-admin-test-app.js';
import { createTestApp } from '../../../test/create-test-app.js';
import { buildMinimalContent, seedContent } from '../../../test/factories.js';

const PASSWORD = 'correct horse battery staple';
let testApp: Awaited<ReturnType<typeof createTestApp>>;

beforeEach(async () => {
  testApp = await createTestApp({ today: '2026-11-27', content: 'none' });
  const content = buildMinimalContent();
  // Translated: one category, one tag and one entry; everything else lacks its Swedish.
  content.categories = content.categories.map((category) =>
    category.slug === 'storage'
      ? { ...category, translations: { sv: { name: 'Lagring', description: 'Var data finns.' } } }
      : category,
  );
  content.tags = content.tags.map((tag) =>
    tag.slug === 'gdpr' ? { ...tag, translations: { sv: { name: 'GDPR' } } } : tag,
  );
  content.entries = content.entries.map((entry) =>
    entry.slug === 'backup-location'
      ? {
          ...entry,
          translations: {
            sv: {
              question: 'Var finns säkerhetskopiorna?',
              answer: 'I Testvik.',
              alternativePhrasings: [],
              questionnaireWording: null,
            },
          },
        }
      : entry,
  );
  await seedContent(testApp.container, content);
  await testApp.container.staff.createAccount(
    { email: 'vi@example.test', name: 'Vi', role: 'viewer', password: PASSWORD },
    undefined,
  );
});
afterEach(async () => {
  await testApp.close();
});

async function signIn(): Promise<CookieClient> {
  const client = new CookieClient(testApp.app);
  expect((await client.signIn('vi@example.test', PASSWORD)).response.status).toBe(303);
  return client;
}

describe('the Untranslated page', () => {
  it('lists every item lacking Swedish by kind, each linking to its edit form, and the dashboard counts them', async () => {
    const client = await signIn();
    const page = await client.get('/admin/untranslated');
    expect(page.response.status).toBe(200);
    const text = page.text;
    expect(text).toContain('<h1>Untranslated</h1>');
    expect(text).toContain('<h2 id="untranslated-site">Site settings and SLA card (1)</h2>');
    expect(text).toContain('<a href="/admin/site">');
    expect(text).toContain('<h2 id="untranslated-category">Categories (1)</h2>');
    expect(text).toContain('<a href="/admin/categories/people">People</a>');
    expect(text).not.toContain('<a href="/admin/categories/storage">');
    expect(text).toContain('<a href="/admin/tags/crypto">Crypto</a>');
    expect(text).not.toContain('<a href="/admin/tags/gdpr">');
    expect(text).toMatch(/<a href="\/admin\/highlights\/\d+">Kept in Testvik<\/a>/);
    expect(text).toMatch(/<a href="\/admin\/certifications\/\d+">ISO\/IEC 27001:2022<\/a>/);
    expect(text).toContain('<h2 id="untranslated-entry">Entries (2)</h2>');
    expect(text).toContain('<a href="/admin/entries/disk-encryption">Are the disks encrypted?</a>');
    expect(text).not.toContain('/admin/entries/backup-location');
    expect(text).toContain('<h2 id="untranslated-link">Named links (2)</h2>');
    // Site 1, highlight 1, category 1, tag 1, certification 1, links 2, entries 2.
    expect(text).toContain('9 items lack Swedish.');

    const dashboard = await client.get('/admin');
    expect(dashboard.text).toContain('<a href="/admin/untranslated">9 items lack Swedish</a>');
    const menu = await client.get('/admin/categories');
    expect(menu.text).toContain('<a class="chip" href="/admin/untranslated">Untranslated</a>');
  });

  it('sends a visitor without a session to sign in', async () => {
    const response = await testApp.app.request('http://localhost/admin/untranslated');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toMatch(/^\/admin\/sign-in/);
  });
});
