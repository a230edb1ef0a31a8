import {
  AWAITING_APPROVAL_CHANGE,
  type Entry,
  type EntryStatus,
  findNestingProblem,
  listLinkKeys,
  listWriterIds,
} from '../domain/content.js';
import { type DiffLine, diffLines } from '../domain/diff.js';
import { describeUnknownDocumentLink, listDocumentLinks } from '../domain/document.js';
import type { EntryListItem, EntryRecord, Freshness } from '../domain/entry-record.js';
import {
  findEntryProblems,
  findEntryTranslationProblems,
  findSlugProblem,
  LANGUAGE_LABELS,
  trimEntryFields,
  trimEntryTranslation,
} from '../domain/entry-rules.js';
import { AppError, type InputProblem } from '../domain/errors.js';
import type { ShortAnswer } from '../domain/short-answer.js';
import type { Actor } from '../domain/staff.js';
import { hasPermission, type Permission } from '../domain/staff.js';
import {
  type EntryTranslation,
  TRANSLATION_LANGUAGES,
  type TranslationLanguage,
  type Translations,
} from '../domain/translation.js';
import type { EntryChange, EntryRepository, EntryVersion } from '../storage/entry.repository.js';
import { toAuditEvent } from './audit.service.js';
import type { SettingService } from './setting.service.js';

/** What staff submit when creating or editing an entry. */
export interface EntryInput {
  question: string;
  answer: string;
  category: string;
  tags: string[];
  owner: string;
  reviewIntervalDays: number | null;
  alternativePhrasings: string[];
  controls: string[];
  /** Omitted: none on a new entry, kept as stored on an edit. */
  shortAnswer?: ShortAnswer | null;
  /** Markdown for questionnaires instead of the answer; null or empty: the answer. Omitted: as `shortAnswer`. */
  questionnaireWording?: string | null;
  /** The entry in other languages; a language left out is not translated. Omitted: as `shortAnswer`. */
  translations?: Translations<EntryTranslation>;
}

/** An entry's input with every field given. */
type CompleteEntryInput = Required<EntryInput>;

/** Who acts and from where, for authorization and the audit log. */
export interface ActionContext {
  actor: Actor;
  ip?: string;
}

/** The differences between two versions, field by field. */
export interface VersionDiff {
  from: EntryVersion;
  to: EntryVersion;
  fields: { field: string; lines: DiffLine[]; isChanged: boolean }[];
}

/** Days before the due date from which an entry counts as due. */
export const DUE_SOON_DAYS = 30;

/** Filters of the staff entry list. */
export interface EntryListFilter {
  status?: EntryStatus;
  category?: string;
  owner?: string;
  text?: string;
  freshness?: Freshness;
}

/** Editing, workflow (draft → in review → published → archived), history and review of entries. */
export class EntryService {
  constructor(
    private readonly entries: EntryRepository,
    private readonly settings: Pick<SettingService, 'isFourEyesRequired' | 'isChangeHistoryShown'>,
    private readonly now: () => Date,
    /** Called after each committed change visitors see, so this process refreshes its public pages at once. */
    private readonly onContentChanged: () => void = () => {},
    /** The documents an answer may link to as `document:<slug>`; without it no such link is accepted. */
    private readonly listDocumentSlugs: () => Promise<ReadonlySet<string>> = async () => new Set(),
  ) {}

