import type { Insertable, Kysely, Transaction } from 'kysely';
import {
  type Category,
  type Certification,
  type ContentSet,
  ENTRY_STATUSES,
  type Entry,
  type EntryStatus,
  type Highlight,
  ICON_NAMES,
  type IconName,
  type NamedLink,
  type Site,
  type Tag,
} from '../domain/content.js';
import type { ShortAnswer } from '../domain/short-answer.js';
import { insertAuditEvent } from './audit.repository.js';
import { bumpContentRevision } from './content-revision.js';
import type { DialectName } from './dialect.js';
import {
  appendBaselineVersions,
  appendVersions,
  loadEntries,
  toEntry,
  toEntryRow,
  toShortAnswer,
} from './entry.repository.js';
import type { Database } from './schema.js';
import {
  deleteTranslations,
  loadTranslations,
  SITE_TRANSLATION_KEY,
  type TranslationSubject,
  withTranslations,
  writeTranslations,
} from './translation.repository.js';

/** A transaction a service passes from one repository's write to another's, without touching it. */
export type WriteTransaction = Transaction<Database>;

/** What is stored already, as far as merging an answer library needs to know. */
export interface ExistingContent {
  hasSite: boolean;
  /** The site's contact e-mail, when there is a site. */
  contactEmail: string | undefined;
  categories: Category[];
  tags: Tag[];
  /** The keys of the site's named links, which an answer may reference as `link:<key>`. */
  linkKeys: string[];
  /** Each entry's fields an import may change, to tell a real change from a repeat of what is stored. */
  entries: {
    slug: string;
    question: string;
    answer: string;
    category: string;
    tags: string[];
    controls: string[];
    shortAnswer: ShortAnswer | null;
    status: EntryStatus;
    owner: string;
    order: number;
  }[];
}

/** A change to an existing entry; fields left undefined keep what the entry has. */
export interface LibraryEntryUpdate {
  slug: string;
  question: string;
  answer: string;
  category: string | undefined;
  tags: string[] | undefined;
  controls: string[] | undefined;
  shortAnswer: ShortAnswer | null | undefined;
  status: EntryStatus;
  owner: string | undefined;
  lastReviewed: string;
  updatedAt: string;
}

/** Everything one answer-library import writes, decided before any write. */
export interface LibraryPlan {
  /** Inserted when the database has no site yet. */
  site: Site | undefined;
  /** Entries to remove (with `--replace`, those the file does not have). */
  deleteSlugs: string[];
  newCategories: Category[];
  newTags: Tag[];
  /** Entries whose changes differ from what they store; each gets a new version. */
  updates: LibraryEntryUpdate[];
  /** Entries the file matches but would not change: not written, no version, kept by `--replace`. */
  unchangedSlugs: string[];
  inserts: Entry[];
}

/** An entry as text that is the same for the same content, whatever order its fields were set in. */
function canonicalEntry(entry: Entry): string {
  return JSON.stringify(sortKeys(entry));
}

/** A value with every object's keys in sorted order (and no undefined or empty `translations`), for comparing. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, field]) => field !== undefined && !(key === 'translations' && Object.keys(field).length === 0))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, field]) => [key, sortKeys(field)]),
  );
}

/** The `change` text of the versions an import records (as entry edits record "created" or "edited"). */
export interface LibraryVersionChanges {
  created: string;
  edited: string;
}

/** Who ran an import from the staff area; absent for the command line. */
export interface LibraryImportAuthor {
  userId: number;
  email: string;
  ip: string | undefined;
}

/** The audit event written with a content change. */
export interface ContentAuditEvent {
  action: string;
  targetType: string | null;
  targetId: string | null;
  summary: string;
}

