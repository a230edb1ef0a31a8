import { AWAITING_APPROVAL_CHANGE } from '../domain/content.js';
import { getCountryName } from '../domain/country.js';
import { type DiffLine, diffLines } from '../domain/diff.js';
import { AppError, type InputProblem } from '../domain/errors.js';
import { type Actor, hasPermission, type Permission } from '../domain/staff.js';
import {
  describeSubprocessorChange,
  describeSubprocessorRemoval,
  findSubprocessorProblems,
  findSubprocessorSlugProblem,
  getSubprocessorPhase,
  type PublicSubprocessor,
  type PublicSubprocessorFilter,
  type Subprocessor,
  type SubprocessorFields,
  type SubprocessorPhase,
  type SubprocessorRecord,
  type SubprocessorStatus,
  toSubprocessorFields,
  trimSubprocessorFields,
} from '../domain/subprocessor.js';
import type { SubprocessorChange } from '../domain/subprocessor-change.js';

export type { PublicSubprocessor, PublicSubprocessorFilter };

import type {
  SubprocessorRepository,
  SubprocessorVersion,
  SubprocessorWrite,
} from '../storage/subprocessor.repository.js';
import { toAuditEvent } from './audit.service.js';
import type { ActionContext } from './entry.service.js';
import type { SettingService } from './setting.service.js';

/** A change that would reach subscribers sooner than the operator's notice lead time. */
export interface ShortNotice {
  change: SubprocessorChange;
  leadDays: number;
  /** Days from today to the effective date (0 or less: today or already past). */
  daysAhead: number;
}

/** A subprocessor as the staff list shows it. */
export interface SubprocessorListItem extends SubprocessorRecord {
  phase: SubprocessorPhase;
}

/** Filters of the staff list; undefined means any. */
export interface SubprocessorStaffFilter {
  status?: SubprocessorStatus;
  phase?: SubprocessorPhase;
  text?: string;
}

/** The public list: current and former subprocessors matching the filters, and the values each filter offers. */
export interface PublicSubprocessorList {
  current: PublicSubprocessor[];
  former: PublicSubprocessor[];
  countries: string[];
  categories: string[];
}

/** The differences between two versions, field by field. */
export interface SubprocessorVersionDiff {
  from: SubprocessorVersion;
  to: SubprocessorVersion;
  fields: { field: string; lines: DiffLine[]; isChanged: boolean }[];
}

/** What the service is told besides its storage. */
export interface SubprocessorServiceOptions {
  /** Called after each committed change visitors see, so this process refreshes its public pages at once. */
  onContentChanged?: () => void;
  /**
   * Called after a change to the public subprocessor list is committed (added, changed, ended): the updates
   * service drafts an update and notifies subscribers. Absent: nobody is told.
   */
  onPublishedChange?: (change: SubprocessorChange) => Promise<void> | void;
}

/** Editing, workflow (draft → in review → published → archived), history and the public list of subprocessors. */
export class SubprocessorService {
  private readonly onContentChanged: () => void;
  private readonly onPublishedChange: (change: SubprocessorChange) => Promise<void> | void;

  constructor(
    private readonly subprocessors: SubprocessorRepository,
    private readonly settings: Pick<SettingService, 'isFourEyesRequired' | 'getNoticeLeadDays'>,
    private readonly now: () => Date,
    options: SubprocessorServiceOptions = {},
  ) {
    this.onContentChanged = options.onContentChanged ?? (() => {});
    this.onPublishedChange = options.onPublishedChange ?? (() => {});
  }

  /** Every subprocessor matching the filters, by name, with where each stands today. */
  async listForStaff(filter: SubprocessorStaffFilter = {}): Promise<SubprocessorListItem[]> {
    const today = this.today();
    const text = filter.text?.trim().toLowerCase();
    return (await this.subprocessors.listSubprocessors())
      .map((record) => ({ ...record, phase: getSubprocessorPhase(record, today) }))
      .filter(
        (item) =>
          (!filter.status || item.status === filter.status) &&
          (!filter.phase || item.phase === filter.phase) &&
          (!text ||
            item.name.toLowerCase().includes(text) ||
            item.legalEntity.toLowerCase().includes(text) ||
            item.slug.includes(text)),
      );
  }

  /** Every subprocessor as stored, for a content export (workflow state is not part of the file). */
  async listForExport(): Promise<Subprocessor[]> {
    return (await this.subprocessors.listSubprocessors()).map(stripWorkflow);
  }

