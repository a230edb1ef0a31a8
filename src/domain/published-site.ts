import type { Category, Certification, Highlight, NamedLink, Site, Tag } from './content.js';
import type { ShortAnswer } from './short-answer.js';

/** A published entry, ready for display: rendered answer and resolved category and tags. */
export interface PublishedEntry {
  slug: string;
  question: string;
  readonly answerHtml: string;
  answerText: string;
  category: Category;
  tags: Tag[];
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
export interface CategorySummary extends Category {
  entryCount: number;
}

/** A tag with how many published entries carry it. */
export interface TagSummary extends Tag {
  entryCount: number;
}

/** What the public pages show of the published site, computed once per content revision (the search index aside). */
export interface PublishedContent {
  revision: number;
  site: Site;
  highlights: Highlight[];
  certifications: Certification[];
  links: NamedLink[];
  categories: CategorySummary[];
  tags: TagSummary[];
  entries: PublishedEntry[];
  /** The newest `updatedAt` of any published entry (ISO). */
  lastUpdated: string;
  findEntry(slug: string): PublishedEntry | undefined;
  findCategory(slug: string): CategorySummary | undefined;
  findTag(slug: string): TagSummary | undefined;
  findLink(key: string): NamedLink | undefined;
  /** Entries sharing the category or tags, most overlap first. */
  listRelated(entry: PublishedEntry, limit: number): PublishedEntry[];
}