  /** A page of entries matching the filters, with due dates computed from the review interval. */
  async listEntries(
    filter: EntryListFilter,
    page: number,
    pageSize: number,
  ): Promise<{ items: EntryListItem[]; total: number }> {
    const [summaries, { categories }] = await Promise.all([
      this.entries.listSummaries(),
      this.entries.listTaxonomyIntervals(),
    ]);
    const today = this.now().toISOString().slice(0, 10);
    const text = filter.text?.trim().toLowerCase();
    const items = summaries
      .map((summary): EntryListItem => {
        const days = summary.reviewIntervalDays ?? categories.get(summary.category) ?? 365;
        const dueOn = addDays(summary.lastReviewed, days);
        const freshness: Freshness =
          dueOn < today ? 'overdue' : dueOn <= addDays(today, DUE_SOON_DAYS) ? 'due' : 'fresh';
        return {
          slug: summary.slug,
          question: summary.question,
          category: summary.category,
          status: summary.status,
          owner: summary.owner,
          lastReviewed: summary.lastReviewed,
          dueOn,
          freshness,
          updatedAt: summary.updatedAt,
          hasPendingChange: summary.pendingVersion !== null,
        };
      })
      .filter(
        (item) =>
          (!filter.status || item.status === filter.status) &&
          (!filter.category || item.category === filter.category) &&
          (!filter.owner || item.owner === filter.owner) &&
          (!filter.freshness || item.freshness === filter.freshness) &&
          (!text || item.question.toLowerCase().includes(text) || item.slug.includes(text)),
      );
    return { total: items.length, items: items.slice((page - 1) * pageSize, page * pageSize) };
  }

  /** Days each entry's public text changed, or undefined when the setting hides them. */
  async listPublicChangeDays(): Promise<Map<string, string[]> | undefined> {
    return (await this.settings.isChangeHistoryShown()) ? this.entries.listPublicChangeDays() : undefined;
  }

  /** One entry; not_found when missing. */
  async getEntry(slug: string): Promise<EntryRecord> {
    const entry = await this.entries.findEntry(slug);
    if (!entry) throw new AppError('not_found', `No entry "${slug}"`);
    return entry;
  }

  /** What the next edit builds on: the change waiting for approval when there is one, else the entry's text. */
  async getLatestText(slug: string): Promise<Entry> {
    const entry = await this.getEntry(slug);
    const pending =
      entry.pendingVersion === null ? undefined : await this.entries.findVersion(slug, entry.pendingVersion);
    return pending ? pending.entry : stripWorkflow(entry);
  }

  /** Creates a draft. A taken slug is reported on the slug field and nothing is saved. */
  async createEntry(context: ActionContext, slug: string, typed: EntryInput): Promise<EntryRecord> {
    requirePermission(context.actor, 'edit');
    const slugProblem = findSlugProblem(slug);
    if (slugProblem) {
      throw new AppError('invalid_input', slugProblem.message, [{ source: 'form', ...slugProblem }]);
    }
    if (await this.entries.hasSlug(slug)) {
      throw new AppError('conflict', `The slug "${slug}" is already used by another entry`, [
        { source: 'form', field: 'slug', message: `"${slug}" is already used by another entry; choose another` },
      ]);
    }
    const input = await this.checkInput(
      { shortAnswer: null, questionnaireWording: null, translations: {}, ...typed },
      undefined,
    );
    const timestamp = this.now().toISOString();
    const entry: Entry = {
      ...withoutEmptyTranslations(input),
      slug,
      status: 'draft',
      order: 1000,
      lastReviewed: timestamp.slice(0, 10),
      createdAt: timestamp,
      updatedAt: timestamp,
    };
    await this.commit({
      changedAt: timestamp,
      entry,
      version: this.version(context, 'created', entry),
      audit: this.audit(context, 'entry.create', 'entry', slug, `created draft "${entry.question}"`),
      isPublic: false,
    });
    return this.getEntry(slug);
  }

