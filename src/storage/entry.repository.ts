import type { Kysely, Transaction } from 'kysely';
import {
  AWAITING_APPROVAL_CHANGE,
  BASELINE_VERSION_CHANGE,
  ENTRY_STATUSES,
  type Entry,
  type EntryStatus,
} from '../domain/content.js';
import type { EntryListItem, EntryRecord } from '../domain/entry-record.js';
import { isShortAnswer, type ShortAnswer } from '../domain/short-answer.js';
import type { EntryTranslation } from '../domain/translation.js';
import { insertAuditEvent, type NewAuditEvent } from './audit.repository.js';
import { bumpContentRevision } from './content-revision.js';
import type { DialectName } from './dialect.js';
import { findStoredVersion, listStoredVersions, type StoredVersion } from './record-versions.js';
import type { Database } from './schema.js';
import { loadTranslations, withTranslations, writeTranslations } from './translation.repository.js';

/** One saved version of an entry. */
export interface EntryVersion {
  version: number;
  savedAt: string;
  savedById: number | null;
  savedByEmail: string | null;
  change: string;
  entry: Entry;
}

/** Everything one staff action writes, committed together. */
export interface EntryChange {
  changedAt: string;
  /** The entry's new stored state (omitted when only a version is recorded). */
  entry?: Entry;
  workflow?: {
    submittedById?: number | null;
    reviewedById?: number | null;
    /** `'new-version'` points at the version this change records. */
    pendingVersion?: number | null | 'new-version';
  };
  version?: { change: string; savedById: number | null; savedByEmail: string | null; entry: Entry };
  audit: NewAuditEvent;
  /** Whether visitors can see the change (bumps the content revision). */
  isPublic: boolean;
}

/** What the list keeps of an entry: the list row's stored fields, from which the service works out its due date. */
export type EntrySummary = Omit<EntryListItem, 'dueOn' | 'freshness' | 'hasPendingChange'> & {
  reviewIntervalDays: number | null;
  pendingVersion: number | null;
};

