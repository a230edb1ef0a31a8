import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CookieClient, readHiddenField } from '../../../test/create-admin-test-app.js';
import { createTestApp } from '../../../test/create-test-app.js';
import { buildMinimalContent, seedContent } from '../../../test/factories.js';

const PASSWORD = 'correct horse battery staple';
let testApp: Awaited<ReturnType<typeof createTestApp>>;

beforeEach(async () => {
  testApp = await createTestApp({ today: '2026-11-27', content: 'none' });
  // The minimal content with two highlights whose order and first title and icon the tests check.
  await seedContent(testApp.container, {
    ...buildMinimalContent(),
    highlights: [
      { title: 'Swedish jurisdiction', text: 'Owned in Sweden.', icon: 'flag', order: 1 },
      { title: 'Data stays in Sweden', text: 'Stored in Sweden.', icon: 'globe', order: 2 },
    ],
  });
  await testApp.container.staff.createAccount(
    { email: 'root@example.test', name: 'Root', role: 'admin', password: PASSWORD },
    undefined,
  );
  await testApp.container.staff.createAccount(
    { email: 'ada@example.test', name: 'Ada', role: 'editor', password: PASSWORD },
    undefined,
  );
});
afterEach(async () => {
  await testApp.close();
});

async function signIn(email: string): Promise<CookieClient> {
  const client = new CookieClient(testApp.app);
  const result = await client.signIn(email, PASSWORD);
  expect(result.response.status).toBe(303);
  return client;
}

/** Opens a page and posts a form to `action` with that page's CSRF token. */
async function submit(client: CookieClient, pagePath: string, action: string, fields: Record<string, string>) {
  const page = await client.get(pagePath);
  expect(page.response.status, `GET ${pagePath}`).toBe(200);
  return client.post(action, { _csrf: readHiddenField(page.text, '_csrf'), ...fields });
}

async function auditEvents(actionPrefix: string) {
  return (await testApp.container.audit.list({ actionPrefix }, 1, 100)).items;
}

async function publicPage(path: string) {
  const response = await testApp.app.request(`http://localhost${path}`);
  return { status: response.status, text: await response.text() };
}

const SITE_FORM = {
  name: 'Testvik Cloud',
  tagline: 'Sovereign cloud, audited every year',
  intro: 'We run a Swedish cloud and answer your security questions here.',
  contactEmail: 'trust@example.test',
  securityContact: 'mailto:security@example.test',
  accentColor: '#0f5c5a',
  slaTitle: 'Service delivery',
  slaSummary: 'How quickly we respond, by priority.',
  slaAvailability: '99.95 %',
  responseTimes: 'P1 | Service unavailable | 15 minutes\nP2 | Service degraded | 1 hour',
};

