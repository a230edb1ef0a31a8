import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { watermarkPdf } from '../src/documents/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const COMMITTED = join(ROOT, 'content', 'documents');
const scratch = mkdtempSync(join(tmpdir(), 'tillit-example-documents-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs scripts/example-documents.ts as its header says, into `folder`; returns each file's bytes by name. */
function generate(folder: string): Map<string, Uint8Array> {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/example-documents.ts', folder], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Map(readdirSync(folder).map((name) => [name, new Uint8Array(readFileSync(join(folder, name)))]));
}

async function pageTexts(bytes: Uint8Array): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const standardFontDataUrl = `${join(ROOT, 'node_modules', 'pdfjs-dist', 'standard_fonts')}/`;
  const pdf = await pdfjs.getDocument({ data: bytes.slice(), standardFontDataUrl, verbosity: 0 }).promise;
  const texts: string[] = [];
  for (let number = 1; number <= pdf.numPages; number += 1) {
    const content = await (await pdf.getPage(number)).getTextContent();
    texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await pdf.destroy();
  return texts;
}

describe('scripts/example-documents.ts', () => {
  const first = generate(join(scratch, 'first'));
  const second = generate(join(scratch, 'second'));

  it('writes the same bytes on every run, and the committed copies are what it writes', () => {
    expect([...first.keys()].sort()).toEqual([
      'iso-27001-certificate.pdf',
      'iso-27017-certificate.pdf',
      'penetration-test-summary.pdf',
      'statement-of-applicability.pdf',
      'supplier-review-fibre.pdf',
    ]);
    for (const [name, bytes] of first) {
      expect(Buffer.from(second.get(name) ?? []).equals(Buffer.from(bytes)), name).toBe(true);
      expect(Buffer.from(readFileSync(join(COMMITTED, name))).equals(Buffer.from(bytes)), `committed ${name}`).toBe(
        true,
      );
      expect(bytes.byteLength, name).toBeLessThan(20 * 1024);
    }
  });

  it('puts the certificate numbers of content/certifications.yaml on the certificates', async () => {
    const iso27001 = await pageTexts(first.get('iso-27001-certificate.pdf') ?? new Uint8Array());
    expect(iso27001.join(' ')).toContain('NCB-ISMS-2024-0417');
    const iso27017 = await pageTexts(first.get('iso-27017-certificate.pdf') ?? new Uint8Array());
    expect(iso27017.join(' ')).toContain('NCB-CLD-2024-0418');
  });

  it('gives the penetration-test summary two pages and lists all 93 Annex A controls in the statement', async () => {
    expect(await pageTexts(first.get('penetration-test-summary.pdf') ?? new Uint8Array())).toHaveLength(2);
    const statement = (await pageTexts(first.get('statement-of-applicability.pdf') ?? new Uint8Array())).join(' ');
    const controls = statement.match(/A\.[5-8]\.\d+\b/g) ?? [];
    expect(new Set(controls).size).toBe(93);
  });

  it('writes PDFs the watermark can stamp', async () => {
    const stamped = await watermarkPdf(first.get('supplier-review-fibre.pdf') ?? new Uint8Array(), {
      name: 'Søren Ødegård',
      company: 'Fjord Data AS',
      email: 'soren@fjorddata.example',
      issuedAt: new Date('2026-12-05T10:00:00Z'),
    });
    expect((await pageTexts(stamped))[0]).toContain('Søren Ødegård');
  });
});
