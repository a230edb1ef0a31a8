import { createHash } from 'node:crypto';
import { findNestingProblem } from '../domain/content.js';
import { AppError } from '../domain/errors.js';
import { NDA_LIMITS, type NdaAcceptanceRecord, type NdaVersion } from '../domain/nda.js';
import type { Page } from '../domain/page.js';
import { type Actor, hasPermission } from '../domain/staff.js';
import { toCsv } from '../questionnaire/csv.js';
import type { NdaRepository } from '../storage/nda.repository.js';
import { type AuditInput, toAuditEvent } from './audit.service.js';
import type { ActionContext } from './entry.service.js';

/** The NDA: admins publish versions (never edited: a change is a new version), staff read and export acceptances. */
export class NdaService {
  constructor(
    private readonly ndas: NdaRepository,
    private readonly now: () => Date,
    /** Writes the audit events of actions outside a transaction of ours (the export). */
    private readonly recordAudit: (event: AuditInput) => Promise<void>,
  ) {}

  /** The version visitors accept now; undefined before the first is published. */
  getCurrent(): Promise<NdaVersion | undefined> {
    return this.ndas.findCurrent();
  }

  /** Every version, newest first. */
  listVersions(actor: Actor): Promise<NdaVersion[]> {
    this.require(actor, 'read');
    return this.ndas.listVersions();
  }

  /**
   * Publishes a new version. Its SHA-256 (of the Markdown as UTF-8) is what acceptances name; the same
   * text twice is refused, and from now on visitors asking for NDA documents accept this one.
   */
  async publish(context: ActionContext, input: { label: string; body: string }): Promise<NdaVersion> {
    this.require(context.actor, 'administer');
    const label = input.label.trim();
    const body = input.body.replace(/\r\n/g, '\n').trim();
    const problems = [];
    if (label === '' || label.length > NDA_LIMITS.label) {
      problems.push({ source: 'form', field: 'label', message: `Give a label of 1 to ${NDA_LIMITS.label} characters` });
    }
    if (body === '' || body.length > NDA_LIMITS.body) {
      problems.push({ source: 'form', field: 'body', message: `The text must be 1 to ${NDA_LIMITS.body} characters` });
    } else {
      const nesting = findNestingProblem(body);
      if (nesting) problems.push({ source: 'form', field: 'body', message: `The text's ${nesting}` });
    }
    if (problems.length > 0) throw new AppError('invalid_input', 'The NDA was not published.', problems);
    const sha256 = createHash('sha256').update(body, 'utf8').digest('hex');
    const at = this.now();
    const version = { label, body, sha256, publishedAt: at.toISOString(), publishedBy: context.actor.email };
    const isPublished = await this.ndas.insertVersion(
      version,
      toAuditEvent(
        {
          ...context,
          action: 'nda.publish',
          targetType: 'nda_version',
          targetId: sha256,
          summary: `published NDA "${label}" (${sha256.slice(0, 12)})`,
        },
        at,
      ),
    );
    if (!isPublished) {
      throw new AppError('conflict', 'This exact text was published before; change it to publish a new version.', [
        { source: 'form', field: 'body', message: 'This exact text was published before' },
      ]);
    }
    const current = await this.ndas.findCurrent();
    if (!current) throw new AppError('conflict', 'The NDA could not be read back after publishing.');
    return current;
  }

  /** A page of acceptances, newest first. */
  listAcceptances(actor: Actor, page: number, pageSize = 100): Promise<Page<NdaAcceptanceRecord>> {
    this.require(actor, 'read');
    return this.ndas.listAcceptances(pageSize, (Math.max(1, page) - 1) * pageSize);
  }

  /**
   * Every acceptance as CSV (every cell quoted, formula starts neutralised), for records outside Tillit.
   * The export is audited: it carries personal data out of the trust center.
   */
  async exportAcceptances(context: ActionContext): Promise<string> {
    this.require(context.actor, 'read');
    const { items } = await this.ndas.listAcceptances();
    await this.recordAudit({
      actor: context.actor,
      ip: context.ip,
      action: 'nda.export',
      targetType: 'nda_acceptance',
      summary: `exported ${items.length} NDA ${items.length === 1 ? 'acceptance' : 'acceptances'} as CSV`,
    });
    return toCsv(
      [
        'accepted_at',
        'nda_label',
        'nda_sha256',
        'request',
        'requester',
        'name',
        'email',
        'company',
        'ip',
        'user_agent',
        'evidence_sha256',
      ],
      items.map((item) => [
        item.acceptedAt,
        item.ndaLabel,
        item.ndaSha256,
        item.requestId,
        item.requesterId,
        item.name,
        item.email,
        item.company,
        item.ip,
        item.userAgent,
        item.evidenceSha256,
      ]),
    );
  }

  private require(actor: Actor, permission: 'read' | 'administer'): void {
    if (!hasPermission(actor, permission)) throw new AppError('forbidden', 'Your role does not allow this.');
  }
}
