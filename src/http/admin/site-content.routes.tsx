import { type Context, Hono } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import {
  type Category,
  type Certification,
  describeResponseTime,
  type Highlight,
  type ResponseTime,
  type Tag,
  toSiteSettingsText,
} from '../../domain/content.js';
import { AppError } from '../../domain/errors.js';
import { countPages, type Page } from '../../domain/page.js';
import { hasPermission } from '../../domain/staff.js';
import type { SiteTranslation, TagTranslation, Translations } from '../../domain/translation.js';
import type { AdminMessages } from '../../i18n/admin-en.js';
import {
  categoriesSchema,
  certificationsSchema,
  highlightsSchema,
  siteSchema,
  tagsSchema,
} from '../../services/content-format.js';
import type { ActionContext } from '../../services/entry.service.js';
import type { CategoryInput, SiteContentService, SiteSettingsInput } from '../../services/site-content.service.js';
import type { FieldError, PageProblem } from '../../views/components/admin-form.js';
import { CategoryFormPage, CategoryListPage } from '../../views/pages/admin/site-category-pages.js';
import { CertificationFormPage, CertificationListPage } from '../../views/pages/admin/site-certification-pages.js';
import { type SiteContentSection, SiteDeletePage, type SiteFormValues } from '../../views/pages/admin/site-form.js';
import { HighlightFormPage, HighlightListPage } from '../../views/pages/admin/site-highlight-pages.js';
import type { SiteItemFormProps, SiteListProps } from '../../views/pages/admin/site-item-pages.js';
import { SiteSettingsPage } from '../../views/pages/admin/site-settings-page.js';
import { TagFormPage, TagListPage } from '../../views/pages/admin/site-tag-pages.js';
import { attempt } from '../attempt.js';
import { parseForm, toFieldErrors } from '../form.js';
import { requirePermission } from '../middleware/permission.js';
import { type AdminEnv, getActionContext, requireActor, type TransportOptions } from '../middleware/session.js';
import { renderDocument } from '../public/render.js';
import { ADMIN_STATUS_BY_CODE, buildAdminMeta, getAdminMessages, readDoneFlash } from './admin-page.js';

/** What the site-content pages need. */
export interface SiteContentRoutesDeps extends TransportOptions {
  siteContent: SiteContentService;
  /** Today as YYYY-MM-DD, to mark expired certifications (defaults to the system clock). */
  today?: () => string;
}

/** Rows per page of every site-content list. */
export const SITE_CONTENT_PAGE_SIZE = 50;

// The same field rules as the content files, so a form accepts exactly what an import accepts.
const siteRules = siteSchema.shape;
const slaRules = siteSchema.shape.sla.shape;
const responseRules = slaRules.response_times.element.shape;
const categoryRules = categoriesSchema.element.shape;
const tagRules = tagsSchema.element.shape;
const highlightRules = highlightsSchema.element.shape;
const certificationRules = certificationsSchema.element.shape;

/** Limits for the hints, read from the rules themselves. */
function maxOf(schema: { maxLength: number | null }): number {
  return schema.maxLength ?? 0;
}
/** The most items an array rule allows (its max_length check), for the hint. */
function maxItemsOf(schema: { def: { checks?: { _zod: { def: object } }[] } }): number | undefined {
  for (const check of schema.def.checks ?? []) {
    const definition = check._zod.def;
    if ('maximum' in definition && typeof definition.maximum === 'number') return definition.maximum;
  }
  return undefined;
}
const MAX_RESPONSE_TIMES = maxItemsOf(slaRules.response_times) ?? 10;
const MAX_REVIEW_INTERVAL = categoryRules.review_interval_days.maxValue ?? 3650;

// Paths under each list that are not items.
const RESERVED_SLUGS = new Set(['new']);

// Numbers arrive as text; anything but plain digits becomes NaN, which the number rule rejects.
const wholeNumber = z
  .string()
  .trim()
  .transform((value) => (/^\d{1,9}$/.test(value) ? Number(value) : Number.NaN));
const trimmed = z.string().trim();
const formValue = z.string().max(200_000).default('');
const pageQuery = z.coerce.number().int().min(1).max(100_000).catch(1);
const idParam = z
  .string()
  .regex(/^\d{1,9}$/)
  .transform(Number);

const siteFormSchema = z.object({
  name: siteRules.name,
  tagline: siteRules.tagline,
  intro: siteRules.intro,
  contactEmail: trimmed.pipe(siteRules.contact_email),
  securityContact: trimmed.pipe(siteRules.security_contact),
  accentColor: trimmed.pipe(siteRules.accent_color),
  slaTitle: slaRules.title,
  slaSummary: slaRules.summary,
  slaAvailability: slaRules.availability,
});
const slugFormSchema = (rule: typeof categoryRules.slug) =>
  z.object({
    slug: trimmed.pipe(rule).refine((slug) => !RESERVED_SLUGS.has(slug), { params: { reason: 'reserved' } }),
  });
