import { type Context, Hono } from 'hono';
import { z } from 'zod';
import {
  type AccessGrantRecord,
  DOMAIN_RULE_ACTIONS,
  FREE_MAIL_DOMAINS,
  isGrantActive,
  REQUEST_LIMITS,
  REQUEST_STATUSES,
} from '../../domain/access.js';
import { AppError } from '../../domain/errors.js';
import { readPageOrLast } from '../../domain/page.js';
import { hasPermission } from '../../domain/staff.js';
import type { AccessService, StaffContext } from '../../services/access.service.js';
import type { SettingService } from '../../services/setting.service.js';
import type { FieldError, PageProblem } from '../../views/components/admin-form.js';
import {
  AccessListPage,
  AccessPersonPage,
  AccessRequestPage,
  AccessRulesPage,
  AccessSummaryPage,
  type DecisionValues,
  type RuleValues,
} from '../../views/pages/admin/access-pages.js';
import { attempt } from '../attempt.js';
import { sortByFieldOrder } from '../form.js';
import { requirePermission } from '../middleware/permission.js';
import { type AdminEnv, getClientIp, requireActor, type TransportOptions } from '../middleware/session.js';
import { renderDocument } from '../public/render.js';
import { ADMIN_STATUS_BY_CODE, buildAdminMeta, getAdminMessages } from './admin-page.js';

/** Rows per page of the request list. */
const REQUESTS_PAGE_SIZE = 50;
const ID_PATTERN = /^[1-9]\d{0,14}$/;
// Anything but a plain positive id names nothing that exists.
const idParam = z.string().regex(ID_PATTERN).transform(Number);
const pageQuery = z.coerce.number().int().min(1).max(1_000_000).catch(1);
// Unconfirmed requests are never shown to staff, so that status is no filter.
const statusQuery = z.enum(REQUEST_STATUSES).exclude(['unconfirmed']).optional().catch(undefined);
const doneQuery = z
  .enum(['decided', 'asked', 'revoked', 'erased', 'added', 'deleted', 'saved'])
  .optional()
  .catch(undefined);
