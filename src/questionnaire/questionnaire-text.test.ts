import { Lexer } from 'marked';
import { describe, expect, it, vi } from 'vitest';
import type { MatchableEntry } from './matcher.js';
import { toQuestionnaireText, withDraftTexts } from './questionnaire-text.js';

describe('toQuestionnaireText: an answer written into a spreadsheet cell', () => {
  const site = {
    resolveLink: (key: string) =>
      ({ sla: 'https://trust.example/sla.pdf', 'security-page': '/security' })[key] ?? undefined,
    baseUrl: 'https://trust.example/',
  };

  it('writes a text nested deeper than a save allows as written, without handing it to the lexer', () => {
    const lex = vi.spyOn(Lexer, 'lex');
    try {
      const nested = '> '.repeat(9_999);
      expect(toQuestionnaireText(nested, site)).toBe(nested.trim());
      expect(lex).not.toHaveBeenCalled();
      // Within the limit the text is still read as Markdown.
      expect(toQuestionnaireText('> > quoted twice', site)).toBe('quoted twice');
      expect(lex).toHaveBeenCalledTimes(1);
    } finally {
      lex.mockRestore();
    }
  });

  it('writes a link as its text followed by its absolute URL', () => {
    expect(
      toQuestionnaireText(
        'Yes. Each incident follows the plan in the [Incident response summary](/documents/ir-summary).',
        site,
      ),
    ).toBe(
      'Yes. Each incident follows the plan in the Incident response summary (https://trust.example/documents/ir-summary).',
    );
  });

  it('resolves document: and link: targets, keeps a path when no public URL is known, and writes a bare URL once', () => {
    const markdown =
      'Se [SOC 2-rapporten](document:soc-2-type-2), [avtalet](link:sla), [säkerhetssidan](link:security-page) och https://status.example/drift.';
    expect(toQuestionnaireText(markdown, site)).toBe(
      'Se SOC 2-rapporten (https://trust.example/documents/soc-2-type-2), avtalet (https://trust.example/sla.pdf), säkerhetssidan (https://trust.example/security) och https://status.example/drift.',
    );
    expect(toQuestionnaireText(markdown, { resolveLink: site.resolveLink })).toBe(
      'Se SOC 2-rapporten (/documents/soc-2-type-2), avtalet (https://trust.example/sla.pdf), säkerhetssidan (/security) och https://status.example/drift.',
    );
  });

  it('writes a link whose text is its address once, and an e-mail link as the address', () => {
    expect(
      toQuestionnaireText(
        'See [https://trust.example/status](https://trust.example/status), <https://example.com> or write to [our team](mailto:security@example.com) at [security@example.com](mailto:security@example.com).',
        site,
      ),
    ).toBe(
      'See https://trust.example/status, https://example.com or write to our team (security@example.com) at security@example.com.',
    );
  });

  it('drops emphasis and code marks, keeps lists, code blocks and paragraphs as lines (Swedish text)', () => {
    const markdown = [
      'Ja. **Alla** säkerhetskopior *krypteras* med `AES-256` och ~~kopieras~~ lagras i Sverige.',
      '',
      '- Dagliga kopior',
      '  - sparas i 35 dagar',
      '- Återläsning testas _varje_ kvartal',
      '',
      '3. Först',
      '4. Sedan [SLA](link:sla)',
      '',
      '```sh',
      'restic backup --tag "dagligen"',
      '```',
      '',
      '> Citat &amp; 3 \\* 4',
    ].join('\n');
    expect(toQuestionnaireText(markdown, site)).toBe(
      [
        'Ja. Alla säkerhetskopior krypteras med AES-256 och kopieras lagras i Sverige.',
        '',
        '- Dagliga kopior',
        '  - sparas i 35 dagar',
        '- Återläsning testas varje kvartal',
        '',
        '3. Först',
        '4. Sedan SLA (https://trust.example/sla.pdf)',
        '',
        'restic backup --tag "dagligen"',
        '',
        'Citat & 3 * 4',
      ].join('\n'),
    );
  });

  it('writes headings, tables and line breaks as plain lines', () => {
    expect(
      toQuestionnaireText(
        '## Kontroller\n\n| Kontroll | Status |\n|---|---|\n| A.8.24 | [Klar](/x) |\n\nRad ett  \nrad två<br>rad tre',
        site,
      ),
    ).toBe('Kontroller\n\nKontroll | Status\nA.8.24 | Klar (https://trust.example/x)\n\nRad ett\nrad två\nrad tre');
  });
});

describe('withDraftTexts', () => {
  it("renders an entry's draft on first use only, once, with the site's links", () => {
    const entry: MatchableEntry = {
      slug: 'sla',
      question: 'What is your SLA?',
      answer: 'See the SLA.',
      alternativePhrasings: [],
      controls: [],
      category: 'Service',
      tags: [],
      draftMarkdown: 'See the [SLA](link:sla) and the [status page](/status).',
    };
    const [drafted] = withDraftTexts([entry], {
      links: { sla: 'https://trust.example/sla.pdf' },
      baseUrl: 'https://trust.example',
    });
    expect(drafted?.draftText).toBe(
      'See the SLA (https://trust.example/sla.pdf) and the status page (https://trust.example/status).',
    );
    expect(drafted?.draftText).toBe(drafted?.draftText);
    // An entry without Markdown for drafts is left as it is (its answer is the draft).
    const { draftMarkdown: _markdown, ...bare } = entry;
    expect(withDraftTexts([bare], { links: {} })[0]).toBe(bare);
    // A key the site does not define stays as written rather than pointing nowhere.
    expect(withDraftTexts([entry], { links: {} })[0]?.draftText).toBe(
      'See the SLA (link:sla) and the status page (/status).',
    );
  });
});
