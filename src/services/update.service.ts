import { AppError } from '../domain/errors.js';
import { readPageOrLast } from '../domain/page.js';
import { type Actor, hasPermission, type Permission } from '../domain/staff.js';
import type { SubprocessorChange } from '../domain/subprocessor-change.js';
import {
  FEED_ENTRY_COUNT,
  findUpdateProblems,
  isUpdateCategory,
  slugifyUpdate,
  UPDATES_PAGE_SIZE,
  type UpdateCategory,
  type UpdateInput,
  type UpdateRecord,
  type UpdateStatus,
} from '../domain/update.js';
import type { UpdateRepository, UpdateRow } from '../storage/update.repository.js';
import { type AuditInput, toAuditEvent } from './audit.service.js';
import type { SubscriptionService } from './subscription.service.js';

/** Who acts, for the staff use cases; `baseUrl` makes the links in the mails a publication sends. */
export interface UpdateStaffContext {
  actor: Actor;
  ip?: string;
  baseUrl: string;
}

/** A page of updates. */
export interface UpdatePage {
  items: UpdateRecord[];
  total: number;
  page: number;
  pageCount: number;
}

// Drafts made for a subprocessor change are written by the system, not by a person.
const SYSTEM_AUTHOR = 'system';

function toRow(input: UpdateInput, category: UpdateCategory): Omit<UpdateRow, 'slug'> {
  return {
    title: input.title,
    body: input.body,
    titleSv: input.titleSv === '' ? null : input.titleSv,
    bodySv: input.bodySv === '' ? null : input.bodySv,
    category,
    date: input.date,
  };
}

function trimInput(input: UpdateInput): UpdateInput {
  return {
    title: input.title.trim(),
    body: input.body.trim(),
    category: input.category.trim(),
    date: input.date.trim(),
    titleSv: input.titleSv.trim(),
    bodySv: input.bodySv.trim(),
  };
}

/**
 * Updates: staff write drafts, edit, publish (which mails the subscribers of the update's topic through the
 * outbox) and delete, each audited; visitors read the published ones on /updates and in the Atom feed. A
 * published subprocessor change arrives as a draft for staff to check and post.
 */
export class UpdateService {
  constructor(
    private readonly updates: UpdateRepository,
    private readonly subscriptions: SubscriptionService,
    private readonly now: () => Date,
  ) {}

  /** Published updates, newest first, optionally of one category; page 1 is the first. */
  async listPublished(filter: { category?: UpdateCategory; page: number }): Promise<UpdatePage> {
    return this.listPage({ status: 'published', category: filter.category }, filter.page, UPDATES_PAGE_SIZE);
  }

  /** The newest published updates, for the feed. */
  async listFeed(): Promise<UpdateRecord[]> {
    return (await this.updates.list({ status: 'published', limit: FEED_ENTRY_COUNT, offset: 0 })).items;
  }

  /** A published update by its slug; not_found for a draft or an unknown slug. */
  async getPublished(slug: string): Promise<UpdateRecord> {
    const update = await this.updates.findPublished(slug);
    if (!update) throw new AppError('not_found', `There is no published update "${slug}".`);
    return update;
  }

  /** Staff: every update, drafts included, newest first. */
  async listForStaff(actor: Actor, filter: { status?: UpdateStatus; page: number }): Promise<UpdatePage> {
    this.require(actor, 'read');
    return this.listPage({ status: filter.status }, filter.page, 50);
  }

  /** Every update, drafts included, in slug order, for `tillit export`. */
  listForExport(): Promise<UpdateRecord[]> {
    return this.updates.listAll();
  }

  /** Staff: one update. */
  async get(actor: Actor, id: number): Promise<UpdateRecord> {
    this.require(actor, 'read');
    const update = await this.updates.findById(id);
    if (!update) throw new AppError('not_found', `No update #${id}.`);
    return update;
  }

  /** Staff write a draft; bad input throws invalid_input naming each field, and nothing is stored. */
  async create(context: UpdateStaffContext, typed: UpdateInput): Promise<UpdateRecord> {
    this.require(context.actor, 'edit');
    const input = trimInput(typed);
    const category = this.check(input);
    const id = await this.insertDraft(input, category, context.actor.email, (slug) => ({
      actor: context.actor,
      ip: context.ip,
      action: 'update.create',
      targetType: 'update',
      targetId: slug,
      summary: `drafted the ${category} update "${input.title}" dated ${input.date}`,
    }));
    return this.get(context.actor, id);
  }

  /** Staff change an update (draft or published); its address stays. */
  async edit(context: UpdateStaffContext, id: number, typed: UpdateInput): Promise<UpdateRecord> {
    this.require(context.actor, 'edit');
    const existing = await this.get(context.actor, id);
    if (existing.status === 'published') this.require(context.actor, 'publish');
    const input = trimInput(typed);
    const category = this.check(input);
    const now = this.now();
    await this.updates.transaction(async (trx) => {
      await this.updates.update(trx, id, toRow(input, category), now.toISOString());
      await this.updates.audit(
        trx,
        toAuditEvent(
          {
            actor: context.actor,
            ip: context.ip,
            action: 'update.edit',
            targetType: 'update',
            targetId: existing.slug,
            summary: `edited the ${existing.status} update "${existing.title}"${existing.title === input.title ? '' : ` -> "${input.title}"`}`,
          },
          now,
        ),
      );
    });
    return this.get(context.actor, id);
  }

