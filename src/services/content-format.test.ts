import { describe, expect, it } from 'vitest';
import { EXAMPLE_CONTENT } from '../../test/create-test-app.js';
import { SWEDISH_TEST_FILES } from '../../test/translation-fixtures.js';
import { readContentDirectory } from './content-directory.js';
import { type ContentFile, parseContentFiles, serializeContent } from './content-format.js';
import { parseContentUpdates, serializeUpdates } from './content-updates.js';

// The example folder on purpose: the format's real input is a folder of files like it, and the
// round trip of the shipped content must be exact. What the folder itself must hold is checked in
// example-content.test.ts.
async function loadExample(): Promise<ContentFile[]> {
  return readContentDirectory(EXAMPLE_CONTENT);
}

function replaceFile(files: ContentFile[], path: string, edit: (text: string) => string): ContentFile[] {
  return files.map((file) => (file.path === path ? { ...file, text: edit(file.text) } : file));
}

describe('parseContentFiles', () => {
  it('accepts the example trust center with at least 60 published entries in every required category', async () => {
    const result = parseContentFiles(await loadExample());
    if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
    const published = result.content.entries.filter((entry) => entry.status === 'published');
    expect(published.length).toBeGreaterThanOrEqual(60);
    expect(result.content.certifications.length).toBeGreaterThanOrEqual(4);
    for (const slug of [
      'asset-management',
      'physical-security',
      'supply-chain',
      'service-delivery',
      'access-control',
      'cryptography',
      'incident-management',
      'business-continuity',
      'privacy-gdpr',
      'secure-development',
    ]) {
      expect(
        published.some((entry) => entry.category === slug),
        slug,
      ).toBe(true);
    }
    for (const tag of ['nis2', 'gdpr', 'iso-27001', 'digital-sovereignty']) {
      expect(
        published.some((entry) => entry.tags.includes(tag)),
        tag,
      ).toBe(true);
    }
    expect(published.every((entry) => entry.controls.length > 0)).toBe(true);
  });

  it('serializes back to the very same bytes', async () => {
    const files = await loadExample();
    const result = parseContentFiles(files);
    if (!result.ok) throw new Error('example content is invalid');
    const written = serializeContent(result.content);
    // The document index and the NDA come from the database's documents, written by content-documents.ts; the
    // subprocessors from its subprocessors, written by content-subprocessors.ts; the updates and their Swedish from
    // its updates, written by content-updates.ts.
    const isUpdateFile = (path: string) => path.startsWith('updates/') || path.startsWith('translations/sv/updates/');
    const contentFiles = files.filter(
      (file) =>
        !['documents/index.yaml', 'nda.md', 'subprocessors.yaml'].includes(file.path) && !isUpdateFile(file.path),
    );
    const original = new Map(contentFiles.map((file) => [file.path, file.text]));
    expect(written.length).toBe(contentFiles.length);
    for (const file of written) expect(file.text, file.path).toBe(original.get(file.path));

    const updates = parseContentUpdates(files);
    if (!updates.ok || updates.value === null) throw new Error('the example updates are invalid');
    const updateFiles = files.filter((file) => isUpdateFile(file.path));
    expect(updateFiles.length).toBe(10);
    const byPath = (a: ContentFile, b: ContentFile) => (a.path < b.path ? -1 : 1);
    expect(serializeUpdates(updates.value).sort(byPath)).toEqual(updateFiles.sort(byPath));
  });

  it('lists every problem with file, line and field', async () => {
    let files = await loadExample();
    const entryPath = files.find((file) => file.path.startsWith('entries/'))?.path ?? '';
    files = replaceFile(files, entryPath, (text) =>
      text.replace(/^category: .*$/m, 'category: no-such-category').replace(/^controls: .*$/m, 'controls: [A.9.99]'),
    );
    files = replaceFile(files, 'certifications.yaml', (text) =>
      text.replace(/valid_until: .*/, 'valid_until: someday'),
    );
    files = replaceFile(files, 'highlights.yaml', (text) => text.replace(/icon: \w+/, 'icon: rocket'));
    files.push({ path: 'entries/Bad Slug.md', text: '---\nquestion: x\n---\nanswer' });
    files.push({ path: 'entries/broken-yaml.md', text: '---\nquestion: [unclosed\n---\nanswer' });

    const result = parseContentFiles(files);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const find = (source: string, field?: string) =>
      result.problems.find((problem) => problem.source === source && (field === undefined || problem.field === field));

    const controlProblem = find(entryPath, 'controls[0]');
    const entryText = files.find((file) => file.path === entryPath)?.text ?? '';
    const controlsLine = entryText.split('\n').findIndex((line) => line.startsWith('controls:')) + 1;
    expect(controlsLine).toBeGreaterThan(1);
    expect(controlProblem?.line).toBe(controlsLine);
    expect(controlProblem?.message).toMatch(/Annex A/);
    expect(find('certifications.yaml', '[0].valid_until')?.line).toBe(6);
    expect(find('highlights.yaml', '[0].icon')?.message).toMatch(/must be one of/);
    expect(find('entries/Bad Slug.md', 'file name')).toBeDefined();
    expect(find('entries/broken-yaml.md')?.message).toMatch(/YAML syntax/);
    // The unknown category is reported once the file itself is valid; here the control id is invalid first.
    expect(result.problems.length).toBeGreaterThanOrEqual(6);
  });

  it('reads and writes the short answer and the questionnaire wording as front-matter keys', async () => {
    const files = replaceFile(await loadExample(), 'entries/access-reviews.md', (text) =>
      text.replace(
        /^created: /m,
        'short_answer: partial\nquestionnaire_wording: |-\n  Partly. Reviews are quarterly; see the [policy](link:acceptable-use-policy).\n\n  - Tillgång granskas *varje* kvartal.\ncreated: ',
      ),
    );
    const result = parseContentFiles(files);
    if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
    const entry = result.content.entries.find((candidate) => candidate.slug === 'access-reviews');
    expect(entry).toMatchObject({
      shortAnswer: 'partial',
      questionnaireWording:
        'Partly. Reviews are quarterly; see the [policy](link:acceptable-use-policy).\n\n- Tillgång granskas *varje* kvartal.',
    });
    // Written back byte for byte, as a person would write it: a block, after the controls.
    const written = serializeContent(result.content).find((file) => file.path === 'entries/access-reviews.md');
    expect(written?.text).toBe(files.find((file) => file.path === 'entries/access-reviews.md')?.text);
    // An entry without them writes neither key.
    const other = serializeContent(result.content).find((file) => file.path === 'entries/approved-algorithms.md');
    expect(other?.text).not.toMatch(/short_answer|questionnaire_wording/);
  });

  it('refuses a short answer it does not know and a wording linking to an unknown key, naming file, line and key', async () => {
    const files = replaceFile(await loadExample(), 'entries/access-reviews.md', (text) =>
      text.replace(/^created: /m, 'short_answer: maybe\ncreated: '),
    );
    const refused = parseContentFiles(files);
    if (refused.ok) throw new Error('a short answer of "maybe" was accepted');
    const entryText = files.find((file) => file.path === 'entries/access-reviews.md')?.text ?? '';
    const line = entryText.split('\n').indexOf('short_answer: maybe') + 1;
    expect(refused.problems).toEqual([
      {
        source: 'entries/access-reviews.md',
        line,
        field: 'short_answer',
        message: 'must be one of yes, no, partial, not_applicable',
      },
    ]);
    const linked = parseContentFiles(
      replaceFile(await loadExample(), 'entries/access-reviews.md', (text) =>
        text.replace(/^created: /m, 'questionnaire_wording: See [it](link:no-such-link).\ncreated: '),
      ),
    );
    if (linked.ok) throw new Error('an unknown link key was accepted');
    expect(linked.problems).toEqual([
      {
        source: 'entries/access-reviews.md',
        field: 'questionnaire_wording',
        message: 'unknown link key "link:no-such-link" (not in links.yaml)',
      },
    ]);
  });

  it('refuses a questionnaire wording nested deeper than the renderer takes, at the line of its key', async () => {
    const files = replaceFile(await loadExample(), 'entries/access-reviews.md', (text) =>
      text.replace(/^created: /m, `questionnaire_wording: "${'> '.repeat(30)}deep"\ncreated: `),
    );
    const result = parseContentFiles(files);
    if (result.ok) throw new Error('a wording nested 30 levels deep was accepted');
    const entryText = files.find((file) => file.path === 'entries/access-reviews.md')?.text ?? '';
    const line = entryText.split('\n').findIndex((text) => text.startsWith('questionnaire_wording:')) + 1;
    expect(result.problems).toEqual([
      {
        source: 'entries/access-reviews.md',
        line,
        field: 'questionnaire_wording',
        message: expect.stringMatching(/nest 30 levels deep; at most 20 are allowed/),
      },
    ]);
  });

  it('reports references to unknown categories, tags and named links', async () => {
    let files = await loadExample();
    const entryPath = files.find((file) => file.path.startsWith('entries/'))?.path ?? '';
    files = replaceFile(files, entryPath, (text) =>
      text
        .replace(/^category: .*$/m, 'category: no-such-category')
        .replace(/^tags: .*$/m, 'tags: [no-such-tag]')
        .concat('\nSee [the policy](link:no-such-link).\n'),
    );
    const result = parseContentFiles(files);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const messages = result.problems.filter((p) => p.source === entryPath).map((p) => `${p.field}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^category: unknown category "no-such-category"/),
        expect.stringMatching(/^tags\[0\]: unknown tag "no-such-tag"/),
        expect.stringMatching(/^answer: unknown link key "link:no-such-link"/),
      ]),
    );
  });

  it('reports a missing file and a binary entry', async () => {
    const files = (await loadExample()).filter((file) => file.path !== 'tags.yaml');
    files.push({ path: 'entries/binary.md', text: 'PK\u0003\u0004\u0000\u0000garbage' });
    const result = parseContentFiles(files);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ source: 'tags.yaml', message: 'file is missing' }),
        expect.objectContaining({ source: 'entries/binary.md', message: 'file is binary, not Markdown text' }),
      ]),
    );
  });

  // Found by `npm run fuzz`: such keys were turned into text with a process warning on stderr.
  it('refuses a list or a mapping used as a key, at its line, without a process warning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      const files = replaceFile(await loadExample(), 'entries/asset-inventory.md', (text) =>
        text.replace('order: 1\n', 'order: 1\n{ short_answer: yes }: x\n'),
      );
      const result = parseContentFiles(files);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problems).toEqual([
        { source: 'entries/asset-inventory.md', line: 8, message: 'a key must be plain text, not a list or a mapping' },
      ]);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('refuses an answer whose block quotes and lists nest deeper than the renderer takes', async () => {
    let files = await loadExample();
    const entryPath = files.find((file) => file.path.startsWith('entries/'))?.path ?? '';
    files = replaceFile(files, entryPath, (text) => `${text}\n${'> '.repeat(9_000)}\n`);
    const result = parseContentFiles(files);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      expect.objectContaining({
        source: entryPath,
        field: 'answer',
        message: 'block quotes and lists nest 9,000 levels deep; at most 20 are allowed',
      }),
    ]);
  });
});

describe('translations as files', () => {
  // The example's English alone: these tests bring their own small Swedish files.
  const loadEnglish = async () => (await loadExample()).filter((file) => !file.path.startsWith('translations/'));
  const withSwedish = async (edits: Record<string, string | undefined> = {}): Promise<ContentFile[]> => {
    const files = new Map((await loadEnglish()).map((file) => [file.path, file.text]));
    for (const [path, text] of Object.entries({ ...SWEDISH_TEST_FILES, ...edits })) {
      if (text === undefined) files.delete(path);
      else files.set(path, text);
    }
    return [...files].map(([path, text]) => ({ path, text }));
  };
  const documentSlugs = new Set(['iso-27001-certificate', 'statement-of-applicability']);

  it('reads the Swedish of every kind beside the English and writes the very same bytes back', async () => {
    const result = parseContentFiles(await withSwedish(), { documentSlugs });
    if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
    const { content } = result;
    expect(content.site.translations?.sv?.slaAvailability).toBe('99,95 %');
    expect(content.site.translations?.sv?.slaSummary).toBeUndefined();
    expect(content.highlights.find((highlight) => highlight.order === 2)?.translations?.sv?.title).toBe(
      'Granskad av andra',
    );
    expect(content.categories[0]?.translations?.sv?.name).toBe('Tillgångar');
    const entry = content.entries.find((candidate) => candidate.slug === 'access-reviews');
    expect(entry?.translations?.sv).toEqual({
      question: 'Hur ofta granskar ni behörigheter?',
      answer: 'Varje kvartal. Se [policyn](link:acceptable-use-policy).\n\n- Ägaren intygar varje konto.',
      alternativePhrasings: ['Gör ni periodiska behörighetsgranskningar?'],
      questionnaireWording: null,
    });
    expect(content.documentTranslations).toEqual([
      {
        slug: 'iso-27001-certificate',
        translations: {
          sv: { title: 'ISO 27001-certifikat', description: 'Certifikatet från vår certifieringsorganisation.' },
        },
      },
    ]);

    const written = serializeContent(content).filter((file) => file.path.startsWith('translations/'));
    expect(Object.fromEntries(written.map((file) => [file.path, file.text]))).toEqual(SWEDISH_TEST_FILES);
  });

  it('writes no translation file when nothing is translated', async () => {
    const result = parseContentFiles(await loadEnglish());
    if (!result.ok) throw new Error('example content is invalid');
    expect(serializeContent(result.content).some((file) => file.path.startsWith('translations/'))).toBe(false);
  });

  it('refuses a translation of something the English lacks, at its file and line, and reads nothing', async () => {
    const result = parseContentFiles(
      await withSwedish({
        'translations/sv/categories.yaml':
          '- slug: asset-management\n  name: Tillgångar\n  description: X.\n- slug: no-such-category\n  name: Ingen\n  description: Y.\n',
        'translations/sv/entries/no-such-entry.md': '---\nquestion: Finns inte?\n---\nNej.\n',
        'translations/sv/documents.yaml': '- slug: no-such-document\n  title: Inget\n  description: Z.\n',
        'translations/sv/highlights.yaml': '- order: 99\n  title: Ingen\n  text: Finns inte.\n',
      }),
      { documentSlugs },
    );
    if (result.ok) throw new Error('translations of missing things were accepted');
    expect(result.problems).toEqual(
      expect.arrayContaining([
        {
          source: 'translations/sv/categories.yaml',
          line: 4,
          field: '[1].slug',
          message: 'nothing in categories.yaml has slug "no-such-category" to translate',
        },
        {
          source: 'translations/sv/entries/no-such-entry.md',
          line: 1,
          message: 'there is no entry "no-such-entry" (no entries/no-such-entry.md) to translate',
        },
        expect.objectContaining({
          source: 'translations/sv/documents.yaml',
          line: 1,
          message: expect.stringContaining('unknown document "document:no-such-document"'),
        }),
        expect.objectContaining({ source: 'translations/sv/highlights.yaml', line: 1, field: '[0].order' }),
      ]),
    );
    expect(result.problems).toHaveLength(4);
  });

  it('refuses a response_times list of another length, an empty question, unknown keys and unresolved references', async () => {
    const result = parseContentFiles(
      await withSwedish({
        'translations/sv/site.yaml':
          'tagline: Hej\nsla:\n  response_times:\n    - description: En\n      response: Två\n',
        'translations/sv/entries/access-reviews.md':
          '---\nquestion: ""\ncategory: access-control\n---\nSe [sidan](link:no-such-link) och [filen](document:no-such-document).\n',
        'translations/sv/tags.yaml': '- slug: gdpr\n  name: GDPR\n  icon: shield\n',
        'translations/sv/entries/customer-audit-rights.md': '---\nquestion: Får kunder granska er?\n---\n\n',
        'translations/sv/notes.txt': 'stray',
      }),
      { documentSlugs },
    );
    if (result.ok) throw new Error('bad translations were accepted');
    const problems = result.problems.map(
      (problem) => `${problem.source}:${problem.line ?? ''} ${problem.field ?? ''} ${problem.message}`,
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^translations\/sv\/site\.yaml:4 sla\.response_times lists 1 response time\(s\); site\.yaml has 4/,
        ),
        expect.stringMatching(/^translations\/sv\/entries\/access-reviews\.md:2 question must not be empty/),
        expect.stringMatching(/^translations\/sv\/entries\/access-reviews\.md:\d+ {2}Unrecognized key: "category"/),
        expect.stringMatching(
          /^translations\/sv\/entries\/access-reviews\.md:5 answer unknown link key "link:no-such-link"/,
        ),
        expect.stringMatching(
          /^translations\/sv\/entries\/access-reviews\.md:5 answer unknown document "document:no-such-document"/,
        ),
        expect.stringMatching(/^translations\/sv\/tags\.yaml:1 \[0\] Unrecognized key: "icon"/),
        expect.stringMatching(
          /^translations\/sv\/entries\/customer-audit-rights\.md:4 answer the answer below the front matter is empty/,
        ),
        expect.stringMatching(/^translations\/sv\/notes\.txt: {2}unexpected file in the translations folder/),
      ]),
    );
  });
});