  /** One subprocessor; not_found when missing. */
  async getSubprocessor(slug: string): Promise<SubprocessorRecord> {
    const record = await this.subprocessors.findSubprocessor(slug);
    if (!record) throw new AppError('not_found', `No subprocessor "${slug}"`);
    return record;
  }

  /** What the next edit builds on: the change waiting for approval when there is one, else the stored state. */
  async getLatest(slug: string): Promise<Subprocessor> {
    const record = await this.getSubprocessor(slug);
    const pending =
      record.pendingVersion === null ? undefined : await this.subprocessors.findVersion(slug, record.pendingVersion);
    return pending ? pending.subprocessor : stripWorkflow(record);
  }

  /** Creates a draft. Every problem is reported on its field and nothing is saved. */
  async createSubprocessor(
    context: ActionContext,
    slug: string,
    input: SubprocessorFields,
  ): Promise<SubprocessorRecord> {
    requirePermission(context.actor, 'edit');
    const fields = trimSubprocessorFields(input);
    const slugProblem = findSubprocessorSlugProblem(slug);
    const problems: InputProblem[] = [...(slugProblem ? [slugProblem] : []), ...findSubprocessorProblems(fields)].map(
      (problem) => ({ source: 'form', ...problem }),
    );
    if (!slugProblem && (await this.subprocessors.hasSlug(slug))) {
      problems.unshift({
        source: 'form',
        field: 'slug',
        message: `"${slug}" is already used by another subprocessor; choose another`,
      });
    }
    if (problems.length > 0) throw new AppError('invalid_input', 'Some fields need attention', problems);
    const timestamp = this.now().toISOString();
    const subprocessor: Subprocessor = { ...fields, slug, status: 'draft', createdAt: timestamp, updatedAt: timestamp };
    await this.commit({
      changedAt: timestamp,
      subprocessor,
      version: this.version(context, 'created', subprocessor),
      audit: this.audit(context, 'subprocessor.create', slug, `created draft "${subprocessor.name}"`),
      isPublic: false,
    });
    return this.getSubprocessor(slug);
  }

  /**
   * Saves an edit as a new version. Drafts change in place. A published subprocessor changes at once, unless
   * four-eyes is on: then the edit waits as a pending version until someone else approves it.
   */
  async updateSubprocessor(
    context: ActionContext,
    slug: string,
    input: SubprocessorFields,
  ): Promise<SubprocessorRecord> {
    requirePermission(context.actor, 'edit');
    const current = await this.getSubprocessor(slug);
    if (current.status === 'archived')
      throw new AppError('conflict', 'Archived subprocessors cannot be edited; reopen it as a draft first');
    const fields = trimSubprocessorFields(input);
    const problems = findSubprocessorProblems(fields).map((problem) => ({ source: 'form', ...problem }));
    if (problems.length > 0) throw new AppError('invalid_input', 'Some fields need attention', problems);
    const timestamp = this.now().toISOString();
    const stored = stripWorkflow(current);
    const edited: Subprocessor = { ...stored, ...withoutTranslations(fields), updatedAt: timestamp };
    if (fields.translations) edited.translations = fields.translations;
    else delete edited.translations;
    const summary = describeEdits(stored, edited);
    if (current.status === 'published' && (await this.settings.isFourEyesRequired())) {
      await this.commit({
        changedAt: timestamp,
        version: this.version(context, `edited${AWAITING_APPROVAL_CHANGE}`, edited),
        workflow: { pendingVersion: 'new-version', submittedById: context.actor.userId },
        audit: this.audit(context, 'subprocessor.propose', slug, `proposed change: ${summary}`),
        isPublic: false,
      });
      return this.getSubprocessor(slug);
    }
    await this.commit({
      changedAt: timestamp,
      subprocessor: edited,
      version: this.version(context, 'edited', edited),
      workflow: { pendingVersion: null },
      audit: this.audit(context, 'subprocessor.save', slug, summary),
      isPublic: current.status === 'published',
    });
    if (current.status === 'published') await this.announce(stored, edited);
    return this.getSubprocessor(slug);
  }

  /** Sends a draft for review. */
  async submitForReview(context: ActionContext, slug: string): Promise<SubprocessorRecord> {
    requirePermission(context.actor, 'edit');
    const current = await this.getSubprocessor(slug);
    if (current.status !== 'draft')
      throw new AppError(
        'conflict',
        `Only drafts can be sent for review; this subprocessor is ${describeStatus(current.status)}`,
      );
    return this.changeStatus(context, current, 'in_review', 'subprocessor.submit', {
      submittedById: context.actor.userId,
      reviewedById: null,
    });
  }

