import type { Kysely, Selectable, Transaction } from 'kysely';
import {
  compareSubprocessors,
  SUBPROCESSOR_STATUSES,
  type Subprocessor,
  type SubprocessorRecord,
  type SubprocessorStatus,
} from '../domain/subprocessor.js';
import { insertAuditEvent, type NewAuditEvent } from './audit.repository.js';
import { bumpContentRevision } from './content-revision.js';
import type { DialectName } from './dialect.js';
import { findStoredVersion, listStoredVersions, type StoredVersion } from './record-versions.js';
import type { Database, SubprocessorTable } from './schema.js';

/** One saved version of a subprocessor. */
export interface SubprocessorVersion {
  version: number;
  savedAt: string;
  savedById: number | null;
  savedByEmail: string | null;
  change: string;
  subprocessor: Subprocessor;
}

/** Everything one staff action writes, committed together. */
export interface SubprocessorWrite {
  changedAt: string;
  /** The subprocessor's new stored state (omitted when only a version or the workflow changes). */
  subprocessor?: Subprocessor;
  workflow?: {
    submittedById?: number | null;
    reviewedById?: number | null;
    /** `'new-version'` points at the version this write records. */
    pendingVersion?: number | null | 'new-version';
  };
  version?: { change: string; savedById: number | null; savedByEmail: string | null; subprocessor: Subprocessor };
  audit: NewAuditEvent;
  /** Whether visitors can see the change (bumps the content revision). */
  isPublic: boolean;
}

/** Reads and writes subprocessors, their versions and workflow state. */
export class SubprocessorRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  /** One subprocessor, or undefined. */
  async findSubprocessor(slug: string): Promise<SubprocessorRecord | undefined> {
    const row = await this.db.selectFrom('subprocessor').selectAll().where('slug', '=', slug).executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  /** Every subprocessor, by name then slug. */
  async listSubprocessors(): Promise<SubprocessorRecord[]> {
    return listSubprocessorRecords(this.db);
  }

  /** Whether a slug is taken. */
  async hasSlug(slug: string): Promise<boolean> {
    const row = await this.db.selectFrom('subprocessor').select('id').where('slug', '=', slug).executeTakeFirst();
    return row !== undefined;
  }

  /** Versions of a subprocessor, newest first. */
  async listVersions(slug: string): Promise<SubprocessorVersion[]> {
    return (await listStoredVersions(this.db, 'subprocessor_version', slug)).map(toVersion);
  }

  /** One version, or undefined. */
  async findVersion(slug: string, version: number): Promise<SubprocessorVersion | undefined> {
    const stored = await findStoredVersion(this.db, 'subprocessor_version', slug, version);
    return stored ? toVersion(stored) : undefined;
  }

  /** Commits a change, its version, its audit event and the revision bump in one transaction. */
  async commit(write: SubprocessorWrite): Promise<{ version: number | null }> {
    return this.db.transaction().execute(async (trx) => {
      let versionNumber: number | null = null;
      if (write.version) {
        versionNumber = await appendSubprocessorVersion(trx, { ...write.version, savedAt: write.changedAt });
      }
      if (write.subprocessor) await writeSubprocessor(trx, write.subprocessor);
      if (write.workflow) {
        const slug = write.subprocessor?.slug ?? write.version?.subprocessor.slug ?? write.audit.targetId;
        if (!slug) throw new Error('workflow change without a subprocessor');
        const pending = write.workflow.pendingVersion === 'new-version' ? versionNumber : write.workflow.pendingVersion;
        await trx
          .updateTable('subprocessor')
          .set({
            ...(write.workflow.submittedById !== undefined ? { submitted_by_id: write.workflow.submittedById } : {}),
            ...(write.workflow.reviewedById !== undefined ? { reviewed_by_id: write.workflow.reviewedById } : {}),
            ...(pending !== undefined ? { pending_version: pending } : {}),
          })
          .where('slug', '=', slug)
          .execute();
      }
      await insertAuditEvent(trx, write.audit);
      if (write.isPublic) await bumpContentRevision(trx, this.dialect, write.changedAt);
      return { version: versionNumber };
    });
  }
}

/** Every subprocessor read through `db` or a transaction, by name then slug. */
export async function listSubprocessorRecords(db: Kysely<Database>): Promise<SubprocessorRecord[]> {
  const rows = await db.selectFrom('subprocessor').selectAll().execute();
  return rows.map(toRecord).sort(compareSubprocessors);
}

/**
 * Replaces every subprocessor with `incoming` inside a content import's transaction. A subprocessor the import
 * adds or changes gets a version of its imported state marked `change` (its stored state first, when it had no
 * version yet), so staff history shows what the import did; one it leaves out is removed, its versions kept.
 * Workflow state is cleared: the file says the status.
 */
export async function replaceSubprocessors(
  trx: Transaction<Database>,
  incoming: readonly Subprocessor[],
  changedAt: string,
  change: string,
): Promise<void> {
  const stored = new Map((await listSubprocessorRecords(trx)).map((record) => [record.slug, record]));
  const written: Subprocessor[] = [];
  for (const imported of incoming) {
    const before = stored.get(imported.slug);
    if (
      before &&
      JSON.stringify(toComparableState(stripWorkflow(before))) === JSON.stringify(toComparableState(imported))
    ) {
      written.push(stripWorkflow(before));
      continue;
    }
    const subprocessor = before ? { ...imported, createdAt: before.createdAt } : imported;
    written.push(subprocessor);
    if (before && !(await hasVersions(trx, before.slug))) {
      await appendSubprocessorVersion(trx, {
        subprocessor: stripWorkflow(before),
        change: 'as stored before the first recorded change',
        savedAt: before.updatedAt,
        savedById: null,
        savedByEmail: null,
      });
    }
    await appendSubprocessorVersion(trx, {
      subprocessor,
      change,
      savedAt: changedAt,
      savedById: null,
      savedByEmail: null,
    });
  }
  await trx.deleteFrom('subprocessor').execute();
  for (const subprocessor of written) await writeSubprocessor(trx, subprocessor);
}

