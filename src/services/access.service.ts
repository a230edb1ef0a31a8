import { createHash } from 'node:crypto';
import {
  type AccessGrantRecord,
  type AccessRequestInput,
  type AccessRequestRecord,
  type AccessSummaryRow,
  CONFIRMATION_HOURS,
  DEFAULT_GRANT_DAYS,
  DOWNLOAD_LINK_MINUTES,
  type DomainRule,
  type DomainRuleAction,
  decideByRules,
  emailDomain,
  findRequestProblems,
  isGrantActive,
  isLevelCovered,
  parseDomainPattern,
  REMINDER_DAYS_BEFORE,
  REQUEST_LIMITS,
  type RequestStatus,
} from '../domain/access.js';
import type { AccessLevel, DocumentListItem } from '../domain/document.js';
import { AppError, type InputProblem } from '../domain/errors.js';
import { findAddressProblem, type MailKind, type OutgoingMail } from '../domain/mail.js';
import { ndaEvidenceText } from '../domain/nda.js';
import type { Page } from '../domain/page.js';
import { type Actor, hasPermission } from '../domain/staff.js';
import { getMessages, type Language, localizePath } from '../i18n/index.js';
import type { AccessRepository, UnconfirmedRequest } from '../storage/access.repository.js';
import type { NdaRepository } from '../storage/nda.repository.js';
import { toAuditEvent } from './audit.service.js';
import { createRandomToken, normalizeEmail } from './credentials.js';
import type { DocumentService, OpenedDocument } from './document.service.js';
import type { MailService } from './mail.service.js';
import { renderMarkdown } from './markdown.renderer.js';

/** Stamps a PDF with who it was issued to (src/documents' watermarker, run in worker threads). */
export interface PdfStamper {
  watermark(
    bytes: Uint8Array,
    stamp: {
      name: string;
      company: string;
      email: string;
      issuedAt: Date;
      documentTitle?: string;
      language?: 'en' | 'sv';
    },
  ): Promise<Uint8Array>;
}

/** Run-time switches of the access rules (stored settings). */
export interface AccessSettings {
  /** Whether addresses at the ready-made free-mail providers are denied. */
  isFreeMailDenied(): Promise<boolean>;
  /** Whether NDA documents are granted once the NDA is accepted and the address confirmed (click-through). */
  isNdaClickThrough(): Promise<boolean>;
}

/** What the access service needs besides its repositories. */
export interface AccessServiceOptions {
  now: () => Date;
  /** ACCESS_GRANT_DAYS: how long a grant lasts unless staff choose otherwise. */
  grantDays?: number;
  watermarker?: PdfStamper;
}

/** Where a request came from, for the NDA acceptance and the download log. */
export interface VisitorContext {
  ip: string;
  userAgent: string;
  /** The trust center's checked public base URL, for the links in mails (no trailing slash). */
  baseUrl: string;
}

/** Who acts, for staff use cases. */
export interface StaffContext {
  actor: Actor;
  ip?: string;
  baseUrl: string;
}

/** What confirming an address led to, for the page the visitor lands on. */
export interface ConfirmationResult {
  status: RequestStatus;
  /** The requester's own page for this request (its token is in the path). */
  portalPath: string;
  granted: number;
  denied: number;
  pending: number;
}

/** The requester's page: the request, its grants, and whether each can be downloaded now. */
export interface RequesterPage {
  request: AccessRequestRecord;
  grants: (AccessGrantRecord & { isActive: boolean })[];
}

/** A gated download about to be sent: its bytes (watermarked when a PDF) or its stored chunks. */
export interface GatedDownload {
  opened: OpenedDocument;
  /** The stamped file, when the document is a PDF; otherwise undefined and `opened.chunks` is sent. */
  watermarked?: Uint8Array;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

/**
 * Portal links carry their token; a path segment is all the requester needs (no cookie). They open in
 * the language the visitor asked in (`/sv/access/…`), as the page language comes from the URL alone.
 */
function portalPath(token: string, language: Language): string {
  return localizePath(`/access/${token}`, language);
}

/**
 * Access to gated documents: a visitor asks, confirms their address, the rules decide what they can,
 * staff decide the rest; grants expire, are reminded once and can be revoked; downloads go through
 * single-use links and PDFs are stamped with the recipient. Nothing personal outlives an unconfirmed
 * request's 24 hours, and an erasure removes the person while the fact of access stays.
 */
export class AccessService {
  private readonly grantDays: number;

