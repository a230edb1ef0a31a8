import type { Kysely, Transaction } from 'kysely';
import type { NdaAcceptanceRecord, NdaVersion } from '../domain/nda.js';
import type { Page } from '../domain/page.js';
import { insertAuditEvent, type NewAuditEvent } from './audit.repository.js';
import type { Database } from './schema.js';

/** An acceptance to record, with the person's details kept beside it. */
export interface NewNdaAcceptance {
  ndaVersionId: number;
  ndaSha256: string;
  requesterId: number;
  requestId: number;
  acceptedAt: string;
  evidenceSha256: string;
  name: string;
  email: string;
  company: string;
  ip: string;
  userAgent: string;
}

/** NDA versions and acceptances (append-only tables: the database refuses changes). */
export class NdaRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Every version, newest first. */
  async listVersions(): Promise<NdaVersion[]> {
    const rows = await this.db.selectFrom('nda_version').selectAll().orderBy('id', 'desc').execute();
    return rows.map(toVersion);
  }

  /** The newest version, which visitors accept; undefined before the first is published. */
  async findCurrent(): Promise<NdaVersion | undefined> {
    const row = await this.db.selectFrom('nda_version').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
    return row ? toVersion(row) : undefined;
  }

  /** One version by id (inside the caller's transaction when given one). */
  async findVersion(
    id: number,
    executor: Kysely<Database> | Transaction<Database> = this.db,
  ): Promise<NdaVersion | undefined> {
    const row = await executor.selectFrom('nda_version').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toVersion(row) : undefined;
  }

  /** Publishes a version with its audit event (in the caller's transaction, when given); false when the same text was published before. */
  async insertVersion(
    version: Omit<NdaVersion, 'id'>,
    audit: NewAuditEvent,
    transaction?: Transaction<Database>,
  ): Promise<boolean> {
    const write = async (trx: Transaction<Database>) => {
      const row = await trx
        .insertInto('nda_version')
        .values({
          label: version.label,
          body: version.body,
          sha256: version.sha256,
          published_at: version.publishedAt,
          published_by: version.publishedBy,
        })
        .onConflict((conflict) => conflict.column('sha256').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) return false;
      await insertAuditEvent(trx, audit);
      return true;
    };
    return transaction ? write(transaction) : this.db.transaction().execute(write);
  }

  /** Records an acceptance in the caller's transaction. */
  async insertAcceptance(trx: Kysely<Database> | Transaction<Database>, acceptance: NewNdaAcceptance): Promise<void> {
    const row = await trx
      .insertInto('nda_acceptance')
      .values({
        nda_version_id: acceptance.ndaVersionId,
        nda_sha256: acceptance.ndaSha256,
        requester_id: acceptance.requesterId,
        request_id: acceptance.requestId,
        accepted_at: acceptance.acceptedAt,
        evidence_sha256: acceptance.evidenceSha256,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('nda_acceptance_party')
      .values({
        acceptance_id: Number(row.id),
        name: acceptance.name,
        email: acceptance.email,
        company: acceptance.company,
        ip: acceptance.ip,
        user_agent: acceptance.userAgent,
      })
      .execute();
  }

  /** A page of acceptances, newest first (limit undefined: all of them, for the export). */
  async listAcceptances(limit?: number, offset = 0): Promise<Page<NdaAcceptanceRecord>> {
    const { count } = await this.db
      .selectFrom('nda_acceptance')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .executeTakeFirstOrThrow();
    let query = this.db
      .selectFrom('nda_acceptance')
      .innerJoin('nda_version', 'nda_version.id', 'nda_acceptance.nda_version_id')
      .innerJoin('nda_acceptance_party', 'nda_acceptance_party.acceptance_id', 'nda_acceptance.id')
      .select([
        'nda_acceptance.id as id',
        'nda_acceptance.nda_version_id as ndaVersionId',
        'nda_version.label as ndaLabel',
        'nda_acceptance.nda_sha256 as ndaSha256',
        'nda_acceptance.request_id as requestId',
        'nda_acceptance.requester_id as requesterId',
        'nda_acceptance.accepted_at as acceptedAt',
        'nda_acceptance_party.name as name',
        'nda_acceptance_party.email as email',
        'nda_acceptance_party.company as company',
        'nda_acceptance_party.ip as ip',
        'nda_acceptance_party.user_agent as userAgent',
        'nda_acceptance.evidence_sha256 as evidenceSha256',
      ])
      .orderBy('nda_acceptance.id', 'desc');
    if (limit !== undefined) query = query.limit(limit).offset(offset);
    const rows = await query.execute();
    return {
      items: rows.map((row) => ({
        ...row,
        id: Number(row.id),
        ndaVersionId: Number(row.ndaVersionId),
        requestId: Number(row.requestId),
        requesterId: Number(row.requesterId),
      })),
      total: Number(count),
    };
  }
}

function toVersion(row: {
  id: number;
  label: string;
  body: string;
  sha256: string;
  published_at: string;
  published_by: string;
}): NdaVersion {
  return {
    id: Number(row.id),
    label: row.label,
    body: row.body,
    sha256: row.sha256,
    publishedAt: row.published_at,
    publishedBy: row.published_by,
  };
}
