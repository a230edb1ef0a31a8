import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/create-test-app.js';
import { buildSubprocessorFields, createStaffUser, SUBPROCESSOR_SWEDISH } from '../../../test/factories.js';
import type { SubprocessorFields } from '../../domain/subprocessor.js';
import { parseCsv } from '../../questionnaire/csv.js';
import { SUBPROCESSOR_CSV_COLUMNS, type SubprocessorJson } from '../../services/subprocessor-export.js';

let testApp: Awaited<ReturnType<typeof createTestApp>>;

const BASE: SubprocessorFields = buildSubprocessorFields({ since: '2022-09-15', translations: SUBPROCESSOR_SWEDISH });

beforeAll(async () => {
  testApp = await createTestApp({ content: 'minimal', today: '2026-11-27' });
  const admin = await createStaffUser(testApp.container, 'admin');
  const publish = async (slug: string, fields: SubprocessorFields) => {
    await testApp.container.subprocessors.createSubprocessor(admin.context, slug, fields);
    await testApp.container.subprocessors.approve(admin.context, slug);
  };
  await publish('kantnat-cdn', BASE);
  await publish('vaktpost', {
    ...BASE,
    name: 'Vaktpost',
    legalEntity: 'Vaktpost Europe B.V.',
    // A cell a spreadsheet would run as a formula, and text that must be escaped on the page.
    purpose: '=HYPERLINK("https://evil.example") checks <script>alert(1)</script> endpoints, "quoted", on two, lines',
    translations: undefined,
    dataCategories: ['responses of public endpoints'],
    locations: ['NL'],
    parentCompany: 'Vaktpost Holdings Inc.',
    parentJurisdiction: 'US',
    nonEuLaw: { law: 'US CLOUD Act', explanation: 'The parent company is incorporated in the United States.' },
    since: '2023-03-01',
  });
  await publish('old-backup', {
    ...BASE,
    name: 'Old backup',
    locations: ['SE'],
    since: '2018-06-01',
    until: '2024-12-31',
  });
  await testApp.container.subprocessors.createSubprocessor(admin.context, 'secret-draft', {
    ...BASE,
    name: 'Secret draft',
  });
});
afterAll(async () => {
  await testApp.close();
});

async function get(path: string) {
  const response = await testApp.app.request(`https://trust.example.test${path}`);
  return { response, text: await response.text() };
}