  /**
   * Approves a subprocessor in review (publishing it) or a pending change to a published one. Under four-eyes
   * the approver must be someone other than whoever submitted or wrote what is approved.
   */
  async approve(context: ActionContext, slug: string): Promise<SubprocessorRecord> {
    requirePermission(context.actor, 'publish');
    const current = await this.getSubprocessor(slug);
    const isFourEyes = await this.settings.isFourEyesRequired();
    if (current.status === 'published' && current.pendingVersion !== null) {
      const pending = await this.subprocessors.findVersion(slug, current.pendingVersion);
      if (!pending) throw new AppError('not_found', 'The pending change no longer exists');
      if (isFourEyes) await this.requireSecondPerson(context, current, pending.version);
      const timestamp = this.now().toISOString();
      const approved: Subprocessor = { ...pending.subprocessor, status: 'published', updatedAt: timestamp };
      await this.commit({
        changedAt: timestamp,
        subprocessor: approved,
        version: this.version(context, `approved version ${pending.version}`, approved),
        workflow: { pendingVersion: null, reviewedById: context.actor.userId },
        audit: this.audit(context, 'subprocessor.approve', slug, `approved pending version ${pending.version}`),
        isPublic: true,
      });
      await this.announce(stripWorkflow(current), approved);
      return this.getSubprocessor(slug);
    }
    if (current.status !== 'in_review' && !(current.status === 'draft' && !isFourEyes)) {
      throw new AppError('conflict', `Nothing to approve: this subprocessor is ${describeStatus(current.status)}`);
    }
    if (isFourEyes) {
      if (current.status !== 'in_review') throw new AppError('conflict', 'Send the subprocessor for review first');
      await this.requireSecondPerson(context, current, undefined);
    }
    const published = await this.changeStatus(context, current, 'published', 'subprocessor.publish', {
      reviewedById: context.actor.userId,
    });
    await this.announce(undefined, stripWorkflow(published));
    return published;
  }

  /** Sends a subprocessor in review back to draft, or discards a pending change. */
  async reject(context: ActionContext, slug: string): Promise<SubprocessorRecord> {
    requirePermission(context.actor, 'publish');
    const current = await this.getSubprocessor(slug);
    if (current.status === 'published' && current.pendingVersion !== null) {
      await this.commit({
        changedAt: this.now().toISOString(),
        workflow: { pendingVersion: null },
        audit: this.audit(context, 'subprocessor.reject', slug, `discarded pending version ${current.pendingVersion}`),
        isPublic: false,
      });
      return this.getSubprocessor(slug);
    }
    if (current.status !== 'in_review')
      throw new AppError('conflict', `Nothing to reject: this subprocessor is ${describeStatus(current.status)}`);
    return this.changeStatus(context, current, 'draft', 'subprocessor.reject', { reviewedById: null });
  }

  /**
   * Takes a subprocessor off the public site altogether (one entered by mistake). One that stopped processing
   * data gets an until date instead, so that it stays listed as a former subprocessor.
   */
  async archive(context: ActionContext, slug: string): Promise<SubprocessorRecord> {
    requirePermission(context.actor, 'publish');
    const current = await this.getSubprocessor(slug);
    if (current.status === 'archived') throw new AppError('conflict', 'This subprocessor is already archived');
    const archived = await this.changeStatus(context, current, 'archived', 'subprocessor.archive', {
      pendingVersion: null,
    });
    // Taking a published subprocessor off the list is a change subscribers hear of, like an end date.
    const removal = describeSubprocessorRemoval(stripWorkflow(current), this.today());
    if (removal) await this.onPublishedChange(removal);
    return archived;
  }

