import type { AuditEventRecord, AuditFilter } from '../domain/audit.js';
import type { Actor } from '../domain/staff.js';
import type { AuditRepository, NewAuditEvent } from '../storage/audit.repository.js';

/** What a caller says about a staff action. */
export interface AuditInput {
  actor: Actor | undefined;
  /** For events without a signed-in actor, such as a failed sign-in. */
  actorEmail?: string;
  action: string;
  targetType?: string;
  targetId?: string;
  ip?: string;
  /** Short before/after description; never a secret. */
  summary: string;
}

/** Writes and reads the audit log. */
export class AuditService {
  constructor(
    private readonly repository: AuditRepository,
    private readonly now: () => Date,
  ) {}

  /** Appends one event. */
  async record(input: AuditInput): Promise<void> {
    await this.repository.append(toAuditEvent(input, this.now()));
  }

  /** A page of events, newest first. */
  list(filter: AuditFilter, page: number, pageSize: number): Promise<{ items: AuditEventRecord[]; total: number }> {
    return this.repository.list(filter, pageSize, (page - 1) * pageSize);
  }
}

/**
 * The stored form of an audit event: the actor's id and e-mail, and the summary cut to 2,000
 * characters. Services that write an event inside their own transaction build it with this too.
 */
export function toAuditEvent(input: AuditInput, at: Date): NewAuditEvent {
  return {
    at: at.toISOString(),
    actorId: input.actor?.userId ?? null,
    actorEmail: input.actor?.email ?? input.actorEmail ?? null,
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    ip: input.ip ?? null,
    summary: input.summary.slice(0, 2000),
  };
}
