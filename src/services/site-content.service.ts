import {
  type ExpiredCertificationMention,
  findExpiredCertificationsNamedIn,
  listExpiredCertificationMentions,
} from '../domain/certification-mention.js';
import {
  type Category,
  type Certification,
  describeResponseTime,
  type Highlight,
  type ResponseTime,
  type Site,
  type Tag,
  toSiteSettingsText,
} from '../domain/content.js';
import { AppError } from '../domain/errors.js';
import type { Page } from '../domain/page.js';
import type { CategoryRecord, CertificationRecord, HighlightRecord, TagRecord } from '../domain/site-content.js';
import { hasPermission, type Permission } from '../domain/staff.js';
import type { SiteTranslation, TagTranslation, Translations } from '../domain/translation.js';
import type { NewAuditEvent } from '../storage/audit.repository.js';
import type { SiteContentRepository, SiteContentWrite } from '../storage/site-content.repository.js';
import { toAuditEvent } from './audit.service.js';
import type { ActionContext } from './entry.service.js';

/** The site settings staff edit; languages and named-link keys stay as imported. */
export interface SiteSettingsInput {
  name: string;
  tagline: string;
  intro: string;
  contactEmail: string;
  securityContact: string;
  accentColor: string;
  sla: {
    title: string;
    summary: string;
    availability: string;
    responseTimes: ResponseTime[];
  };
  /** The site's texts in other languages; omitted: kept as stored, `{}`: none. */
  translations?: Translations<SiteTranslation>;
}

/** A category's editable fields (its slug is fixed once created). */
export type CategoryInput = Omit<Category, 'slug'>;

/**
 * Staff editing of the site-wide content: site settings, categories, tags, highlights and
 * certifications. Reads are open to the routes' own checks; every change needs `administer`,
 * is audited with what it changed, and reaches visitors at once.
 */
export class SiteContentService {
  constructor(
    private readonly repository: SiteContentRepository,
    private readonly now: () => Date,
    /** Called after each committed change, so this process refreshes its public pages at once. */
    private readonly onPublicChange: () => void = () => {},
    /** The documents a certification may name as its certificate; without it none may be named. */
    private readonly listDocumentSlugs: () => Promise<ReadonlySet<string>> = async () => new Set(),
  ) {}

  /** The site settings; not_found before content has been imported. */
  async getSite(): Promise<Site> {
    const site = await this.repository.findSite();
    if (!site) throw new AppError('not_found', 'The database holds no content yet; run tillit import <dir>');
    return site;
  }

  /** Saves the site settings and SLA rows. */
  async updateSite(context: ActionContext, input: SiteSettingsInput): Promise<Site> {
    requirePermission(context, 'administer');
    const before = await this.getSite();
    const after: Site = {
      ...before,
      name: input.name,
      tagline: input.tagline,
      intro: input.intro,
      contactEmail: input.contactEmail,
      securityContact: input.securityContact,
      accentColor: input.accentColor,
      sla: { ...before.sla, ...input.sla },
      translations: input.translations ?? before.translations,
    };
    const translatedRows = after.translations?.sv?.responseTimes;
    if (translatedRows !== undefined && translatedRows.length !== after.sla.responseTimes.length) {
      const message = `The Swedish response times list ${translatedRows.length} row(s); the English list ${after.sla.responseTimes.length}, and each row translates the one in the same place.`;
      throw new AppError('invalid_input', message, [{ source: 'form', field: 'svResponseTimes', message }]);
    }
    const summary = describeChanges(flattenSite(before), flattenSite(after));
    const saved = await this.repository.saveSite(after, this.write(context, 'site.update', 'site', 'site', summary));
    if (!saved) throw new AppError('not_found', 'The database holds no content yet; run tillit import <dir>');
    this.onPublicChange();
    return after;
  }

  /** A page of categories with their entry counts. */
  listCategories(page: number, pageSize: number): Promise<Page<CategoryRecord>> {
    return this.repository.listCategories(pageSize, (page - 1) * pageSize);
  }

  /** One category; not_found when missing. */
  async getCategory(slug: string): Promise<CategoryRecord> {
    const category = await this.repository.findCategory(slug);
    if (!category) throw new AppError('not_found', `No category "${slug}"`);
    return category;
  }

  /** Creates a category; a taken slug is a conflict reported on the slug field. */
  async createCategory(context: ActionContext, category: Category): Promise<void> {
    requirePermission(context, 'administer');
    const summary = `created: ${describeValues(categoryFields(category))}`;
    const created = await this.repository.insertCategory(
      category,
      this.write(context, 'category.create', 'category', category.slug, summary),
    );
    if (!created) throw slugTaken('category', category.slug);
    this.onPublicChange();
  }

