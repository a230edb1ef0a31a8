import type { Kysely, Selectable, Transaction } from 'kysely';
import {
  type Category,
  type Certification,
  type Highlight,
  ICON_NAMES,
  type IconName,
  type Site,
  type Tag,
} from '../domain/content.js';
import type { Page } from '../domain/page.js';
import type { CategoryRecord, CertificationRecord, HighlightRecord, TagRecord } from '../domain/site-content.js';
import { AuditRepository, type NewAuditEvent } from './audit.repository.js';
import { toCategoryRow, toSiteRow } from './content.repository.js';
import { bumpContentRevision } from './content-revision.js';
import type { DialectName } from './dialect.js';
import type { Database } from './schema.js';
import {
  deleteTranslations,
  findTranslations,
  loadTranslations,
  SITE_TRANSLATION_KEY,
  type TranslationSubject,
  withTranslations,
  writeTranslations,
} from './translation.repository.js';

/** What a write commits besides the change itself: when, and its audit event. */
export interface SiteContentWrite {
  changedAt: string;
  audit: NewAuditEvent;
}

/** Outcome of deleting a category: only a category no entry uses can go. */
export type CategoryDeletion =
  | { outcome: 'deleted' }
  | { outcome: 'in_use'; entryCount: number }
  | { outcome: 'not_found' };

/**
 * SQL for the site-wide content staff edit one piece at a time (site settings, categories, tags,
 * highlights, certifications). Every write appends its audit event and bumps the content revision
 * in the same transaction, so visitors see the change at once and the log never misses one.
 */
export class SiteContentRepository {
  private readonly auditLog: AuditRepository;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {
    this.auditLog = new AuditRepository(db);
  }

  /** The site settings with their SLA response-time rows, or undefined before any import. */
  async findSite(): Promise<Site | undefined> {
    const row = await this.db.selectFrom('site').selectAll().where('id', '=', 1).executeTakeFirst();
    if (!row) return undefined;
    const responseRows = await this.db.selectFrom('sla_response_time').selectAll().orderBy('position').execute();
    const translations = await findTranslations(this.db, 'site', SITE_TRANSLATION_KEY);
    return withTranslations(
      {
        name: row.name,
        tagline: row.tagline,
        intro: row.intro,
        contactEmail: row.contact_email,
        securityContact: row.security_contact,
        securityPolicyLink: row.security_policy_link,
        preferredLanguages: row.preferred_languages.split(',').filter((language) => language.length > 0),
        accentColor: row.accent_color,
        sla: {
          title: row.sla_title,
          summary: row.sla_summary,
          availability: row.sla_availability,
          link: row.sla_link,
          responseTimes: responseRows.map((r) => ({
            priority: r.priority,
            description: r.description,
            response: r.response,
          })),
        },
      },
      translations,
    );
  }

  /** Replaces the site settings and the SLA rows; false when there is no site row to update. */
  async saveSite(site: Site, write: SiteContentWrite): Promise<boolean> {
    return this.commit(write.changedAt, async (trx) => {
      const result = await trx.updateTable('site').set(toSiteRow(site)).where('id', '=', 1).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return { result: false };
      await trx.deleteFrom('sla_response_time').execute();
      const rows = site.sla.responseTimes.map((r, index) => ({ position: index + 1, ...r }));
      if (rows.length > 0) await trx.insertInto('sla_response_time').values(rows).execute();
      await writeTranslations(trx, 'site', SITE_TRANSLATION_KEY, site.translations, write.changedAt);
      return { result: true, audit: write.audit };
    });
  }

  /** A page of categories in display order, with their entry counts. */
  async listCategories(limit: number, offset: number): Promise<Page<CategoryRecord>> {
    const rows = this.selectCategories().orderBy('position').orderBy('slug').limit(limit).offset(offset).execute();
    return this.withPageTranslations('category', await this.pageOf('category', rows, toCategoryRecord), (c) => c.slug);
  }

  /** One category with its entry count, or undefined. */
  async findCategory(slug: string): Promise<CategoryRecord | undefined> {
    const row = await this.selectCategories().where('slug', '=', slug).executeTakeFirst();
    return row ? withTranslations(toCategoryRecord(row), await findTranslations(this.db, 'category', slug)) : undefined;
  }

  /** Adds a category; false when its slug is already taken (checked inside the transaction). */
  async insertCategory(category: Category, write: SiteContentWrite): Promise<boolean> {
    return this.commit(write.changedAt, async (trx) => {
      const taken = await trx.selectFrom('category').select('id').where('slug', '=', category.slug).executeTakeFirst();
      if (taken) return { result: false };
      await trx.insertInto('category').values(toCategoryRow(category)).execute();
      await writeTranslations(trx, 'category', category.slug, category.translations, write.changedAt);
      return { result: true, audit: write.audit };
    });
  }

