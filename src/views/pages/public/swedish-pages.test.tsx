import { describe, expect, it } from 'vitest';
import { buildSwedishContent } from '../../../../test/swedish-content.js';
import { getMessages } from '../../../i18n/index.js';
import { buildPublishedSite } from '../../../services/public-site.service.js';
import type { PageMeta } from '../../layouts/public-layout.js';
import { EntryPage } from './entry-page.js';
import { HomePage } from './home-page.js';

const published = buildPublishedSite(buildSwedishContent(), 1, new Map(), 'sv');

function metaFor(path: string): PageMeta {
  return {
    title: 'Test',
    description: 'Test',
    path,
    query: '',
    baseUrl: 'https://trust.example.test',
    language: 'sv',
    printedOn: '2026-12-05',
    messages: getMessages('sv'),
    site: published.site,
    lastUpdated: published.lastUpdated,
    revision: 1,
  };
}

const MARK = '<span class="untranslated" lang="sv">Inte översatt ännu</span>';

describe('Swedish pages of partly translated content', () => {
  it('shows translated texts as Swedish and marks each text that falls back to English, once', async () => {
    const html = String(await (<HomePage meta={metaFor('/')} published={published} today="2026-06-01" />).toString());
    expect(html).toContain('<p class="tagline">En liten leverantör som bara finns i tester.');
    expect(html).toContain('<h3>Kvar i Testvik</h3>');
    expect(html).toContain('<span class="entry-question">Är diskarna krypterade?</span>');
    expect(html).toContain(`<span class="entry-question" lang="en">Do you screen new staff?</span> ${MARK}`);
    expect(html).toContain(`<h2 id="sla-title" lang="en">Support times</h2>${MARK}`);
    expect(html).toContain('<p class="group-description" lang="en">Who works here.</p>');
    expect(html).toContain('<p class="group-description">Var data förvaras.</p>');
    // Untranslated: the people category, its two entries and the service card; nothing else.
    expect(html.split(MARK)).toHaveLength(1 + 4);
  });

  it('marks an untranslated entry page and leaves a translated one unmarked', async () => {
    const translated = published.findEntry('disk-encryption');
    const untranslated = published.findEntry('staff-screening');
    if (!translated || !untranslated) throw new Error('fixture entries missing');
    const swedish = String(
      await (
        <EntryPage meta={metaFor('/faq/disk-encryption')} entry={translated} related={[untranslated]} />
      ).toString(),
    );
    expect(swedish).toContain('<h1>Är diskarna krypterade?</h1>');
    expect(swedish).not.toContain(MARK);
    expect(swedish).toContain('<a href="/sv/faq/staff-screening" lang="en">Do you screen new staff?</a>');
    const english = String(
      await (<EntryPage meta={metaFor('/faq/staff-screening')} entry={untranslated} related={[]} />).toString(),
    );
    expect(english).toContain('<h1 lang="en">Do you screen new staff?</h1>');
    expect(english.split(MARK)).toHaveLength(2);
  });
});