  /** Changes a category's name, description, order and review interval. */
  async updateCategory(context: ActionContext, slug: string, input: CategoryInput): Promise<void> {
    requirePermission(context, 'administer');
    const before = await this.getCategory(slug);
    const after: Category = { ...input, slug, translations: input.translations ?? before.translations };
    const summary = describeChanges(categoryFields(before), categoryFields(after));
    const updated = await this.repository.updateCategory(
      after,
      this.write(context, 'category.update', 'category', slug, summary),
    );
    if (!updated) throw new AppError('not_found', `No category "${slug}"`);
    this.onPublicChange();
  }

  /** Deletes a category no entry uses; otherwise a conflict saying how many entries use it. */
  async deleteCategory(context: ActionContext, slug: string): Promise<void> {
    requirePermission(context, 'administer');
    const before = await this.getCategory(slug);
    const summary = `deleted: ${describeValues(categoryFields(before))}`;
    const deletion = await this.repository.deleteCategory(
      slug,
      this.write(context, 'category.delete', 'category', slug, summary),
    );
    if (deletion.outcome === 'not_found') throw new AppError('not_found', `No category "${slug}"`);
    if (deletion.outcome === 'in_use') {
      const count = deletion.entryCount;
      throw new AppError(
        'conflict',
        `The category "${before.name}" cannot be deleted: ${count} ${count === 1 ? 'entry uses' : 'entries use'} it. Move ${count === 1 ? 'it' : 'them'} to another category first.`,
      );
    }
    this.onPublicChange();
  }

  /** A page of tags with their entry counts. */
  listTags(page: number, pageSize: number): Promise<Page<TagRecord>> {
    return this.repository.listTags(pageSize, (page - 1) * pageSize);
  }

  /** One tag; not_found when missing. */
  async getTag(slug: string): Promise<TagRecord> {
    const tag = await this.repository.findTag(slug);
    if (!tag) throw new AppError('not_found', `No tag "${slug}"`);
    return tag;
  }

  /** Creates a tag; a taken slug is a conflict reported on the slug field. */
  async createTag(context: ActionContext, tag: Tag): Promise<void> {
    requirePermission(context, 'administer');
    const summary = `created: ${describeValues(tagFields(tag))}`;
    const created = await this.repository.insertTag(tag, this.write(context, 'tag.create', 'tag', tag.slug, summary));
    if (!created) throw slugTaken('tag', tag.slug);
    this.onPublicChange();
  }

  /** Renames a tag; `translations` omitted keeps the stored ones, `{}` removes them. */
  async updateTag(
    context: ActionContext,
    slug: string,
    name: string,
    translations?: Translations<TagTranslation>,
  ): Promise<void> {
    requirePermission(context, 'administer');
    const before = await this.getTag(slug);
    const after: Tag = { slug, name, translations: translations ?? before.translations };
    const summary = describeChanges(tagFields(before), tagFields(after));
    const updated = await this.repository.updateTag(after, this.write(context, 'tag.update', 'tag', slug, summary));
    if (!updated) throw new AppError('not_found', `No tag "${slug}"`);
    this.onPublicChange();
  }

  /** Deletes a tag and removes it from every entry; returns how many entries carried it. */
  async deleteTag(context: ActionContext, slug: string): Promise<number> {
    requirePermission(context, 'administer');
    const before = await this.getTag(slug);
    const changedAt = this.now().toISOString();
    const removedFrom = await this.repository.deleteTag(slug, changedAt, (count) =>
      this.auditEvent(
        context,
        'tag.delete',
        'tag',
        slug,
        `deleted: ${describeValues({ slug, name: before.name })}; removed from ${count} ${count === 1 ? 'entry' : 'entries'}`,
      ),
    );
    if (removedFrom === undefined) throw new AppError('not_found', `No tag "${slug}"`);
    this.onPublicChange();
    return removedFrom;
  }

  /** A page of highlights in display order. */
  listHighlights(page: number, pageSize: number): Promise<Page<HighlightRecord>> {
    return this.repository.listHighlights(pageSize, (page - 1) * pageSize);
  }

  /** One highlight; not_found when missing. */
  async getHighlight(id: number): Promise<HighlightRecord> {
    const highlight = await this.repository.findHighlight(id);
    if (!highlight) throw new AppError('not_found', `No highlight ${id}`);
    return highlight;
  }