  /**
   * Publishes a draft: it appears on /updates and in the feed, and every confirmed subscriber of its topic
   * is mailed once, in the same transaction (the outbox sends after the commit). Answers how many were mailed.
   */
  async publish(context: UpdateStaffContext, id: number): Promise<{ mailed: number }> {
    this.require(context.actor, 'publish');
    const update = await this.get(context.actor, id);
    if (update.status !== 'draft') throw new AppError('conflict', `The update "${update.title}" is published already.`);
    const now = this.now();
    const mailed = await this.updates.transaction(async (trx) => {
      if (!(await this.updates.publish(trx, id, now.toISOString()))) {
        throw new AppError('conflict', `The update "${update.title}" is published already.`);
      }
      const published: UpdateRecord = { ...update, status: 'published', publishedAt: now.toISOString() };
      const count = await this.subscriptions.queueUpdateMails(trx, published, context.baseUrl);
      await this.updates.audit(
        trx,
        toAuditEvent(
          {
            actor: context.actor,
            ip: context.ip,
            action: 'update.publish',
            targetType: 'update',
            targetId: update.slug,
            summary: `published "${update.title}" and mailed ${count} ${count === 1 ? 'subscriber' : 'subscribers'}`,
          },
          now,
        ),
      );
      return count;
    });
    // The mails go out from the background mailing, slice by slice, after this request has its answer.
    this.subscriptions.startMailings();
    return { mailed };
  }

  /** Staff delete an update (a published one needs the publish permission); audited with its title. */
  async delete(context: UpdateStaffContext, id: number): Promise<void> {
    this.require(context.actor, 'edit');
    const update = await this.get(context.actor, id);
    if (update.status === 'published') this.require(context.actor, 'publish');
    const now = this.now();
    await this.updates.transaction(async (trx) => {
      if (!(await this.updates.delete(trx, id))) throw new AppError('not_found', `No update #${id}.`);
      await this.updates.audit(
        trx,
        toAuditEvent(
          {
            actor: context.actor,
            ip: context.ip,
            action: 'update.delete',
            targetType: 'update',
            targetId: update.slug,
            summary: `deleted the ${update.status} update "${update.title}" dated ${update.date}`,
          },
          now,
        ),
      );
    });
  }

  /**
   * Writes a draft update for a published subprocessor change (category subprocessors, dated its effective day,
   * with the Swedish text when the change has one), for staff to check and publish. Answers the draft.
   */
  async createDraftForSubprocessorChange(change: SubprocessorChange): Promise<UpdateRecord> {
    const title = {
      added: `New subprocessor: ${change.name}`,
      changed: `Subprocessor changed: ${change.name}`,
      ended: `Subprocessor ends: ${change.name}`,
    }[change.kind];
    const titleSv = {
      added: `Nytt underbiträde: ${change.name}`,
      changed: `Ändrat underbiträde: ${change.name}`,
      ended: `Underbiträde upphör: ${change.name}`,
    }[change.kind];
    const effective = `Takes effect on ${change.effectiveOn}.`;
    const input: UpdateInput = {
      title,
      body: `${change.summary.trim()}\n\n${effective}`,
      category: 'subprocessors',
      date: change.effectiveOn,
      titleSv: change.summarySv === null ? '' : titleSv,
      bodySv: change.summarySv === null ? '' : `${change.summarySv.trim()}\n\nGäller från ${change.effectiveOn}.`,
    };
    const category = this.check(input);
    const id = await this.insertDraft(input, category, SYSTEM_AUTHOR, (slug) => ({
      actor: undefined,
      actorEmail: SYSTEM_AUTHOR,
      action: 'update.create',
      targetType: 'update',
      targetId: slug,
      summary: `drafted "${title}" for the ${change.kind} subprocessor ${change.slug}`,
    }));
    const draft = await this.updates.findById(id);
    if (!draft) throw new AppError('not_found', `No update #${id}.`);
    return draft;
  }

  private async listPage(
    filter: { status?: UpdateStatus; category?: UpdateCategory },
    requested: number,
    pageSize: number,
  ): Promise<UpdatePage> {
    const { items, total, page, pageCount } = await readPageOrLast(requested, pageSize, (page) =>
      this.updates.list({ ...filter, limit: pageSize, offset: (page - 1) * pageSize }),
    );
    return { items, total, page, pageCount };
  }

  /** Stores a checked draft under a free address, with its audit event, in one transaction; answers its id. */
  private async insertDraft(
    input: UpdateInput,
    category: UpdateCategory,
    author: string,
    audit: (slug: string) => AuditInput,
  ): Promise<number> {
    const now = this.now();
    return this.updates.transaction(async (trx) => {
      const slug = await this.freeSlug(slugifyUpdate(input.date, input.title), trx);
      const created = await this.updates.insert(trx, { ...toRow(input, category), slug }, now.toISOString(), author);
      await this.updates.audit(trx, toAuditEvent(audit(slug), now));
      return created;
    });
  }

  private check(input: UpdateInput): UpdateCategory {
    const problems = findUpdateProblems(input);
    if (problems.length > 0 || !isUpdateCategory(input.category)) {
      throw new AppError(
        'invalid_input',
        `The update was not saved: ${problems.map((problem) => problem.message).join('; ')}.`,
        problems,
      );
    }
    return input.category;
  }

  /** The slug, or the slug with -2, -3 … when taken. */
  private async freeSlug(base: string, trx: Parameters<UpdateRepository['hasSlug']>[1]): Promise<string> {
    const root = base === '' || base.endsWith('-') ? `${base}update` : base;
    let slug = root;
    for (let number = 2; await this.updates.hasSlug(slug, trx); number++) slug = `${root}-${number}`;
    return slug;
  }

  private require(actor: Actor, permission: Permission): void {
    if (!hasPermission(actor, permission)) throw new AppError('forbidden', 'Your role does not allow this.');
  }
}