  /** Changes a category's fields (not its slug); false when it does not exist. */
  async updateCategory(category: Category, write: SiteContentWrite): Promise<boolean> {
    // The slug names the row; every other column is replaced.
    const { slug, ...columns } = toCategoryRow(category);
    return this.commit(write.changedAt, async (trx) => {
      const result = await trx.updateTable('category').set(columns).where('slug', '=', slug).executeTakeFirst();
      if (Number(result.numUpdatedRows) > 0)
        await writeTranslations(trx, 'category', slug, category.translations, write.changedAt);
      return auditedWhenChanged(result.numUpdatedRows, write.audit);
    });
  }

  /** Deletes a category only when no entry uses it; the check and the delete share one transaction. */
  async deleteCategory(slug: string, write: SiteContentWrite): Promise<CategoryDeletion> {
    return this.commit(write.changedAt, async (trx): Promise<{ result: CategoryDeletion; audit?: NewAuditEvent }> => {
      const row = await trx.selectFrom('category').select('id').where('slug', '=', slug).executeTakeFirst();
      if (!row) return { result: { outcome: 'not_found' } };
      const count = await trx
        .selectFrom('entry')
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .where('category_id', '=', row.id)
        .executeTakeFirstOrThrow();
      const entryCount = Number(count.count);
      if (entryCount > 0) return { result: { outcome: 'in_use', entryCount } };
      await trx.deleteFrom('category').where('id', '=', row.id).execute();
      await deleteTranslations(trx, 'category', [slug]);
      return { result: { outcome: 'deleted' }, audit: write.audit };
    });
  }

  /** A page of tags by name, with their entry counts. */
  async listTags(limit: number, offset: number): Promise<Page<TagRecord>> {
    const rows = this.selectTags().orderBy('name').orderBy('slug').limit(limit).offset(offset).execute();
    return this.withPageTranslations('tag', await this.pageOf('tag', rows, toTagRecord), (t) => t.slug);
  }

  /** One tag with its entry count, or undefined. */
  async findTag(slug: string): Promise<TagRecord | undefined> {
    const row = await this.selectTags().where('slug', '=', slug).executeTakeFirst();
    return row ? withTranslations(toTagRecord(row), await findTranslations(this.db, 'tag', slug)) : undefined;
  }

  /** Adds a tag; false when its slug is already taken. */
  async insertTag(tag: Tag, write: SiteContentWrite): Promise<boolean> {
    return this.commit(write.changedAt, async (trx) => {
      const taken = await trx.selectFrom('tag').select('id').where('slug', '=', tag.slug).executeTakeFirst();
      if (taken) return { result: false };
      await trx.insertInto('tag').values({ slug: tag.slug, name: tag.name }).execute();
      await writeTranslations(trx, 'tag', tag.slug, tag.translations, write.changedAt);
      return { result: true, audit: write.audit };
    });
  }

