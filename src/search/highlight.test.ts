import { describe, expect, it } from 'vitest';
import { highlightText, selectSnippet } from './highlight.js';
import type { HighlightSegment } from './types.js';

function join(segments: HighlightSegment[]): string {
  return segments.map((segment) => segment.text).join('');
}

function marked(segments: HighlightSegment[]): string[] {
  return segments.filter((segment) => segment.isMatch).map((segment) => segment.text);
}

describe('highlightText', () => {
  it('marks words whose stems matched and reconstructs the text exactly', () => {
    const text = 'Are backups Encrypted at rest?';
    const segments = highlightText(text, new Set(['encrypt', 'backup']));
    expect(join(segments)).toBe(text);
    expect(marked(segments)).toEqual(['backups', 'Encrypted']);
  });

  it('returns one plain segment when nothing matches', () => {
    expect(highlightText('Nothing here', new Set(['encrypt']))).toEqual([{ text: 'Nothing here', isMatch: false }]);
  });

  it('never marks stop words', () => {
    expect(marked(highlightText('the data', new Set(['the', 'data'])))).toEqual(['data']);
  });
});

describe('selectSnippet', () => {
  const filler = 'Lorem ipsum dolor sit amet consectetur. '.repeat(12);
  const answer = `${filler}Customer data is encrypted with AES-256 and keys rotate yearly. ${filler}`;

  it('centres a window of about 200 characters on the matches with ellipsis segments', () => {
    const snippet = selectSnippet(answer, new Set(['encrypt', 'key']));
    const first = snippet.segments[0];
    const last = snippet.segments[snippet.segments.length - 1];
    expect(first).toEqual({ text: '…', isMatch: false });
    expect(last).toEqual({ text: '…', isMatch: false });
    const body = join(snippet.segments.slice(1, -1));
    expect(answer).toContain(body);
    expect(body.length).toBeLessThanOrEqual(200);
    expect(marked(snippet.segments)).toEqual(['encrypted', 'keys']);
    expect(snippet.matchCount).toBe(2);
  });

  it('cuts at word boundaries', () => {
    const snippet = selectSnippet(answer, new Set(['encrypt']));
    const body = join(snippet.segments.slice(1, -1));
    const start = answer.indexOf(body);
    expect(/\w/.test(answer.charAt(start - 1))).toBe(false);
    expect(/\w/.test(answer.charAt(start + body.length))).toBe(false);
  });

  it('prefers the window with the most distinct matching words', () => {
    const text = `${'backup '.repeat(5)}${filler}backup encrypted keys ${filler}`;
    const snippet = selectSnippet(text, new Set(['backup', 'encrypt', 'key']));
    expect(new Set(marked(snippet.segments))).toEqual(new Set(['backup', 'encrypted', 'keys']));
  });

  it('shows the start of the text when nothing matches', () => {
    const snippet = selectSnippet(answer, new Set(['firewall']));
    expect(snippet.matchCount).toBe(0);
    expect(snippet.segments[0]?.text.startsWith('Lorem')).toBe(true);
    expect(snippet.segments[snippet.segments.length - 1]).toEqual({ text: '…', isMatch: false });
  });

  it('returns short text whole, without ellipses', () => {
    const snippet = selectSnippet('Backups run nightly.', new Set(['backup']));
    expect(join(snippet.segments)).toBe('Backups run nightly.');
  });
});
