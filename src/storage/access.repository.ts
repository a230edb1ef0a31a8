import { type Kysely, sql, type Transaction } from 'kysely';
import {
  type AccessGrantRecord,
  type AccessRequestRecord,
  type AccessSummaryRow,
  CONFIRMATION_HOURS,
  DOCUMENT_OUTCOMES,
  DOMAIN_RULE_ACTIONS,
  type DocumentOutcome,
  type DomainRule,
  REQUEST_STATUSES,
  type RequestStatus,
} from '../domain/access.js';
import { ACCESS_LEVELS, type AccessLevel } from '../domain/document.js';
import type { Page } from '../domain/page.js';
import { insertAuditEvent, type NewAuditEvent } from './audit.repository.js';
import type { Database } from './schema.js';

/** The database or one of its transactions. */
type Executor = Kysely<Database> | Transaction<Database>;

function toStatus(value: string): RequestStatus {
  return (REQUEST_STATUSES as readonly string[]).includes(value) ? (value as RequestStatus) : 'pending';
}

function toOutcome(value: string): DocumentOutcome {
  return (DOCUMENT_OUTCOMES as readonly string[]).includes(value) ? (value as DocumentOutcome) : 'pending';
}

function toLevel(value: string): AccessLevel {
  // An unknown stored level is treated as the strictest.
  return (ACCESS_LEVELS as readonly string[]).includes(value) ? (value as AccessLevel) : 'request';
}

function toLanguage(value: string): 'en' | 'sv' {
  return value === 'sv' ? 'sv' : 'en';
}

/** What submitting a request stores, before its address is confirmed. */
export interface NewAccessRequest {
  email: string;
  emailDomain: string;
  name: string;
  company: string;
  reason: string;
  language: 'en' | 'sv';
  documentIds: number[];
  confirmTokenHash: string;
  confirmExpiresAt: string;
  ndaVersionId: number | null;
  ndaIp: string | null;
  ndaUserAgent: string | null;
  createdAt: string;
}

/** A request found by its confirmation token. */
export interface UnconfirmedRequest {
  id: number;
  requesterId: number;
  email: string;
  name: string;
  company: string;
  language: 'en' | 'sv';
  confirmExpiresAt: string;
  ndaVersionId: number | null;
  ndaIp: string | null;
  ndaUserAgent: string | null;
  documents: { documentId: number; level: AccessLevel }[];
}

/** A grant to create. */
export interface NewGrant {
  documentId: number;
  grantedBy: string;
  expiresAt: string;
}

/** A grant found through a download link, with what the watermark and the log need. */
export interface LinkedGrant {
  grantId: number;
  requesterId: number;
  documentId: number;
  expiresAt: string;
  revokedAt: string | null;
  name: string;
  email: string;
  company: string;
  language: 'en' | 'sv';
}

/** A grant due for its one reminder, with where to send it. */
export interface DueReminder {
  grantId: number;
  requestId: number;
  email: string;
  name: string;
  language: 'en' | 'sv';
  documentTitle: string;
  expiresAt: string;
}

