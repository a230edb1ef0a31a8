import type { Category, ContentSet, Entry, Tag } from '../domain/content.js';
import { AppError } from '../domain/errors.js';
import type { CategorySummary, PublishedContent, PublishedEntry, TagSummary } from '../domain/published-site.js';
import type { ShortAnswer } from '../domain/short-answer.js';
import { createSearchIndex, type SearchDocument, type SearchIndex, type SearchResult } from '../search/index.js';
import type { ContentService } from './content.service.js';
import { renderMarkdown, toPlainText } from './markdown.renderer.js';

/** Everything the public site shows, computed once per content revision, with its search index. */
export interface PublishedSite extends PublishedContent {
  /** The search index, built on first use (a page view does not need it). */
  readonly search: SearchIndex;
}

/** What a visitor asked the search for (already validated at the edge). */
export interface SiteSearchRequest {
  query: string;
  category: string | undefined;
  tags: string[];
  page: number;
  pageSize: number;
  /** Search the words as typed even when they find nothing, instead of the likeliest correction. */
  verbatim?: boolean;
}

/** One search of the published site: what the search page and the search API show. */
export interface SiteSearch {
  /** The request as searched: the query trimmed. */
  request: SiteSearchRequest;
  /** The page of hits; undefined for an empty query, which searches nothing. */
  result: SearchResult | undefined;
  /**
   * The corrected query whose hits `result` holds, when a word as typed is not in any answer and
   * its likeliest correction finds hits ("subprocesors" → "subprocessors"); undefined when the
   * query was searched as typed.
   */
  correctedQuery: string | undefined;
  /** The site the hits come from, to resolve them to entries and list the filters. */
  published: PublishedSite;
}

/** Builds the immutable published view of a content set. */
export function buildPublishedSite(
  content: ContentSet,
  revision: number,
  changeDays: Map<string, string[]> = new Map(),
): PublishedSite {
  const linkByKey = new Map(content.links.map((link) => [link.key, link]));
  const resolveLink = (key: string) => linkByKey.get(key)?.url;
  const categoryBySlug = new Map(content.categories.map((category) => [category.slug, category]));
  const tagBySlug = new Map(content.tags.map((tag) => [tag.slug, tag]));

  const entries: PublishedEntry[] = [];
  for (const entry of content.entries) {
    if (entry.status !== 'published') continue;
    const category = categoryBySlug.get(entry.category);
    if (!category) continue;
    entries.push(toPublishedEntry(entry, category, tagBySlug, resolveLink, changeDays.get(entry.slug) ?? []));
  }
  const categories: CategorySummary[] = content.categories.map((category) => ({
    ...category,
    entryCount: entries.filter((entry) => entry.category.slug === category.slug).length,
  }));
  const tags: TagSummary[] = content.tags.map((tag) => ({
    ...tag,
    entryCount: entries.filter((entry) => entry.tags.some((t) => t.slug === tag.slug)).length,
  }));
  const entryBySlug = new Map(entries.map((entry) => [entry.slug, entry]));
  const categorySummaryBySlug = new Map(categories.map((category) => [category.slug, category]));
  const tagSummaryBySlug = new Map(tags.map((tag) => [tag.slug, tag]));
  let search: SearchIndex | undefined;
  const lastUpdated =
    entries
      .map((entry) => entry.updatedAt)
      .sort()
      .at(-1) ?? '';

  return {
    revision,
    site: content.site,
    highlights: [...content.highlights].sort((a, b) => a.order - b.order),
    certifications: content.certifications,
    links: content.links,
    categories,
    tags,
    entries,
    lastUpdated,
    get search() {
      search ??= createSearchIndex(entries.map(toSearchDocument));
      return search;
    },
    findEntry: (slug) => entryBySlug.get(slug),
    findCategory: (slug) => categorySummaryBySlug.get(slug),
    findTag: (slug) => tagSummaryBySlug.get(slug),
    findLink: (key) => linkByKey.get(key),
    listRelated: (entry, limit) => listRelatedEntries(entries, entry, limit),
  };
}