describe('site settings', () => {
  it('saves a new tagline that the public home page shows at once, and audits the change', async () => {
    const client = await signIn('root@example.test');
    const before = await publicPage('/');
    expect(before.text).not.toContain(SITE_FORM.tagline);

    const saved = await submit(client, '/admin/site', '/admin/site', SITE_FORM);
    expect(saved.response.status).toBe(303);
    expect(saved.response.headers.get('location')).toBe('/admin/site?done=saved');

    const home = await publicPage('/');
    expect(home.text).toContain(SITE_FORM.tagline);
    expect(home.text).toContain('Service unavailable');
    const form = await client.get('/admin/site?done=saved');
    expect(form.text).toContain('The site settings have been saved');
    expect(form.text).toContain('P2 | Service degraded | 1 hour');

    const [event] = await auditEvents('site.');
    expect(event?.action).toBe('site.update');
    expect(event?.actorEmail).toBe('root@example.test');
    expect(event?.summary).toContain(`tagline: `);
    expect(event?.summary).toContain(`-> "${SITE_FORM.tagline}"`);
  });

  it('gives visitors a new accent colour at once, on pages that keep linking the same stylesheet', async () => {
    const client = await signIn('root@example.test');
    const stylesheetOf = (html: string) => /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1];
    const before = await publicPage('/');
    expect(before.text).toContain('<html lang="en" class="a1-1 a2-2 a3-3 a4-4 a5-5 a6-6">');

    const saved = await submit(client, '/admin/site', '/admin/site', { ...SITE_FORM, accentColor: '#AB12EF' });
    expect(saved.response.status).toBe(303);

    for (const path of ['/', '/sv/', '/faq/disk-encryption']) {
      const after = await publicPage(path);
      expect(after.text, path).toMatch(/<html lang="\w\w" class="a1-a a2-b a3-1 a4-2 a5-e a6-f">/);
      expect(stylesheetOf(after.text), path).toBe(stylesheetOf(before.text));
    }
    expect(stylesheetOf(before.text)).toMatch(/^\/assets\/site\.[0-9a-f]{8}\.css$/);
    // Staff pages wear the new colour too.
    for (const path of ['/admin', '/admin/site']) {
      expect((await client.get(path)).text, path).toContain('<html lang="en" class="a1-a a2-b a3-1 a4-2 a5-e a6-f">');
    }
  });

  it('shows every problem next to its field, keeps the values and saves nothing', async () => {
    const client = await signIn('root@example.test');
    const revision = await testApp.container.content.getRevision();
    const bad = await submit(client, '/admin/site', '/admin/site', {
      ...SITE_FORM,
      tagline: '',
      securityContact: 'http://insecure.example.test',
      accentColor: 'teal',
      responseTimes: 'P1 | only two parts',
    });
    expect(bad.response.status).toBe(400);
    expect(bad.text).toContain('There is a problem');
    expect(bad.text).toContain('Tagline must not be empty.');
    expect(bad.text).toContain('mailto: address (mailto:security@example.com) or an https:// URL');
    expect(bad.text).toContain('Enter the accent colour as a # and six hexadecimal digits');
    expect(bad.text).toContain('Line 1 needs three parts');
    for (const field of ['tagline', 'securityContact', 'accentColor', 'responseTimes']) {
      expect(bad.text).toContain(`href="#${field}"`);
      expect(bad.text).toMatch(
        new RegExp(`id="${field}" name="${field}"[^>]*aria-invalid="true" aria-describedby="[^"]*${field}-error"`),
      );
    }
    expect(bad.text).toContain('value="http://insecure.example.test"');
    expect(bad.text).toContain('P1 | only two parts');
    expect(await testApp.container.content.getRevision()).toBe(revision);
    expect(await auditEvents('site.')).toEqual([]);
  });

  it('refuses more than ten response-time rows', async () => {
    const client = await signIn('root@example.test');
    const rows = Array.from({ length: 11 }, (_, index) => `P${index} | Situation ${index} | ${index} hours`).join('\n');
    const bad = await submit(client, '/admin/site', '/admin/site', { ...SITE_FORM, responseTimes: rows });
    expect(bad.response.status).toBe(400);
    expect(bad.text).toContain('Enter at most 10 response-time rows.');
  });
});

