import type { Token } from './analyzer.js';
import { analyzeRawWord, analyzeSwedishWord, tokenize } from './analyzer.js';
import type { HighlightSegment } from './types.js';

/** Default snippet width in characters. */
export const SNIPPET_WIDTH = 200;
const ELLIPSIS = '…';
// Most of the spare room goes after the matches: readers want what follows a hit more than
// what precedes it, but a little lead-in gives the match context.
const LEAD_SHARE = 0.25;

/** A snippet plus how many matching words it shows, so callers can pick the best source. */
export interface Snippet {
  segments: HighlightSegment[];
  matchCount: number;
}

/** Tell whether a token's index terms include any of the matched terms. */
export function isMatchingToken(token: Token, matchedTerms: ReadonlySet<string>): boolean {
  if (matchedTerms.size === 0) return false;
  const word = analyzeRawWord(token.text);
  for (const term of word.terms) {
    if (matchedTerms.has(term)) return true;
  }
  // A Swedish text's words may have matched by their Swedish-only terms (see analyzeSwedishWord).
  for (const term of analyzeSwedishWord(word.normalized)) {
    if (matchedTerms.has(term)) return true;
  }
  return false;
}

/** Split the whole text into segments whose concatenation is the text, flagging matching words. */
export function highlightText(text: string, matchedTerms: ReadonlySet<string>): HighlightSegment[] {
  const tokens = tokenize(text);
  const matches = tokens.filter((token) => isMatchingToken(token, matchedTerms));
  return buildSegments(text, matches, 0, text.length);
}

/**
 * Pick the window of about `width` characters holding the most distinct matching words, cut at
 * word boundaries, with ellipsis segments where the text was cut.
 */
export function selectSnippet(text: string, matchedTerms: ReadonlySet<string>, width = SNIPPET_WIDTH): Snippet {
  const tokens = tokenize(text);
  const matches = tokens.filter((token) => isMatchingToken(token, matchedTerms));
  if (text.length <= width) {
    return { segments: buildSegments(text, matches, 0, text.length), matchCount: matches.length };
  }
  const [spanStart, spanEnd] = findDensestSpan(matches, width);
  const spare = Math.max(0, width - (spanEnd - spanStart));
  let start = Math.max(0, spanStart - Math.floor(spare * LEAD_SHARE));
  let end = Math.min(text.length, start + width);
  start = Math.max(0, Math.min(start, end - width));
  if (start > 0) start = snapForward(tokens, start, spanStart);
  if (end < text.length) end = snapBackward(tokens, end, Math.min(spanEnd, end), start);
  const shown = matches.filter((token) => token.start >= start && token.end <= end);
  const segments: HighlightSegment[] = [];
  if (start > 0) segments.push({ text: ELLIPSIS, isMatch: false });
  segments.push(...buildSegments(text, shown, start, end));
  if (end < text.length) segments.push({ text: ELLIPSIS, isMatch: false });
  return { segments, matchCount: shown.length };
}

function findDensestSpan(matches: readonly Token[], width: number): [number, number] {
  const first = matches[0];
  if (first === undefined) return [0, 0];
  let bestStart = first.start;
  let bestEnd = first.end;
  let bestScore = -1;
  let last = 0;
  for (let index = 0; index < matches.length; index++) {
    const opening = matches[index];
    if (opening === undefined) break;
    if (last < index) last = index;
    while (last + 1 < matches.length && (matches[last + 1]?.end ?? Infinity) - opening.start <= width) last++;
    const distinct = new Set<string>();
    for (let inner = index; inner <= last; inner++) distinct.add(matches[inner]?.normalized ?? '');
    // Distinct words matter most (they cover more of the query); repeats break ties.
    const score = distinct.size * 1000 + (last - index);
    if (score > bestScore) {
      bestScore = score;
      bestStart = opening.start;
      bestEnd = matches[last]?.end ?? opening.end;
    }
  }
  return [bestStart, bestEnd];
}

function snapForward(tokens: readonly Token[], position: number, limit: number): number {
  for (const token of tokens) {
    if (token.start >= position) return Math.min(token.start, limit);
  }
  return Math.min(position, limit);
}

function snapBackward(tokens: readonly Token[], position: number, limit: number, floor: number): number {
  let snapped = -1;
  for (const token of tokens) {
    if (token.end > position) break;
    snapped = token.end;
  }
  if (snapped <= floor) return position;
  return Math.max(snapped, limit);
}

function buildSegments(text: string, matches: readonly Token[], start: number, end: number): HighlightSegment[] {
  const segments: HighlightSegment[] = [];
  let cursor = start;
  for (const match of matches) {
    if (match.start < cursor || match.end > end) continue;
    if (match.start > cursor) segments.push({ text: text.slice(cursor, match.start), isMatch: false });
    segments.push({ text: text.slice(match.start, match.end), isMatch: true });
    cursor = match.end;
  }
  if (cursor < end) segments.push({ text: text.slice(cursor, end), isMatch: false });
  return segments;
}
