import { Lexer } from 'marked';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_MARKDOWN_NESTING } from '../domain/content.js';
import { renderMarkdown, toPlainText } from './markdown.renderer.js';

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

describe('renderMarkdown on text nested deeper than a save allows', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  function captureErrors(): string[] {
    const errors: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      errors.push(String(chunk));
      return true;
    });
    return errors;
  }

  it('still renders the deepest nesting a save allows as Markdown', () => {
    const errors = captureErrors();
    const html = renderMarkdown(`${'> '.repeat(MAX_MARKDOWN_NESTING)}deep`, noLinks);
    expect(html.match(/<blockquote>/g)).toHaveLength(MAX_MARKDOWN_NESTING);
    expect(html).toContain('<p>deep</p>');
    expect(errors).toHaveLength(0);
  });

  it.each([
    ['one level more than a save allows', `${'> '.repeat(MAX_MARKDOWN_NESTING + 1)}deep`],
    ['block quotes the renderer would overflow on', '> '.repeat(9_999)],
    ['lists the renderer would overflow on', '1. '.repeat(6_666)],
  ])('shows %s as plain text without running the Markdown lexer, and says why once', (_name, nested) => {
    const errors = captureErrors();
    const lex = vi.spyOn(Lexer, 'lex');
    const markdown = `Intro\n\n${nested}`;
    const html = renderMarkdown(markdown, noLinks);
    expect(html.startsWith('<p>Intro</p>\n<p>')).toBe(true);
    expect(html).not.toContain('<blockquote>');
    expect(html).not.toContain('<li>');
    expect(lex).not.toHaveBeenCalled();
    renderMarkdown(markdown, noLinks);
    expect(errors).toHaveLength(1);
    expect(JSON.parse(errors[0] ?? '')).toMatchObject({
      level: 'error',
      msg: 'Markdown could not be rendered; shown as plain text',
      error: expect.stringContaining(`at most ${MAX_MARKDOWN_NESTING} are allowed`),
    });
  });
});

describe('toPlainText', () => {
  it('strips Markdown syntax but keeps the words', () => {
    expect(toPlainText('## Title\n\nWe **encrypt** [data](link:x) at rest.\n\n- AES-256')).toBe(
      'Title We encrypt data at rest. AES-256',
    );
  });
});

describe('toPlainText is for search, not for questionnaires', () => {
  it('drops the URLs of links, which questionnaire drafts keep (src/questionnaire/questionnaire-text.ts)', () => {
    expect(toPlainText('See the [summary](/documents/ir-summary).')).toBe('See the summary.');
  });
});