describe('categories', () => {
  const NEW_CATEGORY = {
    slug: 'export-control',
    name: 'Export control',
    description: 'Sanctions and export rules.',
    order: '50',
    reviewIntervalDays: '180',
  };

  it('creates a category, then refuses the same slug with 409 on the slug field', async () => {
    const client = await signIn('root@example.test');
    const created = await submit(client, '/admin/categories/new', '/admin/categories', NEW_CATEGORY);
    expect(created.response.status).toBe(303);
    const list = await client.get('/admin/categories?done=created');
    expect(list.text).toContain('The category has been created.');
    expect(list.text).toContain('Export control');
    expect(list.text).toContain('180 days');

    const again = await submit(client, '/admin/categories/new', '/admin/categories', {
      ...NEW_CATEGORY,
      name: 'Another name',
    });
    expect(again.response.status).toBe(409);
    expect(again.text).toContain('The slug &quot;export-control&quot; is already in use; choose another.');
    expect(again.text).toMatch(/id="slug" name="slug"[^>]*aria-invalid="true"/);
    expect(again.text).toContain('value="Another name"');
    const content = await testApp.container.content.getContent();
    expect(content.categories.filter((category) => category.slug === 'export-control').map((c) => c.name)).toEqual([
      'Export control',
    ]);
    expect((await auditEvents('category.')).map((event) => event.action)).toEqual(['category.create']);
  });

  it('validates the review interval (1–3650 days) and the slug, keeping the values', async () => {
    const client = await signIn('root@example.test');
    const bad = await submit(client, '/admin/categories/new', '/admin/categories', {
      ...NEW_CATEGORY,
      slug: 'Export Control',
      reviewIntervalDays: '3651',
      name: '',
    });
    expect(bad.response.status).toBe(400);
    expect(bad.text).toContain('The slug may only hold lowercase letters');
    expect(bad.text).toContain('Enter the review interval as a whole number of days from 1 to 3650.');
    expect(bad.text).toContain('Name must not be empty.');
    expect(bad.text).toContain('value="Export Control"');
    expect(bad.text).toContain('value="3651"');
    expect(await auditEvents('category.')).toEqual([]);
  });

  it('edits a category and audits before and after', async () => {
    const client = await signIn('root@example.test');
    const [category] = (await testApp.container.content.getContent()).categories;
    if (!category) throw new Error('no category in the test content');
    const saved = await submit(client, `/admin/categories/${category.slug}`, `/admin/categories/${category.slug}`, {
      name: 'Renamed category',
      description: category.description,
      order: String(category.order),
      reviewIntervalDays: '90',
    });
    expect(saved.response.status).toBe(303);
    expect((await publicPage(`/category/${category.slug}`)).text).toContain('Renamed category');
    const [event] = await auditEvents('category.');
    expect(event?.summary).toContain(`name: "${category.name}" -> "Renamed category"`);
    expect(event?.summary).toContain(`reviewIntervalDays: ${category.reviewIntervalDays} -> 90`);
  });

  it('refuses to delete a category entries use, naming how many, and deletes an unused one', async () => {
    const client = await signIn('root@example.test');
    const content = await testApp.container.content.getContent();
    const used = content.categories.find((category) =>
      content.entries.some((entry) => entry.category === category.slug),
    );
    if (!used) throw new Error('no used category');
    const count = content.entries.filter((entry) => entry.category === used.slug).length;

    const confirm = await client.get(`/admin/categories/${used.slug}/delete`);
    expect(confirm.text).toContain(`${count} entries use this category, so it cannot be deleted.`);
    const refused = await client.post(`/admin/categories/${used.slug}/delete`, {
      _csrf: readHiddenField(confirm.text, '_csrf'),
    });
    expect(refused.response.status).toBe(409);
    expect(refused.text).toContain(`${count} entries use it`);
    expect(
      (await testApp.container.content.getContent()).categories.some((category) => category.slug === used.slug),
    ).toBe(true);

    await submit(client, '/admin/categories/new', '/admin/categories', NEW_CATEGORY);
    const deleted = await submit(
      client,
      '/admin/categories/export-control/delete',
      '/admin/categories/export-control/delete',
      {},
    );
    expect(deleted.response.status).toBe(303);
    expect((await client.get('/admin/categories?done=deleted')).text).toContain('The category has been deleted.');
    expect((await auditEvents('category.')).map((event) => event.action)).toEqual([
      'category.delete',
      'category.create',
    ]);
  });
});