  /** Adds a highlight card and returns its id. */
  async createHighlight(context: ActionContext, highlight: Highlight): Promise<number> {
    requirePermission(context, 'administer');
    const summary = `created: ${describeValues(highlightFields(highlight))}`;
    const id = await this.repository.insertHighlight(
      highlight,
      this.write(context, 'highlight.create', 'highlight', 'new', summary),
    );
    this.onPublicChange();
    return id;
  }

  /** Changes a highlight card. */
  async updateHighlight(context: ActionContext, id: number, highlight: Highlight): Promise<void> {
    requirePermission(context, 'administer');
    const before = await this.getHighlight(id);
    const after: Highlight = { ...highlight, translations: highlight.translations ?? before.translations };
    const summary = describeChanges(highlightFields(before), highlightFields(after));
    const updated = await this.repository.updateHighlight(
      id,
      after,
      this.write(context, 'highlight.update', 'highlight', String(id), summary),
    );
    if (!updated) throw new AppError('not_found', `No highlight ${id}`);
    this.onPublicChange();
  }

  /** Deletes a highlight card. */
  async deleteHighlight(context: ActionContext, id: number): Promise<void> {
    requirePermission(context, 'administer');
    const before = await this.getHighlight(id);
    const summary = `deleted: ${describeValues(highlightFields(before))}`;
    const deleted = await this.repository.deleteHighlight(
      id,
      this.write(context, 'highlight.delete', 'highlight', String(id), summary),
    );
    if (!deleted) throw new AppError('not_found', `No highlight ${id}`);
    this.onPublicChange();
  }

  /**
   * The highlights whose title or text names a certification that has expired on `today`: a card
   * still claiming a lapsed certificate is something staff should reword or renew.
   */
  async listExpiredCertificationClaims(today: string): Promise<ExpiredCertificationMention<HighlightRecord>[]> {
    const [highlights, certifications] = await Promise.all([
      this.repository.listHighlights(Number.MAX_SAFE_INTEGER, 0),
      this.repository.listCertifications(Number.MAX_SAFE_INTEGER, 0),
    ]);
    return listExpiredCertificationMentions(highlights.items, certifications.items, today);
  }

  /** The names of the expired certifications `text` names (a highlight's text as staff type it). */
  async listExpiredCertificationsNamedIn(text: string, today: string): Promise<string[]> {
    const certifications = await this.repository.listCertifications(Number.MAX_SAFE_INTEGER, 0);
    return findExpiredCertificationsNamedIn(text, certifications.items, today).map(
      (certification) => certification.name,
    );
  }

  /** A page of certifications in display order. */
  listCertifications(page: number, pageSize: number): Promise<Page<CertificationRecord>> {
    return this.repository.listCertifications(pageSize, (page - 1) * pageSize);
  }

  /** One certification; not_found when missing. */
  async getCertification(id: number): Promise<CertificationRecord> {
    const certification = await this.repository.findCertification(id);
    if (!certification) throw new AppError('not_found', `No certification ${id}`);
    return certification;
  }

  /** Adds a certification and returns its id; its validity must not end before it starts. */
  async createCertification(context: ActionContext, certification: Certification): Promise<number> {
    requirePermission(context, 'administer');
    checkValidity(certification);
    await this.checkDocument(certification);
    const summary = `created: ${describeValues(certificationFields(certification))}`;
    const id = await this.repository.insertCertification(
      certification,
      this.write(context, 'certification.create', 'certification', 'new', summary),
    );
    this.onPublicChange();
    return id;
  }

  /** Changes a certification; its validity must not end before it starts. */
  async updateCertification(context: ActionContext, id: number, certification: Certification): Promise<void> {
    requirePermission(context, 'administer');
    checkValidity(certification);
    await this.checkDocument(certification);
    const before = await this.getCertification(id);
    const after: Certification = {
      ...certification,
      translations: certification.translations ?? before.translations,
    };
    const summary = describeChanges(certificationFields(before), certificationFields(after));
    const updated = await this.repository.updateCertification(
      id,
      after,
      this.write(context, 'certification.update', 'certification', String(id), summary),
    );
    if (!updated) throw new AppError('not_found', `No certification ${id}`);
    this.onPublicChange();
  }

  /** Refuses a certification naming a document that does not exist or is archived. */
  private async checkDocument(certification: Certification): Promise<void> {
    if (certification.document === null) return;
    if ((await this.listDocumentSlugs()).has(certification.document)) return;
    const message = `No document "${certification.document}": create it under Documents first, or leave the field empty.`;
    throw new AppError('invalid_input', message, [{ source: 'form', field: 'document', message }]);
  }