/**
 * A published entry whose HTML is rendered on first use: with thousands of entries, rendering every
 * answer up front would dominate start-up time and memory, while pages only show a few.
 */
class LazyPublishedEntry implements PublishedEntry {
  readonly slug: string;
  readonly question: string;
  readonly answerText: string;
  readonly tags: Tag[];
  readonly lastReviewed: string;
  readonly updatedAt: string;
  readonly alternativePhrasings: string[];
  readonly controls: string[];
  readonly shortAnswer: ShortAnswer | null;
  readonly questionnaireMarkdown: string;
  private html: string | undefined;

  constructor(
    private readonly markdown: string,
    readonly category: Category,
    entry: Entry,
    tagBySlug: Map<string, Tag>,
    private readonly resolveLink: (key: string) => string | undefined,
    readonly changeDays: string[],
  ) {
    this.slug = entry.slug;
    this.question = entry.question;
    this.answerText = toPlainText(markdown);
    this.tags = entry.tags.flatMap((slug) => {
      const tag = tagBySlug.get(slug);
      return tag ? [tag] : [];
    });
    this.lastReviewed = entry.lastReviewed;
    this.updatedAt = entry.updatedAt;
    this.alternativePhrasings = entry.alternativePhrasings;
    this.controls = entry.controls;
    this.shortAnswer = entry.shortAnswer;
    this.questionnaireMarkdown = entry.questionnaireWording ?? markdown;
  }

  get answerHtml(): string {
    this.html ??= renderMarkdown(this.markdown, this.resolveLink);
    return this.html;
  }
}

function toPublishedEntry(
  entry: Entry,
  category: Category,
  tagBySlug: Map<string, Tag>,
  resolveLink: (key: string) => string | undefined,
  changeDays: string[],
): PublishedEntry {
  return new LazyPublishedEntry(entry.answer, category, entry, tagBySlug, resolveLink, changeDays);
}

/** The search engine's view of a published entry. */
export function toSearchDocument(entry: PublishedEntry): SearchDocument {
  return {
    id: entry.slug,
    question: entry.question,
    phrasings: entry.alternativePhrasings,
    answer: entry.answerText,
    category: { slug: entry.category.slug, name: entry.category.name },
    tags: entry.tags.map((tag) => ({ slug: tag.slug, name: tag.name })),
    controls: entry.controls,
  };
}