/** Requests, grants, download links and downloads, domain rules (tables of migration 0017 but the NDA's). */
export class AccessRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Runs `work` in one transaction. */
  transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work);
  }

  /** Stores a new requester and their unconfirmed request with its documents; returns the request's id. */
  async insertRequest(trx: Executor, request: NewAccessRequest): Promise<number> {
    const requester = await trx
      .insertInto('requester')
      .values({
        email: request.email,
        email_domain: request.emailDomain,
        name: request.name,
        company: request.company,
        language: request.language,
        created_at: request.createdAt,
        erased_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = await trx
      .insertInto('access_request')
      .values({
        requester_id: Number(requester.id),
        reason: request.reason,
        status: 'unconfirmed',
        language: request.language,
        created_at: request.createdAt,
        confirm_token_hash: request.confirmTokenHash,
        confirm_expires_at: request.confirmExpiresAt,
        confirmed_at: null,
        nda_version_id: request.ndaVersionId,
        nda_ip: request.ndaIp,
        nda_user_agent: request.ndaUserAgent,
        portal_token_hash: null,
        decided_at: null,
        decided_by: null,
        decision_note: null,
        updated_at: request.createdAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const requestId = Number(row.id);
    await trx
      .insertInto('access_request_document')
      .values(
        request.documentIds.map((documentId) => ({
          request_id: requestId,
          document_id: documentId,
          outcome: 'pending',
        })),
      )
      .execute();
    return requestId;
  }

  /** Unconfirmed requests for an address since a time: the form refuses more than a few a day. */
  async countRecentUnconfirmed(email: string, since: string): Promise<number> {
    const row = await this.db
      .selectFrom('access_request')
      .innerJoin('requester', 'requester.id', 'access_request.requester_id')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('requester.email', '=', email)
      .where('access_request.status', '=', 'unconfirmed')
      .where('access_request.created_at', '>=', since)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** The request a confirmation token belongs to, while it is still unconfirmed. */
  async findByConfirmToken(trx: Executor, tokenHash: string): Promise<UnconfirmedRequest | undefined> {
    const row = await trx
      .selectFrom('access_request')
      .innerJoin('requester', 'requester.id', 'access_request.requester_id')
      .select([
        'access_request.id as id',
        'access_request.requester_id as requesterId',
        'requester.email as email',
        'requester.name as name',
        'requester.company as company',
        'access_request.language as language',
        'access_request.confirm_expires_at as confirmExpiresAt',
        'access_request.nda_version_id as ndaVersionId',
        'access_request.nda_ip as ndaIp',
        'access_request.nda_user_agent as ndaUserAgent',
      ])
      .where('access_request.confirm_token_hash', '=', tokenHash)
      .where('access_request.status', '=', 'unconfirmed')
      .executeTakeFirst();
    if (!row) return undefined;
    const documents = await trx
      .selectFrom('access_request_document')
      .innerJoin('document', 'document.id', 'access_request_document.document_id')
      .select(['document.id as documentId', 'document.access_level as level'])
      .where('access_request_document.request_id', '=', Number(row.id))
      .orderBy('document.id')
      .execute();
    return {
      ...row,
      id: Number(row.id),
      requesterId: Number(row.requesterId),
      language: toLanguage(row.language),
      ndaVersionId: row.ndaVersionId === null ? null : Number(row.ndaVersionId),
      documents: documents.map((document) => ({
        documentId: Number(document.documentId),
        level: toLevel(document.level),
      })),
    };
  }

  /**
   * Marks a request confirmed (its token can never be used again) and files it under the address's
   * earlier requester, if there is one: one person, one row, with the details they typed last.
   * Returns the requester id the request now belongs to.
   */
  async confirm(
    trx: Executor,
    request: UnconfirmedRequest,
    portalTokenHash: string,
    confirmedAt: string,
  ): Promise<number> {
    const earlier = await trx
      .selectFrom('requester')
      .select('requester.id')
      .where('requester.email', '=', request.email)
      .where('requester.erased_at', 'is', null)
      .where('requester.id', '<>', request.requesterId)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('access_request')
            .select('access_request.id')
            .whereRef('access_request.requester_id', '=', 'requester.id')
            .where('access_request.confirmed_at', 'is not', null),
        ),
      )
      .orderBy('requester.id')
      .executeTakeFirst();
    let requesterId = request.requesterId;
    if (earlier) {
      requesterId = Number(earlier.id);
      await trx
        .updateTable('requester')
        .set({ name: request.name, company: request.company, language: request.language })
        .where('id', '=', requesterId)
        .execute();
    }
    await trx
      .updateTable('access_request')
      .set({
        requester_id: requesterId,
        status: 'pending',
        confirm_token_hash: null,
        confirmed_at: confirmedAt,
        // The NDA's where-from is written into the acceptance; the request keeps no copy.
        nda_ip: null,
        nda_user_agent: null,
        updated_at: confirmedAt,
      })
      .where('id', '=', request.id)
      .execute();
    await this.setPortalToken(trx, request.id, portalTokenHash, confirmedAt);
    if (earlier) await trx.deleteFrom('requester').where('id', '=', request.requesterId).execute();
    return requesterId;
  }

  /** Sets the outcome of some documents of a request. */
  async setOutcomes(trx: Executor, requestId: number, documentIds: number[], outcome: DocumentOutcome): Promise<void> {
    if (documentIds.length === 0) return;
    await trx
      .updateTable('access_request_document')
      .set({ outcome })
      .where('request_id', '=', requestId)
      .where('document_id', 'in', documentIds)
      .execute();
  }

  /** Records a request's status and, for a decision, who made it and why. */
  async setStatus(
    trx: Executor,
    requestId: number,
    change: { status: RequestStatus; at: string; decidedBy?: string; note?: string | null },
  ): Promise<void> {
    await trx
      .updateTable('access_request')
      .set({
        status: change.status,
        updated_at: change.at,
        ...(change.decidedBy === undefined
          ? {}
          : { decided_at: change.at, decided_by: change.decidedBy, decision_note: change.note ?? null }),
      })
      .where('id', '=', requestId)
      .execute();
  }

  /** Adds grants for a request's requester. */
  async insertGrants(
    trx: Executor,
    requestId: number,
    requesterId: number,
    grants: NewGrant[],
    at: string,
  ): Promise<void> {
    if (grants.length === 0) return;
    await trx
      .insertInto('access_grant')
      .values(
        grants.map((grant) => ({
          request_id: requestId,
          requester_id: requesterId,
          document_id: grant.documentId,
          granted_at: at,
          granted_by: grant.grantedBy,
          expires_at: grant.expiresAt,
          revoked_at: null,
          revoked_by: null,
          reminder_sent_at: null,
        })),
      )
      .execute();
  }

  /** Adds a requester-page token to a request (each mail carries a fresh one; earlier ones keep working). */
  async setPortalToken(trx: Executor, requestId: number, tokenHash: string, at: string): Promise<void> {
    await trx
      .insertInto('access_request_link')
      .values({ token_hash: tokenHash, request_id: requestId, created_at: at })
      .execute();
  }

  /** Adds a message to a request's exchange (a question from staff, a reply). */
  async insertMessage(trx: Executor, requestId: number, author: 'staff' | 'requester', body: string, at: string) {
    await trx.insertInto('access_request_message').values({ request_id: requestId, author, body, at }).execute();
  }

  /** Appends an audit event in the caller's transaction. */
  async audit(trx: Executor, event: NewAuditEvent): Promise<void> {
    await insertAuditEvent(trx, event);
  }

  /** A page of requests, newest first, optionally of some statuses only (unconfirmed ones are never listed). */
  async listRequests(
    statuses: readonly RequestStatus[],
    limit: number,
    offset: number,
  ): Promise<Page<AccessRequestRecord>> {
    let query = this.db.selectFrom('access_request').where('status', '<>', 'unconfirmed');
    if (statuses.length > 0) query = query.where('status', 'in', [...statuses]);
    const { count } = await query
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .executeTakeFirstOrThrow();
    const ids = await query
      .select('id')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
    const items = await this.loadRequests(ids.map((row) => Number(row.id)));
    return { items, total: Number(count) };
  }

  /** One confirmed request with its documents and messages. */
  async findRequest(id: number): Promise<AccessRequestRecord | undefined> {
    const [request] = await this.loadRequests([id]);
    return request?.status === 'unconfirmed' ? undefined : request;
  }

  /** The request a requester's page token belongs to. */
  async findRequestIdByPortalToken(tokenHash: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('access_request_link')
      .select('request_id')
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row ? Number(row.request_id) : undefined;
  }

  /** Requests by id, in the order given, with their documents and messages. */
  async loadRequests(ids: number[]): Promise<AccessRequestRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('access_request')
      .innerJoin('requester', 'requester.id', 'access_request.requester_id')
      .select([
        'access_request.id as id',
        'access_request.requester_id as requesterId',
        'requester.name as name',
        'requester.email as email',
        'requester.company as company',
        'requester.erased_at as erasedAt',
        'access_request.reason as reason',
        'access_request.status as status',
        'access_request.language as language',
        'access_request.created_at as createdAt',
        'access_request.confirmed_at as confirmedAt',
        'access_request.decided_at as decidedAt',
        'access_request.decided_by as decidedBy',
        'access_request.decision_note as decisionNote',
      ])
      .where('access_request.id', 'in', ids)
      .execute();
    const documents = await this.db
      .selectFrom('access_request_document')
      .innerJoin('document', 'document.id', 'access_request_document.document_id')
      .select([
        'access_request_document.request_id as requestId',
        'document.id as documentId',
        'document.slug as slug',
        'document.title as title',
        'document.access_level as level',
        'access_request_document.outcome as outcome',
      ])
      .where('access_request_document.request_id', 'in', ids)
      .orderBy('document.title')
      .execute();
    const messages = await this.db
      .selectFrom('access_request_message')
      .select(['request_id as requestId', 'author', 'body', 'at'])
      .where('request_id', 'in', ids)
      .orderBy('id')
      .execute();
    const byId = new Map(
      rows.map((row) => {
        const id = Number(row.id);
        const record: AccessRequestRecord = {
          id,
          requesterId: Number(row.requesterId),
          name: row.name,
          email: row.email,
          company: row.company,
          reason: row.reason,
          status: toStatus(row.status),
          language: toLanguage(row.language),
          createdAt: row.createdAt,
          confirmedAt: row.confirmedAt,
          decidedAt: row.decidedAt,
          decidedBy: row.decidedBy,
          decisionNote: row.decisionNote,
          isErased: row.erasedAt !== null,
          documents: documents
            .filter((document) => Number(document.requestId) === id)
            .map((document) => ({
              documentId: Number(document.documentId),
              slug: document.slug,
              title: document.title,
              level: toLevel(document.level),
              outcome: toOutcome(document.outcome),
            })),
          messages: messages
            .filter((message) => Number(message.requestId) === id)
            .map((message) => ({
              from: message.author === 'staff' ? ('staff' as const) : ('requester' as const),
              body: message.body,
              at: message.at,
            })),
        };
        return [id, record] as const;
      }),
    );
    return ids.flatMap((id) => {
      const record = byId.get(id);
      return record ? [record] : [];
    });
  }

  /** Grants, newest first: one, of one request, of one requester, or all. */
  async listGrants(filter: { id?: number; requestId?: number; requesterId?: number }): Promise<AccessGrantRecord[]> {
    let query = this.db
      .selectFrom('access_grant')
      .innerJoin('document', 'document.id', 'access_grant.document_id')
      .select([
        'access_grant.id as id',
        'access_grant.request_id as requestId',
        'access_grant.requester_id as requesterId',
        'access_grant.document_id as documentId',
        'document.slug as documentSlug',
        'document.title as documentTitle',
        'document.access_level as level',
        'access_grant.granted_at as grantedAt',
        'access_grant.granted_by as grantedBy',
        'access_grant.expires_at as expiresAt',
        'access_grant.revoked_at as revokedAt',
        'access_grant.revoked_by as revokedBy',
        'access_grant.reminder_sent_at as reminderSentAt',
        (eb) =>
          eb
            .selectFrom('download_event')
            .select((inner) => inner.fn.countAll<number | string>().as('count'))
            .whereRef('download_event.grant_id', '=', 'access_grant.id')
            .as('downloads'),
      ]);
    if (filter.id !== undefined) query = query.where('access_grant.id', '=', filter.id);
    if (filter.requestId !== undefined) query = query.where('access_grant.request_id', '=', filter.requestId);
    if (filter.requesterId !== undefined) query = query.where('access_grant.requester_id', '=', filter.requesterId);
    const rows = await query.orderBy('access_grant.id', 'desc').execute();
    return rows.map((row) => ({
      ...row,
      id: Number(row.id),
      requestId: Number(row.requestId),
      requesterId: Number(row.requesterId),
      documentId: Number(row.documentId),
      level: toLevel(row.level),
      downloads: Number(row.downloads ?? 0),
    }));
  }

  /** One grant by id. */
  async findGrant(id: number): Promise<AccessGrantRecord | undefined> {
    const [grant] = await this.listGrants({ id });
    return grant;
  }

  /** Revokes a grant now; false when it was already revoked or does not exist. */
  async revokeGrant(trx: Executor, id: number, by: string, at: string): Promise<boolean> {
    const result = await trx
      .updateTable('access_grant')
      .set({ revoked_at: at, revoked_by: by })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Stores a single-use download link for a grant. */
  async insertDownloadLink(tokenHash: string, grantId: number, createdAt: string, expiresAt: string): Promise<void> {
    await this.db
      .insertInto('download_link')
      .values({ token_hash: tokenHash, grant_id: grantId, created_at: createdAt, expires_at: expiresAt, used_at: null })
      .execute();
  }

  /**
   * Uses a download link: one statement marks it used only if it is unused and unexpired, so two
   * requests with the same link cannot both pass. Returns the grant with the requester's details.
   */
  async useDownloadLink(tokenHash: string, at: string): Promise<LinkedGrant | undefined> {
    const used = await this.db
      .updateTable('download_link')
      .set({ used_at: at })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', at)
      .returning('grant_id')
      .executeTakeFirst();
    if (!used) return undefined;
    const row = await this.db
      .selectFrom('access_grant')
      .innerJoin('requester', 'requester.id', 'access_grant.requester_id')
      .select([
        'access_grant.id as grantId',
        'access_grant.requester_id as requesterId',
        'access_grant.document_id as documentId',
        'access_grant.expires_at as expiresAt',
        'access_grant.revoked_at as revokedAt',
        'requester.name as name',
        'requester.email as email',
        'requester.company as company',
        'requester.language as language',
      ])
      .where('access_grant.id', '=', Number(used.grant_id))
      .executeTakeFirst();
    return row
      ? {
          ...row,
          grantId: Number(row.grantId),
          requesterId: Number(row.requesterId),
          documentId: Number(row.documentId),
          language: toLanguage(row.language),
        }
      : undefined;
  }

  /** Logs one download (a public one has no grant or requester). */
  async insertDownloadEvent(event: {
    grantId: number | null;
    requesterId: number | null;
    documentId: number;
    versionId: number;
    at: string;
    ip: string | null;
    userAgent: string | null;
    isWatermarked: boolean;
  }): Promise<void> {
    await this.db
      .insertInto('download_event')
      .values({
        grant_id: event.grantId,
        requester_id: event.requesterId,
        document_id: event.documentId,
        version_id: event.versionId,
        at: event.at,
        ip: event.ip,
        user_agent: event.userAgent,
        is_watermarked: event.isWatermarked ? 1 : 0,
      })
      .execute();
  }

  /**
   * Claims the grants whose one reminder is due (active, lapsing before `before`, not yet reminded):
   * the claim is the update itself, so two processes never remind twice.
   */
  async claimDueReminders(trx: Executor, now: string, before: string): Promise<DueReminder[]> {
    const claimed = await trx
      .updateTable('access_grant')
      .set({ reminder_sent_at: now })
      .where('reminder_sent_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .where('expires_at', '<=', before)
      .returning('id')
      .execute();
    if (claimed.length === 0) return [];
    const rows = await trx
      .selectFrom('access_grant')
      .innerJoin('requester', 'requester.id', 'access_grant.requester_id')
      .innerJoin('document', 'document.id', 'access_grant.document_id')
      .select([
        'access_grant.id as grantId',
        'access_grant.request_id as requestId',
        'requester.email as email',
        'requester.name as name',
        'requester.language as language',
        'requester.erased_at as erasedAt',
        'document.title as documentTitle',
        'access_grant.expires_at as expiresAt',
      ])
      .where(
        'access_grant.id',
        'in',
        claimed.map((row) => Number(row.id)),
      )
      .execute();
    return rows
      .filter((row) => row.erasedAt === null && row.email !== '')
      .map((row) => ({
        grantId: Number(row.grantId),
        requestId: Number(row.requestId),
        email: row.email,
        name: row.name,
        language: toLanguage(row.language),
        documentTitle: row.documentTitle,
        expiresAt: row.expiresAt,
      }));
  }

  /** Deletes requests never confirmed whose link expired, their confirmation mails, and the requesters left with no request. */
  async purgeUnconfirmed(now: string): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const stale = await trx
        .selectFrom('access_request')
        .select(['id', 'requester_id'])
        .where('status', '=', 'unconfirmed')
        .where('confirm_expires_at', '<=', now)
        .execute();
      if (stale.length === 0) return 0;
      const ids = stale.map((row) => Number(row.id));
      // The confirmation mail holds the name and address typed on the form: it goes with the request. Every
      // confirmation mail to those addresses is older than its 24-hour link by now, so none is still of use.
      const addresses = await trx
        .selectFrom('requester')
        .select('email')
        .where(
          'id',
          'in',
          stale.map((row) => Number(row.requester_id)),
        )
        .execute();
      if (addresses.length > 0) {
        await trx
          .deleteFrom('mail_outbox')
          .where('kind', '=', 'access_confirm')
          .where(
            'recipient',
            'in',
            addresses.map((row) => row.email),
          )
          .where('created_at', '<=', new Date(Date.parse(now) - CONFIRMATION_HOURS * 3_600_000).toISOString())
          .execute();
      }
      await trx.deleteFrom('access_request_document').where('request_id', 'in', ids).execute();
      await trx.deleteFrom('access_request_message').where('request_id', 'in', ids).execute();
      await trx.deleteFrom('access_request').where('id', 'in', ids).execute();
      const requesterIds = [...new Set(stale.map((row) => Number(row.requester_id)))];
      await trx
        .deleteFrom('requester')
        .where('id', 'in', requesterIds)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb.selectFrom('access_request').select('id').whereRef('access_request.requester_id', '=', 'requester.id'),
            ),
          ),
        )
        .execute();
      return ids.length;
    });
  }

  /**
   * Erases a requester: their name and address are blanked everywhere they were written (the person, the
   * requests' reasons and messages, the NDA acceptances' details, the downloads' IP and browser, the mail
   * sent to them); the rows stay, so the fact that access happened is kept.
   */
  async erase(trx: Executor, requesterId: number, at: string): Promise<string | undefined> {
    const person = await trx
      .selectFrom('requester')
      .select(['email', 'erased_at'])
      .where('id', '=', requesterId)
      .executeTakeFirst();
    if (!person || person.erased_at !== null) return undefined;
    await trx
      .updateTable('requester')
      .set({ email: '', name: '', erased_at: at })
      .where('id', '=', requesterId)
      .execute();
    const requestIds = trx.selectFrom('access_request').select('id').where('requester_id', '=', requesterId);
    await trx
      .updateTable('access_request')
      .set({ reason: '', nda_ip: null, nda_user_agent: null, confirm_token_hash: null, portal_token_hash: null })
      .where('requester_id', '=', requesterId)
      .execute();
    await trx.deleteFrom('access_request_link').where('request_id', 'in', requestIds).execute();
    await trx.updateTable('access_request_message').set({ body: '' }).where('request_id', 'in', requestIds).execute();
    await trx
      .updateTable('access_grant')
      .set({ revoked_at: at, revoked_by: 'erasure' })
      .where('requester_id', '=', requesterId)
      .where('revoked_at', 'is', null)
      .execute();
    await trx
      .updateTable('download_event')
      .set({ ip: null, user_agent: null })
      .where('requester_id', '=', requesterId)
      .execute();
    await trx
      .updateTable('nda_acceptance_party')
      .set({ name: '', email: '', ip: '', user_agent: '' })
      .where(
        'acceptance_id',
        'in',
        trx.selectFrom('nda_acceptance').select('id').where('requester_id', '=', requesterId),
      )
      .execute();
    if (person.email !== '') {
      await trx
        .updateTable('mail_outbox')
        .set({ recipient: '', subject: '', body_text: '', body_html: null, headers: '{}' })
        .where(sql<boolean>`lower(recipient) = ${person.email}`)
        .execute();
    }
    return person.email;
  }

  /** Domain rules, most specific first. */
  async listRules(): Promise<DomainRule[]> {
    const rows = await this.db.selectFrom('access_domain_rule').selectAll().orderBy('pattern').execute();
    return rows.map((row) => ({
      id: Number(row.id),
      pattern: row.pattern,
      action: (DOMAIN_RULE_ACTIONS as readonly string[]).includes(row.action)
        ? (row.action as DomainRule['action'])
        : 'deny',
      maxLevel: row.max_level === 'request' ? 'request' : row.max_level === 'nda' ? 'nda' : null,
      createdAt: row.created_at,
      createdBy: row.created_by,
    }));
  }

  /** Adds a domain rule with its audit event; false when the pattern already has one. */
  async insertRule(rule: Omit<DomainRule, 'id'>, audit: NewAuditEvent): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('access_domain_rule')
        .values({
          pattern: rule.pattern,
          action: rule.action,
          max_level: rule.maxLevel,
          created_at: rule.createdAt,
          created_by: rule.createdBy,
        })
        .onConflict((conflict) => conflict.column('pattern').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) return false;
      await insertAuditEvent(trx, audit);
      return true;
    });
  }

  /** Deletes a domain rule with its audit event; the pattern it had, or undefined. */
  async deleteRule(id: number, audit: (pattern: string) => NewAuditEvent): Promise<string | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .deleteFrom('access_domain_rule')
        .where('id', '=', id)
        .returning('pattern')
        .executeTakeFirst();
      if (!row) return undefined;
      await insertAuditEvent(trx, audit(row.pattern));
      return row.pattern;
    });
  }

  /** Per person or per company: what was requested, granted and downloaded (confirmed requests only). */
  async summarize(by: 'person' | 'company', now: string): Promise<AccessSummaryRow[]> {
    const requests = await this.db
      .selectFrom('access_request')
      .innerJoin('requester', 'requester.id', 'access_request.requester_id')
      .select([
        'requester.id as requesterId',
        'requester.name as name',
        'requester.email as email',
        'requester.company as company',
        'requester.erased_at as erasedAt',
        'access_request.id as requestId',
        'access_request.updated_at as updatedAt',
        (eb) =>
          eb
            .selectFrom('access_request_document')
            .select((inner) => inner.fn.countAll<number | string>().as('count'))
            .whereRef('access_request_document.request_id', '=', 'access_request.id')
            .as('documents'),
      ])
      .where('access_request.status', '<>', 'unconfirmed')
      .execute();
    const grants = await this.db
      .selectFrom('access_grant')
      .select(['requester_id as requesterId', 'expires_at as expiresAt', 'revoked_at as revokedAt'])
      .execute();
    const downloads = await this.db
      .selectFrom('download_event')
      .select(['requester_id as requesterId', 'at'])
      .where('requester_id', 'is not', null)
      .execute();
    const rows = new Map<string, AccessSummaryRow>();
    const keyOf = new Map<number, string>();
    for (const request of requests) {
      const requesterId = Number(request.requesterId);
      const key = by === 'person' ? `person:${requesterId}` : `company:${request.company.trim().toLowerCase()}`;
      const label =
        by === 'person'
          ? request.erasedAt !== null
            ? `Erased requester #${requesterId}`
            : `${request.name} <${request.email}>`
          : request.company;
      keyOf.set(requesterId, key);
      const row = rows.get(key) ?? {
        key,
        label,
        requests: 0,
        documentsRequested: 0,
        grantsActive: 0,
        grantsTotal: 0,
        downloads: 0,
        lastActivityAt: request.updatedAt,
      };
      row.requests += 1;
      row.documentsRequested += Number(request.documents ?? 0);
      if (request.updatedAt > row.lastActivityAt) row.lastActivityAt = request.updatedAt;
      rows.set(key, row);
    }
    for (const grant of grants) {
      const row = rows.get(keyOf.get(Number(grant.requesterId)) ?? '');
      if (!row) continue;
      row.grantsTotal += 1;
      if (grant.revokedAt === null && grant.expiresAt > now) row.grantsActive += 1;
    }
    for (const download of downloads) {
      const row = rows.get(keyOf.get(Number(download.requesterId)) ?? '');
      if (!row) continue;
      row.downloads += 1;
      if (download.at > row.lastActivityAt) row.lastActivityAt = download.at;
    }
    return [...rows.values()].sort((left, right) => right.lastActivityAt.localeCompare(left.lastActivityAt));
  }

  /** Every download of a requester's grants, newest first. */
  async listDownloads(requesterId: number): Promise<{ documentTitle: string; at: string; isWatermarked: boolean }[]> {
    const rows = await this.db
      .selectFrom('download_event')
      .innerJoin('document', 'document.id', 'download_event.document_id')
      .select([
        'document.title as documentTitle',
        'download_event.at as at',
        'download_event.is_watermarked as watermarked',
      ])
      .where('download_event.requester_id', '=', requesterId)
      .orderBy('download_event.id', 'desc')
      .execute();
    return rows.map((row) => ({
      documentTitle: row.documentTitle,
      at: row.at,
      isWatermarked: Number(row.watermarked) === 1,
    }));
  }

  /** Requests of one requester, newest first. */
  async listRequestIdsOf(requesterId: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('access_request')
      .select('id')
      .where('requester_id', '=', requesterId)
      .where('status', '<>', 'unconfirmed')
      .orderBy('id', 'desc')
      .execute();
    return rows.map((row) => Number(row.id));
  }

  /** Confirmed requests waiting for staff. */
  async countPending(): Promise<number> {
    const row = await this.db
      .selectFrom('access_request')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }
}
