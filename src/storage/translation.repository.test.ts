import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/create-test-app.js';
import { buildMinimalContent, seedContent } from '../../test/factories.js';
import type { ContentSet } from '../domain/content.js';
import type { Actor } from '../domain/staff.js';
import { AuditRepository } from './audit.repository.js';

const ada: Actor = { userId: 1, email: 'ada@example.test', name: 'Ada', role: 'editor' };
const bo: Actor = { userId: 2, email: 'bo@example.test', name: 'Bo', role: 'editor' };
const admin: Actor = { userId: 3, email: 'root@example.test', name: 'Root', role: 'admin' };

let testApp: Awaited<ReturnType<typeof createTestApp>>;

/** The minimal content with Swedish beside every kind of English text. */
function buildTranslatedContent(): ContentSet {
  const content = buildMinimalContent();
  content.site.translations = {
    sv: {
      tagline: 'Molnet i Testvik.',
      intro: 'Vi svarar på frågor om säkerhet.',
      slaTitle: 'Leverans och SLA',
      responseTimes: content.site.sla.responseTimes.map((row) => ({
        description: `SV ${row.description}`,
        response: `SV ${row.response}`,
      })),
    },
  };
  content.highlights = content.highlights.map((highlight) => ({
    ...highlight,
    translations: { sv: { title: 'Kvar i Testvik', text: 'Varje byte stannar i Testvik.' } },
  }));
  content.categories = content.categories.map((category) => ({
    ...category,
    translations: { sv: { name: `SV ${category.name}`, description: 'Beskrivning.' } },
  }));
  content.tags = content.tags.map((tag) => ({ ...tag, translations: { sv: { name: `SV ${tag.name}` } } }));
  content.certifications = content.certifications.map((certification) => ({
    ...certification,
    translations: { sv: { scope: 'Zonen i Testvik.' } },
  }));
  content.links = content.links.map((link) => ({ ...link, translations: { sv: { title: `SV ${link.title}` } } }));
  content.entries = content.entries.map((entry) =>
    entry.slug === 'disk-encryption'
      ? {
          ...entry,
          translations: {
            sv: {
              question: 'Är diskarna krypterade?',
              answer: 'Varje disk är krypterad; se [villkoren](link:support-terms).',
              alternativePhrasings: ['Krypterar ni diskar?'],
              questionnaireWording: null,
            },
          },
        }
      : entry,
  );
  return content;
}

beforeEach(async () => {
  testApp = await createTestApp({ today: '2026-11-27', content: 'none' });
});
afterEach(async () => {
  await testApp.close();
});

describe('stored translations', () => {
  it('keeps the Swedish of every kind of content through an import and loads it back beside the English', async () => {
    const content = buildTranslatedContent();
    await seedContent(testApp.container, content);

    const loaded = await testApp.container.content.getContent();

    expect(loaded.site.translations).toEqual(content.site.translations);
    expect(loaded.highlights[0]?.translations?.sv?.title).toBe('Kvar i Testvik');
    expect(loaded.categories.map((category) => category.translations?.sv?.name)).toEqual(['SV Storage', 'SV People']);
    expect(loaded.tags.map((tag) => tag.translations?.sv?.name)).toEqual(['SV GDPR', 'SV Crypto']);
    expect(loaded.certifications[0]?.translations?.sv?.scope).toBe('Zonen i Testvik.');
    expect(loaded.links[0]?.translations?.sv?.title).toBe('SV Disclosure policy');
    const disk = loaded.entries.find((entry) => entry.slug === 'disk-encryption');
    expect(disk?.translations?.sv?.question).toBe('Är diskarna krypterade?');
    // An entry without Swedish carries no translations at all.
    expect(loaded.entries.find((entry) => entry.slug === 'backup-location')).not.toHaveProperty('translations');
  });

  it('drops the Swedish an import no longer has, and records a version of an entry whose Swedish changed', async () => {
    await seedContent(testApp.container, buildTranslatedContent());
    const next = buildTranslatedContent();
    next.entries = next.entries.map((entry) => {
      const sv = entry.translations?.sv;
      return sv ? { ...entry, translations: { sv: { ...sv, question: 'Krypteras diskarna?' } } } : entry;
    });
    next.tags = next.tags.map(({ translations: _dropped, ...tag }) => tag);
    await seedContent(testApp.container, next);

    const loaded = await testApp.container.content.getContent();
    expect(loaded.tags.every((tag) => tag.translations === undefined)).toBe(true);
    const versions = await testApp.container.entries.listVersions('disk-encryption');
    expect(versions.map((version) => version.entry.translations?.sv?.question)).toEqual([
      'Krypteras diskarna?',
      'Är diskarna krypterade?',
    ]);
    // Entries whose text (English and Swedish) is the same get no new version.
    expect(await testApp.container.entries.listVersions('backup-location')).toEqual([]);
  });
});

