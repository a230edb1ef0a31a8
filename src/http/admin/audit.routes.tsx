import { Hono } from 'hono';
import { z } from 'zod';
import type { AuditFilter } from '../../domain/audit.js';
import { AppError } from '../../domain/errors.js';
import { toCsv } from '../../questionnaire/csv.js';
import type { AuditService } from '../../services/audit.service.js';
import type { FieldError } from '../../views/components/admin-form.js';
import { type AuditFilterValues, AuditPage } from '../../views/pages/admin/audit-page.js';
import { requirePermission } from '../middleware/permission.js';
import { type AdminEnv, getClientIp, type TransportOptions } from '../middleware/session.js';
import { renderDocument } from '../public/render.js';
import { buildAdminMeta, getAdminMessages } from './admin-page.js';

/** Events per page of the audit log. */
export const AUDIT_PAGE_SIZE = 50;
/** Rows fetched per query while exporting. */
const EXPORT_BATCH_SIZE = 1000;
/** Columns of the CSV export. */
export const AUDIT_CSV_HEADER = ['time', 'actor', 'action', 'target_type', 'target_id', 'ip', 'summary'];

const querySchema = z.object({
  action: z.string().trim().default(''),
  actor: z.string().trim().default(''),
  target: z.string().trim().default(''),
  from: z.string().trim().default(''),
  until: z.string().trim().default(''),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
});

/** Whether a YYYY-MM-DD string names a real calendar day. */
function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function nextDay(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString();
}

/** Reads the filter bar; problems are tied to their field and nothing is queried. */
function parseFilter(query: Record<string, string>): {
  values: AuditFilterValues;
  page: number;
  filter: AuditFilter;
  errors: FieldError[];
} {
  const messages = getAdminMessages();
  const parsed = querySchema.parse(query);
  const values: AuditFilterValues = {
    action: parsed.action,
    actor: parsed.actor,
    target: parsed.target,
    from: parsed.from,
    until: parsed.until,
  };
  const errors: FieldError[] = [];
  for (const field of ['action', 'actor', 'target'] as const) {
    if (values[field].length > 320) errors.push({ field, message: messages.auditFilterTooLong });
  }
  for (const field of ['from', 'until'] as const) {
    if (values[field] !== '' && !isCalendarDate(values[field]))
      errors.push({ field, message: messages.auditDateInvalid });
  }
  const filter: AuditFilter = {
    action: values.action || undefined,
    actorEmail: values.actor.toLowerCase() || undefined,
    targetId: values.target || undefined,
    from: values.from && isCalendarDate(values.from) ? `${values.from}T00:00:00.000Z` : undefined,
    // The until date is inclusive: everything before the start of the next day.
    until: values.until && isCalendarDate(values.until) ? nextDay(values.until) : undefined,
  };
  return { values, page: parsed.page, filter, errors };
}

/** Describes the filters in the audit event that records a view or export. */
function describeFilter(values: AuditFilterValues): string {
  const parts = Object.entries(values)
    .filter(([, value]) => value !== '')
    .map(([key, value]) => `${key}=${value}`);
  return parts.length > 0 ? parts.join(', ') : 'no filters';
}

/** The audit log page and its CSV export (administrators only); both are themselves audited. */
export function createAuditRoutes(deps: TransportOptions & { audit: AuditService }): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const messages = getAdminMessages();

  app.get('/audit', requirePermission('administer'), async (c) => {
    const { values, page, filter, errors } = parseFilter(c.req.query());
    const meta = buildAdminMeta(c, messages.auditTitle);
    if (errors.length > 0) {
      return c.html(
        await renderDocument(
          <AuditPage
            meta={meta}
            values={values}
            errors={errors}
            events={[]}
            total={0}
            page={1}
            pageSize={AUDIT_PAGE_SIZE}
          />,
        ),
        400,
      );
    }
    const { items, total } = await deps.audit.list(filter, page, AUDIT_PAGE_SIZE);
    // Recorded after reading, so the page shows the log as it was when asked for.
    await deps.audit.record({
      actor: c.get('actor'),
      action: 'audit.view',
      ip: getClientIp(c, deps),
      summary: `viewed page ${page} of the audit log (${describeFilter(values)})`,
    });
    return c.html(
      await renderDocument(
        <AuditPage
          meta={meta}
          values={values}
          errors={[]}
          events={items}
          total={total}
          page={page}
          pageSize={AUDIT_PAGE_SIZE}
        />,
      ),
    );
  });

  app.get('/audit.csv', requirePermission('administer'), async (c) => {
    const { values, filter, errors } = parseFilter(c.req.query());
    if (errors.length > 0)
      throw new AppError('invalid_input', errors.map((error) => `${error.field}: ${error.message}`).join(' '));
    const rows: (string | number | null)[][] = [];
    for (let page = 1; ; page++) {
      const { items } = await deps.audit.list(filter, page, EXPORT_BATCH_SIZE);
      for (const event of items) {
        rows.push([
          event.at,
          event.actorEmail,
          event.action,
          event.targetType,
          event.targetId,
          event.ip,
          event.summary,
        ]);
      }
      if (items.length < EXPORT_BATCH_SIZE) break;
    }
    await deps.audit.record({
      actor: c.get('actor'),
      action: 'audit.export',
      ip: getClientIp(c, deps),
      summary: `exported ${rows.length} audit events as CSV (${describeFilter(values)})`,
    });
    const filename = `tillit-audit-${new Date().toISOString().slice(0, 10)}.csv`;
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${filename}"`);
    return c.body(toCsv(AUDIT_CSV_HEADER, rows));
  });

  return app;
}