  /**
   * The public change a step would announce when it takes effect sooner than the notice lead time (so staff can be
   * warned before they confirm it); undefined when the step announces nothing or gives the full lead time.
   * `save` is an edit with these fields, `approve` and `archive` the workflow steps of those names.
   */
  async findShortNotice(
    context: ActionContext,
    slug: string,
    step: { kind: 'save'; fields: SubprocessorFields } | { kind: 'approve' } | { kind: 'archive' },
  ): Promise<ShortNotice | undefined> {
    // Whoever may not take the step is refused as the step itself would refuse them, before any warning.
    requirePermission(context.actor, step.kind === 'save' ? 'edit' : 'publish');
    const current = await this.getSubprocessor(slug);
    if (step.kind === 'approve' && (await this.settings.isFourEyesRequired())) {
      if (current.status === 'published' && current.pendingVersion !== null) {
        await this.requireSecondPerson(context, current, current.pendingVersion);
      } else if (current.status === 'in_review') {
        await this.requireSecondPerson(context, current, undefined);
      } else {
        return undefined;
      }
    }
    const before = stripWorkflow(current);
    const today = this.today();
    let change: SubprocessorChange | undefined;
    if (step.kind === 'archive') {
      change = describeSubprocessorRemoval(before, today);
    } else if (step.kind === 'save') {
      // Under four-eyes an edit of a published subprocessor is only proposed; its approval is what announces it.
      if (current.status !== 'published' || (await this.settings.isFourEyesRequired())) return undefined;
      const fields = trimSubprocessorFields(step.fields);
      if (findSubprocessorProblems(fields).length > 0) return undefined;
      const edited: Subprocessor = { ...before, ...withoutTranslations(fields) };
      if (fields.translations) edited.translations = fields.translations;
      else delete edited.translations;
      change = describeSubprocessorChange(before, edited, today, getCountryName);
    } else if (current.status === 'published' && current.pendingVersion !== null) {
      const pending = await this.subprocessors.findVersion(slug, current.pendingVersion);
      if (pending)
        change = describeSubprocessorChange(
          before,
          { ...pending.subprocessor, status: 'published' },
          today,
          getCountryName,
        );
    } else if (current.status === 'in_review' || current.status === 'draft') {
      change = describeSubprocessorChange(undefined, { ...before, status: 'published' }, today, getCountryName);
    }
    if (!change) return undefined;
    const leadDays = await this.settings.getNoticeLeadDays();
    const daysAhead = Math.round(
      (Date.parse(`${change.effectiveOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000,
    );
    return daysAhead < leadDays ? { change, leadDays, daysAhead } : undefined;
  }

  /** Brings an archived subprocessor back as a draft. */
  async reopen(context: ActionContext, slug: string): Promise<SubprocessorRecord> {
    requirePermission(context.actor, 'edit');
    const current = await this.getSubprocessor(slug);
    if (current.status !== 'archived') throw new AppError('conflict', 'Only archived subprocessors can be reopened');
    return this.changeStatus(context, current, 'draft', 'subprocessor.reopen', {
      submittedById: null,
      reviewedById: null,
    });
  }

  /** Versions of a subprocessor, newest first. */
  async listVersions(slug: string): Promise<SubprocessorVersion[]> {
    await this.getSubprocessor(slug);
    return this.subprocessors.listVersions(slug);
  }

  /** Field-by-field line diff between two versions. */
  async diffVersions(slug: string, fromVersion: number, toVersion: number): Promise<SubprocessorVersionDiff> {
    const [from, to] = await Promise.all([
      this.subprocessors.findVersion(slug, fromVersion),
      this.subprocessors.findVersion(slug, toVersion),
    ]);
    if (!from || !to)
      throw new AppError('not_found', `Version ${from ? toVersion : fromVersion} of "${slug}" does not exist`);
    const fields = DIFF_FIELDS.map(({ field, read }) => {
      const lines = diffLines(read(from.subprocessor), read(to.subprocessor));
      return { field, lines, isChanged: lines.some((line) => line.kind !== 'same') };
    });
    return { from, to, fields };
  }

  /**
   * The published subprocessors matching the filters: current ones (those processing today and those
   * announced to start later) by name, and former ones (past their until date), most recently ended first.
   * The filter values offered are those of every published subprocessor, so a filter never empties its own select.
   */
  async listPublic(filter: PublicSubprocessorFilter = {}): Promise<PublicSubprocessorList> {
    const today = this.today();
    const published = (await this.subprocessors.listSubprocessors())
      .filter((record) => record.status === 'published')
      .map((record): PublicSubprocessor => ({ ...stripWorkflow(record), phase: getSubprocessorPhase(record, today) }));
    const unique = (values: string[]) => [...new Set(values)].sort((a, b) => a.localeCompare(b, 'en'));
    const matching = published.filter(
      (item) =>
        (!filter.country || item.locations.includes(filter.country)) &&
        (!filter.category || item.dataCategories.includes(filter.category)) &&
        (!filter.nonEuLaw || (filter.nonEuLaw === 'yes') === (item.nonEuLaw !== null)),
    );
    return {
      current: filter.state === 'ended' ? [] : matching.filter((item) => item.phase !== 'ended'),
      former:
        filter.state === 'current'
          ? []
          : matching
              .filter((item) => item.phase === 'ended')
              .sort((a, b) => (b.until ?? '').localeCompare(a.until ?? '') || a.name.localeCompare(b.name, 'en')),
      countries: unique(published.flatMap((item) => item.locations)),
      categories: unique(published.flatMap((item) => item.dataCategories)),
    };
  }

  /** Four-eyes: refuses an approver who submitted the text or saved any version of it since it was last approved. */
  private async requireSecondPerson(
    context: ActionContext,
    current: SubprocessorRecord,
    upTo: number | undefined,
  ): Promise<void> {
    const versions = (await this.subprocessors.listVersions(current.slug)).filter(
      (version) => upTo === undefined || version.version <= upTo,
    );
    const writers = new Set<number>();
    for (const version of versions) {
      if (isApprovalStep(version.change)) break;
      if (!version.change.startsWith('status:') && version.savedById !== null) writers.add(version.savedById);
    }
    if (current.submittedById === context.actor.userId || writers.has(context.actor.userId)) {
      throw new AppError('forbidden', 'You wrote or submitted this change, so someone else must approve it');
    }
  }

  /** Tells whoever listens what visitors now see changed, if anything did. */
  private async announce(before: Subprocessor | undefined, after: Subprocessor): Promise<void> {
    const change = describeSubprocessorChange(before, after, this.today(), getCountryName);
    if (change) await this.onPublishedChange(change);
  }

  private async commit(write: SubprocessorWrite): Promise<void> {
    await this.subprocessors.commit(write);
    if (write.isPublic) this.onContentChanged();
  }

  private async changeStatus(
    context: ActionContext,
    current: SubprocessorRecord,
    status: SubprocessorStatus,
    action: string,
    workflow: SubprocessorWrite['workflow'],
  ): Promise<SubprocessorRecord> {
    const timestamp = this.now().toISOString();
    const subprocessor: Subprocessor = { ...stripWorkflow(current), status, updatedAt: timestamp };
    const change = `status: ${current.status} -> ${status}`;
    await this.commit({
      changedAt: timestamp,
      subprocessor,
      version: this.version(context, change, subprocessor),
      workflow,
      audit: this.audit(context, action, current.slug, change),
      isPublic: current.status === 'published' || status === 'published',
    });
    return this.getSubprocessor(current.slug);
  }

  private version(context: ActionContext, change: string, subprocessor: Subprocessor) {
    return { change, savedById: context.actor.userId, savedByEmail: context.actor.email, subprocessor };
  }

  private audit(context: ActionContext, action: string, slug: string, summary: string) {
    return toAuditEvent({ ...context, action, targetType: 'subprocessor', targetId: slug, summary }, this.now());
  }

  private today(): string {
    return this.now().toISOString().slice(0, 10);
  }
}

/** Versions that record an approval: the history before them was approved by someone. */
function isApprovalStep(change: string): boolean {
  return change.startsWith('approved version') || /^status: \w+ -> published$/.test(change);
}

const DIFF_FIELDS: { field: string; read: (subprocessor: Subprocessor) => string }[] = [
  { field: 'name', read: (item) => item.name },
  { field: 'legal entity', read: (item) => item.legalEntity },
  { field: 'purpose', read: (item) => item.purpose },
  { field: 'purpose (Swedish)', read: (item) => item.translations?.sv?.purpose ?? '' },
  { field: 'data categories', read: (item) => item.dataCategories.join('\n') },
  { field: 'processing locations', read: (item) => item.locations.join('\n') },
  { field: 'parent company', read: (item) => item.parentCompany ?? '' },
  { field: 'parent jurisdiction', read: (item) => item.parentJurisdiction ?? '' },
  { field: 'non-EU law', read: (item) => (item.nonEuLaw ? `${item.nonEuLaw.law}\n${item.nonEuLaw.explanation}` : '') },
  { field: 'since', read: (item) => item.since },
  { field: 'until', read: (item) => item.until ?? '' },
  { field: 'status', read: (item) => item.status },
];

function describeEdits(before: Subprocessor, after: Subprocessor): string {
  const changed = DIFF_FIELDS.filter(({ read }) => read(before) !== read(after)).map(({ field }) => field);
  return changed.length > 0 ? `changed ${changed.join(', ')}` : 'saved without changes';
}

function describeStatus(status: SubprocessorStatus): string {
  return status === 'in_review' ? 'in review' : status;
}

function withoutTranslations(fields: SubprocessorFields): Omit<SubprocessorFields, 'translations'> {
  const { translations: _translations, ...rest } = toSubprocessorFields(fields);
  return rest;
}

function stripWorkflow(record: SubprocessorRecord): Subprocessor {
  const { submittedById: _submitted, reviewedById: _reviewed, pendingVersion: _pending, ...subprocessor } = record;
  return subprocessor;
}

function requirePermission(actor: Actor, permission: Permission): void {
  if (!hasPermission(actor, permission)) throw new AppError('forbidden', `Your role (${actor.role}) may not do this`);
}
