import { afterEach, describe, expect, it } from 'vitest';
import { parseContentFiles, serializeContent } from '../src/services/content-format.js';
import { createTestApp } from './create-test-app.js';
import {
  buildMinimalContent,
  createCategory,
  createCertification,
  createEntry,
  createHighlight,
  createSite,
  createStaffUser,
  createTag,
  MINIMAL_SITE,
} from './factories.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let testApp: TestApp | undefined;
afterEach(async () => {
  await testApp?.close();
  testApp = undefined;
});

describe('test factories', () => {
  it('build a minimal content set that `tillit import` accepts as it is', () => {
    const content = buildMinimalContent();
    const parsed = parseContentFiles(serializeContent(content));
    expect(parsed.ok ? [] : parsed.problems).toEqual([]);
    // Entries come back in file-name order.
    const bySlug = (a: { slug: string }, b: { slug: string }) => a.slug.localeCompare(b.slug);
    if (parsed.ok) {
      expect({ ...parsed.content, entries: parsed.content.entries.toSorted(bySlug) }).toEqual({
        ...content,
        entries: content.entries.toSorted(bySlug),
      });
    }
  });

  it('start a test app empty, or with the minimal content and nothing of the example folder', async () => {
    testApp = await createTestApp({ content: 'none' });
    expect(await testApp.container.content.hasContent()).toBe(false);
    await testApp.close();
    testApp = await createTestApp({ content: 'minimal' });
    const published = await testApp.container.publicSite.getPublishedSite();
    expect(published.site.name).toBe(MINIMAL_SITE.name);
    expect(published.entries.map((entry) => entry.slug).sort()).toEqual([
      'backup-location',
      'disk-encryption',
      'staff-screening',
    ]);
  });

  it('create a site, taxonomy, cards and entries through the services, each visible where staff and visitors look', async () => {
    testApp = await createTestApp({ content: 'none' });
    const { container, app } = testApp;
    const site = await createSite(container, { name: 'Factory Site', contactEmail: 'hello@factory.example' });
    expect(site.name).toBe('Factory Site');
    const category = await createCategory(container, { slug: 'networks', name: 'Networks' });
    const tag = await createTag(container, { slug: 'nis2', name: 'NIS2' });
    const highlight = await createHighlight(container, { title: 'Built by a factory' });
    const certification = await createCertification(container, { name: 'SOC 2 Type II' });
    const published = await createEntry(container, {
      slug: 'firewalls',
      question: 'Do you run firewalls?',
      category: category.slug,
      tags: [tag.slug],
      controls: ['A.8.20'],
      alternativePhrasings: ['Is traffic filtered?'],
    });
    const draft = await createEntry(container, { slug: 'draft-one', category: category.slug, status: 'draft' });
    const archived = await createEntry(container, { slug: 'old-one', category: category.slug, status: 'archived' });
    expect([published.status, draft.status, archived.status]).toEqual(['published', 'draft', 'archived']);
    expect(published).toMatchObject({ controls: ['A.8.20'], alternativePhrasings: ['Is traffic filtered?'] });

    const home = await (await app.request('/')).text();
    for (const text of ['Factory Site', 'Networks', 'Built by a factory', 'SOC 2 Type II'])
      expect(home).toContain(text);
    const page = await app.request('/faq/firewalls');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Do you run firewalls?');
    expect((await app.request('/faq/draft-one')).status).toBe(404);
    expect((await app.request('/faq/old-one')).status).toBe(404);
    expect(highlight.id).toBeGreaterThan(0);
    expect(certification.id).toBeGreaterThan(0);
  });

  it('create a staff user per role who can sign in with the returned password', async () => {
    testApp = await createTestApp({ content: 'minimal' });
    for (const role of ['viewer', 'editor', 'admin'] as const) {
      const user = await createStaffUser(testApp.container, role);
      expect(user.actor.role).toBe(role);
      const grant = await testApp.container.signIn.withPassword({ email: user.actor.email, password: user.password });
      expect(grant).toMatchObject({ actor: { userId: user.actor.userId, role } });
    }
  });
});
