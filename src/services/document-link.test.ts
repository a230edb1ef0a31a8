import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { createAdminTestApp } from '../../test/create-admin-test-app.js';
import type { Actor } from '../domain/staff.js';
import type { EntryInput } from './entry.service.js';
import { renderMarkdown } from './markdown.renderer.js';

let testApp: Awaited<ReturnType<typeof createAdminTestApp>>;
let editor: Actor;

beforeEach(async () => {
  testApp = await createAdminTestApp();
  editor = await testApp.createUser('ed@example.test', 'correct horse battery staple', 'editor');
  await testApp.container.documents.createDocument(
    { actor: editor },
    'soc-2-report',
    { title: 'SOC 2 report', description: '', category: 'Reports', language: 'en', accessLevel: 'nda' },
    {
      fileName: 'soc2.pdf',
      versionLabel: '2026',
      validFrom: '2026-01-01',
      validUntil: null,
      stream: (async function* () {
        yield new TextEncoder().encode('%PDF-1.7\n');
      })(),
    },
  );
});
afterEach(async () => {
  await testApp.close();
});

const input = (answer: string): EntryInput => ({
  question: 'Can we read your SOC 2 report?',
  answer,
  category: 'cryptography',
  tags: [],
  owner: 'security@example.test',
  reviewIntervalDays: null,
  alternativePhrasings: [],
  controls: [],
});

describe('links from answers to documents', () => {
  it('renders [title](document:slug) as a link to the document page', () => {
    const html = renderMarkdown('Read the [SOC 2 report](document:soc-2-report).', () => undefined);
    expect(html).toContain('<a href="/documents/soc-2-report">SOC 2 report</a>');
  });

  it('refuses to save an answer that links to an unknown document, on the answer field, and saves one that links to a known one', async () => {
    const refused = await testApp.container.entries
      .createEntry({ actor: editor }, 'soc-2', input('See [the report](document:soc-3-report).'))
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({
      code: 'invalid_input',
      problems: [
        expect.objectContaining({ field: 'answer', message: expect.stringContaining('document:soc-3-report') }),
      ],
    });
    const saved = await testApp.container.entries.createEntry(
      { actor: editor },
      'soc-2',
      input('See [the report](document:soc-2-report).'),
    );
    expect(saved.answer).toContain('document:soc-2-report');
  });

  it('refuses a content import whose answer links to an unknown document, naming the file, and imports nothing', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tillit-document-link-'));
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
    await testApp.container.content.exportDirectory(folder);
    const file = join(folder, 'entries', 'access-reviews.md');
    const original = await readFile(file, 'utf8');
    await writeFile(file, `${original.trimEnd()}\n\nSee [the report](document:no-such-report).\n`);
    const before = await testApp.container.content.getRevision();
    const refused = await testApp.container.content.importDirectory(folder).catch((error: unknown) => error);
    expect(refused).toMatchObject({
      code: 'invalid_input',
      problems: [
        expect.objectContaining({
          source: 'entries/access-reviews.md',
          field: 'answer',
          message: expect.stringContaining('unknown document "document:no-such-report"'),
        }),
      ],
    });
    expect(await testApp.container.content.getRevision()).toBe(before);
    await writeFile(file, `${original.trimEnd()}\n\nSee [the report](document:soc-2-report).\n`);
    await testApp.container.content.importDirectory(folder);
  });
});

describe('certifications naming their certificate document', () => {
  const certification = {
    name: 'SOC 2 Type II',
    issuer: 'Example Audit AB',
    certificateNumber: 'EA-2026-1',
    scope: 'The hosting platform in Stockholm and Gothenburg.',
    validFrom: '2026-01-01',
    validUntil: '2099-01-01',
  };

  it('refuses a certification naming an unknown document, and shows the scope and the document link publicly', async () => {
    const admin = await testApp.createUser('root@example.test', 'correct horse battery staple', 'admin');
    const refused = await testApp.container.siteContent
      .createCertification({ actor: admin }, { ...certification, document: 'no-such-report' })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({
      code: 'invalid_input',
      problems: [expect.objectContaining({ field: 'document', message: expect.stringContaining('no-such-report') })],
    });
    await testApp.container.siteContent.createCertification(
      { actor: admin },
      { ...certification, document: 'soc-2-report' },
    );
    const home = await (await testApp.app.request('http://localhost/')).text();
    expect(home).toContain('The hosting platform in Stockholm and Gothenburg.');
    expect(home).toContain('<a href="/documents/soc-2-report">The SOC 2 Type II certificate</a>');
    const swedish = await (await testApp.app.request('http://localhost/sv/')).text();
    expect(swedish).toContain('<a href="/sv/documents/soc-2-report">Certifikatet för SOC 2 Type II</a>');
  });

  it('exports a certification document as the document key of certifications.yaml, and refuses an unknown one on import', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tillit-certification-document-'));
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
    await testApp.container.content.exportDirectory(folder);
    const file = join(folder, 'certifications.yaml');
    const original = await readFile(file, 'utf8');
    await writeFile(file, original.replace('  document: iso-27001-certificate\n', '  document: soc-2-report\n'));
    await testApp.container.content.importDirectory(folder);
    const exported = mkdtempSync(join(tmpdir(), 'tillit-certification-document-'));
    onTestFinished(() => rmSync(exported, { recursive: true, force: true }));
    await testApp.container.content.exportDirectory(exported);
    expect(await readFile(join(exported, 'certifications.yaml'), 'utf8')).toBe(await readFile(file, 'utf8'));

    await writeFile(file, original.replace('  document: iso-27001-certificate\n', '  document: no-such-report\n'));
    const refused = await testApp.container.content.importDirectory(folder).catch((error: unknown) => error);
    expect(refused).toMatchObject({
      code: 'invalid_input',
      problems: [
        expect.objectContaining({
          source: 'certifications.yaml',
          field: '[0].document',
          message: expect.stringContaining('no-such-report'),
        }),
      ],
    });
  });
});
