import type { Category, Certification, Highlight, NamedLink, Site, Tag } from './content.js';
import type { ShortAnswer } from './short-answer.js';
import type { ContentLanguage } from './translation.js';

/**
 * A record as a page in one language shows it: its texts in that language when translated, else in
 * English, and `language` saying which, so a page can mark English text on a Swedish page.
 */
export type Localized<T> = T & {
  /** The language the record's texts are in. */
  language: ContentLanguage;
};

/** A published entry, ready for display: rendered answer and resolved category and tags. */
export interface PublishedEntry {
  slug: string;
  /** The language of the question and answer (English when the entry is not translated yet). */
  language: ContentLanguage;
  question: string;
  readonly answerHtml: string;
  answerText: string;
  category: Localized<Category>;
  tags: Localized<Tag>[];
  lastReviewed: string;
  updatedAt: string;
  alternativePhrasings: string[];
  controls: string[];
  /** Days the public answer changed, when the site shows them (else empty). */
  changeDays: string[];
  /** What a questionnaire's choice column gets, when the entry has a short answer. */
  shortAnswer: ShortAnswer | null;
  /** The Markdown a questionnaire gets: the questionnaire wording, else the answer. */
  questionnaireMarkdown: string;
}

/** A category with how many published entries it holds. */
export interface CategorySummary extends Localized<Category> {
  entryCount: number;
}

/** A tag with how many published entries carry it. */
export interface TagSummary extends Localized<Tag> {
  entryCount: number;
}

/** Which language each of the site's own texts is in on a page. */
export interface SiteTextLanguages {
  tagline: ContentLanguage;
  intro: ContentLanguage;
  /** The service-delivery card as a whole (title, summary and response-time rows). */
  sla: ContentLanguage;
}

/** What the public pages show of the published site, computed once per content revision and language (the search index aside). */
export interface PublishedContent {
  revision: number;
  /** The language the site was built for; items fall back to English where untranslated. */
  language: ContentLanguage;
  /** The site with its texts in `language` where translated. */
  site: Site;
  /** Which language the site's texts actually are in. */
  siteLanguages: SiteTextLanguages;
  highlights: Localized<Highlight>[];
  certifications: Localized<Certification>[];
  links: Localized<NamedLink>[];
  categories: CategorySummary[];
  tags: TagSummary[];
  entries: PublishedEntry[];
  /** The newest `updatedAt` of any published entry (ISO). */
  lastUpdated: string;
  findEntry(slug: string): PublishedEntry | undefined;
  findCategory(slug: string): CategorySummary | undefined;
  findTag(slug: string): TagSummary | undefined;
  findLink(key: string): Localized<NamedLink> | undefined;
  /** Entries sharing the category or tags, most overlap first. */
  listRelated(entry: PublishedEntry, limit: number): PublishedEntry[];
}

/** What a visitor asked the search for (already validated at the edge). */
export interface SearchRequest {
  query: string;
  category: string | undefined;
  tags: string[];
  page: number;
  pageSize: number;
  /** Search the words as typed even when they find nothing, instead of the likeliest correction. */
  verbatim?: boolean;
  /** The language whose texts are searched (English by default). */
  language?: ContentLanguage;
}