  /**
   * Saves an edit as a new version. Drafts change in place. A published entry changes at once,
   * unless four-eyes is on: then the edit waits as a pending version until someone else approves it.
   */
  async updateEntry(context: ActionContext, slug: string, typed: EntryInput, change = 'edited'): Promise<EntryRecord> {
    requirePermission(context.actor, 'edit');
    const current = await this.getEntry(slug);
    if (current.status === 'archived')
      throw new AppError('conflict', 'Archived entries cannot be edited; restore it to a draft first');
    const input = await this.checkInput(
      {
        shortAnswer: current.shortAnswer,
        questionnaireWording: current.questionnaireWording,
        translations: current.translations ?? {},
        ...typed,
      },
      current,
    );
    const timestamp = this.now().toISOString();
    const { translations: _stored, ...untranslated } = stripWorkflow(current);
    const edited: Entry = { ...untranslated, ...withoutEmptyTranslations(input), updatedAt: timestamp };
    const summary = describeChanges(stripWorkflow(current), edited);
    if (current.status === 'published' && (await this.settings.isFourEyesRequired())) {
      await this.commit({
        changedAt: timestamp,
        version: this.version(context, `${change}${AWAITING_APPROVAL_CHANGE}`, edited),
        workflow: { pendingVersion: 'new-version', submittedById: context.actor.userId },
        audit: this.audit(context, 'entry.propose', 'entry', slug, `proposed change: ${summary}`),
        isPublic: false,
      });
    } else {
      await this.commit({
        changedAt: timestamp,
        entry: edited,
        version: this.version(context, change, edited),
        workflow: { pendingVersion: null },
        audit: this.audit(context, 'entry.save', 'entry', slug, summary),
        isPublic: current.status === 'published',
      });
    }
    return this.getEntry(slug);
  }

  /** Sends a draft for review. */
  async submitForReview(context: ActionContext, slug: string): Promise<EntryRecord> {
    requirePermission(context.actor, 'edit');
    const current = await this.getEntry(slug);
    if (current.status !== 'draft')
      throw new AppError('conflict', `Only drafts can be sent for review; this entry is ${current.status}`);
    return this.changeStatus(context, current, 'in_review', 'entry.submit', {
      submittedById: context.actor.userId,
      reviewedById: null,
    });
  }

  /**
   * Approves an entry in review (publishing it) or a pending change to a published entry. Under
   * four-eyes the approver must be someone other than the author of what is approved.
   */
  async approve(context: ActionContext, slug: string): Promise<EntryRecord> {
    requirePermission(context.actor, 'publish');
    const current = await this.getEntry(slug);
    const isFourEyes = await this.settings.isFourEyesRequired();
    if (current.status === 'published' && current.pendingVersion !== null) {
      const pending = await this.entries.findVersion(slug, current.pendingVersion);
      if (!pending) throw new AppError('not_found', 'The pending change no longer exists');
      if (isFourEyes) await this.requireSecondPerson(context, current, pending.entry, pending.version);
      const timestamp = this.now().toISOString();
      const entry: Entry = { ...pending.entry, status: 'published', updatedAt: timestamp };
      await this.commit({
        changedAt: timestamp,
        entry,
        version: this.version(context, `approved version ${pending.version}`, entry),
        workflow: { pendingVersion: null, reviewedById: context.actor.userId },
        audit: this.audit(context, 'entry.approve', 'entry', slug, `approved pending version ${pending.version}`),
        isPublic: true,
      });
      return this.getEntry(slug);
    }
    if (current.status !== 'in_review' && !(current.status === 'draft' && !isFourEyes)) {
      throw new AppError('conflict', `Nothing to approve: this entry is ${current.status}`);
    }
    if (isFourEyes) {
      if (current.status !== 'in_review') throw new AppError('conflict', 'Send the entry for review first');
      await this.requireSecondPerson(context, current, stripWorkflow(current), undefined);
    }
    return this.changeStatus(context, current, 'published', 'entry.publish', { reviewedById: context.actor.userId });
  }

  /** Sends an entry in review back to draft, or discards a pending change. */
  async reject(context: ActionContext, slug: string): Promise<EntryRecord> {
    requirePermission(context.actor, 'publish');
    const current = await this.getEntry(slug);
    if (current.status === 'published' && current.pendingVersion !== null) {
      await this.commit({
        changedAt: this.now().toISOString(),
        workflow: { pendingVersion: null },
        audit: this.audit(
          context,
          'entry.reject',
          'entry',
          slug,
          `discarded pending version ${current.pendingVersion}`,
        ),
        isPublic: false,
      });
      return this.getEntry(slug);
    }
    if (current.status !== 'in_review')
      throw new AppError('conflict', `Nothing to reject: this entry is ${current.status}`);
    return this.changeStatus(context, current, 'draft', 'entry.reject', { reviewedById: null });
  }