  /** Renames a tag; false when it does not exist. */
  async updateTag(tag: Tag, write: SiteContentWrite): Promise<boolean> {
    return this.commit(write.changedAt, async (trx) => {
      const result = await trx
        .updateTable('tag')
        .set({ name: tag.name })
        .where('slug', '=', tag.slug)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) > 0)
        await writeTranslations(trx, 'tag', tag.slug, tag.translations, write.changedAt);
      return auditedWhenChanged(result.numUpdatedRows, write.audit);
    });
  }

  /**
   * Deletes a tag and takes it off every entry; returns how many entries lost it, or undefined when
   * the tag does not exist. The audit event is built from that count, inside the transaction.
   */
  async deleteTag(
    slug: string,
    changedAt: string,
    audit: (removedFrom: number) => NewAuditEvent,
  ): Promise<number | undefined> {
    return this.commit(changedAt, async (trx): Promise<{ result: number | undefined; audit?: NewAuditEvent }> => {
      const row = await trx.selectFrom('tag').select('id').where('slug', '=', slug).executeTakeFirst();
      if (!row) return { result: undefined };
      const removed = await trx.deleteFrom('entry_tag').where('tag_id', '=', row.id).executeTakeFirst();
      const removedFrom = Number(removed.numDeletedRows);
      await trx.deleteFrom('tag').where('id', '=', row.id).execute();
      await deleteTranslations(trx, 'tag', [slug]);
      return { result: removedFrom, audit: audit(removedFrom) };
    });
  }

  /** A page of highlights in display order. */
  async listHighlights(limit: number, offset: number): Promise<Page<HighlightRecord>> {
    return this.withPageTranslations(
      'highlight',
      await this.pageOf('highlight', this.selectInDisplayOrder('highlight', limit, offset), toHighlightRecord),
      (h) => String(h.id),
    );
  }

  /** One highlight, or undefined. */
  async findHighlight(id: number): Promise<HighlightRecord | undefined> {
    const row = await this.selectById('highlight', id);
    return row
      ? withTranslations(toHighlightRecord(row), await findTranslations(this.db, 'highlight', String(id)))
      : undefined;
  }

  /** Adds a highlight and returns its id. */
  async insertHighlight(highlight: Highlight, write: SiteContentWrite): Promise<number> {
    return this.commit(write.changedAt, async (trx) => {
      const row = await trx
        .insertInto('highlight')
        .values({ title: highlight.title, text: highlight.text, icon: highlight.icon, position: highlight.order })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeTranslations(trx, 'highlight', String(row.id), highlight.translations, write.changedAt);
      return { result: Number(row.id), audit: { ...write.audit, targetId: String(row.id) } };
    });
  }

  /** Changes a highlight; false when it does not exist. */
  async updateHighlight(id: number, highlight: Highlight, write: SiteContentWrite): Promise<boolean> {
    return this.commit(write.changedAt, async (trx) => {
      const result = await trx
        .updateTable('highlight')
        .set({ title: highlight.title, text: highlight.text, icon: highlight.icon, position: highlight.order })
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) > 0)
        await writeTranslations(trx, 'highlight', String(id), highlight.translations, write.changedAt);
      return auditedWhenChanged(result.numUpdatedRows, write.audit);
    });
  }

  /** Deletes a highlight; false when it does not exist. */
  async deleteHighlight(id: number, write: SiteContentWrite): Promise<boolean> {
    return this.deleteById('highlight', id, write);
  }

  /** A page of certifications in display order. */
  async listCertifications(limit: number, offset: number): Promise<Page<CertificationRecord>> {
    return this.withPageTranslations(
      'certification',
      await this.pageOf(
        'certification',
        this.selectInDisplayOrder('certification', limit, offset),
        toCertificationRecord,
      ),
      (c) => String(c.id),
    );
  }

  /** One certification, or undefined. */
  async findCertification(id: number): Promise<CertificationRecord | undefined> {
    const row = await this.selectById('certification', id);
    return row
      ? withTranslations(toCertificationRecord(row), await findTranslations(this.db, 'certification', String(id)))
      : undefined;
  }

  /** Adds a certification after the existing ones and returns its id. */
  async insertCertification(certification: Certification, write: SiteContentWrite): Promise<number> {
    return this.commit(write.changedAt, async (trx) => {
      const last = await trx
        .selectFrom('certification')
        .select((eb) => eb.fn.max<number | null>('position').as('position'))
        .executeTakeFirst();
      const row = await trx
        .insertInto('certification')
        .values({ ...toCertificationColumns(certification), position: Number(last?.position ?? 0) + 1 })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeTranslations(trx, 'certification', String(row.id), certification.translations, write.changedAt);
      return { result: Number(row.id), audit: { ...write.audit, targetId: String(row.id) } };
    });
  }

  /** Changes a certification; false when it does not exist. */
  async updateCertification(id: number, certification: Certification, write: SiteContentWrite): Promise<boolean> {
    return this.commit(write.changedAt, async (trx) => {
      const result = await trx
        .updateTable('certification')
        .set(toCertificationColumns(certification))
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) > 0)
        await writeTranslations(trx, 'certification', String(id), certification.translations, write.changedAt);
      return auditedWhenChanged(result.numUpdatedRows, write.audit);
    });
  }

  /** Deletes a certification; false when it does not exist. */
  async deleteCertification(id: number, write: SiteContentWrite): Promise<boolean> {
    return this.deleteById('certification', id, write);
  }

  /**
   * Runs a write in one transaction. When `run` reports an audit event the change happened: the
   * event is appended and the content revision bumped before commit; otherwise nothing is recorded.
   */
  private commit<T>(
    changedAt: string,
    run: (trx: Transaction<Database>) => Promise<{ result: T; audit?: NewAuditEvent }>,
  ): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      const { result, audit } = await run(trx);
      if (audit) {
        await this.auditLog.append(audit, trx);
        await bumpContentRevision(trx, this.dialect, changedAt);
      }
      return result;
    });
  }

  /** A page of the rows of a table staff order by hand, by position and then by id. */
  private selectInDisplayOrder(table: 'highlight', limit: number, offset: number): Promise<HighlightRow[]>;
  private selectInDisplayOrder(table: 'certification', limit: number, offset: number): Promise<CertificationRow[]>;
  private selectInDisplayOrder(table: ItemTable, limit: number, offset: number) {
    return this.db
      .selectFrom(table)
      .selectAll()
      .orderBy('position')
      .orderBy('id')
      .limit(limit)
      .offset(offset)
      .execute();
  }

  /** One row of a table whose items have a numeric id, or undefined. */
  private selectById(table: 'highlight', id: number): Promise<HighlightRow | undefined>;
  private selectById(table: 'certification', id: number): Promise<CertificationRow | undefined>;
  private selectById(table: ItemTable, id: number) {
    return this.db.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Deletes one item by id; false when it does not exist. */
  private deleteById(table: ItemTable, id: number, write: SiteContentWrite): Promise<boolean> {
    return this.commit(write.changedAt, async (trx) => {
      const result = await trx.deleteFrom(table).where('id', '=', id).executeTakeFirst();
      await deleteTranslations(trx, table, [String(id)]);
      return auditedWhenChanged(result.numDeletedRows, write.audit);
    });
  }

  /** A page whose items carry their translations, looked up by `keyOf`. */
  private async withPageTranslations<Item extends object, S extends TranslationSubject>(
    subject: S,
    page: Page<Item>,
    keyOf: (item: Item) => string,
  ): Promise<Page<Item & { translations?: unknown }>> {
    const translations = await loadTranslations(this.db, subject, page.items.map(keyOf));
    return { ...page, items: page.items.map((item) => withTranslations(item, translations.get(keyOf(item)))) };
  }

  /** Pairs a page of rows, mapped by `toItem`, with the count of all rows in `table`. */
  private async pageOf<Row, Item>(
    table: 'category' | 'tag' | 'highlight' | 'certification',
    rows: Promise<Row[]>,
    toItem: (row: Row) => Item,
  ): Promise<Page<Item>> {
    const [items, count] = await Promise.all([
      rows,
      this.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .executeTakeFirstOrThrow(),
    ]);
    return { items: items.map(toItem), total: Number(count.count) };
  }

  private selectCategories() {
    return this.db
      .selectFrom('category')
      .selectAll('category')
      .select((eb) =>
        eb
          .selectFrom('entry')
          .select(eb.fn.countAll<number | string>().as('count'))
          .whereRef('entry.category_id', '=', 'category.id')
          .as('entry_count'),
      );
  }

  private selectTags() {
    return this.db
      .selectFrom('tag')
      .selectAll('tag')
      .select((eb) =>
        eb
          .selectFrom('entry_tag')
          .select(eb.fn.countAll<number | string>().as('count'))
          .whereRef('entry_tag.tag_id', '=', 'tag.id')
          .as('entry_count'),
      );
  }
}

