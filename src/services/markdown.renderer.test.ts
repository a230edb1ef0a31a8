import { describe, expect, it } from 'vitest';
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

describe('toPlainText', () => {
  it('strips Markdown syntax but keeps the words', () => {
    expect(toPlainText('## Title\n\nWe **encrypt** [data](link:x) at rest.\n\n- AES-256')).toBe(
      'Title We encrypt data at rest. AES-256',
    );
  });
});