  /** Deletes a certification. */
  async deleteCertification(context: ActionContext, id: number): Promise<void> {
    requirePermission(context, 'administer');
    const before = await this.getCertification(id);
    const summary = `deleted: ${describeValues(certificationFields(before))}`;
    const deleted = await this.repository.deleteCertification(
      id,
      this.write(context, 'certification.delete', 'certification', String(id), summary),
    );
    if (!deleted) throw new AppError('not_found', `No certification ${id}`);
    this.onPublicChange();
  }

  private write(
    context: ActionContext,
    action: string,
    targetType: string,
    targetId: string,
    summary: string,
  ): SiteContentWrite {
    return {
      changedAt: this.now().toISOString(),
      audit: this.auditEvent(context, action, targetType, targetId, summary),
    };
  }

  private auditEvent(
    context: ActionContext,
    action: string,
    targetType: string,
    targetId: string,
    summary: string,
  ): NewAuditEvent {
    return toAuditEvent({ ...context, action, targetType, targetId, summary }, this.now());
  }
}

type Fields = Record<string, string | number>;

function requirePermission(context: ActionContext, permission: Permission): void {
  if (!hasPermission(context.actor, permission))
    throw new AppError('forbidden', `Your role (${context.actor.role}) may not do this`);
}

function slugTaken(kind: 'category' | 'tag', slug: string): AppError {
  return new AppError('conflict', `The slug "${slug}" is already used by another ${kind}`, [
    { source: 'form', field: 'slug', message: `"${slug}" is already used by another ${kind}; choose another slug.` },
  ]);
}

function checkValidity(certification: Certification): void {
  if (certification.validUntil < certification.validFrom) {
    throw new AppError('invalid_input', 'The certification ends before it starts', [
      { source: 'form', field: 'validUntil', message: 'The valid-until date must be on or after the valid-from date.' },
    ]);
  }
}

function quote(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const oneLine = value.replace(/\s+/g, ' ');
  return JSON.stringify(oneLine.length > 80 ? `${oneLine.slice(0, 79)}…` : oneLine);
}

/** `field: "before" -> "after"` for each changed field, or `no changes`. */
function describeChanges(before: Fields, after: Fields): string {
  const changes = Object.keys(after)
    .filter((key) => before[key] !== after[key])
    .map((key) => `${key}: ${quote(before[key] ?? '')} -> ${quote(after[key] ?? '')}`);
  return changes.length === 0 ? 'no changes' : changes.join('; ');
}

function describeValues(fields: Fields): string {
  return Object.entries(fields)
    .filter(([key, value]) => !(key.endsWith('(Swedish)') && value === ''))
    .map(([key, value]) => `${key}=${quote(value)}`)
    .join(', ');
}

function flattenSite(site: Site): Fields {
  const sv = site.translations?.sv;
  return {
    ...toSiteSettingsText(site),
    slaResponseTimes: site.sla.responseTimes.map(describeResponseTime).join(' / '),
    'tagline (Swedish)': sv?.tagline ?? '',
    'intro (Swedish)': sv?.intro ?? '',
    'slaTitle (Swedish)': sv?.slaTitle ?? '',
    'slaSummary (Swedish)': sv?.slaSummary ?? '',
    'slaAvailability (Swedish)': sv?.slaAvailability ?? '',
    'slaResponseTimes (Swedish)': (sv?.responseTimes ?? [])
      .map((row) => `${row.description} | ${row.response}`)
      .join(' / '),
  };
}

function tagFields(tag: Tag): Fields {
  return { slug: tag.slug, name: tag.name, 'name (Swedish)': tag.translations?.sv?.name ?? '' };
}

function categoryFields(category: Category): Fields {
  return {
    slug: category.slug,
    name: category.name,
    description: category.description,
    order: category.order,
    reviewIntervalDays: category.reviewIntervalDays,
    'name (Swedish)': category.translations?.sv?.name ?? '',
    'description (Swedish)': category.translations?.sv?.description ?? '',
  };
}

function highlightFields(highlight: Highlight): Fields {
  return {
    title: highlight.title,
    text: highlight.text,
    icon: highlight.icon,
    order: highlight.order,
    'title (Swedish)': highlight.translations?.sv?.title ?? '',
    'text (Swedish)': highlight.translations?.sv?.text ?? '',
  };
}

function certificationFields(certification: Certification): Fields {
  return {
    name: certification.name,
    issuer: certification.issuer,
    certificateNumber: certification.certificateNumber,
    scope: certification.scope,
    validFrom: certification.validFrom,
    validUntil: certification.validUntil,
    document: certification.document ?? '',
    'scope (Swedish)': certification.translations?.sv?.scope ?? '',
  };
}