/** Reads and writes single entries, their versions and workflow state. */
export class EntryRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  /** One entry with its relations, or undefined. */
  async findEntry(slug: string): Promise<EntryRecord | undefined> {
    return (await loadEntries(this.db, [slug]))[0];
  }

  /** Every entry's list fields (for filtering and due dates), in category and entry order. */
  async listSummaries(): Promise<EntrySummary[]> {
    const rows = await this.db
      .selectFrom('entry')
      .innerJoin('category', 'category.id', 'entry.category_id')
      .select([
        'entry.slug',
        'entry.question',
        'category.slug as category',
        'entry.status',
        'entry.owner',
        'entry.last_reviewed_on',
        'entry.review_interval_days',
        'entry.updated_at',
        'entry.pending_version',
      ])
      .orderBy('category.position')
      .orderBy('entry.position')
      .orderBy('entry.slug')
      .execute();
    return rows.map((row) => ({
      slug: row.slug,
      question: row.question,
      category: row.category,
      status: toStatus(row.status),
      owner: row.owner,
      lastReviewed: row.last_reviewed_on,
      reviewIntervalDays: row.review_interval_days === null ? null : Number(row.review_interval_days),
      updatedAt: row.updated_at,
      pendingVersion: row.pending_version === null ? null : Number(row.pending_version),
    }));
  }

  /** Versions of an entry, newest first. */
  async listVersions(slug: string): Promise<EntryVersion[]> {
    return (await listStoredVersions(this.db, 'entry_version', slug)).map(toVersion);
  }

  /** One version, or undefined. */
  async findVersion(slug: string, version: number): Promise<EntryVersion | undefined> {
    const stored = await findStoredVersion(this.db, 'entry_version', slug, version);
    return stored ? toVersion(stored) : undefined;
  }

  /** Slugs of the categories and tags entries may use. */
  async listTaxonomy(): Promise<{ categories: string[]; tags: string[]; linkKeys: string[] }> {
    const [categories, tags, links] = await Promise.all([
      this.db.selectFrom('category').select('slug').orderBy('position').execute(),
      this.db.selectFrom('tag').select('slug').orderBy('id').execute(),
      this.db.selectFrom('named_link').select('key').orderBy('position').execute(),
    ]);
    return {
      categories: categories.map((c) => c.slug),
      tags: tags.map((t) => t.slug),
      linkKeys: links.map((link) => link.key),
    };
  }

  /**
   * Days on which each entry's public text changed: versions saved while it was published,
   * oldest first. Reads only the columns it needs; snapshots are parsed for their status.
   */
  async listPublicChangeDays(): Promise<Map<string, string[]>> {
    const rows = await this.db
      .selectFrom('entry_version')
      .select(['entry_slug', 'saved_at', 'change', 'snapshot'])
      .orderBy('entry_slug')
      .orderBy('version')
      .execute();
    const days = new Map<string, string[]>();
    for (const row of rows) {
      // Proposals waiting for approval were not public yet; a baseline records no change.
      if (!row.snapshot.includes('"status":"published"') || row.change.endsWith(AWAITING_APPROVAL_CHANGE)) continue;
      if (row.change === BASELINE_VERSION_CHANGE) continue;
      const day = row.saved_at.slice(0, 10);
      const list = days.get(row.entry_slug) ?? [];
      if (list.at(-1) !== day) list.push(day);
      days.set(row.entry_slug, list);
    }
    return days;
  }

  /** Default review interval of each category. */
  async listTaxonomyIntervals(): Promise<{ categories: Map<string, number> }> {
    const rows = await this.db.selectFrom('category').select(['slug', 'review_interval_days']).execute();
    return { categories: new Map(rows.map((row) => [row.slug, Number(row.review_interval_days)])) };
  }

  /** Whether a slug is taken. */
  async hasSlug(slug: string): Promise<boolean> {
    return (await this.db.selectFrom('entry').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined;
  }

  /** Commits an entry change, its version, its audit event and the revision bump in one transaction. */
  async commit(change: EntryChange): Promise<{ version: number | null }> {
    return this.db.transaction().execute(async (trx) => {
      let versionNumber: number | null = null;
      if (change.version) {
        await appendBaselineVersions(trx, [change.version.entry.slug]);
        const [appended] = await appendVersions(trx, [{ ...change.version, savedAt: change.changedAt }]);
        versionNumber = appended ?? null;
      }
      if (change.entry) await writeEntry(trx, change.entry);
      if (change.workflow) {
        const slug = change.entry?.slug ?? change.version?.entry.slug ?? change.audit.targetId;
        if (!slug) throw new Error('workflow change without an entry');
        const pending =
          change.workflow.pendingVersion === 'new-version' ? versionNumber : change.workflow.pendingVersion;
        await trx
          .updateTable('entry')
          .set({
            ...(change.workflow.submittedById !== undefined ? { submitted_by_id: change.workflow.submittedById } : {}),
            ...(change.workflow.reviewedById !== undefined ? { reviewed_by_id: change.workflow.reviewedById } : {}),
            ...(pending !== undefined ? { pending_version: pending } : {}),
          })
          .where('slug', '=', slug)
          .execute();
      }
      await insertAuditEvent(trx, change.audit);
      if (change.isPublic) await bumpContentRevision(trx, this.dialect, change.changedAt);
      return { version: versionNumber };
    });
  }
}

/** A version to append to an entry's history. */
export interface NewEntryVersion {
  entry: Entry;
  change: string;
  savedAt: string;
  savedById: number | null;
  savedByEmail: string | null;
}

/**
 * Appends each version as its entry's next version number (one past the highest stored for the slug),
 * inside the caller's transaction; returns the numbers given, in order. A slug appears at most once.
 */
export async function appendVersions(
  trx: Transaction<Database>,
  versions: readonly NewEntryVersion[],
): Promise<number[]> {
  const numbers: number[] = [];
  for (let start = 0; start < versions.length; start += CHUNK_SIZE) {
    const chunk = versions.slice(start, start + CHUNK_SIZE);
    const latest = await trx
      .selectFrom('entry_version')
      .select('entry_slug')
      .select((eb) => eb.fn.max<number>('version').as('version'))
      .where(
        'entry_slug',
        'in',
        chunk.map((version) => version.entry.slug),
      )
      .groupBy('entry_slug')
      .execute();
    const latestBySlug = new Map(latest.map((row) => [row.entry_slug, Number(row.version)]));
    const rows = chunk.map((version) => ({
      entry_slug: version.entry.slug,
      version: (latestBySlug.get(version.entry.slug) ?? 0) + 1,
      saved_at: version.savedAt,
      saved_by_id: version.savedById,
      saved_by_email: version.savedByEmail,
      change: version.change,
      snapshot: JSON.stringify(version.entry),
    }));
    await trx.insertInto('entry_version').values(rows).execute();
    numbers.push(...rows.map((row) => row.version));
  }
  return numbers;
}