describe('tags', () => {
  it('warns on a confirmation page, then deletes the tag from every entry; its public page is gone', async () => {
    const client = await signIn('root@example.test');
    const content = await testApp.container.content.getContent();
    const tag = content.tags.find((candidate) =>
      content.entries.some((entry) => entry.status === 'published' && entry.tags.includes(candidate.slug)),
    );
    if (!tag) throw new Error('no used tag');
    const carriers = content.entries.filter((entry) => entry.tags.includes(tag.slug)).length;
    expect((await publicPage(`/tag/${tag.slug}`)).status).toBe(200);

    const confirm = await client.get(`/admin/tags/${tag.slug}/delete`);
    expect(confirm.response.status).toBe(200);
    expect(confirm.text).toContain(
      `This tag is on ${carriers} ${carriers === 1 ? 'entry' : 'entries'}. Deleting it removes it`,
    );
    expect((await testApp.container.content.getContent()).tags.some((t) => t.slug === tag.slug)).toBe(true);

    const deleted = await client.post(`/admin/tags/${tag.slug}/delete`, {
      _csrf: readHiddenField(confirm.text, '_csrf'),
    });
    expect(deleted.response.status).toBe(303);
    expect((await publicPage(`/tag/${tag.slug}`)).status).toBe(404);
    const after = await testApp.container.content.getContent();
    expect(after.tags.some((t) => t.slug === tag.slug)).toBe(false);
    expect(after.entries.filter((entry) => entry.tags.includes(tag.slug))).toEqual([]);
    const [event] = await auditEvents('tag.');
    expect(event?.action).toBe('tag.delete');
    expect(event?.summary).toContain(`removed from ${carriers}`);
  });

  it('creates and renames a tag', async () => {
    const client = await signIn('root@example.test');
    expect((await submit(client, '/admin/tags/new', '/admin/tags', { slug: 'cra', name: 'CRA' })).response.status).toBe(
      303,
    );
    expect(
      (await submit(client, '/admin/tags/new', '/admin/tags', { slug: 'cra', name: 'Again' })).response.status,
    ).toBe(409);
    expect((await submit(client, '/admin/tags/new', '/admin/tags', { slug: 'new', name: 'Reserved' })).text).toContain(
      'This slug is reserved',
    );
    expect(
      (await submit(client, '/admin/tags/cra', '/admin/tags/cra', { name: 'Cyber Resilience Act' })).response.status,
    ).toBe(303);
    expect((await client.get('/admin/tags')).text).toContain('Cyber Resilience Act');
    expect((await auditEvents('tag.')).map((event) => event.action)).toEqual(['tag.update', 'tag.create']);
  });
});

describe('highlights', () => {
  it('lists highlights in order; an edit appears on the public home page at once', async () => {
    const client = await signIn('root@example.test');
    const list = await client.get('/admin/highlights');
    expect(list.response.status).toBe(200);
    expect(list.text.indexOf('Swedish jurisdiction')).toBeLessThan(list.text.indexOf('Data stays in Sweden'));
    const id = /href="\/admin\/highlights\/(\d+)"/.exec(list.text)?.[1];
    if (!id) throw new Error('no highlight link');

    const saved = await submit(client, `/admin/highlights/${id}`, `/admin/highlights/${id}`, {
      title: 'Owned and run in Sweden',
      text: 'No parent company outside the EU.',
      icon: 'shield',
      order: '1',
    });
    expect(saved.response.status).toBe(303);
    const home = await publicPage('/');
    expect(home.text).toContain('Owned and run in Sweden');
    expect(home.text).not.toContain('<h3>Swedish jurisdiction</h3>');
    const [event] = await auditEvents('highlight.');
    expect(event?.summary).toContain('title: "Swedish jurisdiction" -> "Owned and run in Sweden"');
    expect(event?.summary).toContain('icon: "flag" -> "shield"');
  });

  it('enforces the title and text limits and the icon list, then creates and deletes with confirmation', async () => {
    const client = await signIn('root@example.test');
    const bad = await submit(client, '/admin/highlights/new', '/admin/highlights', {
      title: 'x'.repeat(81),
      text: 'y'.repeat(301),
      icon: 'rocket',
      order: '-1',
    });
    expect(bad.response.status).toBe(400);
    expect(bad.text).toContain('Title must be at most 80 characters.');
    expect(bad.text).toContain('Text must be at most 300 characters.');
    expect(bad.text).toContain('Choose an icon from the list.');
    expect(bad.text).toContain('Enter the order as a whole number, 0 or more.');

    const created = await submit(client, '/admin/highlights/new', '/admin/highlights', {
      title: 'Green power',
      text: 'Renewable.',
      icon: 'leaf',
      order: '9',
    });
    expect(created.response.status).toBe(303);
    expect((await publicPage('/')).text).toContain('Green power');
    const list = await client.get('/admin/highlights');
    const id = /href="\/admin\/highlights\/(\d+)">Edit<span class="visually-hidden"> Green power/.exec(list.text)?.[1];
    if (!id) throw new Error('no link to the new highlight');
    const confirm = await client.get(`/admin/highlights/${id}/delete`);
    expect(confirm.text).toContain('The card disappears from the home page at once.');
    const deleted = await client.post(`/admin/highlights/${id}/delete`, {
      _csrf: readHiddenField(confirm.text, '_csrf'),
    });
    expect(deleted.response.status).toBe(303);
    expect((await publicPage('/')).text).not.toContain('Green power');
    expect((await auditEvents('highlight.')).map((event) => event.action)).toEqual([
      'highlight.delete',
      'highlight.create',
    ]);
    expect((await auditEvents('highlight.'))[1]?.targetId).toBe(id);
  });
});