// Shapes the values only: the service checks the date, the note and which documents are pending.
const decideFormSchema = z.object({
  grant: z.preprocess(
    (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
    z.array(z.string().regex(ID_PATTERN).transform(Number)).max(REQUEST_LIMITS.documents),
  ),
  expiresOn: z.string().trim().catch(''),
  note: z.string().catch(''),
});
const askFormSchema = z.object({ question: z.string().catch('') });
const ruleFormSchema = z.object({
  pattern: z.string().catch(''),
  action: z.string().catch(''),
  maxLevel: z.string().catch(''),
});
const ruleActionSchema = z.enum(DOMAIN_RULE_ACTIONS);
const maxLevelSchema = z.enum(['nda', 'request']);

/** A decision form's values; without document ids, every pending document is offered ticked. */
type TypedDecision = Omit<DecisionValues, 'grantDocumentIds'> & { grantDocumentIds?: number[] };
const EMPTY_DECISION: TypedDecision = { expiresOn: '', note: '', question: '' };
const EMPTY_RULE: RuleValues = { pattern: '', action: 'approve', maxLevel: 'nda' };

/** What the access pages need. */
export interface AccessRoutesDeps extends TransportOptions {
  access: AccessService;
  /** The two switches of the access rules. */
  settings: Pick<SettingService, 'isFreeMailDenied' | 'setFreeMailDenied' | 'isNdaClickThrough' | 'setNdaClickThrough'>;
}

function withActivity(grants: AccessGrantRecord[], now: Date) {
  return grants.map((grant) => ({ ...grant, isActive: isGrantActive(grant, now) }));
}

function findId(c: Context<AdminEnv>, name: string, what: string): number {
  const parsed = idParam.safeParse(c.req.param(name));
  if (!parsed.success) throw new AppError('not_found', `No such ${what}`);
  return parsed.data;
}

/** The service's field problems as form errors. */
function toFieldErrors(error: AppError): FieldError[] {
  return error.problems.flatMap((problem) =>
    problem.field ? [{ field: problem.field, message: problem.message }] : [],
  );
}

/**
 * Staff pages for access requests: triage, one request with its decision, per-person and per-company
 * overviews, erasure, and the domain rules with their two switches.
 */
export function createAccessRoutes(deps: AccessRoutesDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const messages = getAdminMessages();
  const staffContext = (c: Context<AdminEnv>): StaffContext => {
    const ip = getClientIp(c, deps);
    // Links in mails use the same checked origin as the public pages, never the raw Host header.
    const base = { actor: requireActor(c), baseUrl: c.get('baseUrl') };
    return ip === undefined ? base : { ...base, ip };
  };

  app.get('/access', requirePermission('read'), async (c) => {
    const actor = requireActor(c);
    const status = statusQuery.parse(c.req.query('status'));
    const statuses = status === undefined ? [] : [status];
    const { items, total, page, pageCount } = await readPageOrLast(
      pageQuery.parse(c.req.query('page')),
      REQUESTS_PAGE_SIZE,
      (page) => deps.access.listRequests(actor, statuses, page, REQUESTS_PAGE_SIZE),
    );
    return c.html(
      await renderDocument(
        <AccessListPage
          meta={buildAdminMeta(c, messages.accessRequestsTitle)}
          requests={items}
          total={total}
          status={status}
          page={page}
          pageCount={pageCount}
        />,
      ),
    );
  });

  const summaryPage = (by: 'person' | 'company') => async (c: Context<AdminEnv>) => {
    const rows = await deps.access.summarize(requireActor(c), by);
    const title = by === 'person' ? messages.accessPeopleTitle : messages.accessCompaniesTitle;
    return c.html(await renderDocument(<AccessSummaryPage meta={buildAdminMeta(c, title)} by={by} rows={rows} />));
  };
  app.get('/access/people', requirePermission('read'), summaryPage('person'));
  app.get('/access/companies', requirePermission('read'), summaryPage('company'));

  const showPerson = async (c: Context<AdminEnv>, requesterId: number, errors: FieldError[], status: 200 | 400) => {
    const actor = requireActor(c);
    const person = await deps.access.getRequester(actor, requesterId);
    const done = doneQuery.parse(c.req.query('done'));
    const first = person.requests[0];
    const title = !first || first.isErased ? messages.accessErasedPerson : first.name;
    const meta = buildAdminMeta(c, title, done === 'erased' ? messages.accessErased : undefined);
    return c.html(
      await renderDocument(
        <AccessPersonPage
          meta={meta}
          requesterId={requesterId}
          requests={person.requests}
          grants={withActivity(person.grants, new Date())}
          downloads={person.downloads}
          canErase={hasPermission(actor, 'administer')}
          errors={errors}
        />,
      ),
      status,
    );
  };

  app.get('/access/people/:requesterId', requirePermission('read'), async (c) =>
    showPerson(c, findId(c, 'requesterId', 'requester'), [], 200),
  );

  app.post('/access/people/:requesterId/erase', requirePermission('administer'), async (c) => {
    const requesterId = findId(c, 'requesterId', 'requester');
    const body = await c.req.parseBody();
    if (body.confirm !== 'on') {
      return showPerson(c, requesterId, [{ field: 'confirm', message: messages.accessEraseConfirmRequired }], 400);
    }
    await deps.access.erase(staffContext(c), requesterId);
    return c.redirect(`/admin/access/people/${requesterId}?done=erased`, 303);
  });

  const showRules = async (c: Context<AdminEnv>, values: RuleValues, errors: FieldError[], status: 200 | 400 | 409) => {
    const actor = requireActor(c);
    const [rules, isFreeMailDenied, isNdaClickThrough] = await Promise.all([
      deps.access.listRules(actor),
      deps.settings.isFreeMailDenied(),
      deps.settings.isNdaClickThrough(),
    ]);
    const done = doneQuery.parse(c.req.query('done'));
    const flash =
      done === 'added'
        ? messages.accessRuleAdded
        : done === 'deleted'
          ? messages.accessRuleDeleted
          : done === 'saved'
            ? messages.accessSwitchesSaved
            : undefined;
    const title =
      errors.length > 0 ? messages.siteContentTitleWithErrors(messages.accessRulesTitle) : messages.accessRulesTitle;
    return c.html(
      await renderDocument(
        <AccessRulesPage
          meta={buildAdminMeta(c, title, flash)}
          rules={rules}
          canChange={hasPermission(actor, 'administer')}
          isFreeMailDenied={isFreeMailDenied}
          isNdaClickThrough={isNdaClickThrough}
          freeMailDomains={FREE_MAIL_DOMAINS}
          values={values}
          errors={errors}
        />,
      ),
      status,
    );
  };

  app.get('/access/rules', requirePermission('read'), async (c) => showRules(c, EMPTY_RULE, [], 200));

  app.post('/access/rules', requirePermission('administer'), async (c) => {
    const values: RuleValues = ruleFormSchema.parse(await c.req.parseBody());
    const action = ruleActionSchema.safeParse(values.action);
    const maxLevel = maxLevelSchema.safeParse(values.maxLevel);
    const errors: FieldError[] = [];
    if (!action.success) errors.push({ field: 'action', message: messages.accessRuleActionInvalid });
    // The level matters only for an approve rule; a deny rule ignores whatever was chosen.
    if (action.success && action.data === 'approve' && !maxLevel.success) {
      errors.push({ field: 'maxLevel', message: messages.accessRuleMaxLevelInvalid });
    }
    if (errors.length > 0 || !action.success) return showRules(c, values, errors, 400);
    const input = {
      pattern: values.pattern,
      action: action.data,
      maxLevel: action.data === 'approve' && maxLevel.success ? maxLevel.data : null,
    };
    const result = await attempt(() => deps.access.addRule(staffContext(c), input));
    if (!result.ok) {
      if (result.error.code !== 'invalid_input' && result.error.code !== 'conflict') throw result.error;
      return showRules(c, values, toFieldErrors(result.error), result.error.code === 'conflict' ? 409 : 400);
    }
    return c.redirect('/admin/access/rules?done=added', 303);
  });

  app.post('/access/rules/:id/delete', requirePermission('administer'), async (c) => {
    await deps.access.deleteRule(staffContext(c), findId(c, 'id', 'domain rule'));
    return c.redirect('/admin/access/rules?done=deleted', 303);
  });

  app.post('/access/settings', requirePermission('administer'), async (c) => {
    const body = await c.req.parseBody();
    const context = staffContext(c);
    // An unchecked checkbox sends nothing, so absence means off; only a change is saved (and audited).
    const isFreeMailDenied = body.denyFreeMail === 'on';
    if (isFreeMailDenied !== (await deps.settings.isFreeMailDenied())) {
      await deps.settings.setFreeMailDenied(context, isFreeMailDenied);
    }
    const isNdaClickThrough = body.ndaClickThrough === 'on';
    if (isNdaClickThrough !== (await deps.settings.isNdaClickThrough())) {
      await deps.settings.setNdaClickThrough(context, isNdaClickThrough);
    }
    return c.redirect('/admin/access/rules?done=saved', 303);
  });

  app.post('/access/grants/:grantId/revoke', requirePermission('publish'), async (c) => {
    const { requestId } = await deps.access.revokeGrant(staffContext(c), findId(c, 'grantId', 'grant'));
    return c.redirect(`/admin/access/${requestId}?done=revoked`, 303);
  });

  const showRequest = async (
    c: Context<AdminEnv>,
    id: number,
    options: { values: TypedDecision; errors: FieldError[]; problem?: PageProblem },
    status: 200 | 400 | 409,
  ) => {
    const actor = requireActor(c);
    const { request, grants } = await deps.access.getRequest(actor, id);
    const done = doneQuery.parse(c.req.query('done'));
    const flash =
      done === 'decided'
        ? messages.accessDecided
        : done === 'asked'
          ? messages.accessAsked
          : done === 'revoked'
            ? messages.accessRevoked
            : undefined;
    const pendingIds = request.documents
      .filter((document) => document.outcome === 'pending')
      .map((document) => document.documentId);
    // A fresh form offers every pending document ticked: approving the whole request is one press.
    const values = { ...options.values, grantDocumentIds: options.values.grantDocumentIds ?? pendingIds };
    return c.html(
      await renderDocument(
        <AccessRequestPage
          meta={buildAdminMeta(c, messages.accessRequestNumber(request.id), flash)}
          request={request}
          grants={withActivity(grants, new Date())}
          canDecide={hasPermission(actor, 'publish')}
          grantDays={deps.access.defaultGrantDays}
          values={values}
          errors={options.errors}
          problem={options.problem}
        />,
      ),
      status,
    );
  };

  app.get('/access/:id', requirePermission('read'), async (c) =>
    showRequest(c, findId(c, 'id', 'access request'), { values: EMPTY_DECISION, errors: [] }, 200),
  );

  /** Shows a refused decision or question again: on its fields when the service names them, else as a notice. */
  const showRefused = (c: Context<AdminEnv>, id: number, values: TypedDecision, error: AppError) => {
    if (error.code !== 'invalid_input' && error.code !== 'conflict') throw error;
    const errors = toFieldErrors(error);
    const status = ADMIN_STATUS_BY_CODE[error.code] === 409 ? 409 : 400;
    if (errors.length > 0) {
      return showRequest(
        c,
        id,
        { values, errors: sortByFieldOrder(errors, ['documents', 'expiresOn', 'note']) },
        status,
      );
    }
    return showRequest(
      c,
      id,
      { values, errors: [], problem: { heading: messages.accessRefusedTitle, text: error.message } },
      status,
    );
  };

  app.post('/access/:id/decide', requirePermission('publish'), async (c) => {
    const id = findId(c, 'id', 'access request');
    const parsed = decideFormSchema.safeParse(await c.req.parseBody({ all: true }));
    if (!parsed.success) {
      // Only a tampered form sends a document id that is not a number, or more than a request can hold.
      throw new AppError('invalid_input', 'The documents to grant were not plain document numbers.');
    }
    const form = parsed.data;
    const values: TypedDecision = {
      grantDocumentIds: form.grant,
      expiresOn: form.expiresOn,
      note: form.note,
      question: '',
    };
    const result = await attempt(() =>
      deps.access.decide(staffContext(c), id, {
        grantDocumentIds: form.grant,
        expiresOn: form.expiresOn,
        note: form.note,
      }),
    );
    if (!result.ok) return showRefused(c, id, values, result.error);
    return c.redirect(`/admin/access/${id}?done=decided`, 303);
  });

  app.post('/access/:id/ask', requirePermission('publish'), async (c) => {
    const id = findId(c, 'id', 'access request');
    const { question } = askFormSchema.parse(await c.req.parseBody());
    const result = await attempt(() => deps.access.askForInformation(staffContext(c), id, question));
    if (!result.ok) return showRefused(c, id, { ...EMPTY_DECISION, question }, result.error);
    return c.redirect(`/admin/access/${id}?done=asked`, 303);
  });

  return app;
}
