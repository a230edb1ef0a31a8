import type {
  Category,
  Certification,
  ContentSet,
  Entry,
  Highlight,
  NamedLink,
  ServiceLevel,
  Site,
  Tag,
} from '../domain/content.js';
import { AppError } from '../domain/errors.js';
import type {
  CategorySummary,
  Localized,
  PublishedContent,
  PublishedEntry,
  SearchRequest,
  SiteTextLanguages,
  TagSummary,
} from '../domain/published-site.js';
import type { ShortAnswer } from '../domain/short-answer.js';
import {
  type ContentLanguage,
  type EntryTranslation,
  type SiteTranslation,
  SOURCE_LANGUAGE,
  type Translations,
} from '../domain/translation.js';
import { isLanguageNeutralPath, localizePath } from '../i18n/index.js';
import { createLanguageBridge, type LanguageBridge } from '../questionnaire/matcher-bridge.js';
import { createSearchIndex, type SearchDocument, type SearchIndex, type SearchResult } from '../search/index.js';
import type { ContentService } from './content.service.js';
import { renderMarkdown, toPlainText } from './markdown.renderer.js';

/** Everything the public site shows, computed once per content revision, with its search index. */
export interface PublishedSite extends PublishedContent {
  /** The search index, built on first use (a page view does not need it). */
  readonly search: SearchIndex;
}

