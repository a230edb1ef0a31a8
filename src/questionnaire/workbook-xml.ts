/** Small readers of an .xlsx package's XML parts, shared by the workbook reader and writer. */

/** Decodes the five predefined XML entities (`&amp;` last, so `&amp;lt;` stays `&lt;`). */
export function decodeXmlEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * Maps each tab name to its worksheet part (`xl/worksheets/sheet1.xml`) through workbook.xml and
 * its relationships, in tab order.
 */
export function mapSheetParts(workbookXml: string, relsXml: string): Map<string, string> {
  const targets = new Map<string, string>();
  for (const [tag] of relsXml.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]*)"/.exec(tag)?.[1];
    const target = /\bTarget="([^"]*)"/.exec(tag)?.[1];
    if (id !== undefined && target !== undefined) {
      targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${decodeXmlEntities(target)}`);
    }
  }
  const parts = new Map<string, string>();
  for (const [tag] of workbookXml.matchAll(/<sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(tag)?.[1];
    const id = /\b\w+:id="([^"]*)"/.exec(tag)?.[1];
    const target = id === undefined ? undefined : targets.get(id);
    if (name !== undefined && target !== undefined) parts.set(decodeXmlEntities(name), target);
  }
  return parts;
}
