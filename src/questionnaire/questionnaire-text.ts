import { Lexer, type Token, type Tokens } from 'marked';
import { findNestingProblem } from '../domain/content.js';
import { resolveDocumentLinks } from '../domain/document.js';
import type { MatchableEntry } from './matcher.js';

// The same reading of Markdown as the renderer of the public pages (GitHub-flavoured, no smart breaks).
const LEXER_OPTIONS = { gfm: true, breaks: false } as const;

/** What a draft's links resolve against: the site's named links and its public URL. */
export interface DraftLinks {
  /** URL of each named link by key. */
  links: Record<string, string>;
  /** PUBLIC_URL; without it a path such as /documents/x stays a path. */
  baseUrl?: string | undefined;
}

/**
 * The entries with their `draftText` rendered from `draftMarkdown` on first use, once: a draft is needed only for
 * the few entries suggested, and rendering every answer of a large library up front took seconds (2.5 s for
 * 20,000 answers).
 */
export function withDraftTexts(entries: readonly MatchableEntry[], draft: DraftLinks): MatchableEntry[] {
  const options: QuestionnaireTextOptions = {
    resolveLink: (key) => (Object.hasOwn(draft.links, key) ? draft.links[key] : undefined),
    baseUrl: draft.baseUrl,
  };
  return entries.map((entry) => {
    const markdown = entry.draftMarkdown;
    if (markdown === undefined) return entry;
    let rendered: string | undefined;
    return Object.defineProperty({ ...entry }, 'draftText', {
      enumerable: true,
      get: () => {
        rendered ??= toQuestionnaireText(markdown, options);
        return rendered;
      },
    });
  });
}

/** Where the links of a text written into a questionnaire point. */
export interface QuestionnaireTextOptions {
  /** The URL of a named link (`link:<key>`), or undefined when the site has none by that key. */
  resolveLink: (key: string) => string | undefined;
  /** The site's public URL (PUBLIC_URL); without it a path such as /documents/x stays a path. */
  baseUrl?: string | undefined;
}

/**
 * An answer (or questionnaire wording) as plain text for a spreadsheet cell: paragraphs split by a blank line,
 * lists as "- " and "1. " lines, emphasis and code marks dropped, and each link written as its text followed by
 * its absolute URL in brackets ("the Incident response summary (https://trust.example/documents/ir-summary)").
 * A bare URL, or a link whose text is its URL, is written once. Unlike toPlainText (search), nothing is lost.
 */
export function toQuestionnaireText(markdown: string, options: QuestionnaireTextOptions): string {
  // Nested deeper than a save allows (a text stored before the limit, or written into the database directly): the
  // text as written, without the lexer, whose work grows with depth times length until it overflows the stack.
  if (findNestingProblem(markdown) !== undefined) return markdown.trim();
  let tokens: Token[];
  try {
    tokens = Lexer.lex(resolveDocumentLinks(markdown), LEXER_OPTIONS);
  } catch {
    return markdown.trim();
  }
  return writeBlocks(tokens, options, '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function writeBlocks(
  tokens: readonly Token[],
  options: QuestionnaireTextOptions,
  indent: string,
  separator = '\n\n',
): string {
  const blocks: string[] = [];
  for (const token of tokens) {
    const block = writeBlock(token, options, indent);
    if (block !== '') blocks.push(block);
  }
  return blocks.join(separator);
}

function writeBlock(token: Token, options: QuestionnaireTextOptions, indent: string): string {
  switch (token.type) {
    case 'space':
    case 'hr':
    case 'def':
      return '';
    case 'code':
      return indentLines(token.text, indent);
    case 'list': {
      const list = token as Tokens.List;
      const start = typeof list.start === 'number' ? list.start : 1;
      const items = list.items.map((item, index) => {
        const marker = list.ordered ? `${start + index}. ` : '- ';
        const checkbox = item.task ? (item.checked ? '[x] ' : '[ ] ') : '';
        // A tight list keeps an item's text and its nested list on consecutive lines.
        const inner = writeBlocks(item.tokens, options, ' '.repeat(marker.length), list.loose ? '\n\n' : '\n');
        // The item's own first line follows its marker; its further lines (continuations, nested lists) are indented.
        return `${indent}${marker}${checkbox}${inner.replace(/^ +/, '')}`.replace(/\n(?=\S| )/g, `\n${indent}`);
      });
      return items.join(list.loose ? '\n\n' : '\n');
    }
    case 'table': {
      const table = token as Tokens.Table;
      const row = (cells: readonly Tokens.TableCell[]) =>
        indent + cells.map((cell) => writeInline(cell.tokens, options)).join(' | ');
      return [row(table.header), ...table.rows.map(row)].join('\n');
    }
    case 'blockquote':
      return writeBlocks((token as Tokens.Blockquote).tokens, options, indent);
    case 'html':
      return indentLines(decodeEntities(stripTags(token.text)).trim(), indent);
    default: {
      const inline = 'tokens' in token && Array.isArray(token.tokens) ? token.tokens : undefined;
      const text = inline ? writeInline(inline, options) : decodeEntities('text' in token ? String(token.text) : '');
      return indentLines(text, indent);
    }
  }
}

function writeInline(tokens: readonly Token[], options: QuestionnaireTextOptions): string {
  let text = '';
  for (const token of tokens) {
    switch (token.type) {
      case 'link': {
        const link = token as Tokens.Link;
        const label = writeInline(link.tokens, options).trim();
        const url = toAbsoluteUrl(link.href, options);
        const shown = url.startsWith('mailto:') ? url.slice('mailto:'.length) : url;
        text += label === '' ? shown : isSameAddress(label, shown) ? label : `${label} (${shown})`;
        break;
      }
      case 'image':
        text += (token as Tokens.Image).text;
        break;
      case 'br':
        text += '\n';
        break;
      case 'codespan':
        text += decodeEntities((token as Tokens.Codespan).text);
        break;
      case 'html':
        text += /^<br\s*\/?>$/i.test(token.text.trim()) ? '\n' : decodeEntities(stripTags(token.text));
        break;
      default:
        if ('tokens' in token && Array.isArray(token.tokens)) text += writeInline(token.tokens, options);
        else text += decodeEntities('text' in token ? String(token.text) : '');
    }
  }
  return text;
}

/** The URL a link target stands for: named links resolved, paths made absolute when the site's URL is known. */
function toAbsoluteUrl(href: string, options: QuestionnaireTextOptions): string {
  const named = /^link:([a-z0-9-]+)$/.exec(href);
  const target = named ? (options.resolveLink(named[1] ?? '') ?? href) : href;
  if (target.startsWith('/') && !target.startsWith('//') && options.baseUrl) {
    return `${options.baseUrl.replace(/\/+$/, '')}${target}`;
  }
  return target;
}

function isSameAddress(label: string, url: string): boolean {
  const bare = (text: string) =>
    text
      .replace(/^[a-z]+:\/\//i, '')
      .replace(/\/$/, '')
      .toLowerCase();
  return bare(label) === bare(url);
}

function indentLines(text: string, indent: string): string {
  return indent === '' ? text : text.replace(/^(?=.)/gm, indent);
}

function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, '');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return safeCodePoint(Number.parseInt(name.slice(2), 16), whole);
    if (name.startsWith('#')) return safeCodePoint(Number.parseInt(name.slice(1), 10), whole);
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}