type SlugFormSchema = ReturnType<typeof slugFormSchema>;
const categoryFormSchema = z.object({
  name: categoryRules.name,
  description: categoryRules.description,
  order: wholeNumber.pipe(categoryRules.order),
  reviewIntervalDays: wholeNumber.pipe(categoryRules.review_interval_days),
});
const tagFormSchema = z.object({ name: tagRules.name });
const highlightFormSchema = z.object({
  title: highlightRules.title,
  text: highlightRules.text,
  icon: highlightRules.icon,
  order: wholeNumber.pipe(highlightRules.order),
});
const certificationFormSchema = z.object({
  name: certificationRules.name,
  issuer: certificationRules.issuer,
  certificateNumber: certificationRules.certificate_number,
  scope: certificationRules.scope,
  validFrom: trimmed.pipe(certificationRules.valid_from),
  validUntil: trimmed.pipe(certificationRules.valid_until),
  // Empty: the certification names no document.
  document: trimmed.pipe(z.union([z.literal('').transform(() => null), certificationRules.document.unwrap()])),
});

/** The Swedish form fields of each kind: `sv` + the English field's name, each optional, trimmed, same limits. */
const optionalText = (rule: { maxLength: number | null }) =>
  z
    .string()
    .trim()
    .max(rule.maxLength ?? 200_000);
const siteSwedishSchema = z.object({
  svTagline: optionalText(siteRules.tagline),
  svIntro: optionalText(siteRules.intro),
  svSlaTitle: optionalText(slaRules.title),
  svSlaSummary: optionalText(slaRules.summary),
  svSlaAvailability: optionalText(slaRules.availability),
});
const categorySwedishSchema = z.object({
  svName: optionalText(categoryRules.name),
  svDescription: optionalText(categoryRules.description),
});
const tagSwedishSchema = z.object({ svName: optionalText(tagRules.name) });
const highlightSwedishSchema = z.object({
  svTitle: optionalText(highlightRules.title),
  svText: optionalText(highlightRules.text),
});
const certificationSwedishSchema = z.object({ svScope: optionalText(certificationRules.scope) });

/**
 * A translation whose fields come in a set (a category's name and description): none typed means not translated,
 * some typed means all are required; each missing one is an error on its field.
 */
function readTranslationSet<K extends string>(
  messages: AdminMessages,
  typed: Record<K, string>,
  fields: readonly { field: K; label: string }[],
): { translation?: Record<K, string>; errors: FieldError[] } {
  if (fields.every(({ field }) => typed[field] === '')) return { errors: [] };
  const errors = fields
    .filter(({ field }) => typed[field] === '')
    .map(({ field, label }) => ({ field, message: messages.siteContentRequired(label) }));
  return errors.length > 0 ? { errors } : { translation: typed, errors: [] };
}

/** How a field is named in messages, and what to say when its value has the wrong form. */
interface FieldRule {
  label: string;
  invalid?: string;
}

/** The first problem of each field, in form order, worded for people. */
function wordedFieldErrors(
  messages: AdminMessages,
  issues: z.core.$ZodIssue[],
  rules: Record<string, FieldRule>,
  values: SiteFormValues,
): FieldError[] {
  return toFieldErrors(issues, {
    order: Object.keys(rules),
    word: (issue, field) => {
      const rule = rules[field] ?? { label: field };
      if ((values[field] ?? '').trim() === '') return messages.siteContentRequired(rule.label);
      if (issue.code === 'too_big' && issue.origin === 'string')
        return messages.siteContentTooLong(rule.label, Number(issue.maximum));
      if (issue.code === 'custom' && issue.params?.reason === 'reserved') return messages.siteContentSlugReserved;
      return rule.invalid ?? messages.siteContentInvalid(rule.label);
    },
  });
}

/** The service's field problems as form errors, with our own wording where we have one. */
function toServiceErrors(messages: AdminMessages, error: AppError, values: SiteFormValues): FieldError[] {
  return error.problems.flatMap((problem) => {
    if (!problem.field) return [];
    if (problem.field === 'slug' && error.code === 'conflict')
      return [{ field: 'slug', message: messages.siteContentSlugTaken(values.slug ?? '') }];
    if (problem.field === 'validUntil')
      return [{ field: 'validUntil', message: messages.certificationUntilBeforeFrom }];
    return [{ field: problem.field, message: problem.message }];
  });
}

/** Parses the lines "priority | situation | response" of the SLA textarea. */
function parseResponseTimes(messages: AdminMessages, text: string): { rows: ResponseTime[]; error?: string } {
  const lines = text.split(/\r?\n/).map((line, index) => ({ line: index + 1, text: line.trim() }));
  const rows: ResponseTime[] = [];
  const parts: { key: keyof ResponseTime; name: string }[] = [
    { key: 'priority', name: messages.siteResponseTimePriority },
    { key: 'description', name: messages.siteResponseTimeSituation },
    { key: 'response', name: messages.siteResponseTimeResponse },
  ];
  for (const { line, text: lineText } of lines) {
    if (lineText === '') continue;
    const cells = lineText.split('|').map((cell) => cell.trim());
    if (cells.length !== 3) return { rows, error: messages.siteResponseTimeLineInvalid(line) };
    const row: ResponseTime = { priority: '', description: '', response: '' };
    for (const [index, part] of parts.entries()) {
      const rule = responseRules[part.key];
      const checked = rule.safeParse(cells[index] ?? '');
      if (!checked.success) return { rows, error: messages.siteResponseTimePartInvalid(line, part.name, maxOf(rule)) };
      row[part.key] = checked.data;
    }
    rows.push(row);
  }
  if (!slaRules.response_times.safeParse(rows).success)
    return { rows, error: messages.siteResponseTimesTooMany(MAX_RESPONSE_TIMES) };
  return { rows };
}

