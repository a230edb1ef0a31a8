import { describe, expect, it } from 'vitest';
import { EXAMPLE_CONTENT } from '../../test/create-test-app.js';
import { readContentDirectory } from './content-directory.js';
import { type ContentFile, parseContentFiles, serializeContent } from './content-format.js';

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
    // subprocessors from its subprocessors, written by content-subprocessors.ts.
    const contentFiles = files.filter(
      (file) => !['documents/index.yaml', 'nda.md', 'subprocessors.yaml'].includes(file.path),
    );
    const original = new Map(contentFiles.map((file) => [file.path, file.text]));
    expect(written.length).toBe(contentFiles.length);
    for (const file of written) expect(file.text, file.path).toBe(original.get(file.path));
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
