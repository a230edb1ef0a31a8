import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/create-test-app.js';
import type { Actor } from '../../domain/staff.js';
import { UPDATES_PAGE_SIZE } from '../../domain/update.js';

const BASE = 'https://trust.example.test';

/** An XML element as a strict parser read it. */
interface XmlElement {
  name: string;
  namespace: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** Parses a whole document with a strict, namespace-aware XML parser; any well-formedness error throws. */
function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {};
    for (const [name, attribute] of Object.entries(tag.attributes)) attributes[name] = attribute.value;
    const element: XmlElement = { name: tag.local, namespace: tag.uri, attributes, children: [], text: '' };
    stack.at(-1)?.children.push(element);
    root ??= element;
    stack.push(element);
  });
  parser.on('text', (text) => {
    const current = stack.at(-1);
    if (current) current.text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  if (!root) throw new Error('no root element');
  return root;
}

function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

function only(element: XmlElement, name: string): XmlElement {
  const found = childrenNamed(element, name);
  expect(found, `exactly one <${name}> in <${element.name}>`).toHaveLength(1);
  return found[0] as XmlElement;
}

/** RFC 3339 date-time, as Atom requires for updated and published. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

let testApp: Awaited<ReturnType<typeof createTestApp>>;
let admin: Actor;

async function post(input: { title: string; body: string; category: string; date: string; sv?: boolean }) {
  const context = { actor: admin, baseUrl: BASE };
  const draft = await testApp.container.updates.create(context, {
    title: input.title,
    body: input.body,
    category: input.category,
    date: input.date,
    titleSv: input.sv ? `${input.title} på svenska` : '',
    bodySv: input.sv ? 'En text på svenska.' : '',
  });
  await testApp.container.updates.publish(context, draft.id);
  return draft;
}

beforeAll(async () => {
  testApp = await createTestApp({ content: 'minimal' });
  admin = await testApp.container.staff.createAccount(
    { email: 'owner@norrsken.example', name: 'Owner', role: 'admin', password: 'correct horse battery' },
    undefined,
  );
  await post({
    title: 'Backups & restores tested',
    body: 'We restored a full backup <script>alert(1)</script> in **40 minutes**.',
    category: 'security',
    date: '2026-11-20',
    sv: true,
  });
  await post({ title: 'New data centre in Luleå', body: 'A second site.', category: 'service', date: '2026-11-25' });
  await testApp.container.updates.create(
    { actor: admin, baseUrl: BASE },
    { title: 'Secret draft', body: 'Not yet.', category: 'other', date: '2026-11-30', titleSv: '', bodySv: '' },
  );
});
afterAll(async () => {
  await testApp.close();
});

describe('/updates.atom', () => {
  it('is a well-formed Atom feed with every element RFC 4287 requires', async () => {
    const response = await testApp.app.request(`${BASE}/updates.atom`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const feed = parseXml(await response.text());
    expect(feed.name).toBe('feed');
    expect(feed.namespace).toBe('http://www.w3.org/2005/Atom');
    expect(only(feed, 'id').text).toBe(`${BASE}/updates`);
    expect(only(feed, 'title').text).toBe('Testvik Cloud updates');
    expect(only(feed, 'updated').text).toMatch(DATE_TIME);
    expect(only(only(feed, 'author'), 'name').text).toBe('Testvik Cloud');
    const links = childrenNamed(feed, 'link').map((link) => link.attributes);
    expect(links).toContainEqual({ rel: 'self', type: 'application/atom+xml', href: `${BASE}/updates.atom` });
    expect(links).toContainEqual({ rel: 'alternate', type: 'text/html', href: `${BASE}/updates` });

    const entries = childrenNamed(feed, 'entry');
    // Published only, newest first.
    expect(entries.map((entry) => only(entry, 'title').text)).toEqual([
      'New data centre in Luleå',
      'Backups & restores tested',
    ]);
    const ids = new Set<string>();
    for (const entry of entries) {
      ids.add(only(entry, 'id').text);
      expect(only(entry, 'updated').text).toMatch(DATE_TIME);
      expect(only(entry, 'published').text).toMatch(DATE_TIME);
      expect(only(entry, 'content').attributes.type).toBe('html');
      expect(only(entry, 'link').attributes.href).toMatch(/^https:\/\/trust\.example\.test\/updates\/2026-11-2\d-/);
    }
    expect(ids.size).toBe(2);
    const backups = entries[1] as XmlElement;
    expect(only(backups, 'id').text).toBe(`${BASE}/updates/2026-11-20-backups-restores-tested`);
    const html = only(backups, 'content').text;
    expect(html).toContain('<strong>40 minutes</strong>');
    expect(html).not.toContain('<script');
  });

  it('is in Swedish, with the English ids, for a Swedish reader', async () => {
    const feed = parseXml(await (await testApp.app.request(`${BASE}/sv/updates.atom`)).text());
    expect(feed.attributes['xml:lang'] ?? feed.attributes.lang).toBe('sv');
    const entries = childrenNamed(feed, 'entry');
    expect(only(entries[1] as XmlElement, 'title').text).toBe('Backups & restores tested på svenska');
    expect(only(entries[1] as XmlElement, 'id').text).toBe(`${BASE}/updates/2026-11-20-backups-restores-tested`);
  });
});

describe('/updates', () => {
  it('lists published updates newest first, each linking to its permalink', async () => {
    const response = await testApp.app.request(`${BASE}/updates`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html.indexOf('New data centre in Luleå')).toBeLessThan(html.indexOf('Backups &amp; restores tested'));
    expect(html).toContain('href="/updates/2026-11-20-backups-restores-tested"');
    expect(html).not.toContain('Secret draft');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('2 updates');
  });

  it('filters by category and refuses an unknown one with a clear error', async () => {
    const html = await (await testApp.app.request(`${BASE}/updates?category=security`)).text();
    expect(html).toContain('Backups &amp; restores tested');
    expect(html).not.toContain('New data centre in Luleå');
    const unknown = await testApp.app.request(`${BASE}/updates?category=gossip`);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('There is no update category &quot;gossip&quot;.');
  });

  it('shows one update on its permalink, and not a draft', async () => {
    const page = await testApp.app.request(`${BASE}/updates/2026-11-25-new-data-centre-in-lulea`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h1>New data centre in Luleå</h1>');
    const { items } = await testApp.container.updates.listForStaff(admin, { status: 'draft', page: 1 });
    const draft = items[0];
    expect(draft?.title).toBe('Secret draft');
    expect((await testApp.app.request(`${BASE}/updates/${draft?.slug}`)).status).toBe(404);
  });

  it('pages through many updates', async () => {
    for (let day = 1; day <= UPDATES_PAGE_SIZE + 1; day++) {
      await post({
        title: `Note ${day}`,
        body: 'Text.',
        category: 'other',
        date: `2026-10-${String(day).padStart(2, '0')}`,
      });
    }
    const first = await (await testApp.app.request(`${BASE}/updates?category=other`)).text();
    expect(first).toContain('href="/updates?category=other&amp;page=2"');
    const second = await (await testApp.app.request(`${BASE}/updates?category=other&page=2`)).text();
    expect(second).toContain('Note 1<');
    expect(second).not.toContain('Note 21<');
  });
});

describe('/updates without any', () => {
  it('says there are none yet, or none in the category chosen, in English and in Swedish', async () => {
    const empty = await createTestApp({ content: 'minimal' });
    try {
      const read = async (path: string) => (await empty.app.request(`${BASE}${path}`)).text();
      expect(await read('/updates')).toContain('<p>No updates yet.</p>');
      expect(await read('/updates?category=security')).toContain('<p>No updates in this category yet.</p>');
      expect(await read('/sv/updates')).toContain('<p>Inga uppdateringar ännu.</p>');
      expect(await read('/sv/updates?category=security')).toContain(
        '<p>Inga uppdateringar i den här kategorin ännu.</p>',
      );
    } finally {
      await empty.close();
    }
  });
});

describe('/updates in Swedish', () => {
  it('shows the Swedish text where there is one, and marks an update shown in English', async () => {
    const html = await (await testApp.app.request(`${BASE}/sv/updates`)).text();
    expect(html).toContain('Backups &amp; restores tested på svenska');
    const untranslated = html.slice(html.indexOf('New data centre in Luleå'), html.indexOf('Backups &amp; restores'));
    expect(untranslated).toContain(
      '<p class="count-line not-translated" lang="sv">Inte översatt till svenska ännu: visas på engelska.</p>',
    );
    const translated = html.slice(html.indexOf('Backups &amp; restores tested på svenska'));
    expect(translated.slice(0, translated.indexOf('</article>'))).not.toContain('not-translated');
    expect(html).toContain('<article lang="en">');
  });
});

describe('every public page', () => {
  it('links the Atom feed in its head and has the subscribe form, not a mailto link, in its footer', async () => {
    for (const path of ['/', '/documents', '/updates', '/search?q=backup', '/no-such-page']) {
      const html = await (await testApp.app.request(`${BASE}${path}`)).text();
      const head = html.slice(0, html.indexOf('</head>'));
      expect(head, path).toContain(
        '<link rel="alternate" type="application/atom+xml" href="/updates.atom" title="Testvik Cloud updates"/>',
      );
      expect(html, path).toContain('action="/updates/subscribe"');
      expect(html, path).not.toContain('Subscribe%20to%20trust%20center%20updates');
    }
  });
});

describe('the subscribe form', () => {
  it('takes at most ten posts per IP address in ten minutes, then answers 429 with Retry-After', async () => {
    const send = () =>
      testApp.app.request(`${BASE}/updates/subscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE },
        body: new URLSearchParams({ email: 'not an address', topic: 'all' }).toString(),
      });
    for (let attempt = 1; attempt <= 10; attempt++) expect((await send()).status).toBe(400);
    const limited = await send();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
