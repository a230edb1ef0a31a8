import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

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

/** Renders an answer's Markdown to safe HTML, resolving `link:<key>` targets through `resolveLink`. */
export function renderMarkdown(markdown: string, resolveLink: (key: string) => string | undefined): string {
  const withLinks = markdown.replace(/\]\(link:([a-z0-9-]+)\)/g, (whole, key: string) => {
    const url = resolveLink(key);
    return url === undefined ? whole : `](${url})`;
  });
  const html = marked.parse(withLinks, { async: false });
  return sanitizeHtml(html, SANITIZE_OPTIONS);
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