/** Reads and replaces the whole content set; the one place its SQL lives. */
export class ContentRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  /** Whether any site row exists yet (a fresh database has none). */
  async hasContent(): Promise<boolean> {
    const row = await this.db.selectFrom('site').select('id').limit(1).executeTakeFirst();
    return row !== undefined;
  }

  /** Current content revision; bumps whenever content changes, from any process. */
  async getRevision(): Promise<number> {
    const row = await this.db.selectFrom('content_revision').select('revision').where('id', '=', 1).executeTakeFirst();
    return row ? Number(row.revision) : 0;
  }

  /**
   * Replaces all content in one transaction: on any failure nothing changes. Entry history survives
   * it: an entry the import changes or removes first keeps its stored text as a version (when it has
   * none yet), and each changed or added entry then gets a version of the imported text, marked
   * `change`. The first import into an empty database records no versions.
   */
  async replaceAll(
    content: ContentSet,
    changedAt: string,
    change = 'replaced by a content import',
    /** Other writes of the same import (its documents and NDA), done first in the same transaction. */
    before?: (transaction: WriteTransaction) => Promise<void>,
  ): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      if (before) await before(trx);
      const storedSlugs = (await trx.selectFrom('entry').select('slug').execute()).map((row) => row.slug);
      const stored = new Map(
        (await loadEntries(trx, storedSlugs)).map((record) => [record.slug, canonicalEntry(toEntry(record))]),
      );
      const incoming = new Set(content.entries.map((entry) => entry.slug));
      const changed = content.entries.filter((entry) => {
        const before = stored.get(entry.slug);
        return stored.size > 0 && before !== canonicalEntry(entry);
      });
      await appendBaselineVersions(trx, [
        ...changed.filter((entry) => stored.has(entry.slug)).map((entry) => entry.slug),
        ...storedSlugs.filter((slug) => !incoming.has(slug)),
      ]);
      await deleteAll(trx);
      await insertAll(trx, content, changedAt);
      const written = await loadEntries(
        trx,
        changed.map((entry) => entry.slug),
      );
      await appendVersions(
        trx,
        written.map((record) => ({
          entry: toEntry(record),
          change,
          savedAt: changedAt,
          savedById: null,
          savedByEmail: null,
        })),
      );
      return bumpContentRevision(trx, this.dialect, changedAt);
    });
  }

  /** What an answer-library import would merge into, read without writing (for a preview). */
  loadExistingContent(): Promise<ExistingContent> {
    return loadExisting(this.db);
  }

  /**
   * Reads what is stored, lets `decide` plan the changes, then writes them, a version of every added and
   * changed entry, the audit event and one revision bump in one transaction, so other processes see all of
   * it or none of it.
   */
  async applyLibraryImport(
    decide: (existing: ExistingContent) => LibraryPlan,
    describe: (plan: LibraryPlan) => ContentAuditEvent,
    changedAt: string,
    versionChanges: LibraryVersionChanges,
    author?: LibraryImportAuthor,
  ): Promise<{ plan: LibraryPlan; revision: number }> {
    return this.db.transaction().execute(async (trx) => {
      const plan = decide(await loadExisting(trx));
      // Entries never changed before keep their current text as a first version, to restore after a bad import.
      await appendBaselineVersions(trx, [...plan.updates.map((update) => update.slug), ...plan.deleteSlugs]);
      if (plan.site) await insertSite(trx, plan.site);
      for (let start = 0; start < plan.deleteSlugs.length; start += 500) {
        const slugs = plan.deleteSlugs.slice(start, start + 500);
        const ids = trx.selectFrom('entry').select('id').where('slug', 'in', slugs);
        for (const table of ['entry_tag', 'entry_phrasing', 'entry_control'] as const) {
          await trx.deleteFrom(table).where('entry_id', 'in', ids).execute();
        }
        await deleteTranslations(trx, 'entry', slugs);
        await trx.deleteFrom('entry').where('slug', 'in', slugs).execute();
      }
      for (const category of plan.newCategories) {
        await trx.insertInto('category').values(toCategoryRow(category)).execute();
      }
      for (const tag of plan.newTags) await trx.insertInto('tag').values(tag).execute();
      const categoryIds = await loadIds(trx, 'category');
      const tagIds = await loadIds(trx, 'tag');
      for (const update of plan.updates) await updateEntry(trx, update, categoryIds, tagIds);
      for (const entry of plan.inserts) await insertEntry(trx, entry, categoryIds, tagIds);
      // Versions snapshot each entry as stored after the writes, like a staff edit does. An update leaves
      // a pending four-eyes version alone: it still waits for approval (which would publish the proposal
      // over the imported text), and the import's version comes after it in the history.
      const edited = new Set(plan.updates.map((update) => update.slug));
      const stored = await loadEntries(trx, [...edited, ...plan.inserts.map((entry) => entry.slug)]);
      await appendVersions(
        trx,
        stored.map((record) => ({
          entry: toEntry(record),
          change: edited.has(record.slug) ? versionChanges.edited : versionChanges.created,
          savedAt: changedAt,
          // Without an author the import runs from the command line, as its audit event records.
          savedById: author?.userId ?? null,
          savedByEmail: author?.email ?? null,
        })),
      );
      const event = describe(plan);
      await insertAuditEvent(trx, {
        at: changedAt,
        actorId: author?.userId ?? null,
        actorEmail: author?.email ?? null,
        action: event.action,
        targetType: event.targetType,
        targetId: event.targetId,
        ip: author?.ip ?? null,
        summary: event.summary.slice(0, 2000),
      });
      const revision = await bumpContentRevision(trx, this.dialect, changedAt);
      return { plan, revision };
    });
  }

  /** Loads every piece of content, in display order. */
  async loadAll(): Promise<ContentSet | undefined> {
    const siteRow = await this.db.selectFrom('site').selectAll().where('id', '=', 1).executeTakeFirst();
    if (!siteRow) return undefined;
    const [responseRows, highlightRows, categoryRows, tagRows, certRows, linkRows] = await Promise.all([
      this.db.selectFrom('sla_response_time').selectAll().orderBy('position').execute(),
      this.db.selectFrom('highlight').selectAll().orderBy('position').execute(),
      this.db.selectFrom('category').selectAll().orderBy('position').orderBy('slug').execute(),
      this.db.selectFrom('tag').selectAll().orderBy('id').execute(),
      this.db.selectFrom('certification').selectAll().orderBy('position').execute(),
      this.db.selectFrom('named_link').selectAll().orderBy('position').execute(),
    ]);
    const translations = await loadAllTranslations(this.db);
    const [entryRows, entryTagRows, phrasingRows, controlRows] = await Promise.all([
      this.db
        .selectFrom('entry')
        .innerJoin('category', 'category.id', 'entry.category_id')
        .selectAll('entry')
        .select('category.slug as category_slug')
        .orderBy('category.position')
        .orderBy('entry.position')
        .orderBy('entry.slug')
        .execute(),
      this.db
        .selectFrom('entry_tag')
        .innerJoin('tag', 'tag.id', 'entry_tag.tag_id')
        .select(['entry_tag.entry_id', 'tag.slug'])
        .orderBy('entry_tag.entry_id')
        .orderBy('entry_tag.position')
        .execute(),
      this.db.selectFrom('entry_phrasing').selectAll().orderBy('entry_id').orderBy('position').execute(),
      this.db.selectFrom('entry_control').selectAll().orderBy('entry_id').orderBy('position').execute(),
    ]);

    const tagsByEntry = groupValues(
      entryTagRows,
      (row) => row.entry_id,
      (row) => row.slug,
    );
    const phrasingsByEntry = groupValues(
      phrasingRows,
      (row) => row.entry_id,
      (row) => row.text,
    );
    const controlsByEntry = groupValues(
      controlRows,
      (row) => row.entry_id,
      (row) => row.control_id,
    );

    const site: Site = withTranslations(
      {
        name: siteRow.name,
        tagline: siteRow.tagline,
        intro: siteRow.intro,
        contactEmail: siteRow.contact_email,
        securityContact: siteRow.security_contact,
        securityPolicyLink: siteRow.security_policy_link,
        preferredLanguages: siteRow.preferred_languages.split(',').filter((l) => l.length > 0),
        accentColor: siteRow.accent_color,
        sla: {
          title: siteRow.sla_title,
          summary: siteRow.sla_summary,
          availability: siteRow.sla_availability,
          link: siteRow.sla_link,
          responseTimes: responseRows.map((r) => ({
            priority: r.priority,
            description: r.description,
            response: r.response,
          })),
        },
      },
      translations.site.get(SITE_TRANSLATION_KEY),
    );
    const highlights: Highlight[] = highlightRows.map((r) =>
      withTranslations(
        { title: r.title, text: r.text, icon: toIconName(r.icon), order: Number(r.position) },
        translations.highlight.get(String(r.id)),
      ),
    );
    const categories: Category[] = categoryRows.map((r) =>
      withTranslations(
        {
          slug: r.slug,
          name: r.name,
          description: r.description,
          order: Number(r.position),
          reviewIntervalDays: Number(r.review_interval_days),
        },
        translations.category.get(r.slug),
      ),
    );
    const tags: Tag[] = tagRows.map((r) =>
      withTranslations({ slug: r.slug, name: r.name }, translations.tag.get(r.slug)),
    );
    const certifications: Certification[] = certRows.map((r) =>
      withTranslations(
        {
          name: r.name,
          issuer: r.issuer,
          certificateNumber: r.certificate_number,
          scope: r.scope,
          validFrom: r.valid_from,
          validUntil: r.valid_until,
          document: r.document_slug,
        },
        translations.certification.get(String(r.id)),
      ),
    );
    const links: NamedLink[] = linkRows.map((r) =>
      withTranslations({ key: r.key, title: r.title, url: r.url }, translations.link.get(r.key)),
    );
    const entries: Entry[] = entryRows.map((r) =>
      withTranslations(
        {
          slug: r.slug,
          question: r.question,
          answer: r.answer,
          category: r.category_slug,
          tags: tagsByEntry.get(r.id) ?? [],
          status: toEntryStatus(r.status),
          owner: r.owner,
          order: Number(r.position),
          lastReviewed: r.last_reviewed_on,
          reviewIntervalDays: r.review_interval_days === null ? null : Number(r.review_interval_days),
          alternativePhrasings: phrasingsByEntry.get(r.id) ?? [],
          controls: controlsByEntry.get(r.id) ?? [],
          shortAnswer: toShortAnswer(r.short_answer),
          questionnaireWording: r.questionnaire_wording,
          createdAt: r.created_at,
          updatedAt: r.updated_at,
        },
        translations.entry.get(r.slug),
      ),
    );
    const documentSlugs = new Set(
      (await this.db.selectFrom('document').select('slug').where('archived_at', 'is', null).execute()).map(
        (row) => row.slug,
      ),
    );
    const documentTranslations = [...translations.document]
      .filter(([slug]) => documentSlugs.has(slug))
      .map(([slug, translated]) => ({ slug, translations: translated }));
    return { site, highlights, categories, tags, certifications, links, entries, documentTranslations };
  }
}