  /** Takes a published entry off the public site. */
  async archive(context: ActionContext, slug: string): Promise<EntryRecord> {
    requirePermission(context.actor, 'publish');
    const current = await this.getEntry(slug);
    if (current.status === 'archived') throw new AppError('conflict', 'This entry is already archived');
    return this.changeStatus(context, current, 'archived', 'entry.archive', { pendingVersion: null });
  }

  /** Brings an archived entry back as a draft. */
  async reopen(context: ActionContext, slug: string): Promise<EntryRecord> {
    requirePermission(context.actor, 'edit');
    const current = await this.getEntry(slug);
    if (current.status !== 'archived') throw new AppError('conflict', 'Only archived entries can be reopened');
    return this.changeStatus(context, current, 'draft', 'entry.reopen', { submittedById: null, reviewedById: null });
  }

  /** Records that the owner checked the answer is still true; the public date follows. */
  async markReviewed(context: ActionContext, slug: string): Promise<EntryRecord> {
    requirePermission(context.actor, 'edit');
    const current = await this.getEntry(slug);
    const timestamp = this.now().toISOString();
    const entry: Entry = { ...stripWorkflow(current), lastReviewed: timestamp.slice(0, 10) };
    await this.commit({
      changedAt: timestamp,
      entry,
      audit: this.audit(
        context,
        'entry.review',
        'entry',
        slug,
        `reviewed: ${current.lastReviewed} -> ${entry.lastReviewed}`,
      ),
      isPublic: current.status === 'published',
    });
    return this.getEntry(slug);
  }

  /** Versions of an entry, newest first. */
  listVersions(slug: string): Promise<EntryVersion[]> {
    return this.entries.listVersions(slug);
  }

  /** Field-by-field line diff between two versions. */
  async diffVersions(slug: string, fromVersion: number, toVersion: number): Promise<VersionDiff> {
    const [from, to] = await Promise.all([
      this.entries.findVersion(slug, fromVersion),
      this.entries.findVersion(slug, toVersion),
    ]);
    if (!from || !to)
      throw new AppError('not_found', `Version ${from ? toVersion : fromVersion} of "${slug}" does not exist`);
    const fields = DIFF_FIELDS.map(({ field, read }) => {
      const lines = diffLines(read(from.entry), read(to.entry));
      return { field, lines, isChanged: lines.some((line) => line.kind !== 'same') };
    });
    return { from, to, fields };
  }

  /** Restores an old version's content as a new version (through the normal edit rules). */
  async restoreVersion(context: ActionContext, slug: string, version: number): Promise<EntryRecord> {
    const old = await this.entries.findVersion(slug, version);
    if (!old) throw new AppError('not_found', `Version ${version} of "${slug}" does not exist`);
    const { question, answer, category, tags, owner, reviewIntervalDays, alternativePhrasings, controls } = old.entry;
    const { shortAnswer, questionnaireWording } = old.entry;
    const translations = old.entry.translations ?? {};
    return this.updateEntry(
      context,
      slug,
      {
        question,
        answer,
        category,
        tags,
        owner,
        reviewIntervalDays,
        alternativePhrasings,
        controls,
        shortAnswer,
        questionnaireWording,
        translations,
      },
      `restored version ${version}`,
    );
  }

  /**
   * Four-eyes: refuses the approver when they sent the text for review or wrote any part of it that is
   * not public yet, in any version since it last was (see listWriterIds). `upTo` is the pending
   * version being approved; undefined approves the entry as it stands.
   */
  private async requireSecondPerson(
    context: ActionContext,
    current: EntryRecord,
    approved: Entry,
    upTo: number | undefined,
  ): Promise<void> {
    const versions = (await this.entries.listVersions(current.slug)).reverse();
    const history = upTo === undefined ? versions : versions.filter((version) => version.version <= upTo);
    // What visitors see now: the stored entry while a change is pending, else the newest version
    // that was published (a proposal never was).
    const published =
      current.status === 'published'
        ? stripWorkflow(current)
        : history.findLast(
            (version) => version.entry.status === 'published' && !version.change.endsWith(AWAITING_APPROVAL_CHANGE),
          )?.entry;
    const writers = listWriterIds(approved, published, history);
    if (current.submittedById === context.actor.userId || writers.has(context.actor.userId)) {
      throw new AppError('forbidden', 'You wrote or submitted part of this text, so someone else must approve it');
    }
  }

