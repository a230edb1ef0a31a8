import { describe, expect, it } from 'vitest';
import { buildSwedishContent } from '../../test/swedish-content.js';
import type { ContentService } from './content.service.js';
import { buildPublishedSite, PublicSiteService } from './public-site.service.js';

describe('buildPublishedSite in Swedish', () => {
  const content = buildSwedishContent();
  const swedish = buildPublishedSite(content, 7, new Map(), 'sv');
  const english = buildPublishedSite(content, 7, new Map(), 'en');

  it('shows each translated entry in Swedish and the others in English, saying which', () => {
    expect(swedish.language).toBe('sv');
    const disk = swedish.findEntry('disk-encryption');
    expect(disk).toMatchObject({ language: 'sv', question: 'Är diskarna krypterade?' });
    expect(disk?.alternativePhrasings).toEqual(['Krypteras lagringen?']);
    expect(disk?.answerText).toContain('Varje disk krypteras med AES-256');
    expect(disk?.questionnaireMarkdown).toContain('Varje disk krypteras');
    expect(swedish.findEntry('staff-screening')).toMatchObject({
      language: 'en',
      question: 'Do you screen new staff?',
    });
  });

  it('links a Swedish answer to the Swedish pages of the site, and named links to where they point', () => {
    const html = swedish.findEntry('disk-encryption')?.answerHtml ?? '';
    expect(html).toContain('href="/sv/category/storage"');
    expect(html).toContain('href="https://testvik.example/support"');
  });

  it('resolves categories, tags, highlights, certifications and links, English where untranslated', () => {
    expect(swedish.findCategory('storage')).toMatchObject({
      name: 'Lagring',
      description: 'Var data förvaras.',
      language: 'sv',
    });
    expect(swedish.findCategory('people')).toMatchObject({ name: 'People', language: 'en' });
    expect(swedish.findTag('gdpr')).toMatchObject({ name: 'Dataskydd', language: 'sv' });
    expect(swedish.findTag('crypto')).toMatchObject({ name: 'Crypto', language: 'en' });
    expect(swedish.findEntry('backup-location')?.category).toMatchObject({ name: 'Lagring', language: 'sv' });
    expect(swedish.findEntry('backup-location')?.tags).toEqual([
      expect.objectContaining({ name: 'Dataskydd', language: 'sv' }),
    ]);
    expect(swedish.highlights[0]).toMatchObject({ title: 'Kvar i Testvik', language: 'sv' });
    expect(swedish.certifications[0]).toMatchObject({
      scope: 'Testvikzonen.',
      name: 'ISO/IEC 27001:2022',
      language: 'sv',
    });
    expect(swedish.findLink('support-terms')).toMatchObject({ title: 'Support terms', language: 'en' });
  });

  it('takes the site texts one by one, and the service card only when all of it is translated', () => {
    expect(swedish.site.tagline).toBe('En liten leverantör som bara finns i tester.');
    expect(swedish.site.sla.title).toBe('Support times');
    expect(swedish.siteLanguages).toEqual({ tagline: 'sv', intro: 'sv', sla: 'en' });
    const withCard = buildSwedishContent();
    withCard.site.translations = {
      sv: {
        slaTitle: 'Supporttider',
        slaSummary: 'Hur fort vi svarar.',
        responseTimes: [{ description: 'Allt ligger nere', response: '30 minuter' }],
      },
    };
    const card = buildPublishedSite(withCard, 1, new Map(), 'sv');
    expect(card.siteLanguages).toEqual({ tagline: 'en', intro: 'en', sla: 'sv' });
    expect(card.site.sla).toMatchObject({ title: 'Supporttider', availability: '99.9 %' });
    expect(card.site.sla.responseTimes).toEqual([
      { priority: 'P1', description: 'Allt ligger nere', response: '30 minuter' },
    ]);
    // A card whose rows are not all translated stays English as a whole.
    withCard.site.translations = { sv: { slaTitle: 'Supporttider', slaSummary: 'Hur fort vi svarar.' } };
    expect(buildPublishedSite(withCard, 1, new Map(), 'sv').site.sla.title).toBe('Support times');
  });

  it('leaves the English site as it was, every item in English', () => {
    expect(english.findEntry('disk-encryption')).toMatchObject({
      language: 'en',
      question: 'Are the disks encrypted?',
    });
    expect(english.findCategory('storage')).toMatchObject({ name: 'Storage', language: 'en' });
    expect(english.siteLanguages).toEqual({ tagline: 'en', intro: 'en', sla: 'en' });
    expect(english.findEntry('disk-encryption')?.answerHtml).not.toContain('/sv/');
  });

  it('finds the backup entry from a Swedish word form that appears nowhere in it', () => {
    // The answer says "säkerhetskopierar" and "Säkerhetskopieringen", the question "säkerhetskopiorna".
    for (const query of ['säkerhetskopior', 'säkerhetskopiering', 'säkerhetskopia']) {
      expect({ query, hits: swedish.search.search(query).hits.map((hit) => hit.id) }).toEqual({
        query,
        hits: ['backup-location'],
      });
    }
    // Untranslated entries stay findable in English on the Swedish site.
    expect(swedish.search.search('screen staff').hits[0]?.id).toBe('staff-screening');
    // The English site answers a Swedish word only through its synonyms, with the English text.
    expect(english.search.search('säkerhetskopior').hits[0]?.matchedTerms).toEqual(['backup']);
  });

  it('marks the Swedish words of a Swedish hit', () => {
    const hit = swedish.search.search('säkerhetskopior').hits[0];
    expect(hit?.question.filter((segment) => segment.isMatch).map((segment) => segment.text)).toEqual([
      'säkerhetskopiorna',
    ]);
    // Matched through the Swedish stem of the Swedish text, not through a synonym of "backup".
    expect(hit?.matchedTerms).toContain('säkerhetskopi');
  });
});

describe('PublicSiteService per language', () => {
  it('builds each language once per revision and both anew after a change', async () => {
    let revision = 1;
    let reads = 0;
    const source = {
      getRevision: async () => revision,
      getContent: async () => {
        reads += 1;
        return buildSwedishContent();
      },
    } as unknown as ContentService;
    const service = new PublicSiteService(source, 0, 60_000);
    const english = await service.getPublishedSite();
    const swedish = await service.getPublishedSite('sv');
    expect([english.language, swedish.language]).toEqual(['en', 'sv']);
    expect(await service.getPublishedSite('sv')).toBe(swedish);
    expect(await service.getPublishedSite('en')).toBe(english);
    expect(reads).toBe(1);
    revision = 2;
    const after = await service.getPublishedSite('sv');
    expect(after).not.toBe(swedish);
    expect(after.revision).toBe(2);
    expect(reads).toBe(2);
    const search = await service.search({
      query: 'säkerhetskopior',
      category: undefined,
      tags: [],
      page: 1,
      pageSize: 5,
      language: 'sv',
    });
    expect(search.published.language).toBe('sv');
    expect(search.result?.hits.map((hit) => hit.id)).toEqual(['backup-location']);
  });
});