/** Parses the lines "situation | response" of the Swedish SLA textarea (the priorities are not translated). */
function parseSwedishResponseTimes(
  messages: AdminMessages,
  text: string,
): { rows: { description: string; response: string }[]; error?: string } {
  const rows: { description: string; response: string }[] = [];
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === '') continue;
    const cells = line.split('|').map((cell) => cell.trim());
    const description = responseRules.description.safeParse(cells[0] ?? '');
    const response = responseRules.response.safeParse(cells[1] ?? '');
    if (cells.length !== 2 || !description.success || !response.success)
      return { rows, error: messages.siteSwedishResponseTimeLineInvalid(index + 1) };
    rows.push({ description: description.data, response: response.data });
  }
  return { rows };
}

/** The site's Swedish as typed: only the fields given; `{}` when none is. */
function toSiteTranslations(
  typed: { svTagline: string; svIntro: string; svSlaTitle: string; svSlaSummary: string; svSlaAvailability: string },
  responseTimes: { description: string; response: string }[],
): Translations<SiteTranslation> {
  const given = (value: string) => (value === '' ? undefined : value);
  const translation: SiteTranslation = {};
  const tagline = given(typed.svTagline);
  if (tagline) translation.tagline = tagline;
  const intro = given(typed.svIntro);
  if (intro) translation.intro = intro;
  const slaTitle = given(typed.svSlaTitle);
  if (slaTitle) translation.slaTitle = slaTitle;
  const slaSummary = given(typed.svSlaSummary);
  if (slaSummary) translation.slaSummary = slaSummary;
  const slaAvailability = given(typed.svSlaAvailability);
  if (slaAvailability) translation.slaAvailability = slaAvailability;
  if (responseTimes.length > 0) translation.responseTimes = responseTimes;
  return Object.keys(translation).length > 0 ? { sv: translation } : {};
}

/** Reads the named text fields of a posted form (a missing one is empty); anything that is not our form is refused. */
async function readForm(
  c: Context<AdminEnv>,
  fields: readonly string[],
  messages: AdminMessages,
): Promise<SiteFormValues> {
  const form = await parseForm(c, z.object(Object.fromEntries(fields.map((field) => [field, formValue]))));
  if (!form.ok) throw new AppError('invalid_input', messages.siteContentFormUnreadable);
  return form.data;
}

type Rendered = Response | Promise<Response>;

/** One editable kind of item: how it is listed, read, validated, saved and shown. */
interface ItemKind<Key extends string | number, Item, Input> {
  path: string;
  section: SiteContentSection;
  /** Name of the path parameter that holds the key. */
  param: 'slug' | 'id';
  fields: readonly string[];
  parseKey(param: string): Key | undefined;
  list(page: number): Promise<Page<Item>>;
  get(key: Key): Promise<Item>;
  keyOf(item: Item): Key;
  toValues(item: Item): SiteFormValues;
  emptyValues: SiteFormValues;
  /** Validates the typed values; `isNew` adds the create-only fields (the slug). */
  parse(values: SiteFormValues, isNew: boolean): { input?: Input; key?: Key; errors: FieldError[] };
  create(context: ActionContext, input: Input, key: Key | undefined): Promise<unknown>;
  update(context: ActionContext, key: Key, input: Input): Promise<unknown>;
  remove(context: ActionContext, key: Key): Promise<unknown>;
  /** The list's title on its first page, and on any later page. */
  listTitle: string;
  listPageTitle(page: number): string;
  renderList(props: SiteListProps<Item>): JSX.Element;
  /** The form's heading: "new" when creating, else naming the item. */
  formHeading(item: Item | undefined): string;
  renderForm(props: SiteItemFormProps & { item?: Item }): JSX.Element | Promise<JSX.Element>;
  deletePage(item: Item): { heading: string; text: string; refusal?: string };
  done: { created: string; saved: string; deleted: string };
}