describe('certifications', () => {
  const CERTIFICATION = {
    name: 'ISO/IEC 27701',
    issuer: 'Example Certification AB',
    certificateNumber: 'PIMS 123',
    scope: 'Privacy information management for the cloud platform.',
    validFrom: '2026-03-01',
    validUntil: '2026-02-01',
  };

  it('refuses valid-until before valid-from with a message on that field and saves nothing', async () => {
    const client = await signIn('root@example.test');
    const before = (await testApp.container.content.getContent()).certifications.length;
    const revision = await testApp.container.content.getRevision();
    const bad = await submit(client, '/admin/certifications/new', '/admin/certifications', CERTIFICATION);
    expect(bad.response.status).toBe(400);
    expect(bad.text).toContain('The valid-until date must be on or after the valid-from date.');
    expect(bad.text).toMatch(
      /id="validUntil" name="validUntil"[^>]*aria-invalid="true" aria-describedby="validUntil-hint validUntil-error"/,
    );
    expect(bad.text).toContain('value="2026-02-01"');
    expect(bad.text).toContain('value="PIMS 123"');
    expect((await testApp.container.content.getContent()).certifications).toHaveLength(before);
    expect(await testApp.container.content.getRevision()).toBe(revision);
    expect(await auditEvents('certification.')).toEqual([]);

    const notADate = await submit(client, '/admin/certifications/new', '/admin/certifications', {
      ...CERTIFICATION,
      validFrom: '2026-13-01',
    });
    expect(notADate.response.status).toBe(400);
    expect(notADate.text).toContain('Enter a real date written YYYY-MM-DD');
  });

  it('marks expired certifications in words and creates, edits and deletes one', async () => {
    const client = await signIn('root@example.test');
    const created = await submit(client, '/admin/certifications/new', '/admin/certifications', {
      ...CERTIFICATION,
      validUntil: '2025-12-31',
      validFrom: '2024-01-01',
    });
    expect(created.response.status).toBe(303);
    const list = await client.get('/admin/certifications');
    const row = /<tr><th scope="row">ISO\/IEC 27701<\/th>.*?<\/tr>/s.exec(list.text)?.[0] ?? '';
    expect(row).toContain('<strong>Expired</strong>');
    const id = /href="\/admin\/certifications\/(\d+)"/.exec(row)?.[1];
    if (!id) throw new Error('no link to the new certification');
    const edited = await submit(client, `/admin/certifications/${id}`, `/admin/certifications/${id}`, {
      ...CERTIFICATION,
      validFrom: '2026-01-01',
      validUntil: '2029-01-01',
    });
    expect(edited.response.status).toBe(303);
    expect((await publicPage('/')).text).toContain('ISO/IEC 27701');
    const deleted = await submit(
      client,
      `/admin/certifications/${id}/delete`,
      `/admin/certifications/${id}/delete`,
      {},
    );
    expect(deleted.response.status).toBe(303);
    expect((await publicPage('/')).text).not.toContain('ISO/IEC 27701');
    const events = await auditEvents('certification.');
    expect(events.map((event) => event.action)).toEqual([
      'certification.delete',
      'certification.update',
      'certification.create',
    ]);
    expect(events[1]?.summary).toContain('validUntil: "2025-12-31" -> "2029-01-01"');
  });
});