/**
 * An entry loaded from `content/` (or stored before versions were kept) has no version holding its
 * text. Before the first recorded change to such an entry, its stored state becomes its first
 * version, so that the change can be compared with it and undone. Call inside the change's
 * transaction, before the entry is written; slugs that already have versions, or no stored entry,
 * are left alone.
 */
export async function appendBaselineVersions(trx: Transaction<Database>, slugs: readonly string[]): Promise<void> {
  const missing: string[] = [];
  for (let start = 0; start < slugs.length; start += CHUNK_SIZE) {
    const chunk = slugs.slice(start, start + CHUNK_SIZE);
    const versioned = await trx
      .selectFrom('entry_version')
      .select('entry_slug')
      .distinct()
      .where('entry_slug', 'in', chunk)
      .execute();
    const have = new Set(versioned.map((row) => row.entry_slug));
    missing.push(...chunk.filter((slug) => !have.has(slug)));
  }
  if (missing.length === 0) return;
  const stored = await loadEntries(trx, missing);
  await appendVersions(
    trx,
    stored.map((record) => ({
      entry: toEntry(record),
      change: BASELINE_VERSION_CHANGE,
      savedAt: record.updatedAt,
      savedById: null,
      savedByEmail: null,
    })),
  );
}

/** The entries with these slugs (those that exist), with their relations, read through `db` or a transaction. */
export async function loadEntries(db: Kysely<Database>, slugs: readonly string[]): Promise<EntryRecord[]> {
  const records: EntryRecord[] = [];
  for (let start = 0; start < slugs.length; start += CHUNK_SIZE) {
    const chunk = slugs.slice(start, start + CHUNK_SIZE);
    const rows = await db
      .selectFrom('entry')
      .innerJoin('category', 'category.id', 'entry.category_id')
      .selectAll('entry')
      .select('category.slug as category_slug')
      .where('entry.slug', 'in', chunk)
      .execute();
    if (rows.length === 0) continue;
    const ids = rows.map((row) => row.id);
    const tags = await db
      .selectFrom('entry_tag')
      .innerJoin('tag', 'tag.id', 'entry_tag.tag_id')
      .select(['entry_tag.entry_id', 'tag.slug'])
      .where('entry_tag.entry_id', 'in', ids)
      .orderBy('entry_tag.position')
      .execute();
    const phrasings = await db
      .selectFrom('entry_phrasing')
      .select(['entry_id', 'text'])
      .where('entry_id', 'in', ids)
      .orderBy('position')
      .execute();
    const controls = await db
      .selectFrom('entry_control')
      .select(['entry_id', 'control_id'])
      .where('entry_id', 'in', ids)
      .orderBy('position')
      .execute();
    const tagsByEntry = groupByEntry(tags, (tag) => tag.slug);
    const phrasingsByEntry = groupByEntry(phrasings, (phrasing) => phrasing.text);
    const controlsByEntry = groupByEntry(controls, (control) => control.control_id);
    const translations = await loadTranslations(
      db,
      'entry',
      rows.map((row) => row.slug),
    );
    const bySlug = new Map(
      rows.map((row): [string, EntryRecord] => [
        row.slug,
        withTranslations<EntryRecord, EntryTranslation>(
          {
            slug: row.slug,
            question: row.question,
            answer: row.answer,
            category: row.category_slug,
            tags: tagsByEntry.get(Number(row.id)) ?? [],
            status: toStatus(row.status),
            owner: row.owner,
            order: Number(row.position),
            lastReviewed: row.last_reviewed_on,
            reviewIntervalDays: row.review_interval_days === null ? null : Number(row.review_interval_days),
            alternativePhrasings: phrasingsByEntry.get(Number(row.id)) ?? [],
            controls: controlsByEntry.get(Number(row.id)) ?? [],
            shortAnswer: toShortAnswer(row.short_answer),
            questionnaireWording: row.questionnaire_wording,
            createdAt: row.created_at,
            updatedAt: row.updated_at,
            submittedById: row.submitted_by_id === null ? null : Number(row.submitted_by_id),
            reviewedById: row.reviewed_by_id === null ? null : Number(row.reviewed_by_id),
            pendingVersion: row.pending_version === null ? null : Number(row.pending_version),
          },
          translations.get(row.slug),
        ),
      ]),
    );
    for (const slug of chunk) {
      const record = bySlug.get(slug);
      if (record) records.push(record);
    }
  }
  return records;
}

function groupByEntry<Row extends { entry_id: number }>(
  rows: Row[],
  read: (row: Row) => string,
): Map<number, string[]> {
  const groups = new Map<number, string[]>();
  for (const row of rows) {
    const key = Number(row.entry_id);
    const list = groups.get(key);
    if (list) list.push(read(row));
    else groups.set(key, [read(row)]);
  }
  return groups;
}