  /** Commits a change in one transaction; one that visitors see then refreshes this process's public site. */
  private async commit(change: EntryChange): Promise<{ version: number | null }> {
    const result = await this.entries.commit(change);
    if (change.isPublic) this.onContentChanged();
    return result;
  }

  private async changeStatus(
    context: ActionContext,
    current: EntryRecord,
    status: EntryStatus,
    action: string,
    workflow: EntryChange['workflow'],
  ): Promise<EntryRecord> {
    const timestamp = this.now().toISOString();
    const entry: Entry = { ...stripWorkflow(current), status, updatedAt: timestamp };
    await this.commit({
      changedAt: timestamp,
      entry,
      version: this.version(context, `status: ${current.status} -> ${status}`, entry),
      workflow,
      audit: this.audit(context, action, 'entry', current.slug, `status: ${current.status} -> ${status}`),
      isPublic: current.status === 'published' || status === 'published',
    });
    return this.getEntry(current.slug);
  }

  /**
   * The input trimmed as content import reads it, once it keeps every rule of an entry (so that what is
   * saved exports and imports again), its category, tags and linked keys exist and its answer and questionnaire
   * wording can be rendered. A text stored before the nesting limit or the link-key check (`stored`) may be kept as
   * it is, so that other fields can still be edited.
   */
  private async checkInput(
    typed: CompleteEntryInput,
    stored:
      | { answer: string; questionnaireWording: string | null; translations?: Translations<EntryTranslation> }
      | undefined,
  ): Promise<CompleteEntryInput> {
    const translations: Translations<EntryTranslation> = {};
    for (const language of TRANSLATION_LANGUAGES) {
      const given = typed.translations[language];
      if (given) translations[language] = trimEntryTranslation(given);
    }
    const input = { ...trimEntryFields(typed), translations };
    const { categories, tags, linkKeys } = await this.entries.listTaxonomy();
    const problems: InputProblem[] = findEntryProblems(input).map((problem) => ({ source: 'form', ...problem }));
    for (const language of TRANSLATION_LANGUAGES) {
      const translation = translations[language];
      if (translation)
        problems.push(
          ...findEntryTranslationProblems(language, translation).map((problem) => ({ source: 'form', ...problem })),
        );
    }
    if (!categories.includes(input.category)) {
      problems.push({ source: 'form', field: 'category', message: `Unknown category "${input.category}"` });
    }
    for (const tag of input.tags) {
      if (!tags.includes(tag)) problems.push({ source: 'form', field: 'tags', message: `Unknown tag "${tag}"` });
    }
    const markdownFields = [
      { field: 'answer', text: input.answer, storedText: stored?.answer },
      {
        field: 'questionnaireWording',
        text: input.questionnaireWording ?? '',
        storedText: stored?.questionnaireWording,
      },
      ...TRANSLATION_LANGUAGES.flatMap((language) => [
        {
          field: `${language}.answer`,
          text: translations[language]?.answer ?? '',
          storedText: stored?.translations?.[language]?.answer,
        },
        {
          field: `${language}.questionnaireWording`,
          text: translations[language]?.questionnaireWording ?? '',
          storedText: stored?.translations?.[language]?.questionnaireWording,
        },
      ]),
    ];
    for (const { field, text, storedText } of markdownFields) {
      // An unchanged stored text is let through, so other fields stay editable.
      if (text === (storedText ?? undefined)) continue;
      const nesting = findNestingProblem(text);
      if (nesting) problems.push({ source: 'form', field, message: nesting });
      // Only links the edit adds: a stored text whose document was archived since can still be edited.
      const storedLinks = new Set(listDocumentLinks(storedText ?? ''));
      const addedLinks = listDocumentLinks(text).filter((slug) => !storedLinks.has(slug));
      if (addedLinks.length > 0) {
        const known = await this.listDocumentSlugs();
        for (const slug of addedLinks.filter((candidate) => !known.has(candidate))) {
          problems.push({ source: 'form', field, message: describeUnknownDocumentLink(slug) });
        }
      }
      // A link the site does not define would render as a dead link and make the export fail to import.
      for (const key of listLinkKeys(text)) {
        if (!linkKeys.includes(key)) {
          problems.push({
            source: 'form',
            field,
            message: `Unknown link key "link:${key}" (not among the site's links)`,
          });
        }
      }
    }
    if (problems.length > 0) throw new AppError('invalid_input', 'Some fields need attention', problems);
    return input;
  }