describe('permissions', () => {
  it('lets an editor read the lists but answers 403 to every change', async () => {
    const client = await signIn('ada@example.test');
    const content = await testApp.container.content.getContent();
    const category = content.categories[0]?.slug ?? '';
    const tag = content.tags[0]?.slug ?? '';
    for (const path of [
      '/admin/site',
      '/admin/categories',
      '/admin/tags',
      '/admin/highlights',
      '/admin/certifications',
    ]) {
      expect((await client.get(path)).response.status, path).toBe(200);
    }
    const site = await client.get('/admin/site');
    expect(site.text).toContain('Your role can read this but not change it.');
    expect(site.text).not.toContain('Save site settings');
    const token = readHiddenField(site.text, '_csrf');
    const posts = [
      '/admin/site',
      '/admin/categories',
      `/admin/categories/${category}`,
      `/admin/categories/${category}/delete`,
      '/admin/tags',
      `/admin/tags/${tag}`,
      `/admin/tags/${tag}/delete`,
      '/admin/highlights',
      '/admin/highlights/1',
      '/admin/highlights/1/delete',
      '/admin/certifications',
      '/admin/certifications/1',
      '/admin/certifications/1/delete',
    ];
    for (const path of posts) {
      const result = await client.post(path, {
        _csrf: token,
        ...SITE_FORM,
        slug: 'x',
        title: 'x',
        text: 'x',
        icon: 'leaf',
        order: '1',
      });
      expect(result.response.status, path).toBe(403);
    }
    for (const path of ['/admin/categories/new', `/admin/tags/${tag}/delete`]) {
      expect((await client.get(path)).response.status, path).toBe(403);
    }
    expect(
      (await testApp.container.audit.list({}, 1, 100)).items.filter((event) =>
        /^(site|category|tag|highlight|certification)\./.test(event.action),
      ),
    ).toEqual([]);
  });

  it('refuses a change without the CSRF field', async () => {
    const client = await signIn('root@example.test');
    const result = await client.post('/admin/tags', { slug: 'no-token', name: 'No token' });
    expect(result.response.status).toBe(403);
    expect((await testApp.container.content.getContent()).tags.some((tag) => tag.slug === 'no-token')).toBe(false);
  });
});

describe('pagination', () => {
  it('shows 50 tags per page with a link to the next page', async () => {
    const client = await signIn('root@example.test');
    const token = readHiddenField((await client.get('/admin/tags/new')).text, '_csrf');
    // With the minimal content's two tags, enough for a second page.
    for (let index = 0; index < 53; index++) {
      const created = await client.post('/admin/tags', {
        _csrf: token,
        slug: `bulk-${String(index).padStart(2, '0')}`,
        name: `Bulk ${index}`,
      });
      expect(created.response.status).toBe(303);
    }
    const total = (await testApp.container.content.getContent()).tags.length;
    expect(total).toBe(55);
    const first = await client.get('/admin/tags');
    expect(first.text.match(/<tr><th scope="row">/g)).toHaveLength(50);
    expect(first.text).toContain(`Page 1 of ${Math.ceil(total / 50)}`);
    expect(first.text).toContain('href="/admin/tags?page=2"');
    const second = await client.get('/admin/tags?page=2');
    expect(second.text.match(/<tr><th scope="row">/g)).toHaveLength(total - 50);
  });
});

