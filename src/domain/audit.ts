/** One audit event as stored. */
export interface AuditEventRecord {
  id: number;
  at: string;
  actorId: number | null;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  summary: string;
}

/** Filters of the audit log view. */
export interface AuditFilter {
  action?: string;
  /** Only actions starting with this text, such as `entry.`. */
  actionPrefix?: string;
  actorEmail?: string;
  targetId?: string;
  from?: string;
  until?: string;
}