  private version(context: ActionContext, change: string, entry: Entry): NonNullable<EntryChange['version']> {
    return { change, savedById: context.actor.userId, savedByEmail: context.actor.email, entry };
  }

  private audit(context: ActionContext, action: string, targetType: string, targetId: string, summary: string) {
    return toAuditEvent({ ...context, action, targetType, targetId, summary }, this.now());
  }
}

const DIFF_FIELDS: { field: string; read: (entry: Entry) => string }[] = [
  { field: 'question', read: (entry) => entry.question },
  { field: 'answer', read: (entry) => entry.answer },
  { field: 'category', read: (entry) => entry.category },
  { field: 'tags', read: (entry) => entry.tags.join('\n') },
  { field: 'alternative phrasings', read: (entry) => entry.alternativePhrasings.join('\n') },
  { field: 'controls', read: (entry) => entry.controls.join('\n') },
  { field: 'short answer', read: (entry) => entry.shortAnswer ?? '' },
  { field: 'questionnaire wording', read: (entry) => entry.questionnaireWording ?? '' },
  { field: 'owner', read: (entry) => entry.owner },
  { field: 'status', read: (entry) => entry.status },
  ...TRANSLATION_LANGUAGES.flatMap((language) => translationDiffFields(language)),
];

/** The diff fields of an entry's translation into `language`, named with the language ("question (Swedish)"). */
function translationDiffFields(language: TranslationLanguage): { field: string; read: (entry: Entry) => string }[] {
  const label = LANGUAGE_LABELS[language];
  const read = (entry: Entry) => entry.translations?.[language];
  return [
    { field: `question (${label})`, read: (entry) => read(entry)?.question ?? '' },
    { field: `answer (${label})`, read: (entry) => read(entry)?.answer ?? '' },
    {
      field: `alternative phrasings (${label})`,
      read: (entry) => (read(entry)?.alternativePhrasings ?? []).join('\n'),
    },
    { field: `questionnaire wording (${label})`, read: (entry) => read(entry)?.questionnaireWording ?? '' },
  ];
}

/** The checked input with `translations` left out when no language is translated, as stored entries have it. */
function withoutEmptyTranslations<T extends { translations: Translations<EntryTranslation> }>(
  input: T,
): Omit<T, 'translations'> & { translations?: Translations<EntryTranslation> } {
  const { translations, ...rest } = input;
  return Object.keys(translations).length > 0 ? { ...rest, translations } : rest;
}

function stripWorkflow(record: EntryRecord): Entry {
  const { submittedById: _submitted, reviewedById: _reviewed, pendingVersion: _pending, ...entry } = record;
  return entry;
}

function describeChanges(before: Entry, after: Entry): string {
  const changed = DIFF_FIELDS.filter(({ read }) => read(before) !== read(after)).map(({ field }) => field);
  return changed.length > 0 ? `changed ${changed.join(', ')}` : 'saved without changes';
}

function requirePermission(actor: Actor, permission: Permission): void {
  if (!hasPermission(actor, permission)) throw new AppError('forbidden', `Your role (${actor.role}) may not do this`);
}

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