/** One search of the published site: what the search page and the search API show. */
export interface SiteSearch {
  /** The request as searched: the query trimmed. */
  request: SearchRequest;
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

/** Builds the immutable published view of a content set in one language (English where untranslated). */
export function buildPublishedSite(
  content: ContentSet,
  revision: number,
  changeDays: Map<string, string[]> = new Map(),
  language: ContentLanguage = SOURCE_LANGUAGE,
): PublishedSite {
  const translate = <T>(translations: Translations<T> | undefined): T | undefined =>
    language === 'en' ? undefined : translations?.[language];
  const links: Localized<NamedLink>[] = content.links.map((link) => {
    const translation = translate(link.translations);
    return translation ? { ...link, title: translation.title, language } : { ...link, language: 'en' };
  });
  const linkByKey = new Map(links.map((link) => [link.key, link]));
  const resolveLink = (key: string) => linkByKey.get(key)?.url;
  const categoryBySlug = new Map(
    content.categories.map((category): [string, Localized<Category>] => {
      const translation = translate(category.translations);
      return [
        category.slug,
        translation
          ? { ...category, name: translation.name, description: translation.description, language }
          : { ...category, language: 'en' },
      ];
    }),
  );
  const tagBySlug = new Map(
    content.tags.map((tag): [string, Localized<Tag>] => {
      const translation = translate(tag.translations);
      return [tag.slug, translation ? { ...tag, name: translation.name, language } : { ...tag, language: 'en' }];
    }),
  );

  const entries: PublishedEntry[] = [];
  for (const entry of content.entries) {
    if (entry.status !== 'published') continue;
    const category = categoryBySlug.get(entry.category);
    if (!category) continue;
    entries.push(
      new LazyPublishedEntry(
        entry,
        translate(entry.translations),
        language,
        category,
        tagBySlug,
        resolveLink,
        changeDays.get(entry.slug) ?? [],
      ),
    );
  }
  const categories: CategorySummary[] = [...categoryBySlug.values()].map((category) => ({
    ...category,
    entryCount: entries.filter((entry) => entry.category.slug === category.slug).length,
  }));
  const tags: TagSummary[] = [...tagBySlug.values()].map((tag) => ({
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
  const highlights = [...content.highlights]
    .sort((a, b) => a.order - b.order)
    .map((highlight): Localized<Highlight> => {
      const translation = translate(highlight.translations);
      return translation
        ? { ...highlight, title: translation.title, text: translation.text, language }
        : { ...highlight, language: 'en' };
    });
  const certifications = content.certifications.map((certification): Localized<Certification> => {
    const translation = translate(certification.translations);
    return translation
      ? { ...certification, scope: translation.scope, language }
      : { ...certification, language: 'en' };
  });
  const { site, siteLanguages } = localizeSite(content.site, translate(content.site.translations), language);

  return {
    revision,
    language,
    site,
    siteLanguages,
    highlights,
    certifications,
    links,
    categories,
    tags,
    entries,
    lastUpdated,
    get search() {
      search ??= createSearchIndex(entries.map(toSearchDocument), { language });
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
 * The site's texts in a language. Tagline and intro fall back one by one; the service-delivery card
 * is one piece: Swedish only when its title, summary and every response-time row are, so that a card
 * never mixes the two languages (the availability figure is a number and may stay as written).
 */
function localizeSite(
  site: Site,
  translation: SiteTranslation | undefined,
  language: ContentLanguage,
): { site: Site; siteLanguages: SiteTextLanguages } {
  if (!translation) return { site, siteLanguages: { tagline: 'en', intro: 'en', sla: 'en' } };
  const rows = translation.responseTimes;
  const isSlaTranslated =
    translation.slaTitle !== undefined &&
    translation.slaSummary !== undefined &&
    (site.sla.responseTimes.length === 0 || rows?.length === site.sla.responseTimes.length);
  const sla: ServiceLevel = isSlaTranslated
    ? {
        ...site.sla,
        title: translation.slaTitle ?? site.sla.title,
        summary: translation.slaSummary ?? site.sla.summary,
        availability: translation.slaAvailability ?? site.sla.availability,
        responseTimes: site.sla.responseTimes.map((row, index) => ({
          priority: row.priority,
          description: rows?.[index]?.description ?? row.description,
          response: rows?.[index]?.response ?? row.response,
        })),
      }
    : site.sla;
  return {
    site: {
      ...site,
      tagline: translation.tagline ?? site.tagline,
      intro: translation.intro ?? site.intro,
      sla,
    },
    siteLanguages: {
      tagline: translation.tagline !== undefined ? language : 'en',
      intro: translation.intro !== undefined ? language : 'en',
      sla: isSlaTranslated ? language : 'en',
    },
  };
}

// Links in an answer to our own pages keep a Swedish visitor under /sv/; assets, the API and
// machine files are the same in every language.
const LOCAL_HREF = /href="(\/(?!\/)[^"]*)"/g;

function localizeAnswerLinks(html: string, language: ContentLanguage): string {
  if (language === 'en') return html;
  return html.replace(LOCAL_HREF, (whole, path: string) =>
    isLanguageNeutralPath(path.split(/[?#]/)[0] ?? path) ? whole : `href="${localizePath(path, language)}"`,
  );
}

/**
 * A published entry whose HTML is rendered on first use: with thousands of entries, rendering every
 * answer up front would dominate start-up time and memory, while pages only show a few.
 */
class LazyPublishedEntry implements PublishedEntry {
  readonly slug: string;
  readonly language: ContentLanguage;
  readonly question: string;
  readonly answerText: string;
  readonly tags: Localized<Tag>[];
  readonly lastReviewed: string;
  readonly updatedAt: string;
  readonly alternativePhrasings: string[];
  readonly controls: string[];
  readonly shortAnswer: ShortAnswer | null;
  readonly questionnaireMarkdown: string;
  private readonly markdown: string;
  private html: string | undefined;

  constructor(
    entry: Entry,
    translation: EntryTranslation | undefined,
    language: ContentLanguage,
    readonly category: Localized<Category>,
    tagBySlug: Map<string, Localized<Tag>>,
    private readonly resolveLink: (key: string) => string | undefined,
    readonly changeDays: string[],
  ) {
    this.slug = entry.slug;
    this.language = translation ? language : 'en';
    this.question = translation?.question ?? entry.question;
    this.markdown = translation?.answer ?? entry.answer;
    this.answerText = toPlainText(this.markdown);
    this.tags = entry.tags.flatMap((slug) => {
      const tag = tagBySlug.get(slug);
      return tag ? [tag] : [];
    });
    this.lastReviewed = entry.lastReviewed;
    this.updatedAt = entry.updatedAt;
    this.alternativePhrasings = translation?.alternativePhrasings ?? entry.alternativePhrasings;
    this.controls = entry.controls;
    this.shortAnswer = entry.shortAnswer;
    this.questionnaireMarkdown = translation
      ? (translation.questionnaireWording ?? translation.answer)
      : (entry.questionnaireWording ?? entry.answer);
  }

  get answerHtml(): string {
    this.html ??= localizeAnswerLinks(renderMarkdown(this.markdown, this.resolveLink), this.language);
    return this.html;
  }
}

/** The search engine's view of a published entry. */
export function toSearchDocument(entry: PublishedEntry): SearchDocument {
  return {
    id: entry.slug,
    question: entry.question,
    phrasings: entry.alternativePhrasings,
    answer: entry.answerText,
    language: entry.language,
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

/** One content revision as read, with the published site of each language built from it on demand. */
interface Snapshot {
  revision: number;
  content: ContentSet;
  changeDays: Map<string, string[]> | undefined;
  sites: Map<ContentLanguage, PublishedSite>;
}

/**
 * Holds the published site for this process, one per language, and rebuilds them when the content
 * revision changes, whichever process made the change. The revision is checked at most every
 * `checkIntervalMs`; the content is read once per revision and each language is built from it on first use.
 */
export class PublicSiteService {
  private current: Snapshot | undefined;
  private loading: Promise<Snapshot> | undefined;
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

  /**
   * Renders the HTML of every answer of `published` (each is otherwise rendered when a page first shows it), in
   * slices of about `sliceMs` of main-thread time with a turn of the event loop between them, so that a page listing
   * every answer (/faq.json, /print) on a large library never holds other visitors up. Once per published site.
   */
  prepareAnswers(published: PublishedSite, sliceMs = ANSWER_SLICE_MS): Promise<void> {
    let prepared = preparedAnswers.get(published);
    if (prepared === undefined) {
      prepared = (async () => {
        let started = performance.now();
        for (const entry of published.entries) {
          void entry.answerHtml;
          if (performance.now() - started >= sliceMs) {
            await new Promise<void>((resolve) => setImmediate(resolve));
            started = performance.now();
          }
        }
      })();
      preparedAnswers.set(published, prepared);
    }
    return prepared;
  }

  /** The published site in a language (English by default), fresh within the check interval. */
  async getPublishedSite(language: ContentLanguage = SOURCE_LANGUAGE): Promise<PublishedSite> {
    const snapshot = await this.getSnapshot();
    let site = snapshot.sites.get(language);
    if (!site) {
      site = buildPublishedSite(snapshot.content, snapshot.revision, snapshot.changeDays, language);
      snapshot.sites.set(language, site);
    }
    return site;
  }

  private getSnapshot(): Promise<Snapshot> {
    const now = Date.now();
    if (this.current && now - this.lastCheck < this.checkIntervalMs) return Promise.resolve(this.current);
    if (this.loading && this.loadingGeneration === this.generation) return this.loading;
    const generation = this.generation;
    // A load begun before an invalidation finishes first; this one then reads the revision anew.
    const previous = this.loading?.catch(() => undefined) ?? Promise.resolve(undefined);
    const loading: Promise<Snapshot> = previous
      .then(() => this.refresh(generation))
      .finally(() => {
        if (this.loading === loading) this.loading = undefined;
      });
    this.loading = loading;
    this.loadingGeneration = generation;
    return loading;
  }

  /**
   * Searches the published site of the current revision in the request's language (English by
   * default). `time` wraps the index call alone (the search metric), not the revision check before it.
   */
  async search(request: SearchRequest, time: <T>(run: () => T) => T = (run) => run()): Promise<SiteSearch> {
    const published = await this.getPublishedSite(request.language ?? SOURCE_LANGUAGE);
    const searched = { ...request, query: request.query.trim() };
    if (searched.query.length === 0)
      return { request: searched, result: undefined, correctedQuery: undefined, published };
    const run = (query: string) =>
      published.search.search(query, {
        limit: searched.pageSize,
        offset: (searched.page - 1) * searched.pageSize,
        filters: { category: searched.category, tags: searched.tags },
      });
    const { result, correctedQuery } = time(() => {
      if (searched.verbatim === true) return { result: run(searched.query), correctedQuery: undefined };
      // Words the site never uses read through the Swedish glossary and as compounds ("lösenordspolicyn",
      // "kunddatakryptering"), also beside the words it knows ("backup kunddata"): shown as a correction when that
      // finds something. The query as typed is searched only when it is needed.
      const bridged = bridgeOf(published.search).bridge(searched.query);
      if (bridged !== searched.query) {
        const found = run(bridged);
        if (found.total > 0) return { result: found, correctedQuery: bridged };
      }
      // A word the site never uses, with a likely correction ("subprocesor"): as typed it matches nothing, so the
      // correction's hits are shown instead, and the page says so.
      const typed = run(searched.query);
      const correction = typed.suggestions[0];
      if (correction === undefined) return { result: typed, correctedQuery: undefined };
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
  async listEntriesLike(
    words: string,
    limit: number,
    language: ContentLanguage = SOURCE_LANGUAGE,
  ): Promise<PublishedEntry[]> {
    const published = await this.getPublishedSite(language);
    const options = { limit, highlights: false, suggestions: true } as const;
    let result = published.search.search(words, options);
    const correction = result.suggestions[0];
    if (result.total === 0 && correction !== undefined) result = published.search.search(correction, options);
    return result.hits.flatMap((hit) => {
      const entry = published.findEntry(hit.id);
      return entry ? [entry] : [];
    });
  }

  /**
   * The revision this process serves, when it was checked within the interval and no local write has come since;
   * undefined otherwise, and the caller then takes the way that checks (getPublishedSite). Costs no I/O, so the
   * fast path for cached pages can ask on every request.
   */
  peekRevision(): number | undefined {
    if (this.current === undefined || Date.now() - this.lastCheck >= this.checkIntervalMs) return undefined;
    return this.current.revision;
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
    this.getSnapshot().catch(() => {});
  }

  private async refresh(generation: number): Promise<Snapshot> {
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
    const changeDays = await this.loadChangeDays();
    const english = buildPublishedSite(content, revision, changeDays, SOURCE_LANGUAGE);
    const snapshot: Snapshot = { revision, content, changeDays, sites: new Map([[SOURCE_LANGUAGE, english]]) };
    this.current = snapshot;
    // Marked only now: marked before the rebuild, a request arriving during it got the old site as fresh.
    this.markChecked(generation);
    // Build the search index soon, but after the page that triggered this rebuild has been served.
    setTimeout(() => void english.search, this.indexWarmUpDelayMs).unref();
    return snapshot;
  }

  // Only a check begun after the latest invalidation makes the content fresh for the interval.
  private markChecked(generation: number): void {
    if (generation === this.generation) this.lastCheck = Date.now();
  }
}

const bridges = new WeakMap<SearchIndex, LanguageBridge>();

/** The language bridge over one index's words, made once per index (a published revision has one per language). */
function bridgeOf(index: SearchIndex): LanguageBridge {
  let bridge = bridges.get(index);
  if (bridge === undefined) {
    bridge = createLanguageBridge({ isKnown: (normalized) => index.hasWord(normalized), knownTerms: index.terms() });
    bridges.set(index, bridge);
  }
  return bridge;
}

// Main-thread time one slice of answer rendering may take before other requests get a turn.
const ANSWER_SLICE_MS = 8;
const preparedAnswers = new WeakMap<PublishedSite, Promise<void>>();