/** The site-content tables whose items have a numeric id and a hand-set position. */
type ItemTable = 'highlight' | 'certification';
type HighlightRow = Selectable<Database['highlight']>;
type CertificationRow = Selectable<Database['certification']>;

/** The outcome of an update or delete by key: true and audited when it touched a row, else false. */
function auditedWhenChanged(changedRows: bigint, audit: NewAuditEvent): { result: boolean; audit?: NewAuditEvent } {
  return Number(changedRows) === 0 ? { result: false } : { result: true, audit };
}

function toCategoryRecord(row: {
  slug: string;
  name: string;
  description: string;
  position: number;
  review_interval_days: number;
  entry_count: number | string | null;
}): CategoryRecord {
  return {
    slug: row.slug,
    name: row.name,
    description: row.description,
    order: Number(row.position),
    reviewIntervalDays: Number(row.review_interval_days),
    entryCount: Number(row.entry_count ?? 0),
  };
}

function toTagRecord(row: { slug: string; name: string; entry_count: number | string | null }): TagRecord {
  return { slug: row.slug, name: row.name, entryCount: Number(row.entry_count ?? 0) };
}

function toHighlightRecord(row: HighlightRow): HighlightRecord {
  return {
    id: Number(row.id),
    title: row.title,
    text: row.text,
    icon: toIconName(row.icon),
    order: Number(row.position),
  };
}

function toCertificationRecord(row: CertificationRow): CertificationRecord {
  return {
    id: Number(row.id),
    name: row.name,
    issuer: row.issuer,
    certificateNumber: row.certificate_number,
    scope: row.scope,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    document: row.document_slug,
  };
}

function toCertificationColumns(certification: Certification) {
  return {
    name: certification.name,
    issuer: certification.issuer,
    certificate_number: certification.certificateNumber,
    scope: certification.scope,
    valid_from: certification.validFrom,
    valid_until: certification.validUntil,
    document_slug: certification.document,
  };
}

function toIconName(value: string): IconName {
  return ICON_NAMES.find((name) => name === value) ?? 'shield';
}
