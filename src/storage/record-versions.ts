import type { Kysely, Selectable } from 'kysely';
import type { Database, EntryVersionTable } from './schema.js';

/** The tables that keep numbered versions of a record as JSON snapshots, each with the column naming its record. */
const VERSION_TABLES = { entry_version: 'entry_slug', subprocessor_version: 'subprocessor_slug' } as const;

/** A table of record versions. */
export type VersionTableName = keyof typeof VERSION_TABLES;

/** One stored version as its table holds it: who saved it, when, why, and the snapshot still to be checked. */
export interface StoredVersion {
  version: number;
  savedAt: string;
  savedById: number | null;
  savedByEmail: string | null;
  change: string;
  /** The record's state as saved: parsed JSON, not yet checked. */
  snapshot: unknown;
}

function selectVersions(db: Kysely<Database>, table: VersionTableName, slug: string) {
  return db
    .selectFrom(table)
    .select(['version', 'saved_at', 'saved_by_id', 'saved_by_email', 'change', 'snapshot'])
    .where(db.dynamic.ref<string>(VERSION_TABLES[table]), '=', slug);
}

/** The versions of the record `slug` in `table`, newest first. */
export async function listStoredVersions(
  db: Kysely<Database>,
  table: VersionTableName,
  slug: string,
): Promise<StoredVersion[]> {
  const rows = await selectVersions(db, table, slug).orderBy('version', 'desc').execute();
  return rows.map(toStoredVersion);
}

/** One version of the record `slug` in `table`, or undefined. */
export async function findStoredVersion(
  db: Kysely<Database>,
  table: VersionTableName,
  slug: string,
  version: number,
): Promise<StoredVersion | undefined> {
  const row = await selectVersions(db, table, slug).where('version', '=', version).executeTakeFirst();
  return row ? toStoredVersion(row) : undefined;
}

// Both version tables have these columns beside the one naming their record.
function toStoredVersion(row: Omit<Selectable<EntryVersionTable>, 'id' | 'entry_slug'>): StoredVersion {
  return {
    // PostgreSQL returns integers of some columns as strings.
    version: Number(row.version),
    savedAt: row.saved_at,
    savedById: row.saved_by_id === null ? null : Number(row.saved_by_id),
    savedByEmail: row.saved_by_email,
    change: row.change,
    snapshot: JSON.parse(row.snapshot),
  };
}