describe('Swedish beside the English', () => {
  it('saves the site texts and SLA card in Swedish, shows them again and audits them', async () => {
    const client = await signIn('root@example.test');
    const form = await client.get('/admin/site');
    expect(form.text).toMatch(/<legend>Swedish \(svenska\)<\/legend>/);
    expect(form.text).toMatch(/<input id="svTagline" name="svTagline"/);
    const saved = await submit(client, '/admin/site', '/admin/site', {
      ...SITE_FORM,
      svTagline: 'Suveränt moln, granskat varje år',
      svSlaAvailability: '99,95 %',
      svResponseTimes: 'Tjänsten är nere | 15 minuter\nTjänsten är försämrad | 1 timme',
    });
    expect(saved.response.status).toBe(303);
    const site = await testApp.container.siteContent.getSite();
    expect(site.translations?.sv).toEqual({
      tagline: 'Suveränt moln, granskat varje år',
      slaAvailability: '99,95 %',
      responseTimes: [
        { description: 'Tjänsten är nere', response: '15 minuter' },
        { description: 'Tjänsten är försämrad', response: '1 timme' },
      ],
    });
    const again = await client.get('/admin/site');
    expect(again.text).toContain('value="Suveränt moln, granskat varje år"');
    const [event] = await auditEvents('site.');
    expect(event?.summary).toContain('tagline (Swedish): "" -> "Suveränt moln, granskat varje år"');
  });

  it('refuses Swedish response times of another count than the English, on that field, and saves nothing', async () => {
    const client = await signIn('root@example.test');
    const refused = await submit(client, '/admin/site', '/admin/site', {
      ...SITE_FORM,
      svTagline: 'Ny slogan',
      svResponseTimes: 'Bara en rad | 1 timme',
    });
    expect(refused.response.status).toBe(400);
    expect(refused.text).toMatch(
      /id="svResponseTimes-error"><strong>Error:<\/strong> The Swedish response times have 1/,
    );
    expect((await testApp.container.siteContent.getSite()).translations).toBeUndefined();
  });

  it('saves a category, tag, highlight and certification in Swedish; a half-typed pair is refused on its field', async () => {
    const client = await signIn('root@example.test');
    const category = buildMinimalContent().categories[0];
    if (!category) throw new Error('the minimal content has a category');
    const path = `/admin/categories/${category.slug}`;
    const fields = {
      name: category.name,
      description: category.description,
      order: String(category.order),
      reviewIntervalDays: String(category.reviewIntervalDays),
    };
    const half = await submit(client, path, path, { ...fields, svName: 'Lagring' });
    expect(half.response.status).toBe(400);
    expect(half.text).toMatch(/id="svDescription-error"><strong>Error:<\/strong>/);
    expect((await testApp.container.siteContent.getCategory(category.slug)).translations).toBeUndefined();

    const saved = await submit(client, path, path, { ...fields, svName: 'Lagring', svDescription: 'Var data finns.' });
    expect(saved.response.status).toBe(303);
    expect((await testApp.container.siteContent.getCategory(category.slug)).translations?.sv).toEqual({
      name: 'Lagring',
      description: 'Var data finns.',
    });

    expect(
      (await submit(client, '/admin/tags/gdpr', '/admin/tags/gdpr', { name: 'GDPR', svName: 'Dataskydd' })).response
        .status,
    ).toBe(303);
    expect((await testApp.container.siteContent.getTag('gdpr')).translations?.sv?.name).toBe('Dataskydd');

    const highlights = await testApp.container.siteContent.listHighlights(1, 10);
    const highlight = highlights.items[0];
    if (!highlight) throw new Error('a highlight was seeded');
    const highlightPath = `/admin/highlights/${highlight.id}`;
    const highlightSaved = await submit(client, highlightPath, highlightPath, {
      title: highlight.title,
      text: highlight.text,
      icon: highlight.icon,
      order: String(highlight.order),
      svTitle: 'Svensk jurisdiktion',
      svText: 'Ägt i Sverige.',
    });
    expect(highlightSaved.response.status).toBe(303);
    expect((await testApp.container.siteContent.getHighlight(highlight.id)).translations?.sv?.title).toBe(
      'Svensk jurisdiktion',
    );

    const certification = (await testApp.container.siteContent.listCertifications(1, 10)).items[0];
    if (!certification) throw new Error('a certification was seeded');
    const certificationPath = `/admin/certifications/${certification.id}`;
    const certificationSaved = await submit(client, certificationPath, certificationPath, {
      name: certification.name,
      issuer: certification.issuer,
      certificateNumber: certification.certificateNumber,
      scope: certification.scope,
      validFrom: certification.validFrom,
      validUntil: certification.validUntil,
      document: '',
      svScope: 'Zonen i Testvik.',
    });
    expect(certificationSaved.response.status).toBe(303);
    const content = await testApp.container.content.getContent();
    expect(content.certifications[0]?.translations?.sv?.scope).toBe('Zonen i Testvik.');
    expect(content.tags.find((tag) => tag.slug === 'gdpr')?.translations?.sv?.name).toBe('Dataskydd');

    // Emptied again: not translated any more.
    await submit(client, '/admin/tags/gdpr', '/admin/tags/gdpr', { name: 'GDPR', svName: '' });
    expect((await testApp.container.siteContent.getTag('gdpr')).translations).toBeUndefined();
    const events = await auditEvents('tag.');
    expect(events[0]?.summary).toContain('name (Swedish): "Dataskydd" -> ""');
  });

  it('refuses a Swedish change without the CSRF field', async () => {
    const client = await signIn('root@example.test');
    const response = await client.post('/admin/tags/gdpr', { name: 'GDPR', svName: 'Dataskydd' });
    expect(response.response.status).toBe(403);
    expect((await testApp.container.siteContent.getTag('gdpr')).translations).toBeUndefined();
  });
});