async function hasVersions(trx: Transaction<Database>, slug: string): Promise<boolean> {
  const row = await trx
    .selectFrom('subprocessor_version')
    .select('id')
    .where('subprocessor_slug', '=', slug)
    .executeTakeFirst();
  return row !== undefined;
}

/** The fields an import compares: timestamps aside, as a file does not hold them. */
function toComparableState(subprocessor: Subprocessor) {
  const { createdAt: _created, updatedAt: _updated, ...state } = subprocessor;
  return { ...state, translations: state.translations ?? {} };
}

/** Appends a version as the subprocessor's next version number, inside the caller's transaction. */
async function appendSubprocessorVersion(
  trx: Transaction<Database>,
  version: {
    subprocessor: Subprocessor;
    change: string;
    savedAt: string;
    savedById: number | null;
    savedByEmail: string | null;
  },
): Promise<number> {
  const latest = await trx
    .selectFrom('subprocessor_version')
    .select((eb) => eb.fn.max<number>('version').as('version'))
    .where('subprocessor_slug', '=', version.subprocessor.slug)
    .executeTakeFirst();
  const next = Number(latest?.version ?? 0) + 1;
  await trx
    .insertInto('subprocessor_version')
    .values({
      subprocessor_slug: version.subprocessor.slug,
      version: next,
      saved_at: version.savedAt,
      saved_by_id: version.savedById,
      saved_by_email: version.savedByEmail,
      change: version.change,
      snapshot: JSON.stringify(version.subprocessor),
    })
    .execute();
  return next;
}

/** Inserts or updates a subprocessor's row (its workflow columns are left alone on an update). */
async function writeSubprocessor(trx: Transaction<Database>, subprocessor: Subprocessor): Promise<void> {
  const values = {
    name: subprocessor.name,
    legal_entity: subprocessor.legalEntity,
    purpose: subprocessor.purpose,
    purpose_sv: subprocessor.translations?.sv?.purpose ?? null,
    data_categories: JSON.stringify(subprocessor.dataCategories),
    locations: JSON.stringify(subprocessor.locations),
    parent_company: subprocessor.parentCompany,
    parent_jurisdiction: subprocessor.parentJurisdiction,
    non_eu_law: subprocessor.nonEuLaw?.law ?? null,
    non_eu_law_explanation: subprocessor.nonEuLaw?.explanation ?? null,
    since_on: subprocessor.since,
    until_on: subprocessor.until,
    status: subprocessor.status,
    updated_at: subprocessor.updatedAt,
  };
  const existing = await trx
    .selectFrom('subprocessor')
    .select('id')
    .where('slug', '=', subprocessor.slug)
    .executeTakeFirst();
  if (existing) {
    await trx.updateTable('subprocessor').set(values).where('id', '=', existing.id).execute();
  } else {
    await trx
      .insertInto('subprocessor')
      .values({ ...values, slug: subprocessor.slug, created_at: subprocessor.createdAt })
      .execute();
  }
}

function stripWorkflow(record: SubprocessorRecord): Subprocessor {
  const { submittedById: _submitted, reviewedById: _reviewed, pendingVersion: _pending, ...subprocessor } = record;
  return subprocessor;
}

function toStatus(value: unknown): SubprocessorStatus {
  return SUBPROCESSOR_STATUSES.find((status) => status === value) ?? 'draft';
}

function readTextList(value: unknown): string[] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
}

function toRecord(row: Selectable<SubprocessorTable>): SubprocessorRecord {
  const subprocessor: Subprocessor = {
    slug: row.slug,
    name: row.name,
    legalEntity: row.legal_entity,
    purpose: row.purpose,
    dataCategories: readTextList(row.data_categories),
    locations: readTextList(row.locations),
    parentCompany: row.parent_company,
    parentJurisdiction: row.parent_jurisdiction,
    nonEuLaw: row.non_eu_law === null ? null : { law: row.non_eu_law, explanation: row.non_eu_law_explanation ?? '' },
    since: row.since_on,
    until: row.until_on,
    status: toStatus(row.status),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.purpose_sv === null ? {} : { translations: { sv: { purpose: row.purpose_sv } } }),
  };
  return {
    ...subprocessor,
    submittedById: row.submitted_by_id === null ? null : Number(row.submitted_by_id),
    reviewedById: row.reviewed_by_id === null ? null : Number(row.reviewed_by_id),
    pendingVersion: row.pending_version === null ? null : Number(row.pending_version),
  };
}

function toVersion(stored: StoredVersion): SubprocessorVersion {
  const { snapshot, ...saved } = stored;
  if (!isSubprocessor(snapshot)) throw new Error(`subprocessor_version ${stored.version} holds an invalid snapshot`);
  return { ...saved, subprocessor: { ...snapshot, status: toStatus(snapshot.status) } };
}

function isSubprocessor(value: unknown): value is Subprocessor {
  return (
    typeof value === 'object' &&
    value !== null &&
    'slug' in value &&
    typeof value.slug === 'string' &&
    'name' in value &&
    typeof value.name === 'string' &&
    'locations' in value &&
    Array.isArray(value.locations) &&
    'dataCategories' in value &&
    Array.isArray(value.dataCategories)
  );
}
