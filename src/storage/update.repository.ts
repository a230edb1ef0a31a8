import type { Kysely, Selectable, Transaction } from 'kysely';
import {
  isUpdateCategory,
  UPDATE_STATUSES,
  type UpdateCategory,
  type UpdateContent,
  type UpdateRecord,
  type UpdateStatus,
} from '../domain/update.js';
import { insertAuditEvent, type NewAuditEvent } from './audit.repository.js';
import type { Database, SiteUpdateTable } from './schema.js';

/** The database or one of its transactions. */
type Executor = Kysely<Database> | Transaction<Database>;

/** The stored fields of an update, as the service writes them. */
export interface UpdateRow {
  slug: string;
  title: string;
  body: string;
  titleSv: string | null;
  bodySv: string | null;
  category: UpdateCategory;
  date: string;
}

function toRecord(row: Selectable<SiteUpdateTable>): UpdateRecord {
  const status: UpdateStatus = (UPDATE_STATUSES as readonly string[]).includes(row.status)
    ? (row.status as UpdateStatus)
    : 'draft';
  return {
    id: Number(row.id),
    slug: row.slug,
    title: row.title,
    body: row.body,
    category: isUpdateCategory(row.category) ? row.category : 'other',
    status,
    date: row.date,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    publishedAt: row.published_at,
    ...(row.title_sv !== null && row.body_sv !== null
      ? { translations: { sv: { title: row.title_sv, body: row.body_sv } } }
      : {}),
  };
}

/** Posted updates: drafts and published ones. */
export class UpdateRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Runs `work` in one transaction. */
  transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work);
  }

  /** Appends an audit event in the caller's transaction. */
  audit(trx: Executor, event: NewAuditEvent): Promise<void> {
    return insertAuditEvent(trx, event);
  }

  /** Whether a slug is taken. */
  async hasSlug(slug: string, executor: Executor = this.db): Promise<boolean> {
    const row = await executor.selectFrom('site_update').select('id').where('slug', '=', slug).executeTakeFirst();
    return row !== undefined;
  }

  /** Stores a new draft; answers its id. */
  async insert(trx: Executor, row: UpdateRow, at: string, by: string): Promise<number> {
    const inserted = await trx
      .insertInto('site_update')
      .values({
        slug: row.slug,
        title: row.title,
        body: row.body,
        title_sv: row.titleSv,
        body_sv: row.bodySv,
        category: row.category,
        status: 'draft',
        date: row.date,
        created_at: at,
        created_by: by,
        updated_at: at,
        published_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(inserted.id);
  }

  /** Saves the fields of an update (its slug stays). */
  async update(trx: Executor, id: number, row: Omit<UpdateRow, 'slug'>, at: string): Promise<void> {
    await trx
      .updateTable('site_update')
      .set({
        title: row.title,
        body: row.body,
        title_sv: row.titleSv,
        body_sv: row.bodySv,
        category: row.category,
        date: row.date,
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
  }

  /** Marks a draft published; false when it was not a draft (published by someone else meanwhile). */
  async publish(trx: Executor, id: number, at: string): Promise<boolean> {
    const result = await trx
      .updateTable('site_update')
      .set({ status: 'published', published_at: at, updated_at: at })
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Deletes an update; false when there was none. */
  async delete(trx: Executor, id: number): Promise<boolean> {
    const result = await trx.deleteFrom('site_update').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  /** One update by id. */
  async findById(id: number, executor: Executor = this.db): Promise<UpdateRecord | undefined> {
    const row = await executor.selectFrom('site_update').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  /** One published update by slug. */
  async findPublished(slug: string): Promise<UpdateRecord | undefined> {
    const row = await this.db
      .selectFrom('site_update')
      .selectAll()
      .where('slug', '=', slug)
      .where('status', '=', 'published')
      .executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  /** Every update, drafts included, in slug order (for an export). */
  async listAll(): Promise<UpdateRecord[]> {
    const rows = await this.db.selectFrom('site_update').selectAll().orderBy('slug').execute();
    return rows.map(toRecord);
  }

  /** A page of updates, newest date first; only published ones unless `status` says otherwise. */
  async list(filter: {
    status?: UpdateStatus;
    category?: UpdateCategory;
    limit: number;
    offset: number;
  }): Promise<{ items: UpdateRecord[]; total: number }> {
    let query = this.db.selectFrom('site_update');
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.category) query = query.where('category', '=', filter.category);
    const [rows, count] = await Promise.all([
      query
        .selectAll()
        .orderBy('date', 'desc')
        .orderBy('id', 'desc')
        .limit(filter.limit)
        .offset(filter.offset)
        .execute(),
      query.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toRecord), total: Number(count.count) };
  }
}

/** What an import did to one update. */
export interface UpdateImportChange {
  kind: 'added' | 'changed' | 'removed';
  update: UpdateContent;
}

// The fields a content folder holds, compared to tell a changed update from one imported as it was.
function toComparable(update: UpdateContent): string {
  return JSON.stringify([
    update.title,
    update.body,
    update.translations?.sv?.title ?? null,
    update.translations?.sv?.body ?? null,
    update.category,
    update.status,
    update.date,
    update.publishedAt,
  ]);
}

/**
 * Makes the stored updates exactly `incoming` in the caller's transaction: an update with a stored slug keeps its
 * id and creation (and, when nothing changed, its updated time), a new one is stored as created by `by` at `at`,
 * and a stored one the folder lacks is deleted. Nothing is mailed. Answers what changed, for the audit log.
 */
export async function replaceUpdates(
  trx: Transaction<Database>,
  incoming: readonly UpdateContent[],
  at: string,
  by: string,
): Promise<UpdateImportChange[]> {
  const stored = new Map(
    (await trx.selectFrom('site_update').selectAll().orderBy('slug').execute()).map((row) => [row.slug, toRecord(row)]),
  );
  const changes: UpdateImportChange[] = [];
  for (const update of incoming) {
    const fields = {
      title: update.title,
      body: update.body,
      title_sv: update.translations?.sv?.title ?? null,
      body_sv: update.translations?.sv?.body ?? null,
      category: update.category,
      status: update.status,
      date: update.date,
      published_at: update.publishedAt,
    };
    const before = stored.get(update.slug);
    stored.delete(update.slug);
    if (!before) {
      await trx
        .insertInto('site_update')
        .values({ ...fields, slug: update.slug, created_at: at, created_by: by, updated_at: at })
        .execute();
      changes.push({ kind: 'added', update });
    } else if (toComparable(before) !== toComparable(update)) {
      await trx
        .updateTable('site_update')
        .set({ ...fields, updated_at: at })
        .where('id', '=', before.id)
        .execute();
      changes.push({ kind: 'changed', update });
    }
  }
  for (const gone of stored.values()) {
    await trx.deleteFrom('site_update').where('id', '=', gone.id).execute();
    changes.push({ kind: 'removed', update: gone });
  }
  return changes;
}
