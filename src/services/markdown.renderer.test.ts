import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderMarkdown, toPlainText, toQuestionnaireText } from './markdown.renderer.js';

const noLinks = () => undefined;

describe('renderMarkdown', () => {
  it('renders ordinary Markdown', () => {
    const html = renderMarkdown('Yes. We use **TLS 1.3**.\n\n- one\n- two', noLinks);
    expect(html).toContain('<strong>TLS 1.3</strong>');
    expect(html).toContain('<li>one</li>');
  });

  it('resolves named links and leaves unknown keys unlinked', () => {
    const html = renderMarkdown('See [our SLA](link:support-sla) and [x](link:nope).', (key) =>
      key === 'support-sla' ? 'https://example.test/sla' : undefined,
    );
    expect(html).toContain('<a href="https://example.test/sla">our SLA</a>');
    expect(html).not.toContain('link:nope"');
  });

  it.each([
    ['script tags', '<script>alert(1)</script>hello', /<script/i],
    ['javascript: links', '[click](javascript:alert(1))', /javascript:/i],
    ['raw javascript: anchors', '<a href="javascript:alert(1)">x</a>', /javascript:/i],
    ['event handlers', '<img src=x onerror="alert(1)"><p onclick="alert(1)">hi</p>', /onerror|onclick|<img/i],
    ['SVG payloads', '<svg><script>alert(1)</script><circle onload="alert(1)"/></svg>', /<svg|onload|<script/i],
    ['data: URLs', '[x](data:text/html;base64,PHNjcmlwdD4=)', /data:/i],
    ['iframes and styles', '<iframe src="https://evil.test"></iframe><style>body{}</style>', /<iframe|<style/i],
    ['entity-encoded schemes', '<a href="&#106;avascript:alert(1)">x</a>', /avascript:/i],
  ])('renders %s inert', (_name, markdown, forbidden) => {
    const html = renderMarkdown(markdown, noLinks);
    expect(html).not.toMatch(forbidden);
  });
});

describe('renderMarkdown on text nested too deeply for the renderer', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each([
    ['block quotes', '> '.repeat(9_999)],
    ['ordered lists', '1. '.repeat(6_666)],
    ['block quotes without spaces', '>'.repeat(19_999)],
  ])('renders %s as escaped plain text paragraphs instead of failing, and logs it once', (_name, nested) => {
    const errors: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      errors.push(String(chunk));
      return true;
    });
    const markdown = `Intro <b>&amp; more</b>\n\n${nested}`;
    const html = renderMarkdown(markdown, noLinks);
    expect(html.startsWith('<p>Intro &lt;b&gt;&amp;amp; more&lt;/b&gt;</p>\n<p>')).toBe(true);
    expect(html).not.toContain('<blockquote>');
    expect(renderMarkdown(markdown, noLinks)).toBe(html);
    expect(errors).toHaveLength(1);
    expect(JSON.parse(errors[0] ?? '')).toMatchObject({ level: 'error', msg: expect.stringContaining('Markdown') });
    // The renderer still works for the next text.
    expect(renderMarkdown('**fine**', noLinks)).toBe('<p><strong>fine</strong></p>\n');
  });
});

describe('toPlainText', () => {
  it('strips Markdown syntax but keeps the words', () => {
    expect(toPlainText('## Title\n\nWe **encrypt** [data](link:x) at rest.\n\n- AES-256')).toBe(
      'Title We encrypt data at rest. AES-256',
    );
  });
});

describe('toQuestionnaireText: an answer written into a spreadsheet cell', () => {
  const site = {
    resolveLink: (key: string) =>
      ({ sla: 'https://trust.example/sla.pdf', 'security-page': '/security' })[key] ?? undefined,
    baseUrl: 'https://trust.example/',
  };

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

  it('is not what search indexes: toPlainText still drops the URLs', () => {
    expect(toPlainText('See the [summary](/documents/ir-summary).')).toBe('See the summary.');
  });
});
