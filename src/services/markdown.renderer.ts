import { createHash } from 'node:crypto';
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { findNestingProblem, linkReferencePattern } from '../domain/content.js';
import { resolveDocumentLinks } from '../domain/document.js';

const marked = new Marked({ gfm: true, breaks: false, async: false });

// Only what an answer needs; everything else (scripts, styles, SVG, event handlers, iframes) is dropped.
const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'em',
    'b',
    'i',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'h3',
    'h4',
    'h5',
    'h6',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'hr',
    'del',
    'sup',
    'sub',
  ],
  allowedAttributes: { a: ['href', 'title'], th: ['align'], td: ['align'], ol: ['start'] },
  allowedSchemes: ['https', 'http', 'mailto'],
  allowedSchemesByTag: {},
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    // Headings inside an answer sit below the page's own h1/h2 outline.
    h1: 'h3',
    h2: 'h3',
  },
};

/**
 * Renders an answer's Markdown to safe HTML, resolving `link:<key>` targets through `resolveLink` and
 * `document:<slug>` targets to the document's page. A text nested deeper than a save allows (stored before the
 * nesting limit, or written to the database directly) is shown as plain text without being given to the renderer.
 */
export function renderMarkdown(markdown: string, resolveLink: (key: string) => string | undefined): string {
  try {
    // The renderer's work grows with the nesting depth times the text's length: `> ` x 9,999 held the event loop
    // for about 150 ms before overflowing the stack. Measuring the nesting first takes one pass over the text.
    const nesting = findNestingProblem(markdown);
    if (nesting !== undefined) {
      logFailureOnce(markdown, nesting);
      return renderAsPlainText(markdown);
    }
    const withLinks = resolveDocumentLinks(markdown).replace(linkReferencePattern(), (whole, key: string) => {
      const url = resolveLink(key);
      return url === undefined ? whole : `](${url})`;
    });
    return sanitizeHtml(marked.parse(withLinks, { async: false }), SANITIZE_OPTIONS);
  } catch (error) {
    // One text the renderer cannot take must not take down every page that lists it.
    logFailureOnce(markdown, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    return renderAsPlainText(markdown);
  }
}

/** The text as escaped paragraphs, split at blank lines: what a visitor sees when rendering fails. */
function renderAsPlainText(markdown: string): string {
  return markdown
    .split(/(?:\r?\n[ \t]*){2,}/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => `<p>${escapeHtml(paragraph)}</p>\n`)
    .join('');
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

// Digests of the texts whose failure was logged; a page listing the entry renders it on every build.
const loggedFailures = new Set<string>();
const MAX_LOGGED_FAILURES = 1000;

function logFailureOnce(markdown: string, reason: string): void {
  const digest = createHash('sha256').update(markdown).digest('hex');
  if (loggedFailures.has(digest)) return;
  if (loggedFailures.size >= MAX_LOGGED_FAILURES) loggedFailures.clear();
  loggedFailures.add(digest);
  const line = {
    time: new Date().toISOString(),
    level: 'error',
    msg: 'Markdown could not be rendered; shown as plain text',
    error: reason,
    textLength: markdown.length,
    textDigest: digest.slice(0, 16),
  };
  process.stderr.write(`${JSON.stringify(line)}\n`);
}

/** Plain text of a Markdown answer, for search, snippets, JSON-LD and llms.txt. */
export function toPlainText(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, ' ')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+/gm, '')
    .replace(/[*_`~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