  constructor(
    private readonly access: AccessRepository,
    private readonly ndas: NdaRepository,
    private readonly documents: DocumentService,
    private readonly mail: MailService,
    private readonly settings: AccessSettings,
    private readonly options: AccessServiceOptions,
  ) {
    this.grantDays = options.grantDays ?? DEFAULT_GRANT_DAYS;
  }

  /** The documents a visitor can ask for (NDA or by request), and the NDA they would accept. */
  async getRequestForm(): Promise<{
    documents: DocumentListItem[];
    nda: { label: string; sha256: string; html: string } | null;
  }> {
    const list = await this.documents.listPublic({});
    const nda = await this.ndas.findCurrent();
    return {
      documents: list.items.filter((document) => document.accessLevel !== 'public'),
      // The NDA's text is staff Markdown, rendered (and sanitised) as answers are; it links nowhere by key.
      nda: nda ? { label: nda.label, sha256: nda.sha256, html: renderMarkdown(nda.body, () => undefined) } : null,
    };
  }

  /**
   * Stores an unconfirmed request and mails the confirmation link. Bad input throws invalid_input naming
   * each field, and stores and sends nothing; more than three unconfirmed requests for one address a day
   * are refused (rate_limited), so the form cannot be used to flood someone's mailbox.
   */
  async submitRequest(input: AccessRequestInput, visitor: VisitorContext): Promise<void> {
    const email = normalizeEmail(input.email);
    const problems: InputProblem[] = findRequestProblems(input);
    const addressProblem = findAddressProblem(email);
    if (addressProblem) problems.push({ source: 'form', field: 'email', message: `E-mail ${addressProblem}` });
    const slugs = [...new Set(input.documentSlugs)];
    const chosen: DocumentListItem[] = [];
    for (const slug of slugs.slice(0, REQUEST_LIMITS.documents)) {
      const document = await this.documents.getPublic(slug).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'not_found') return undefined;
        throw error;
      });
      if (!document) {
        problems.push({ source: 'form', field: 'documents', message: `There is no document "${slug}"` });
      } else if (document.accessLevel === 'public') {
        problems.push({
          source: 'form',
          field: 'documents',
          message: `"${document.title}" is public: download it from its page, no request needed`,
        });
      } else {
        chosen.push(document);
      }
    }
    const nda = await this.ndas.findCurrent();
    const needsNda = nda !== undefined && chosen.some((document) => document.accessLevel === 'nda');
    if (needsNda && !input.acceptsNda) {
      problems.push({ source: 'form', field: 'nda', message: 'Accept the NDA to ask for documents shared under it' });
    }
    if (problems.length > 0) {
      throw new AppError(
        'invalid_input',
        `The request was not sent: ${problems.map((p) => p.message).join('; ')}.`,
        problems,
      );
    }
    const now = this.options.now();
    const since = new Date(now.getTime() - CONFIRMATION_HOURS * 3_600_000).toISOString();
    if ((await this.access.countRecentUnconfirmed(email, since)) >= 3) {
      throw new AppError(
        'rate_limited',
        'This address already has three requests waiting for confirmation. Use the link in one of those mails, or try again tomorrow.',
      );
    }
    const token = createRandomToken();
    const expiresAt = new Date(now.getTime() + CONFIRMATION_HOURS * 3_600_000);
    const messages = getMessages(input.language);
    const link = `${visitor.baseUrl}${localizePath(`/request-access/confirm/${token}`, input.language)}`;
    await this.access.transaction(async (trx) => {
      await this.access.insertRequest(trx, {
        email,
        emailDomain: emailDomain(email),
        name: input.name,
        company: input.company,
        reason: input.reason,
        language: input.language,
        documentIds: chosen.map((document) => document.id),
        confirmTokenHash: sha256(token),
        confirmExpiresAt: expiresAt.toISOString(),
        ndaVersionId: needsNda && nda ? nda.id : null,
        ndaIp: needsNda ? visitor.ip : null,
        ndaUserAgent: needsNda ? visitor.userAgent.slice(0, 500) : null,
        createdAt: now.toISOString(),
      });
      await this.mail.enqueue(
        this.mailTo(
          email,
          input.language,
          'access_confirm',
          messages.mail.accessConfirmSubject,
          messages.mail.accessConfirmText(
            input.name,
            chosen.map((document) => document.title),
            link,
            CONFIRMATION_HOURS,
          ),
        ),
        trx,
      );
    });
    this.mail.deliverSoon();
  }

  /**
   * Confirms an address with the link from the mail (once; within 24 hours), records the NDA acceptance,
   * and lets the rules decide: denied domains are denied, approved domains get what their rule covers,
   * NDA documents are granted on acceptance when click-through is on, and the rest waits for staff.
   */
  async confirm(token: string, visitor: VisitorContext): Promise<ConfirmationResult> {
    const now = this.options.now();
    const nowIso = now.toISOString();
    const rules = await this.access.listRules();
    const isFreeMailDenied = await this.settings.isFreeMailDenied();
    const isClickThrough = await this.settings.isNdaClickThrough();
    const portalToken = createRandomToken();
    const result = await this.access.transaction(async (trx) => {
      const request = await this.access.findByConfirmToken(trx, sha256(token));
      if (!request) {
        throw new AppError(
          'not_found',
          'This confirmation link is not valid: it was used already, or it is incomplete. Open the newest mail we sent, or ask again.',
        );
      }
      if (request.confirmExpiresAt <= nowIso) {
        throw new AppError(
          'not_found',
          `This confirmation link expired after ${CONFIRMATION_HOURS} hours. Please ask again.`,
        );
      }
      const requesterId = await this.access.confirm(trx, request, sha256(portalToken), nowIso);
      if (request.ndaVersionId !== null) await this.recordNdaAcceptance(trx, request, requesterId, nowIso);
      const decision = decideByRules(emailDomain(request.email), rules, isFreeMailDenied);
      const expiresAt = addDays(now, this.grantDays).toISOString();
      const grantIds: number[] = [];
      const grantedBy = new Map<number, string>();
      const deniedIds: number[] = [];
      for (const document of request.documents) {
        if (decision.kind === 'deny') deniedIds.push(document.documentId);
        else if (decision.kind === 'approve' && isLevelCovered(document.level, decision.maxLevel)) {
          grantIds.push(document.documentId);
          grantedBy.set(document.documentId, decision.because);
        } else if (document.level === 'nda' && isClickThrough && request.ndaVersionId !== null) {
          grantIds.push(document.documentId);
          grantedBy.set(document.documentId, 'NDA accepted');
        }
      }
      const pendingCount = request.documents.length - grantIds.length - deniedIds.length;
      await this.access.insertGrants(
        trx,
        request.id,
        requesterId,
        grantIds.map((documentId) => ({ documentId, grantedBy: grantedBy.get(documentId) ?? 'rule', expiresAt })),
        nowIso,
      );
      await this.access.setOutcomes(trx, request.id, grantIds, 'granted');
      await this.access.setOutcomes(trx, request.id, deniedIds, 'denied');
      const status: RequestStatus =
        pendingCount > 0
          ? 'pending'
          : grantIds.length === 0
            ? 'denied'
            : deniedIds.length > 0
              ? 'partially_approved'
              : 'approved';
      if (status !== 'pending') {
        await this.access.setStatus(trx, request.id, {
          status,
          at: nowIso,
          decidedBy: decision.kind === 'triage' ? 'NDA accepted' : decision.because,
          note: null,
        });
      }
      const messages = getMessages(request.language);
      const portal = `${visitor.baseUrl}${portalPath(portalToken, request.language)}`;
      if (grantIds.length > 0) {
        await this.mail.enqueue(
          this.mailTo(
            request.email,
            request.language,
            'access_granted',
            messages.mail.accessGrantedSubject,
            messages.mail.accessGrantedText(request.name, portal, expiresAt.slice(0, 10), pendingCount > 0),
          ),
          trx,
        );
      } else if (status === 'denied') {
        await this.mail.enqueue(
          this.mailTo(
            request.email,
            request.language,
            'access_denied',
            messages.mail.accessDeniedSubject,
            messages.mail.accessDeniedText(request.name, null, portal),
          ),
          trx,
        );
      } else {
        await this.mail.enqueue(
          this.mailTo(
            request.email,
            request.language,
            'access_received',
            messages.mail.accessReceivedSubject,
            messages.mail.accessReceivedText(request.name, portal),
          ),
          trx,
        );
      }
      return {
        status,
        granted: grantIds.length,
        denied: deniedIds.length,
        pending: pendingCount,
        language: request.language,
      };
    });
    this.mail.deliverSoon();
    const { language, ...counts } = result;
    return { ...counts, portalPath: portalPath(portalToken, language) };
  }

  private async recordNdaAcceptance(
    trx: Parameters<Parameters<AccessRepository['transaction']>[0]>[0],
    request: UnconfirmedRequest,
    requesterId: number,
    acceptedAt: string,
  ): Promise<void> {
    const nda = request.ndaVersionId === null ? undefined : await this.ndas.findVersion(request.ndaVersionId, trx);
    if (!nda) return;
    const details = {
      ndaSha256: nda.sha256,
      name: request.name,
      email: request.email,
      company: request.company,
      ip: request.ndaIp ?? '',
      userAgent: request.ndaUserAgent ?? '',
      acceptedAt,
    };
    await this.ndas.insertAcceptance(trx, {
      ndaVersionId: nda.id,
      ndaSha256: nda.sha256,
      requesterId,
      requestId: request.id,
      acceptedAt,
      evidenceSha256: sha256(ndaEvidenceText(details)),
      name: request.name,
      email: request.email,
      company: request.company,
      ip: details.ip,
      userAgent: details.userAgent,
    });
  }

  /** The requester's page for a request, found by the token in its link. */
  async getRequesterPage(token: string): Promise<RequesterPage> {
    const requestId = await this.access.findRequestIdByPortalToken(sha256(token));
    const request = requestId === undefined ? undefined : await this.access.findRequest(requestId);
    if (!request || request.isErased) {
      throw new AppError(
        'not_found',
        'This link to your access request is not valid. Use the newest mail we sent you.',
      );
    }
    const now = this.options.now();
    const grants = (await this.access.listGrants({ requestId: request.id })).map((grant) => ({
      ...grant,
      isActive: isGrantActive(grant, now),
    }));
    return { request, grants };
  }

  /**
   * Makes a single-use download link (valid for ten minutes) for a document the request was granted and
   * that is still active; returns its path. Anything else is not_found, saying nothing about the document.
   */
  async createDownloadLink(portalToken: string, documentSlug: string): Promise<string> {
    const page = await this.getRequesterPage(portalToken);
    const grant = page.grants.find((candidate) => candidate.documentSlug === documentSlug && candidate.isActive);
    if (!grant) {
      throw new AppError(
        'not_found',
        'That document is not available on this request: its access ended or was never granted.',
      );
    }
    const token = createRandomToken();
    const now = this.options.now();
    await this.access.insertDownloadLink(
      sha256(token),
      grant.id,
      now.toISOString(),
      new Date(now.getTime() + DOWNLOAD_LINK_MINUTES * 60_000).toISOString(),
    );
    return `/download/${token}`;
  }

  /**
   * Uses a download link (once) and opens its document: a PDF comes back stamped with the recipient's
   * name, company, e-mail and the time; every download is logged. A used, expired, unknown link, or one
   * whose grant was revoked or lapsed, is not_found and opens nothing.
   */
  async openGatedDownload(
    linkToken: string,
    visitor: Pick<VisitorContext, 'ip' | 'userAgent'>,
  ): Promise<GatedDownload> {
    const now = this.options.now();
    const linked = await this.access.useDownloadLink(sha256(linkToken), now.toISOString());
    if (!linked || !isGrantActive(linked, now) || linked.email === '') {
      throw new AppError(
        'not_found',
        'This download link is not valid: links work once, for ten minutes. Make a new one from your access page.',
      );
    }
    const grant = await this.access.findGrant(linked.grantId);
    if (!grant) throw new AppError('not_found', 'This download link is not valid.');
    const opened = await this.documents.openVersion(grant.documentSlug);
    let watermarked: Uint8Array | undefined;
    if (opened.version.contentType === 'application/pdf' && this.options.watermarker) {
      const parts: Uint8Array[] = [];
      for await (const chunk of opened.chunks) parts.push(chunk);
      watermarked = await this.options.watermarker.watermark(Buffer.concat(parts), {
        name: linked.name,
        company: linked.company,
        email: linked.email,
        issuedAt: now,
        documentTitle: opened.document.title,
        language: linked.language,
      });
    }
    await this.access.insertDownloadEvent({
      grantId: linked.grantId,
      requesterId: linked.requesterId,
      documentId: linked.documentId,
      versionId: opened.version.id,
      at: now.toISOString(),
      ip: visitor.ip,
      userAgent: visitor.userAgent.slice(0, 500),
      isWatermarked: watermarked !== undefined,
    });
    return watermarked === undefined ? { opened } : { opened, watermarked };
  }

  /** Logs a public document's direct download (no person: nothing personal is kept). */
  async logPublicDownload(opened: OpenedDocument): Promise<void> {
    await this.access.insertDownloadEvent({
      grantId: null,
      requesterId: null,
      documentId: opened.document.id,
      versionId: opened.version.id,
      at: this.options.now().toISOString(),
      ip: null,
      userAgent: null,
      isWatermarked: false,
    });
  }

  /** A requester answers a question staff asked; the request goes back to staff. */
  async reply(portalToken: string, body: string): Promise<void> {
    const text = body.trim();
    if (text === '' || text.length > REQUEST_LIMITS.note) {
      throw new AppError('invalid_input', `The reply must be 1 to ${REQUEST_LIMITS.note} characters`, [
        { source: 'form', field: 'reply', message: `Write 1 to ${REQUEST_LIMITS.note} characters` },
      ]);
    }
    const page = await this.getRequesterPage(portalToken);
    if (page.request.status !== 'info_requested') {
      throw new AppError('conflict', 'This request is not waiting for an answer from you.');
    }
    const at = this.options.now().toISOString();
    await this.access.transaction(async (trx) => {
      await this.access.insertMessage(trx, page.request.id, 'requester', text, at);
      await this.access.setStatus(trx, page.request.id, { status: 'pending', at });
    });
  }

  /** Staff: a page of confirmed requests, newest first, of the statuses given (all when none). */
  async listRequests(
    actor: Actor,
    statuses: readonly RequestStatus[],
    page: number,
    pageSize = 50,
  ): Promise<Page<AccessRequestRecord>> {
    this.require(actor, 'read');
    return this.access.listRequests(statuses, pageSize, (Math.max(1, page) - 1) * pageSize);
  }

  /** Staff: one request with its grants. */
  async getRequest(actor: Actor, id: number): Promise<{ request: AccessRequestRecord; grants: AccessGrantRecord[] }> {
    this.require(actor, 'read');
    const request = await this.access.findRequest(id);
    if (!request) throw new AppError('not_found', `No access request #${id}`);
    return { request, grants: await this.access.listGrants({ requestId: id }) };
  }

  /**
   * Staff approve some (or all) of a request's pending documents until a date, and deny the others with
   * an optional note; the requester gets one mail with their page's link (a fresh one: the old stays valid).
   */
  async decide(
    context: StaffContext,
    id: number,
    decision: { grantDocumentIds: number[]; expiresOn: string | undefined; note: string },
  ): Promise<void> {
    this.require(context.actor, 'publish');
    const { request } = await this.getRequest(context.actor, id);
    if (request.isErased) throw new AppError('conflict', 'This requester was erased; nothing can be granted.');
    const pending = request.documents.filter((document) => document.outcome === 'pending');
    if (pending.length === 0) throw new AppError('conflict', 'Every document of this request is already decided.');
    const problems: InputProblem[] = [];
    const pendingIds = new Set(pending.map((document) => document.documentId));
    for (const documentId of decision.grantDocumentIds) {
      if (!pendingIds.has(documentId)) {
        problems.push({
          source: 'form',
          field: 'documents',
          message: `Document #${documentId} is not pending on this request`,
        });
      }
    }
    const now = this.options.now();
    const expiresAt = this.parseExpiry(decision.expiresOn, now, problems);
    const note = decision.note.trim();
    if (note.length > REQUEST_LIMITS.note) {
      problems.push({
        source: 'form',
        field: 'note',
        message: `The note must be at most ${REQUEST_LIMITS.note} characters`,
      });
    }
    if (problems.length > 0) throw new AppError('invalid_input', 'The decision was not saved.', problems);
    const granted = pending.filter((document) => decision.grantDocumentIds.includes(document.documentId));
    const denied = pending.filter((document) => !decision.grantDocumentIds.includes(document.documentId));
    const earlierGrants = request.documents.filter((document) => document.outcome === 'granted').length;
    const status: RequestStatus =
      granted.length + earlierGrants === 0 ? 'denied' : denied.length > 0 ? 'partially_approved' : 'approved';
    const nowIso = now.toISOString();
    const portalToken = createRandomToken();
    const messages = getMessages(request.language);
    const portal = `${context.baseUrl}${portalPath(portalToken, request.language)}`;
    await this.access.transaction(async (trx) => {
      await this.access.insertGrants(
        trx,
        request.id,
        request.requesterId,
        granted.map((document) => ({ documentId: document.documentId, grantedBy: context.actor.email, expiresAt })),
        nowIso,
      );
      await this.access.setOutcomes(
        trx,
        request.id,
        granted.map((document) => document.documentId),
        'granted',
      );
      await this.access.setOutcomes(
        trx,
        request.id,
        denied.map((document) => document.documentId),
        'denied',
      );
      await this.access.setStatus(trx, request.id, {
        status,
        at: nowIso,
        decidedBy: context.actor.email,
        note: note || null,
      });
      await this.access.setPortalToken(trx, request.id, sha256(portalToken), now.toISOString());
      await this.mail.enqueue(
        granted.length > 0
          ? this.mailTo(
              request.email,
              request.language,
              'access_granted',
              messages.mail.accessGrantedSubject,
              messages.mail.accessGrantedText(request.name, portal, expiresAt.slice(0, 10), false),
            )
          : this.mailTo(
              request.email,
              request.language,
              'access_denied',
              messages.mail.accessDeniedSubject,
              messages.mail.accessDeniedText(request.name, note || null, portal),
            ),
        trx,
      );
      await this.access.audit(
        trx,
        toAuditEvent(
          {
            actor: context.actor,
            ip: context.ip,
            action: 'access.decide',
            targetType: 'access_request',
            targetId: String(request.id),
            summary: `granted ${granted.map((document) => document.slug).join(', ') || 'nothing'} until ${expiresAt.slice(0, 10)}; denied ${denied.map((document) => document.slug).join(', ') || 'nothing'}`,
          },
          now,
        ),
      );
    });
    this.mail.deliverSoon();
  }

  /** Staff ask the requester for more information; the request waits for their reply. */
  async askForInformation(context: StaffContext, id: number, question: string): Promise<void> {
    this.require(context.actor, 'publish');
    const { request } = await this.getRequest(context.actor, id);
    const text = question.trim();
    if (text === '' || text.length > REQUEST_LIMITS.note) {
      throw new AppError('invalid_input', 'The question was not sent.', [
        { source: 'form', field: 'question', message: `Write 1 to ${REQUEST_LIMITS.note} characters` },
      ]);
    }
    if (request.status !== 'pending')
      throw new AppError('conflict', 'Only a request waiting for staff can be asked about.');
    if (request.isErased) throw new AppError('conflict', 'This requester was erased.');
    const now = this.options.now();
    const portalToken = createRandomToken();
    const messages = getMessages(request.language);
    await this.access.transaction(async (trx) => {
      await this.access.insertMessage(trx, request.id, 'staff', text, now.toISOString());
      await this.access.setStatus(trx, request.id, { status: 'info_requested', at: now.toISOString() });
      await this.access.setPortalToken(trx, request.id, sha256(portalToken), now.toISOString());
      await this.mail.enqueue(
        this.mailTo(
          request.email,
          request.language,
          'access_info',
          messages.mail.accessInfoSubject,
          messages.mail.accessInfoText(
            request.name,
            text,
            `${context.baseUrl}${portalPath(portalToken, request.language)}`,
          ),
        ),
        trx,
      );
      await this.access.audit(
        trx,
        toAuditEvent(
          {
            actor: context.actor,
            ip: context.ip,
            action: 'access.ask',
            targetType: 'access_request',
            targetId: String(request.id),
            summary: 'asked the requester for more information',
          },
          now,
        ),
      );
    });
    this.mail.deliverSoon();
  }

  /** How long a grant lasts when staff leave the end of access empty, in days. */
  get defaultGrantDays(): number {
    return this.grantDays;
  }

  /** Staff revoke a grant at once; its links stop working with it. Answers the request the grant belongs to. */
  async revokeGrant(context: StaffContext, grantId: number): Promise<{ requestId: number }> {
    this.require(context.actor, 'publish');
    const grant = await this.access.findGrant(grantId);
    if (!grant) throw new AppError('not_found', `No grant #${grantId}`);
    const now = this.options.now();
    await this.access.transaction(async (trx) => {
      const isRevoked = await this.access.revokeGrant(trx, grantId, context.actor.email, now.toISOString());
      if (!isRevoked) throw new AppError('conflict', 'This grant was already revoked.');
      await this.access.audit(
        trx,
        toAuditEvent(
          {
            actor: context.actor,
            ip: context.ip,
            action: 'access.revoke',
            targetType: 'access_grant',
            targetId: String(grantId),
            summary: `revoked access to ${grant.documentSlug} (request #${grant.requestId})`,
          },
          now,
        ),
      );
    });
    return { requestId: grant.requestId };
  }

  /** Staff: what each person or company requested, was granted and downloaded. */
  async summarize(actor: Actor, by: 'person' | 'company'): Promise<AccessSummaryRow[]> {
    this.require(actor, 'read');
    return this.access.summarize(by, this.options.now().toISOString());
  }

  /** Staff: one requester's requests, grants and downloads. */
  async getRequester(actor: Actor, requesterId: number) {
    this.require(actor, 'read');
    const requests = await this.access.loadRequests(await this.access.listRequestIdsOf(requesterId));
    if (requests.length === 0) throw new AppError('not_found', `No requester #${requesterId}`);
    return {
      requests,
      grants: await this.access.listGrants({ requesterId }),
      downloads: await this.access.listDownloads(requesterId),
    };
  }

  /**
   * Admins erase a requester: name and address blanked everywhere, grants revoked, downloads and NDA
   * acceptances kept without the person. The audit event names the requester by number only.
   */
  async erase(context: StaffContext, requesterId: number): Promise<void> {
    this.require(context.actor, 'administer');
    const now = this.options.now();
    await this.access.transaction(async (trx) => {
      const email = await this.access.erase(trx, requesterId, now.toISOString());
      if (email === undefined)
        throw new AppError('not_found', `No requester #${requesterId} to erase (or erased already)`);
      await this.access.audit(
        trx,
        toAuditEvent(
          {
            actor: context.actor,
            ip: context.ip,
            action: 'access.erase',
            targetType: 'requester',
            targetId: String(requesterId),
            summary: `erased requester #${requesterId}: personal details blanked, grants revoked`,
          },
          now,
        ),
      );
    });
  }

  /** Domain rules, for the staff page. */
  async listRules(actor: Actor): Promise<DomainRule[]> {
    this.require(actor, 'read');
    return this.access.listRules();
  }

  /** Admins add a domain rule; a pattern with a wildcard anywhere but a whole first part is refused. */
  async addRule(
    context: StaffContext,
    input: { pattern: string; action: DomainRuleAction; maxLevel: Exclude<AccessLevel, 'public'> | null },
  ): Promise<void> {
    this.require(context.actor, 'administer');
    const parsed = parseDomainPattern(input.pattern);
    if ('problem' in parsed) {
      throw new AppError('invalid_input', `The domain ${parsed.problem}.`, [
        { source: 'form', field: 'pattern', message: `The domain ${parsed.problem}` },
      ]);
    }
    const now = this.options.now();
    const maxLevel = input.action === 'approve' ? (input.maxLevel ?? 'nda') : null;
    const isAdded = await this.access.insertRule(
      {
        pattern: parsed.pattern,
        action: input.action,
        maxLevel,
        createdAt: now.toISOString(),
        createdBy: context.actor.email,
      },
      toAuditEvent(
        {
          actor: context.actor,
          ip: context.ip,
          action: 'access.rule_add',
          targetType: 'access_domain_rule',
          targetId: parsed.pattern,
          summary: `${input.action} ${parsed.pattern}${maxLevel ? ` up to ${maxLevel}` : ''}`,
        },
        now,
      ),
    );
    if (!isAdded) {
      throw new AppError('conflict', `There is already a rule for ${parsed.pattern}.`, [
        { source: 'form', field: 'pattern', message: `There is already a rule for ${parsed.pattern}` },
      ]);
    }
  }

  /** Admins delete a domain rule. */
  async deleteRule(context: StaffContext, id: number): Promise<void> {
    this.require(context.actor, 'administer');
    const now = this.options.now();
    const pattern = await this.access.deleteRule(id, (deleted) =>
      toAuditEvent(
        {
          actor: context.actor,
          ip: context.ip,
          action: 'access.rule_delete',
          targetType: 'access_domain_rule',
          targetId: deleted,
          summary: `deleted the rule for ${deleted}`,
        },
        now,
      ),
    );
    if (pattern === undefined) throw new AppError('not_found', `No domain rule #${id}`);
  }

  /**
   * The periodic work: delete unconfirmed requests whose link expired (and their personal data), and send
   * the one reminder of each grant lapsing within a week (one mail per request; `reminded` counts grants).
   * Safe to run in every process at once.
   */
  async runMaintenance(baseUrl: string): Promise<{ purged: number; reminded: number }> {
    const now = this.options.now();
    const purged = await this.access.purgeUnconfirmed(now.toISOString());
    const reminded = await this.access.transaction(async (trx) => {
      const due = await this.access.claimDueReminders(
        trx,
        now.toISOString(),
        addDays(now, REMINDER_DAYS_BEFORE).toISOString(),
      );
      // One mail per request: each mail gives the request a new page link, so a second mail would break the first's.
      const byRequest = new Map<number, typeof due>();
      for (const reminder of due)
        byRequest.set(reminder.requestId, [...(byRequest.get(reminder.requestId) ?? []), reminder]);
      for (const [requestId, reminders] of byRequest) {
        const [first] = reminders;
        if (!first) continue;
        const portalToken = createRandomToken();
        await this.access.setPortalToken(trx, requestId, sha256(portalToken), now.toISOString());
        const messages = getMessages(first.language);
        await this.mail.enqueue(
          this.mailTo(
            first.email,
            first.language,
            'access_reminder',
            messages.mail.accessReminderSubject,
            messages.mail.accessReminderText(
              first.name,
              reminders.map((reminder) => ({ title: reminder.documentTitle, until: reminder.expiresAt.slice(0, 10) })),
              `${baseUrl}${portalPath(portalToken, first.language)}`,
            ),
          ),
          trx,
        );
      }
      return due.length;
    });
    if (reminded > 0) this.mail.deliverSoon();
    return { purged, reminded };
  }

  /** Confirmed requests waiting for staff, for the dashboard. */
  countPending(): Promise<number> {
    return this.access.countPending();
  }

  private parseExpiry(expiresOn: string | undefined, now: Date, problems: InputProblem[]): string {
    if (expiresOn === undefined || expiresOn === '') return addDays(now, this.grantDays).toISOString();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(expiresOn) || Number.isNaN(Date.parse(`${expiresOn}T23:59:59Z`))) {
      problems.push({ source: 'form', field: 'expiresOn', message: 'Give the end of access as a date, YYYY-MM-DD' });
      return now.toISOString();
    }
    const end = `${expiresOn}T23:59:59.000Z`;
    if (end <= now.toISOString())
      problems.push({ source: 'form', field: 'expiresOn', message: 'The end of access must be in the future' });
    return end;
  }

  private mailTo(to: string, language: 'en' | 'sv', kind: MailKind, subject: string, text: string): OutgoingMail {
    return { to, language, kind, subject, text };
  }

  private require(actor: Actor, permission: 'read' | 'publish' | 'administer'): void {
    if (!hasPermission(actor, permission)) {
      throw new AppError('forbidden', 'Your role does not allow this.');
    }
  }
}