describe('the public subprocessor page', () => {
  it('lists current ones and former ones apart, published only, with every fact and the non-EU law badge', async () => {
    const { response, text } = await get('/subprocessors');
    expect(response.status).toBe(200);
    const current = text.slice(text.indexOf('id="current-subprocessors"'), text.indexOf('id="former-subprocessors"'));
    const former = text.slice(text.indexOf('id="former-subprocessors"'));
    expect(current).toContain('<h3>Kantnät CDN</h3>');
    expect(current).toContain('<h3>Vaktpost</h3>');
    expect(current).not.toContain('Old backup');
    expect(former).toContain('<h3>Old backup</h3>');
    expect(former).toContain('1 June 2018 to 31 December 2024');
    expect(text).not.toContain('Secret draft');
    expect(current).toContain('<p class="law-badge">Reachable by US CLOUD Act</p>');
    expect(current).toContain('Vaktpost Holdings Inc. (United States)');
    expect(current).toContain('France, Sweden');
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).not.toContain('<script>alert(1)</script>');
    expect(text).toContain('<a class="chip" href="/subprocessors" aria-current="page">Subprocessors</a>');
  });

  it('filters without JavaScript: country, data category, non-EU law and current or former', async () => {
    const names = (html: string) => [...html.matchAll(/<h3>([^<]+)<\/h3>/g)].map((match) => match[1]);
    expect(names((await get('/subprocessors?country=SE')).text)).toEqual(['Kantnät CDN', 'Old backup']);
    expect(names((await get('/subprocessors?non_eu_law=yes')).text)).toEqual(['Vaktpost']);
    expect(names((await get('/subprocessors?non_eu_law=no&state=current')).text)).toEqual(['Kantnät CDN']);
    expect(names((await get('/subprocessors?category=responses+of+public+endpoints')).text)).toEqual(['Vaktpost']);
    expect(names((await get('/subprocessors?state=ended')).text)).toEqual(['Old backup']);
    const filtered = (await get('/subprocessors?country=SE')).text;
    expect(filtered).toContain('<option value="SE" selected="">Sweden</option>');
    expect(filtered).toContain('href="/subprocessors.csv?country=SE"');
  });

  it('refuses a filter that is not a country code, and answers 304 to a repeated request', async () => {
    const bad = await get('/subprocessors?country=XX');
    expect(bad.response.status).toBe(400);
    expect(bad.text).toContain('ISO 3166-1 alpha-2');
    const first = await get('/subprocessors');
    const etag = first.response.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    const again = await testApp.app.request('https://trust.example.test/subprocessors', {
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
  });

  it('shows the Swedish purpose to Swedish visitors, and marks an English fallback', async () => {
    const { text } = await get('/sv/subprocessors');
    expect(text).toContain('Innehållsleverans av publikt webbinnehåll.');
    expect(text).toContain('Inte översatt än');
    expect(text).toContain('Frankrike, Sverige');
    expect(text).toContain('<h2 id="former-subprocessors">Tidigare underbiträden</h2>');
  });
});

describe('the CSV and JSON exports', () => {
  it('writes RFC 4180 CSV that parses back to the same rows, with formula-like cells defused', async () => {
    const response = await testApp.app.request('https://trust.example.test/subprocessors.csv');
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="subprocessors.csv"');
    const bytes = new Uint8Array(await response.arrayBuffer());
    // A UTF-8 byte order mark first, so spreadsheets read å, ä and ö.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([...SUBPROCESSOR_CSV_COLUMNS]);
    const bySlug = new Map(
      rows.map((row) => [row[0], Object.fromEntries(header?.map((name, i) => [name, row[i]]) ?? [])]),
    );
    expect([...bySlug.keys()]).toEqual(['kantnat-cdn', 'vaktpost', 'old-backup']);
    expect(bySlug.get('vaktpost')).toMatchObject({
      purpose: `'=HYPERLINK("https://evil.example") checks <script>alert(1)</script> endpoints, "quoted", on two, lines`,
      non_eu_law: 'US CLOUD Act',
      parent_jurisdiction: 'US',
      status: 'current',
    });
    expect(bySlug.get('kantnat-cdn')).toMatchObject({
      locations: 'FR; SE',
      location_names: 'France; Sweden',
      purpose_sv: 'Innehållsleverans av publikt webbinnehåll.',
    });
    expect(bySlug.get('old-backup')).toMatchObject({ until: '2024-12-31', status: 'ended' });
    expect(parseCsv((await get('/subprocessors.csv?state=ended')).text).length).toBe(2);
  });

  it('writes JSON in the documented shape, with generatedAt and the filter applied', async () => {
    const { response, text } = await get('/subprocessors.json?non_eu_law=yes');
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const parsed: SubprocessorJson = JSON.parse(text);
    expect(Number.isNaN(Date.parse(parsed.generatedAt))).toBe(false);
    expect(parsed.filter).toEqual({ country: null, category: null, nonEuLaw: 'yes', state: null });
    expect(parsed.subprocessors).toEqual([
      {
        slug: 'vaktpost',
        name: 'Vaktpost',
        legalEntity: 'Vaktpost Europe B.V.',
        purpose: {
          en: '=HYPERLINK("https://evil.example") checks <script>alert(1)</script> endpoints, "quoted", on two, lines',
          sv: null,
        },
        dataCategories: ['responses of public endpoints'],
        locations: [{ code: 'NL', name: 'Netherlands' }],
        parentCompany: { name: 'Vaktpost Holdings Inc.', jurisdiction: 'US' },
        nonEuLaw: { law: 'US CLOUD Act', explanation: 'The parent company is incorporated in the United States.' },
        since: '2023-03-01',
        until: null,
        status: 'current',
      },
    ]);
  });
});