async function deleteAll(trx: Transaction<Database>): Promise<void> {
  for (const table of [
    'entry_tag',
    'entry_phrasing',
    'entry_control',
    'entry',
    'category',
    'tag',
    'highlight',
    'certification',
    'named_link',
    'sla_response_time',
    'site',
  ] as const) {
    await trx.deleteFrom(table).execute();
  }
  for (const subject of CONTENT_SET_SUBJECTS) await deleteTranslations(trx, subject);
}

/** The kinds of translation a content set holds beside its English (documents' apart: they may be left alone). */
const CONTENT_SET_SUBJECTS = [
  'site',
  'highlight',
  'category',
  'tag',
  'certification',
  'link',
  'entry',
] as const satisfies readonly TranslationSubject[];

/** Every stored translation, by kind and subject key. */
async function loadAllTranslations(db: Kysely<Database>) {
  const [site, highlight, category, tag, certification, link, entry, document] = await Promise.all([
    loadTranslations(db, 'site'),
    loadTranslations(db, 'highlight'),
    loadTranslations(db, 'category'),
    loadTranslations(db, 'tag'),
    loadTranslations(db, 'certification'),
    loadTranslations(db, 'link'),
    loadTranslations(db, 'entry'),
    loadTranslations(db, 'document'),
  ]);
  return { site, highlight, category, tag, certification, link, entry, document };
}

