/**
 * What still lacks its Swedish: every piece of content staff can translate, by kind, so the staff area can list
 * it and count it. A text counts as untranslated when its translation is missing or, for the site, when any of its
 * translatable texts is.
 */
import type { Category, Certification, Entry, Highlight, NamedLink, Site, Tag } from './content.js';
import type { DocumentRecord } from './document.js';
import type { TranslationLanguage } from './translation.js';

/** The kinds of content that carry a translation, in the order the staff page lists them. */
export const UNTRANSLATED_KINDS = [
  'site',
  'highlight',
  'category',
  'tag',
  'certification',
  'link',
  'entry',
  'document',
] as const;

/** A kind of translatable content. */
export type UntranslatedKind = (typeof UNTRANSLATED_KINDS)[number];

/** One item without (all of) its translation, and where staff translate it. */
export interface UntranslatedItem {
  kind: UntranslatedKind;
  /** The English name, title or question staff know it by. */
  name: string;
  /** The staff form to translate it in, or null when it is translated in the content files only. */
  editPath: string | null;
}

/** The content the check looks at: highlights and certifications with their ids, for their edit forms. */
export interface TranslatableContent {
  site: Site | undefined;
  highlights: (Highlight & { id: number })[];
  categories: Category[];
  tags: Tag[];
  certifications: (Certification & { id: number })[];
  links: NamedLink[];
  entries: Entry[];
  documents: DocumentRecord[];
}

/** Every item of `content` that lacks its translation into `language`, kind by kind. Archived things are left out. */
export function listUntranslated(content: TranslatableContent, language: TranslationLanguage): UntranslatedItem[] {
  const items: UntranslatedItem[] = [];
  const { site } = content;
  if (site) {
    const translation = site.translations?.[language];
    const isComplete =
      translation !== undefined &&
      [
        translation.tagline,
        translation.intro,
        translation.slaTitle,
        translation.slaSummary,
        translation.slaAvailability,
      ].every((text) => text !== undefined) &&
      (site.sla.responseTimes.length === 0 || translation.responseTimes !== undefined);
    if (!isComplete) items.push({ kind: 'site', name: site.name, editPath: '/admin/site' });
  }
  for (const highlight of content.highlights) {
    if (!highlight.translations?.[language])
      items.push({ kind: 'highlight', name: highlight.title, editPath: `/admin/highlights/${highlight.id}` });
  }
  for (const category of content.categories) {
    if (!category.translations?.[language])
      items.push({ kind: 'category', name: category.name, editPath: `/admin/categories/${category.slug}` });
  }
  for (const tag of content.tags) {
    if (!tag.translations?.[language]) items.push({ kind: 'tag', name: tag.name, editPath: `/admin/tags/${tag.slug}` });
  }
  for (const certification of content.certifications) {
    if (!certification.translations?.[language])
      items.push({
        kind: 'certification',
        name: certification.name,
        editPath: `/admin/certifications/${certification.id}`,
      });
  }
  for (const link of content.links) {
    if (!link.translations?.[language]) items.push({ kind: 'link', name: link.title, editPath: null });
  }
  for (const entry of content.entries) {
    if (entry.status !== 'archived' && !entry.translations?.[language])
      items.push({ kind: 'entry', name: entry.question, editPath: `/admin/entries/${entry.slug}` });
  }
  for (const document of content.documents) {
    if (document.archivedAt === null && !document.translations?.[language])
      items.push({ kind: 'document', name: document.title, editPath: `/admin/documents/${document.slug}` });
  }
  return items;
}
