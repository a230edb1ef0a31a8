import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AWKWARD_TEXT, fuzzParameters, parserText, yieldToEventLoop } from '../../test/fuzz.js';
import { renderMarkdown, toPlainText } from './markdown.renderer.js';

// Markdown syntax and HTML that an answer might hold by accident or by malice.
const MARKDOWN_PIECES = [
  ...AWKWARD_TEXT,
  '> ',
  '- ',
  '1. ',
  '    ',
  '```',
  '`',
  '*',
  '_',
  '**',
  '#',
  '|',
  '---',
  '[a](',
  ')',
  '](link:x)',
  '](document:soc2-report)',
  '](javascript:alert(1))',
  '](JaVaScRiPt:alert(1))',
  '](data:text/html,x)',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:x">',
  '<svg onload=alert(1)>',
  '<iframe src=//x>',
  '<style>',
  '&#x6A;avascript:',
  '<!--',
  '-->',
  '<',
  '>',
  '"',
  "'",
  '\\',
  'text',
] as const;

// Elements and attributes that run script or load from elsewhere when the answer is shown.
const UNSAFE_ELEMENT = /^(script|iframe|object|embed|style|svg|math|form|input|button|link|meta|base|frame)$/i;
const UNSAFE_ATTRIBUTE =
  /(?:^|\s)(on\w+|style|srcdoc)\s*=|(?:href|src|action)\s*=\s*["']?\s*(?:javascript|vbscript|data):/i;

/** The tags of an HTML text that break the rules (escaped text such as `&lt;script&gt;` is not a tag). */
function listUnsafeTags(html: string): string[] {
  const unsafe: string[] = [];
  for (const match of html.matchAll(/<([a-z][a-z0-9]*)\b([^>]*)>/gi)) {
    const [whole, name = '', attributes = ''] = match;
    if (UNSAFE_ELEMENT.test(name) || UNSAFE_ATTRIBUTE.test(attributes)) unsafe.push(whole);
  }
  return unsafe;
}

describe('Markdown answers under fuzzing', () => {
  it('finds unsafe tags with the rule the fuzzing uses (the check itself can fail)', async () => {
    expect(listUnsafeTags('<p><a href="javascript:x">a</a><img src=x onerror=y></p>')).toHaveLength(2);
    expect(listUnsafeTags('<p>&lt;script&gt; <a href="https://example.test/">a</a></p>')).toEqual([]);
  });

  it('renders any text to HTML with no script, event handler or unsafe link, and never throws', async () => {
    await fc.assert(
      fc.asyncProperty(parserText(MARKDOWN_PIECES, 80), async (markdown) => {
        await yieldToEventLoop();
        const html = renderMarkdown(markdown, (key) => (key === 'x' ? 'https://example.test/x' : undefined));
        expect(listUnsafeTags(html)).toEqual([]);
        const text = toPlainText(markdown);
        expect(typeof text).toBe('string');
      }),
      fuzzParameters(300),
    );
  });
});