function listRelatedEntries(entries: PublishedEntry[], entry: PublishedEntry, limit: number): PublishedEntry[] {
  const tagSlugs = new Set(entry.tags.map((tag) => tag.slug));
  const controls = new Set(entry.controls);
  return entries
    .filter((other) => other.slug !== entry.slug)
    .map((other) => ({
      other,
      score:
        (other.category.slug === entry.category.slug ? 2 : 0) +
        other.controls.filter((control) => controls.has(control)).length * 3 +
        other.tags.filter((tag) => tagSlugs.has(tag.slug)).length,
    }))
    .filter((candidate) => candidate.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map((candidate) => candidate.other);
}

/**
 * Holds the published site for this process and rebuilds it when the content revision changes,
 * whichever process made the change. The revision is checked at most every `checkIntervalMs`.
 */
export class PublicSiteService {
  private current: PublishedSite | undefined;
  private loading: Promise<PublishedSite> | undefined;
  private lastCheck = 0;
  // Bumped by every invalidation; a load started before the latest one may have read the old
  // revision, so it neither counts as a fresh check nor satisfies a caller asking after it.
  private generation = 0;
  private loadingGeneration = -1;

  constructor(
    private readonly content: ContentService,
    private readonly checkIntervalMs = 500,
    private readonly indexWarmUpDelayMs = 1000,
    private readonly loadChangeDays: () => Promise<Map<string, string[]> | undefined> = async () => undefined,
  ) {}

  /** The published site, fresh within the check interval. */
  async getPublishedSite(): Promise<PublishedSite> {
    const now = Date.now();
    if (this.current && now - this.lastCheck < this.checkIntervalMs) return this.current;
    if (this.loading && this.loadingGeneration === this.generation) return this.loading;
    const generation = this.generation;
    // A load begun before an invalidation finishes first; this one then reads the revision anew.
    const previous = this.loading?.catch(() => undefined) ?? Promise.resolve(undefined);
    const loading: Promise<PublishedSite> = previous
      .then(() => this.refresh(generation))
      .finally(() => {
        if (this.loading === loading) this.loading = undefined;
      });
    this.loading = loading;
    this.loadingGeneration = generation;
    return loading;
  }

  /**
   * Searches the published site of the current revision. `time` wraps the index call alone (the
   * search metric), not the revision check before it.
   */
  async search(request: SiteSearchRequest, time: <T>(run: () => T) => T = (run) => run()): Promise<SiteSearch> {
    const published = await this.getPublishedSite();
    const searched = { ...request, query: request.query.trim() };
    if (searched.query.length === 0)
      return { request: searched, result: undefined, correctedQuery: undefined, published };
    const run = (query: string) =>
      published.search.search(query, {
        limit: searched.pageSize,
        offset: (searched.page - 1) * searched.pageSize,
        filters: { category: searched.category, tags: searched.tags },
      });
    // A word the site never uses, with a likely correction ("subprocesor"): as typed it matches
    // nothing, so the correction's hits are shown instead, and the page says so.
    const { result, correctedQuery } = time(() => {
      const typed = run(searched.query);
      const correction = typed.suggestions[0];
      if (correction === undefined || searched.verbatim === true) {
        return { result: typed, correctedQuery: undefined };
      }
      const corrected = run(correction);
      return corrected.total > 0
        ? { result: corrected, correctedQuery: correction }
        : { result: typed, correctedQuery: undefined };
    });
    return { request: searched, result, correctedQuery, published };
  }

  /**
   * The published entries closest to the words of a missing page's slug (`/faq/encrypt-backupz`):
   * the words searched as a query, then, when they find nothing together, the likely correction.
   */
  async listEntriesLike(words: string, limit: number): Promise<PublishedEntry[]> {
    const published = await this.getPublishedSite();
    const options = { limit, highlights: false, suggestions: true } as const;
    let result = published.search.search(words, options);
    const correction = result.suggestions[0];
    if (result.total === 0 && correction !== undefined) result = published.search.search(correction, options);
    return result.hits.flatMap((hit) => {
      const entry = published.findEntry(hit.id);
      return entry ? [entry] : [];
    });
  }

  /** Forces the next call to check the revision (after a local write). */
  invalidate(): void {
    this.lastCheck = 0;
    this.generation += 1;
  }

  /** Checks the revision now, in the background, so the next visitor gets fresh content at once. */
  refreshSoon(): void {
    this.invalidate();
    // A process that has served nothing yet (a CLI command, a server still starting) builds on first use.
    if (!this.current && !this.loading) return;
    this.getPublishedSite().catch(() => {});
  }

  private async refresh(generation: number): Promise<PublishedSite> {
    let revision: number;
    try {
      revision = await this.content.getRevision();
    } catch (error) {
      // With the database out of reach, visitors keep getting the last published content; the
      // next check after the interval tries again. Without any content yet there is nothing to show.
      if (!this.current) throw error;
      this.markChecked(generation);
      return this.current;
    }
    if (this.current && this.current.revision === revision) {
      this.markChecked(generation);
      return this.current;
    }
    const content = await this.content.getContent().catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'not_found') {
        throw new AppError('unavailable', 'No content has been imported yet');
      }
      throw error;
    });
    const published = buildPublishedSite(content, revision, await this.loadChangeDays());
    this.current = published;
    // Marked only now: marked before the rebuild, a request arriving during it got the old site as fresh.
    this.markChecked(generation);
    // Build the search index soon, but after the page that triggered this rebuild has been served.
    setTimeout(() => void published.search, this.indexWarmUpDelayMs).unref();
    return published;
  }

  // Only a check begun after the latest invalidation makes the content fresh for the interval.
  private markChecked(generation: number): void {
    if (generation === this.generation) this.lastCheck = Date.now();
  }
}
