/** One entry of an Atom feed. */
export interface AtomEntry {
  /** A permanent IRI: never changes once published. */
  id: string;
  title: string;
  /** RFC 3339 date-times. */
  updated: string;
  published: string;
  /** The entry's page. */
  link: string;
  /** HTML (already sanitized); written escaped as content type="html". */
  html: string;
  category?: { term: string; label: string };
}

/** An Atom feed (RFC 4287). */
export interface AtomFeed {
  id: string;
  title: string;
  /** The feed's own URL (rel="self"). */
  selfUrl: string;
  /** The HTML page it mirrors (rel="alternate"). */
  alternateUrl: string;
  authorName: string;
  language: string;
  /** When the feed last changed: the newest entry's update, or a fallback when there is none. */
  updated: string;
  entries: AtomEntry[];
}

/** The text without the characters XML 1.0 forbids (most C0 controls, lone surrogates, U+FFFE, U+FFFF). */
function keepXmlCharacters(text: string): string {
  let kept = '';
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    const isAllowed =
      code === 0x09 ||
      code === 0x0a ||
      code === 0x0d ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      code >= 0x10000;
    if (isAllowed) kept += character;
  }
  return kept;
}

/** Text escaped for XML character data and attribute values. */
export function escapeXml(text: string): string {
  return keepXmlCharacters(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Writes an Atom 1.0 document: feed id, title, updated, author, self and alternate links, then the entries. */
export function buildAtomFeed(feed: AtomFeed): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(feed.language)}">`,
    `  <id>${escapeXml(feed.id)}</id>`,
    `  <title type="text">${escapeXml(feed.title)}</title>`,
    `  <updated>${escapeXml(feed.updated)}</updated>`,
    `  <author><name>${escapeXml(feed.authorName)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(feed.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(feed.alternateUrl)}"/>`,
  ];
  for (const entry of feed.entries) {
    lines.push(
      '  <entry>',
      `    <id>${escapeXml(entry.id)}</id>`,
      `    <title type="text">${escapeXml(entry.title)}</title>`,
      `    <updated>${escapeXml(entry.updated)}</updated>`,
      `    <published>${escapeXml(entry.published)}</published>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(entry.link)}"/>`,
      ...(entry.category
        ? [`    <category term="${escapeXml(entry.category.term)}" label="${escapeXml(entry.category.label)}"/>`]
        : []),
      `    <content type="html">${escapeXml(entry.html)}</content>`,
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}