async function insertAll(trx: Transaction<Database>, content: ContentSet, changedAt: string): Promise<void> {
  await insertSite(trx, content.site);
  await writeTranslations(trx, 'site', SITE_TRANSLATION_KEY, content.site.translations, changedAt);
  for (const h of content.highlights) {
    const row = await trx
      .insertInto('highlight')
      .values({ title: h.title, text: h.text, icon: h.icon, position: h.order })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (h.translations) await writeTranslations(trx, 'highlight', String(row.id), h.translations, changedAt);
  }
  const categoryIds = new Map<string, number>();
  for (const category of content.categories) {
    const row = await trx
      .insertInto('category')
      .values(toCategoryRow(category))
      .returning('id')
      .executeTakeFirstOrThrow();
    categoryIds.set(category.slug, Number(row.id));
    if (category.translations)
      await writeTranslations(trx, 'category', category.slug, category.translations, changedAt);
  }
  const tagIds = new Map<string, number>();
  for (const tag of content.tags) {
    const row = await trx
      .insertInto('tag')
      .values({ slug: tag.slug, name: tag.name })
      .returning('id')
      .executeTakeFirstOrThrow();
    tagIds.set(tag.slug, Number(row.id));
    if (tag.translations) await writeTranslations(trx, 'tag', tag.slug, tag.translations, changedAt);
  }
  for (const [index, c] of content.certifications.entries()) {
    const row = await trx
      .insertInto('certification')
      .values({
        name: c.name,
        issuer: c.issuer,
        certificate_number: c.certificateNumber,
        scope: c.scope,
        valid_from: c.validFrom,
        valid_until: c.validUntil,
        document_slug: c.document,
        position: index + 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (c.translations) await writeTranslations(trx, 'certification', String(row.id), c.translations, changedAt);
  }
  await insertChunked(
    trx,
    'named_link',
    content.links.map((l, index) => ({ key: l.key, title: l.title, url: l.url, position: index + 1 })),
  );
  for (const link of content.links) {
    if (link.translations) await writeTranslations(trx, 'link', link.key, link.translations, changedAt);
  }
  for (const entry of content.entries) await insertEntry(trx, entry, categoryIds, tagIds);
  if (content.documentTranslations !== undefined) {
    await deleteTranslations(trx, 'document');
    for (const document of content.documentTranslations) {
      await writeTranslations(trx, 'document', document.slug, document.translations, changedAt);
    }
  }
}

async function insertSite(trx: Transaction<Database>, site: Site): Promise<void> {
  await trx
    .insertInto('site')
    .values({ id: 1, ...toSiteRow(site) })
    .execute();
  await insertChunked(
    trx,
    'sla_response_time',
    site.sla.responseTimes.map((r, index) => ({ position: index + 1, ...r })),
  );
}

/** The category table's columns for a category. */
export function toCategoryRow(category: Category) {
  return {
    slug: category.slug,
    name: category.name,
    description: category.description,
    position: category.order,
    review_interval_days: category.reviewIntervalDays,
  };
}

/** The site table's columns for the site settings (the SLA response times live in their own table). */
export function toSiteRow(site: Site) {
  return {
    name: site.name,
    tagline: site.tagline,
    intro: site.intro,
    contact_email: site.contactEmail,
    security_contact: site.securityContact,
    security_policy_link: site.securityPolicyLink,
    preferred_languages: site.preferredLanguages.join(','),
    accent_color: site.accentColor,
    sla_title: site.sla.title,
    sla_summary: site.sla.summary,
    sla_availability: site.sla.availability,
    sla_link: site.sla.link,
  };
}

async function insertEntry(
  trx: Transaction<Database>,
  entry: Entry,
  categoryIds: ReadonlyMap<string, number>,
  tagIds: ReadonlyMap<string, number>,
): Promise<void> {
  const categoryId = categoryIds.get(entry.category);
  if (categoryId === undefined) throw new Error(`unknown category ${entry.category}`);
  const row = await trx
    .insertInto('entry')
    .values({ ...toEntryRow(entry, categoryId), slug: entry.slug, created_at: entry.createdAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  const entryId = Number(row.id);
  await insertEntryTags(trx, entryId, entry.tags, tagIds);
  await insertChunked(
    trx,
    'entry_phrasing',
    entry.alternativePhrasings.map((text, index) => ({ entry_id: entryId, position: index + 1, text })),
  );
  await insertChunked(
    trx,
    'entry_control',
    entry.controls.map((control_id, index) => ({ entry_id: entryId, position: index + 1, control_id })),
  );
  if (entry.translations) await writeTranslations(trx, 'entry', entry.slug, entry.translations, entry.updatedAt);
}

async function insertEntryTags(
  trx: Transaction<Database>,
  entryId: number,
  tags: string[],
  tagIds: ReadonlyMap<string, number>,
): Promise<void> {
  await insertChunked(
    trx,
    'entry_tag',
    tags.map((slug, index) => {
      const tagId = tagIds.get(slug);
      if (tagId === undefined) throw new Error(`unknown tag ${slug}`);
      return { entry_id: entryId, tag_id: tagId, position: index + 1 };
    }),
  );
}

/** Updates an entry in place (its id, history and workflow state stay); undefined fields are kept. */
async function updateEntry(
  trx: Transaction<Database>,
  update: LibraryEntryUpdate,
  categoryIds: ReadonlyMap<string, number>,
  tagIds: ReadonlyMap<string, number>,
): Promise<void> {
  const categoryId = update.category === undefined ? undefined : categoryIds.get(update.category);
  if (update.category !== undefined && categoryId === undefined) throw new Error(`unknown category ${update.category}`);
  const row = await trx
    .updateTable('entry')
    .set({
      question: update.question,
      answer: update.answer,
      status: update.status,
      last_reviewed_on: update.lastReviewed,
      updated_at: update.updatedAt,
      ...(categoryId === undefined ? {} : { category_id: categoryId }),
      ...(update.owner === undefined ? {} : { owner: update.owner }),
      ...(update.shortAnswer === undefined ? {} : { short_answer: update.shortAnswer }),
    })
    .where('slug', '=', update.slug)
    .returning('id')
    .executeTakeFirstOrThrow();
  const entryId = Number(row.id);
  if (update.tags !== undefined) {
    await trx.deleteFrom('entry_tag').where('entry_id', '=', entryId).execute();
    await insertEntryTags(trx, entryId, update.tags, tagIds);
  }
  if (update.controls !== undefined) {
    await trx.deleteFrom('entry_control').where('entry_id', '=', entryId).execute();
    await insertChunked(
      trx,
      'entry_control',
      update.controls.map((control_id, index) => ({ entry_id: entryId, position: index + 1, control_id })),
    );
  }
}

async function loadExisting(trx: Kysely<Database>): Promise<ExistingContent> {
  const site = await trx.selectFrom('site').select('contact_email').limit(1).executeTakeFirst();
  const categoryRows = await trx.selectFrom('category').selectAll().orderBy('position').orderBy('slug').execute();
  const tagRows = await trx.selectFrom('tag').select(['slug', 'name']).orderBy('id').execute();
  const linkRows = await trx.selectFrom('named_link').select('key').orderBy('position').execute();
  const entryRows = await trx
    .selectFrom('entry')
    .innerJoin('category', 'category.id', 'entry.category_id')
    .select([
      'entry.id',
      'entry.slug',
      'entry.question',
      'entry.answer',
      'entry.status',
      'entry.owner',
      'entry.position',
      'entry.short_answer',
      'category.slug as category_slug',
    ])
    .orderBy('entry.id')
    .execute();
  const entryTagRows = await trx
    .selectFrom('entry_tag')
    .innerJoin('tag', 'tag.id', 'entry_tag.tag_id')
    .select(['entry_tag.entry_id', 'tag.slug'])
    .orderBy('entry_tag.entry_id')
    .orderBy('entry_tag.position')
    .execute();
  const controlRows = await trx
    .selectFrom('entry_control')
    .selectAll()
    .orderBy('entry_id')
    .orderBy('position')
    .execute();
  const tagsByEntry = groupValues(
    entryTagRows,
    (row) => row.entry_id,
    (row) => row.slug,
  );
  const controlsByEntry = groupValues(
    controlRows,
    (row) => row.entry_id,
    (row) => row.control_id,
  );
  return {
    hasSite: site !== undefined,
    contactEmail: site?.contact_email,
    categories: categoryRows.map((r) => ({
      slug: r.slug,
      name: r.name,
      description: r.description,
      order: Number(r.position),
      reviewIntervalDays: Number(r.review_interval_days),
    })),
    tags: tagRows.map((r) => ({ slug: r.slug, name: r.name })),
    linkKeys: linkRows.map((r) => r.key),
    entries: entryRows.map((r) => ({
      slug: r.slug,
      question: r.question,
      answer: r.answer,
      category: r.category_slug,
      tags: tagsByEntry.get(Number(r.id)) ?? [],
      controls: controlsByEntry.get(Number(r.id)) ?? [],
      shortAnswer: toShortAnswer(r.short_answer),
      status: toEntryStatus(r.status),
      owner: r.owner,
      order: Number(r.position),
    })),
  };
}

async function loadIds(trx: Transaction<Database>, table: 'category' | 'tag'): Promise<Map<string, number>> {
  const rows = await trx.selectFrom(table).select(['id', 'slug']).execute();
  return new Map(rows.map((row) => [row.slug, Number(row.id)]));
}

type InsertableTable =
  | 'sla_response_time'
  | 'highlight'
  | 'certification'
  | 'named_link'
  | 'entry_tag'
  | 'entry_phrasing'
  | 'entry_control';

async function insertChunked<T extends InsertableTable>(
  trx: Transaction<Database>,
  table: T,
  rows: Insertable<Database[T]>[],
): Promise<void> {
  // SQLite limits bound parameters per statement; 100 rows stays far below it.
  for (let start = 0; start < rows.length; start += 100) {
    const chunk = rows.slice(start, start + 100);
    if (chunk.length > 0) await trx.insertInto(table).values(chunk).execute();
  }
}

function groupValues<Row, Value>(
  rows: Row[],
  keyFor: (row: Row) => number,
  valueFor: (row: Row) => Value,
): Map<number, Value[]> {
  const groups = new Map<number, Value[]>();
  for (const row of rows) {
    const key = Number(keyFor(row));
    const list = groups.get(key);
    if (list) list.push(valueFor(row));
    else groups.set(key, [valueFor(row)]);
  }
  return groups;
}

function toIconName(value: string): IconName {
  const found = ICON_NAMES.find((name) => name === value);
  return found ?? 'shield';
}

function toEntryStatus(value: string): EntryStatus {
  const found = ENTRY_STATUSES.find((status) => status === value);
  return found ?? 'draft';
}