/** The stored entry without its workflow state, as versions keep it. */
export function toEntry(record: EntryRecord): Entry {
  const { submittedById: _submitted, reviewedById: _reviewed, pendingVersion: _pending, ...entry } = record;
  return entry;
}

// SQLite limits bound parameters per statement; this many slugs or rows stays far below it.
const CHUNK_SIZE = 100;

/** An entry's own columns, its slug and creation time aside (an update keeps those). */
export function toEntryRow(entry: Entry, categoryId: number) {
  return {
    question: entry.question,
    answer: entry.answer,
    category_id: categoryId,
    status: entry.status,
    owner: entry.owner,
    position: entry.order,
    last_reviewed_on: entry.lastReviewed,
    review_interval_days: entry.reviewIntervalDays,
    short_answer: entry.shortAnswer,
    questionnaire_wording: entry.questionnaireWording,
    updated_at: entry.updatedAt,
  };
}

/** Inserts or updates an entry row and replaces its tags, phrasings and controls. */
async function writeEntry(trx: Transaction<Database>, entry: Entry): Promise<void> {
  const category = await trx.selectFrom('category').select('id').where('slug', '=', entry.category).executeTakeFirst();
  if (!category) throw new Error(`unknown category ${entry.category}`);
  const values = toEntryRow(entry, Number(category.id));
  const existing = await trx.selectFrom('entry').select('id').where('slug', '=', entry.slug).executeTakeFirst();
  let entryId: number;
  if (existing) {
    entryId = Number(existing.id);
    await trx.updateTable('entry').set(values).where('id', '=', entryId).execute();
  } else {
    const row = await trx
      .insertInto('entry')
      .values({ ...values, slug: entry.slug, created_at: entry.createdAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    entryId = Number(row.id);
  }
  await trx.deleteFrom('entry_tag').where('entry_id', '=', entryId).execute();
  await trx.deleteFrom('entry_phrasing').where('entry_id', '=', entryId).execute();
  await trx.deleteFrom('entry_control').where('entry_id', '=', entryId).execute();
  const tagRows = entry.tags.length
    ? await trx.selectFrom('tag').select(['id', 'slug']).where('slug', 'in', entry.tags).execute()
    : [];
  const tagIds = new Map(tagRows.map((row) => [row.slug, Number(row.id)]));
  const tagValues = entry.tags.flatMap((slug, index) => {
    const tagId = tagIds.get(slug);
    return tagId === undefined ? [] : [{ entry_id: entryId, tag_id: tagId, position: index + 1 }];
  });
  if (tagValues.length) await trx.insertInto('entry_tag').values(tagValues).execute();
  if (entry.alternativePhrasings.length) {
    await trx
      .insertInto('entry_phrasing')
      .values(entry.alternativePhrasings.map((text, index) => ({ entry_id: entryId, position: index + 1, text })))
      .execute();
  }
  if (entry.controls.length) {
    await trx
      .insertInto('entry_control')
      .values(entry.controls.map((control_id, index) => ({ entry_id: entryId, position: index + 1, control_id })))
      .execute();
  }
  await writeTranslations(trx, 'entry', entry.slug, entry.translations, entry.updatedAt);
}

function toStatus(value: string): EntryStatus {
  return ENTRY_STATUSES.find((status) => status === value) ?? 'draft';
}

/** A stored short answer; anything else (a value no version of Tillit wrote) reads as none. */
export function toShortAnswer(value: string | null): ShortAnswer | null {
  return isShortAnswer(value) ? value : null;
}

function toVersion(stored: StoredVersion): EntryVersion {
  const { snapshot, ...saved } = stored;
  if (!isEntry(snapshot)) throw new Error(`entry_version ${stored.version} holds an invalid snapshot`);
  return {
    ...saved,
    // Versions saved before an entry had a short answer and a questionnaire wording had neither.
    entry: {
      ...snapshot,
      shortAnswer: toShortAnswer(snapshot.shortAnswer ?? null),
      questionnaireWording: typeof snapshot.questionnaireWording === 'string' ? snapshot.questionnaireWording : null,
    },
  };
}

function isEntry(value: unknown): value is Entry {
  return (
    typeof value === 'object' &&
    value !== null &&
    'slug' in value &&
    typeof value.slug === 'string' &&
    'question' in value &&
    typeof value.question === 'string' &&
    'answer' in value &&
    typeof value.answer === 'string' &&
    'tags' in value &&
    Array.isArray(value.tags)
  );
}