describe('an entry edit with Swedish', () => {
  const english = {
    question: 'Are the disks encrypted?',
    answer: 'Every disk is encrypted with AES-256.',
    category: 'storage',
    tags: ['crypto'],
    owner: 'owner@testvik.example',
    reviewIntervalDays: null,
    alternativePhrasings: [],
    controls: ['A.8.24'],
  };
  const swedish = {
    question: 'Är diskarna krypterade?',
    answer: 'Varje disk är krypterad med AES-256.',
    alternativePhrasings: ['Krypterar ni diskar?'],
    questionnaireWording: null,
  };

  it('saves both languages, keeps the Swedish in the version, diffs it and audits it', async () => {
    await seedContent(testApp.container);
    await testApp.container.entries.updateEntry({ actor: ada }, 'disk-encryption', {
      ...english,
      translations: { sv: { ...swedish, question: '  Är diskarna krypterade?  ' } },
    });

    const stored = await testApp.container.entries.getEntry('disk-encryption');
    expect(stored.translations?.sv).toEqual(swedish);
    const versions = await testApp.container.entries.listVersions('disk-encryption');
    const [newest, baseline] = versions;
    expect(newest?.entry.translations?.sv?.question).toBe('Är diskarna krypterade?');
    const diff = await testApp.container.entries.diffVersions(
      'disk-encryption',
      baseline?.version ?? 0,
      newest?.version ?? 0,
    );
    const changed = diff.fields.filter((field) => field.isChanged).map((field) => field.field);
    expect(changed).toEqual(expect.arrayContaining(['question (Swedish)', 'answer (Swedish)']));
    const events = await new AuditRepository(testApp.container.database.db).list({}, 10, 0);
    expect(events.items.some((event) => event.summary.includes('answer (Swedish)'))).toBe(true);
  });

  it('keeps the stored Swedish when an edit does not send it, and removes it when sent empty', async () => {
    await seedContent(testApp.container, buildTranslatedContent());
    await testApp.container.entries.updateEntry({ actor: ada }, 'disk-encryption', english);
    expect((await testApp.container.entries.getEntry('disk-encryption')).translations?.sv?.question).toBe(
      'Är diskarna krypterade?',
    );
    await testApp.container.entries.updateEntry({ actor: ada }, 'disk-encryption', { ...english, translations: {} });
    expect(await testApp.container.entries.getEntry('disk-encryption')).not.toHaveProperty('translations');
  });

  it('refuses a Swedish text with an empty question or an unknown link, on its field, and saves nothing', async () => {
    await seedContent(testApp.container);
    const attempt = testApp.container.entries.updateEntry({ actor: ada }, 'disk-encryption', {
      ...english,
      translations: { sv: { ...swedish, question: ' ', answer: 'Se [sidan](link:no-such-link).' } },
    });
    await expect(attempt).rejects.toMatchObject({
      code: 'invalid_input',
      problems: expect.arrayContaining([
        expect.objectContaining({ field: 'sv.question' }),
        expect.objectContaining({ field: 'sv.answer', message: expect.stringContaining('link:no-such-link') }),
      ]),
    });
    expect(await testApp.container.entries.getEntry('disk-encryption')).not.toHaveProperty('translations');
    expect(await testApp.container.entries.listVersions('disk-encryption')).toEqual([]);
  });

  it('under four-eyes, whoever wrote only the Swedish of a change cannot approve it', async () => {
    await seedContent(testApp.container);
    await testApp.container.settings.setFourEyesRequired({ actor: admin }, true);
    // Bo proposes only the Swedish; Ada then changes the English of the same pending change and submits it.
    await testApp.container.entries.updateEntry({ actor: bo }, 'disk-encryption', {
      ...english,
      translations: { sv: swedish },
    });
    // The editor shows the pending text, so Ada's save sends Bo's Swedish along.
    await testApp.container.entries.updateEntry({ actor: ada }, 'disk-encryption', {
      ...english,
      answer: 'Every disk is encrypted with AES-256-XTS.',
      translations: { sv: swedish },
    });
    await expect(testApp.container.entries.approve({ actor: bo }, 'disk-encryption')).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(testApp.container.entries.approve({ actor: ada }, 'disk-encryption')).rejects.toMatchObject({
      code: 'forbidden',
    });
    await testApp.container.entries.approve({ actor: admin }, 'disk-encryption');
    const published = await testApp.container.entries.getEntry('disk-encryption');
    expect(published.translations?.sv?.question).toBe('Är diskarna krypterade?');
    const content = await testApp.container.content.getContent();
    expect(content.entries.find((entry) => entry.slug === 'disk-encryption')?.translations?.sv?.answer).toBe(
      swedish.answer,
    );
  });

  it('bumps the content revision when the Swedish of a published entry changes', async () => {
    await seedContent(testApp.container);
    const before = await testApp.container.content.getRevision();
    await testApp.container.entries.updateEntry({ actor: ada }, 'disk-encryption', {
      ...english,
      translations: { sv: swedish },
    });
    expect(await testApp.container.content.getRevision()).toBe(before + 1);
  });
});