/** Site settings, categories, tags, highlights and certifications: list, create, edit, delete. */
export function createSiteContentRoutes(deps: SiteContentRoutesDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const messages = getAdminMessages();
  const service = deps.siteContent;
  const today = deps.today ?? (() => new Date().toISOString().slice(0, 10));

  const actionContext = (c: Context<AdminEnv>): ActionContext => getActionContext(c, deps);
  const canEdit = (c: Context<AdminEnv>) => hasPermission(requireActor(c), 'administer');
  const titled = (title: string, hasErrors: boolean) =>
    hasErrors ? messages.siteContentTitleWithErrors(title) : title;

  // --- Site settings -------------------------------------------------------------------------

  const siteFieldRules: Record<string, FieldRule> = {
    name: { label: messages.siteNameLabel },
    tagline: { label: messages.siteTaglineLabel },
    intro: { label: messages.siteIntroLabel },
    contactEmail: { label: messages.siteContactEmailLabel, invalid: messages.siteContactEmailInvalid },
    securityContact: { label: messages.siteSecurityContactLabel, invalid: messages.siteSecurityContactInvalid },
    accentColor: { label: messages.siteAccentColorLabel, invalid: messages.siteAccentColorInvalid },
    slaTitle: { label: messages.siteSlaTitleLabel },
    slaSummary: { label: messages.siteSlaSummaryLabel },
    slaAvailability: { label: messages.siteSlaAvailabilityLabel },
    responseTimes: { label: messages.siteResponseTimesLabel },
    svTagline: { label: messages.siteSwedishLabel(messages.siteTaglineLabel) },
    svIntro: { label: messages.siteSwedishLabel(messages.siteIntroLabel) },
    svSlaTitle: { label: messages.siteSwedishLabel(messages.siteSlaTitleLabel) },
    svSlaSummary: { label: messages.siteSwedishLabel(messages.siteSlaSummaryLabel) },
    svSlaAvailability: { label: messages.siteSwedishLabel(messages.siteSlaAvailabilityLabel) },
    svResponseTimes: { label: messages.siteSwedishLabel(messages.siteResponseTimesLabel) },
  };
  const siteLimits = {
    name: maxOf(siteRules.name),
    tagline: maxOf(siteRules.tagline),
    intro: maxOf(siteRules.intro),
    slaTitle: maxOf(slaRules.title),
    slaSummary: maxOf(slaRules.summary),
    slaAvailability: maxOf(slaRules.availability),
  };
  const renderSite = async (
    c: Context<AdminEnv>,
    values: SiteFormValues,
    errors: FieldError[],
    status: ContentfulStatusCode = 200,
    flash?: string,
  ) => {
    const meta = buildAdminMeta(c, titled(messages.siteSettingsTitle, errors.length > 0), flash);
    const page = (
      <SiteSettingsPage
        meta={meta}
        values={values}
        errors={errors}
        limits={siteLimits}
        maxResponseTimes={MAX_RESPONSE_TIMES}
        canEdit={canEdit(c)}
      />
    );
    return c.html(await renderDocument(page), status);
  };

  app.get('/site', requirePermission('read'), async (c) => {
    const site = await service.getSite();
    const sv = site.translations?.sv;
    const values: SiteFormValues = {
      ...toSiteSettingsText(site),
      responseTimes: site.sla.responseTimes.map(describeResponseTime).join('\n'),
      svTagline: sv?.tagline ?? '',
      svIntro: sv?.intro ?? '',
      svSlaTitle: sv?.slaTitle ?? '',
      svSlaSummary: sv?.slaSummary ?? '',
      svSlaAvailability: sv?.slaAvailability ?? '',
      svResponseTimes: (sv?.responseTimes ?? []).map((row) => `${row.description} | ${row.response}`).join('\n'),
    };
    return renderSite(c, values, [], 200, c.req.query('done') === 'saved' ? messages.siteSaved : undefined);
  });

  app.post('/site', requirePermission('administer'), async (c) => {
    const values = await readForm(c, Object.keys(siteFieldRules), messages);
    const parsed = siteFormSchema.safeParse(values);
    const responseTimes = parseResponseTimes(messages, values.responseTimes ?? '');
    const errors = parsed.success ? [] : wordedFieldErrors(messages, parsed.error.issues, siteFieldRules, values);
    if (responseTimes.error) errors.push({ field: 'responseTimes', message: responseTimes.error });
    const swedish = siteSwedishSchema.safeParse(values);
    if (!swedish.success) errors.push(...wordedFieldErrors(messages, swedish.error.issues, siteFieldRules, values));
    const swedishRows = parseSwedishResponseTimes(messages, values.svResponseTimes ?? '');
    if (swedishRows.error) errors.push({ field: 'svResponseTimes', message: swedishRows.error });
    else if (swedishRows.rows.length > 0 && swedishRows.rows.length !== responseTimes.rows.length)
      errors.push({
        field: 'svResponseTimes',
        message: messages.siteSwedishResponseTimesCount(swedishRows.rows.length, responseTimes.rows.length),
      });
    if (!parsed.success || !swedish.success || errors.length > 0) return renderSite(c, values, errors, 400);
    const form = parsed.data;
    const input: SiteSettingsInput = {
      name: form.name,
      tagline: form.tagline,
      intro: form.intro,
      contactEmail: form.contactEmail,
      securityContact: form.securityContact,
      accentColor: form.accentColor,
      sla: {
        title: form.slaTitle,
        summary: form.slaSummary,
        availability: form.slaAvailability,
        responseTimes: responseTimes.rows,
      },
      translations: toSiteTranslations(swedish.data, swedishRows.rows),
    };
    await service.updateSite(actionContext(c), input);
    return c.redirect('/admin/site?done=saved', 303);
  });

  // --- Lists with create, edit and delete ----------------------------------------------------

  const mountItemKind = <Key extends string | number, Item, Input>(kind: ItemKind<Key, Item, Input>) => {
    const findKey = (c: Context<AdminEnv>): Key => {
      const key = kind.parseKey(c.req.param(kind.param) ?? '');
      if (key === undefined) throw new AppError('not_found', 'No such item');
      return key;
    };
    const showForm = async (
      c: Context<AdminEnv>,
      options: { item?: Item; values: SiteFormValues; errors: FieldError[]; problem?: PageProblem },
      status: ContentfulStatusCode,
    ) => {
      const heading = kind.formHeading(options.item);
      const hasProblems = options.errors.length > 0 || options.problem !== undefined;
      const meta = buildAdminMeta(c, titled(heading, hasProblems));
      return c.html(await renderDocument(await kind.renderForm({ ...options, meta, heading })), status);
    };
    const showDelete = async (
      c: Context<AdminEnv>,
      item: Item,
      problem: PageProblem | undefined,
      status: ContentfulStatusCode,
    ) => {
      const texts = kind.deletePage(item);
      const page = (
        <SiteDeletePage
          meta={buildAdminMeta(c, titled(texts.heading, problem !== undefined))}
          section={kind.section}
          heading={texts.heading}
          text={texts.text}
          refusal={texts.refusal}
          problem={problem}
          action={`/admin${kind.path}/${kind.keyOf(item)}/delete`}
          cancelHref={`/admin${kind.path}`}
        />
      );
      return c.html(await renderDocument(page), status);
    };
    /** Shows a refused save again with its problems, on the fields when the service names them. */
    const showRefused = (
      c: Context<AdminEnv>,
      error: AppError,
      values: SiteFormValues,
      item: Item | undefined,
    ): Rendered => {
      const errors = toServiceErrors(messages, error, values);
      const problem =
        errors.length === 0 ? { heading: messages.siteContentConflictTitle, text: error.message } : undefined;
      return showForm(c, { item, values, errors, problem }, ADMIN_STATUS_BY_CODE[error.code]);
    };

    app.get(kind.path, requirePermission('read'), async (c) => {
      const pageNumber = pageQuery.parse(c.req.query('page'));
      const page = await kind.list(pageNumber);
      const title = pageNumber > 1 ? kind.listPageTitle(pageNumber) : kind.listTitle;
      const list = kind.renderList({
        meta: buildAdminMeta(c, title, readDoneFlash(kind.done, c.req.query('done'))),
        rows: page.items,
        total: page.total,
        page: pageNumber,
        pageCount: pageCount(page.total),
        canEdit: canEdit(c),
      });
      return c.html(await renderDocument(list));
    });

    app.get(`${kind.path}/new`, requirePermission('administer'), async (c) =>
      showForm(c, { values: kind.emptyValues, errors: [] }, 200),
    );

    app.post(kind.path, requirePermission('administer'), async (c) => {
      const values = await readForm(c, kind.fields, messages);
      const parsed = kind.parse(values, true);
      if (!parsed.input || parsed.errors.length > 0) return showForm(c, { values, errors: parsed.errors }, 400);
      const input = parsed.input;
      const result = await attempt(() => kind.create(actionContext(c), input, parsed.key));
      if (!result.ok) return showRefused(c, result.error, values, undefined);
      return c.redirect(`/admin${kind.path}?done=created`, 303);
    });

    app.get(`${kind.path}/:${kind.param}`, requirePermission('administer'), async (c) => {
      const item = await kind.get(findKey(c));
      return showForm(c, { item, values: kind.toValues(item), errors: [] }, 200);
    });

    app.post(`${kind.path}/:${kind.param}`, requirePermission('administer'), async (c) => {
      const key = findKey(c);
      const item = await kind.get(key);
      const values = await readForm(c, kind.fields, messages);
      const parsed = kind.parse(values, false);
      if (!parsed.input || parsed.errors.length > 0) return showForm(c, { item, values, errors: parsed.errors }, 400);
      const input = parsed.input;
      const result = await attempt(() => kind.update(actionContext(c), key, input));
      if (!result.ok) return showRefused(c, result.error, values, item);
      return c.redirect(`/admin${kind.path}?done=saved`, 303);
    });

    app.get(`${kind.path}/:${kind.param}/delete`, requirePermission('administer'), async (c) => {
      const item = await kind.get(findKey(c));
      return showDelete(c, item, undefined, 200);
    });

    app.post(`${kind.path}/:${kind.param}/delete`, requirePermission('administer'), async (c) => {
      const key = findKey(c);
      const item = await kind.get(key);
      const result = await attempt(() => kind.remove(actionContext(c), key));
      if (!result.ok) {
        if (result.error.code === 'not_found') throw result.error;
        return showDelete(
          c,
          item,
          { heading: messages.siteContentDeleteRefusedTitle, text: result.error.message },
          ADMIN_STATUS_BY_CODE[result.error.code],
        );
      }
      return c.redirect(`/admin${kind.path}?done=deleted`, 303);
    });
  };

  const pageCount = (total: number) => countPages(total, SITE_CONTENT_PAGE_SIZE);
  const parseSlug = (param: string) => (/^[a-z0-9-]{1,200}$/.test(param) ? param : undefined);
  const parseId = (param: string) => {
    const parsed = idParam.safeParse(param);
    return parsed.success ? parsed.data : undefined;
  };

  /** Validates a form with `schema`, and its slug with `slugSchema` when one is given (creating). */
  const checkItemForm = <Output,>(
    schema: z.ZodType<Output>,
    rules: Record<string, FieldRule>,
    values: SiteFormValues,
    slugSchema?: SlugFormSchema,
  ): { input?: Output; key?: string; errors: FieldError[] } => {
    const slug = slugSchema?.safeParse(values);
    const parsed = schema.safeParse(values);
    const issues = [
      ...(slug && !slug.success ? slug.error.issues : []),
      ...(parsed.success ? [] : parsed.error.issues),
    ];
    return {
      input: parsed.success ? parsed.data : undefined,
      key: slug?.success ? slug.data.slug : undefined,
      errors: wordedFieldErrors(messages, issues, rules, values),
    };
  };

  /**
   * The Swedish fields of an item form checked with `schema` and read as a set (see readTranslationSet), added to
   * the English result: `translate` turns the set into the item's translations, `{}` when none was typed.
   */
  const addSwedish = <Input extends object, K extends string, T>(
    english: { input?: Input; key?: string; errors: FieldError[] },
    values: SiteFormValues,
    schema: z.ZodType<Record<K, string>>,
    fields: readonly { field: K; label: string }[],
    rules: Record<string, FieldRule>,
    translate: (typed: Record<K, string>) => T,
  ): { input?: Input & { translations: Translations<T> }; key?: string; errors: FieldError[] } => {
    const parsed = schema.safeParse(values);
    if (!parsed.success)
      return {
        key: english.key,
        errors: [...english.errors, ...wordedFieldErrors(messages, parsed.error.issues, rules, values)],
      };
    const set = readTranslationSet(messages, parsed.data, fields);
    const errors = [...english.errors, ...set.errors];
    if (!english.input || errors.length > 0) return { key: english.key, errors };
    const translations: Translations<T> = set.translation ? { sv: translate(set.translation) } : {};
    return { input: { ...english.input, translations }, key: english.key, errors };
  };

  // Categories.
  const categoryFieldRules: Record<string, FieldRule> = {
    slug: { label: messages.categorySlugLabel, invalid: messages.siteContentSlugInvalid },
    name: { label: messages.categoryNameLabel },
    description: { label: messages.categoryDescriptionLabel },
    order: { label: messages.categoryOrderLabel, invalid: messages.siteContentOrderInvalid },
    reviewIntervalDays: {
      label: messages.categoryIntervalLabel,
      invalid: messages.categoryIntervalInvalid(MAX_REVIEW_INTERVAL),
    },
    svName: { label: messages.siteSwedishLabel(messages.categoryNameLabel) },
    svDescription: { label: messages.siteSwedishLabel(messages.categoryDescriptionLabel) },
  };
  const categorySlugSchema = slugFormSchema(categoryRules.slug);
  const categoryLimits = {
    slug: maxOf(categoryRules.slug),
    name: maxOf(categoryRules.name),
    description: maxOf(categoryRules.description),
    reviewIntervalDays: MAX_REVIEW_INTERVAL,
  };
  mountItemKind<string, Category & { entryCount: number }, CategoryInput>({
    path: '/categories',
    section: 'categories',
    fields: Object.keys(categoryFieldRules),
    param: 'slug',
    parseKey: parseSlug,
    list: (page) => service.listCategories(page, SITE_CONTENT_PAGE_SIZE),
    get: (slug) => service.getCategory(slug),
    keyOf: (item) => item.slug,
    toValues: (item) => ({
      slug: item.slug,
      name: item.name,
      description: item.description,
      order: String(item.order),
      reviewIntervalDays: String(item.reviewIntervalDays),
      svName: item.translations?.sv?.name ?? '',
      svDescription: item.translations?.sv?.description ?? '',
    }),
    emptyValues: {
      slug: '',
      name: '',
      description: '',
      order: '0',
      reviewIntervalDays: '365',
      svName: '',
      svDescription: '',
    },
    parse: (values, isNew) =>
      addSwedish(
        checkItemForm(categoryFormSchema, categoryFieldRules, values, isNew ? categorySlugSchema : undefined),
        values,
        categorySwedishSchema,
        [
          { field: 'svName', label: messages.siteSwedishLabel(messages.categoryNameLabel) },
          { field: 'svDescription', label: messages.siteSwedishLabel(messages.categoryDescriptionLabel) },
        ],
        categoryFieldRules,
        (typed) => ({ name: typed.svName, description: typed.svDescription }),
      ),
    create: (context, input, slug) => service.createCategory(context, { ...input, slug: slug ?? '' }),
    update: (context, slug, input) => service.updateCategory(context, slug, input),
    remove: (context, slug) => service.deleteCategory(context, slug),
    listTitle: messages.categoriesTitle,
    listPageTitle: messages.categoriesPageTitle,
    renderList: (props) => <CategoryListPage {...props} />,
    formHeading: (item) => (item ? messages.categoryEditTitle(item.name) : messages.categoryNewTitle),
    renderForm: ({ item, ...props }) => <CategoryFormPage {...props} slug={item?.slug} limits={categoryLimits} />,
    deletePage: (item) => ({
      heading: messages.categoryDeleteTitle(item.name),
      text: messages.categoryDeleteConfirm,
      refusal: item.entryCount > 0 ? messages.categoryInUse(item.entryCount) : undefined,
    }),
    done: { created: messages.categoryCreated, saved: messages.categorySaved, deleted: messages.categoryDeleted },
  });

  // Tags.
  const tagFieldRules: Record<string, FieldRule> = {
    slug: { label: messages.tagSlugLabel, invalid: messages.siteContentSlugInvalid },
    name: { label: messages.tagNameLabel },
    svName: { label: messages.siteSwedishLabel(messages.tagNameLabel) },
  };
  const tagSlugSchema = slugFormSchema(tagRules.slug);
  const tagLimits = { slug: maxOf(tagRules.slug), name: maxOf(tagRules.name) };
  mountItemKind<string, Tag & { entryCount: number }, { name: string; translations: Translations<TagTranslation> }>({
    path: '/tags',
    section: 'tags',
    fields: Object.keys(tagFieldRules),
    param: 'slug',
    parseKey: parseSlug,
    list: (page) => service.listTags(page, SITE_CONTENT_PAGE_SIZE),
    get: (slug) => service.getTag(slug),
    keyOf: (item) => item.slug,
    toValues: (item) => ({ slug: item.slug, name: item.name, svName: item.translations?.sv?.name ?? '' }),
    emptyValues: { slug: '', name: '', svName: '' },
    parse: (values, isNew) =>
      addSwedish(
        checkItemForm(tagFormSchema, tagFieldRules, values, isNew ? tagSlugSchema : undefined),
        values,
        tagSwedishSchema,
        [{ field: 'svName', label: messages.siteSwedishLabel(messages.tagNameLabel) }],
        tagFieldRules,
        (typed) => ({ name: typed.svName }),
      ),
    create: (context, { name, translations }, slug) =>
      service.createTag(context, { slug: slug ?? '', name, translations }),
    update: (context, slug, { name, translations }) => service.updateTag(context, slug, name, translations),
    remove: (context, slug) => service.deleteTag(context, slug),
    listTitle: messages.tagsTitle,
    listPageTitle: messages.tagsPageTitle,
    renderList: (props) => <TagListPage {...props} />,
    formHeading: (item) => (item ? messages.tagEditTitle(item.name) : messages.tagNewTitle),
    renderForm: ({ item, ...props }) => <TagFormPage {...props} slug={item?.slug} limits={tagLimits} />,
    deletePage: (item) => ({
      heading: messages.tagDeleteTitle(item.name),
      text: messages.tagDeleteConfirm(item.entryCount),
    }),
    done: { created: messages.tagCreated, saved: messages.tagSaved, deleted: messages.tagDeleted },
  });

  // Highlights.
  const highlightFieldRules: Record<string, FieldRule> = {
    title: { label: messages.highlightTitleLabel },
    text: { label: messages.highlightTextLabel },
    icon: { label: messages.highlightIconLabel, invalid: messages.highlightIconInvalid },
    order: { label: messages.highlightOrderLabel, invalid: messages.siteContentOrderInvalid },
    svTitle: { label: messages.siteSwedishLabel(messages.highlightTitleLabel) },
    svText: { label: messages.siteSwedishLabel(messages.highlightTextLabel) },
  };
  const highlightLimits = { title: maxOf(highlightRules.title), text: maxOf(highlightRules.text) };
  mountItemKind<number, Highlight & { id: number }, Highlight>({
    path: '/highlights',
    section: 'highlights',
    fields: Object.keys(highlightFieldRules),
    param: 'id',
    parseKey: parseId,
    list: (page) => service.listHighlights(page, SITE_CONTENT_PAGE_SIZE),
    get: (id) => service.getHighlight(id),
    keyOf: (item) => item.id,
    toValues: (item) => ({
      title: item.title,
      text: item.text,
      icon: item.icon,
      order: String(item.order),
      svTitle: item.translations?.sv?.title ?? '',
      svText: item.translations?.sv?.text ?? '',
    }),
    emptyValues: { title: '', text: '', icon: 'shield', order: '0', svTitle: '', svText: '' },
    parse: (values) => {
      const { input, errors } = addSwedish(
        checkItemForm(highlightFormSchema, highlightFieldRules, values),
        values,
        highlightSwedishSchema,
        [
          { field: 'svTitle', label: messages.siteSwedishLabel(messages.highlightTitleLabel) },
          { field: 'svText', label: messages.siteSwedishLabel(messages.highlightTextLabel) },
        ],
        highlightFieldRules,
        (typed) => ({ title: typed.svTitle, text: typed.svText }),
      );
      return { input, errors };
    },
    create: (context, input) => service.createHighlight(context, input),
    update: (context, id, input) => service.updateHighlight(context, id, input),
    remove: (context, id) => service.deleteHighlight(context, id),
    listTitle: messages.highlightsTitle,
    listPageTitle: messages.highlightsPageTitle,
    renderList: (props) => <HighlightListPage {...props} />,
    formHeading: (item) => (item ? messages.highlightEditTitle(item.title) : messages.highlightNewTitle),
    // The text as typed (or as stored) is checked, so the warning follows an edit that is shown again.
    renderForm: async ({ item, ...props }) => (
      <HighlightFormPage
        {...props}
        id={item?.id}
        limits={highlightLimits}
        expiredCertifications={
          await service.listExpiredCertificationsNamedIn(
            `${props.values.title ?? ''}\n${props.values.text ?? ''}`,
            today(),
          )
        }
      />
    ),
    deletePage: (item) => ({
      heading: messages.highlightDeleteTitle(item.title),
      text: messages.highlightDeleteConfirm,
    }),
    done: { created: messages.highlightCreated, saved: messages.highlightSaved, deleted: messages.highlightDeleted },
  });

  // Certifications.
  const certificationFieldRules: Record<string, FieldRule> = {
    name: { label: messages.certificationNameLabel },
    issuer: { label: messages.certificationIssuerLabel },
    certificateNumber: { label: messages.certificationNumberLabel },
    scope: { label: messages.certificationScopeLabel },
    validFrom: { label: messages.certificationValidFromLabel, invalid: messages.siteContentDateInvalid },
    validUntil: { label: messages.certificationValidUntilLabel, invalid: messages.siteContentDateInvalid },
    document: { label: messages.certificationDocumentLabel, invalid: messages.certificationDocumentInvalid },
    svScope: { label: messages.siteSwedishLabel(messages.certificationScopeLabel) },
  };
  const certificationLimits = {
    name: maxOf(certificationRules.name),
    issuer: maxOf(certificationRules.issuer),
    certificateNumber: maxOf(certificationRules.certificate_number),
    scope: maxOf(certificationRules.scope),
  };
  mountItemKind<number, Certification & { id: number }, Certification>({
    path: '/certifications',
    section: 'certifications',
    fields: Object.keys(certificationFieldRules),
    param: 'id',
    parseKey: parseId,
    list: (page) => service.listCertifications(page, SITE_CONTENT_PAGE_SIZE),
    get: (id) => service.getCertification(id),
    keyOf: (item) => item.id,
    toValues: (item) => ({
      name: item.name,
      issuer: item.issuer,
      certificateNumber: item.certificateNumber,
      scope: item.scope,
      validFrom: item.validFrom,
      validUntil: item.validUntil,
      document: item.document ?? '',
      svScope: item.translations?.sv?.scope ?? '',
    }),
    emptyValues: {
      name: '',
      issuer: '',
      certificateNumber: '',
      scope: '',
      validFrom: '',
      validUntil: '',
      document: '',
      svScope: '',
    },
    parse: (values) => {
      const { input, errors } = addSwedish(
        checkItemForm(certificationFormSchema, certificationFieldRules, values),
        values,
        certificationSwedishSchema,
        [{ field: 'svScope', label: messages.siteSwedishLabel(messages.certificationScopeLabel) }],
        certificationFieldRules,
        (typed) => ({ scope: typed.svScope }),
      );
      // Checked even when other fields have problems, so every problem shows at once.
      const from = trimmed.pipe(certificationRules.valid_from).safeParse(values.validFrom ?? '');
      const until = trimmed.pipe(certificationRules.valid_until).safeParse(values.validUntil ?? '');
      if (from.success && until.success && until.data < from.data) {
        errors.push({ field: 'validUntil', message: messages.certificationUntilBeforeFrom });
      }
      return { input, errors };
    },
    create: (context, input) => service.createCertification(context, input),
    update: (context, id, input) => service.updateCertification(context, id, input),
    remove: (context, id) => service.deleteCertification(context, id),
    listTitle: messages.certificationsTitle,
    listPageTitle: messages.certificationsPageTitle,
    renderList: (props) => <CertificationListPage {...props} today={today()} />,
    formHeading: (item) => (item ? messages.certificationEditTitle(item.name) : messages.certificationNewTitle),
    renderForm: ({ item, ...props }) => <CertificationFormPage {...props} id={item?.id} limits={certificationLimits} />,
    deletePage: (item) => ({
      heading: messages.certificationDeleteTitle(item.name),
      text: messages.certificationDeleteConfirm,
    }),
    done: {
      created: messages.certificationCreated,
      saved: messages.certificationSaved,
      deleted: messages.certificationDeleted,
    },
  });

  return app;
}
