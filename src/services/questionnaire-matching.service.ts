import { certificationAnswers } from '../domain/certification-answer.js';
import { AppError } from '../domain/errors.js';
import type { PublishedContent } from '../domain/published-site.js';
import type { SuggestedEntry } from '../domain/questionnaire.js';
import type { ContentLanguage } from '../domain/translation.js';
import { detectQuestionnaireLanguage } from '../questionnaire/language.js';
import { type MatchableEntry, type QuestionInContext, toMatchableEntry } from '../questionnaire/matcher.js';
import { MatchingError, type MatchingSession, startMatchingSession } from '../questionnaire/matching-session.js';
import type { NewAuditEvent } from '../storage/audit.repository.js';
import type { QuestionnaireRecord, QuestionnaireRepository } from '../storage/questionnaire.repository.js';
import type { ContentService } from './content.service.js';
import { buildPublishedSite } from './public-site.service.js';

/** Suggestions kept per question. */
export const CANDIDATES_PER_QUESTION = 5;
/** Questions the matching worker is given at a time; each slice is stored as it comes back, showing progress. */
export const MATCHING_SLICE_SIZE = 50;
/** A section longer than this many slices is cut anyway: one heading over a whole file must not make one slice of it. */
export const MAX_SLICES_PER_SECTION = 2;
/** A run still 'processing' that has not stored a slice for this long is taken to have died with its process. */
export const STALE_MATCHING_MS = 5 * 60 * 1000;

/** Tuning for the background matching (tests hold it at a known point through `afterSlice`). */
export interface QuestionnaireMatchingOptions {
  /** Questions per slice; MATCHING_SLICE_SIZE by default. */
  sliceSize?: number;
  /** Awaited after each slice has been stored, before the next one starts. */
  afterSlice?: (progress: { id: number; processed: number; total: number }) => Promise<void> | void;
  /** Told about a run that failed (its message is also stored and shown on the review page). */
  onMatchingError?: (id: number, error: unknown) => void;
  /** Heap limit of the matching worker in MB (MATCHING_WORKER_MEMORY_MB by default). */
  matchingMemoryMb?: number;
  /** PUBLIC_URL: the base that makes the links of draft answers absolute; without it they stay paths. */
  publicUrl?: string | undefined;
}

/**
 * The background matching job: runs the matching worker over a stored questionnaire a slice at a time, keeps
 * track of this process's runs, and tells a run that died with its process from one still going.
 */
export class QuestionnaireMatchingService {
  constructor(
    private readonly repository: QuestionnaireRepository,
    private readonly content: Pick<ContentService, 'getContent'>,
    private readonly now: () => Date,
    private readonly options: QuestionnaireMatchingOptions = {},
  ) {}

  /** Matching runs of this process by questionnaire id. */
  private readonly running = new Map<number, Promise<void>>();

  /** Resolves when every matching run of this process has finished (before closing the database). */
  async whenIdle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  /** Starts (or joins) the background matching of one questionnaire; the promise never rejects. */
  start(id: number): Promise<void> {
    const existing = this.running.get(id);
    if (existing) return existing;
    return this.track(id, this.match(id));
  }

  /**
   * Starts a new matching run after the file was re-read. A run of this process still going sees that its run
   * number is no longer current and stops at its next slice; the new one starts after it.
   */
  restart(id: number): Promise<void> {
    const previous = this.running.get(id) ?? Promise.resolve();
    return this.track(
      id,
      previous.then(() => this.match(id)),
    );
  }

  /** Keeps `run` in the map of running matches until it ends (unless a newer run took its place). */
  private track(id: number, work: Promise<void>): Promise<void> {
    const run: Promise<void> = work.finally(() => {
      if (this.running.get(id) === run) this.running.delete(id);
    });
    this.running.set(id, run);
    return run;
  }

  /** Whether a run is 'processing' with no slice stored for STALE_MATCHING_MS and none of it running here. */
  isStalled(questionnaire: QuestionnaireRecord): boolean {
    if (questionnaire.status !== 'processing' || this.running.has(questionnaire.id)) return false;
    const staleBefore = this.now().getTime() - STALE_MATCHING_MS;
    return questionnaire.progressedAt === null || Date.parse(questionnaire.progressedAt) < staleBefore;
  }

  /**
   * Claims a run left 'processing' by a process that died (nothing stored for STALE_MATCHING_MS) so that it can
   * be started again; false when the run moved recently or runs here (another process may still be working on it).
   */
  async claimStalled(id: number, audit?: NewAuditEvent): Promise<boolean> {
    const now = this.now();
    const staleBefore = new Date(now.getTime() - STALE_MATCHING_MS).toISOString();
    // The conditional update is the claim: of two staff restarting at once, one restarts and one is told no. The
    // audit event is written with the claim, or not at all.
    return (
      !this.running.has(id) && (await this.repository.claimStaleMatching(id, staleBefore, now.toISOString(), audit))
    );
  }

  /** Matches the questions not matched yet in the matching worker, a slice at a time, storing each slice as it comes back. */
  private async match(id: number): Promise<void> {
    let run: number | undefined;
    let session: MatchingSession | undefined;
    try {
      const questionnaire = await this.repository.find(id);
      if (!questionnaire) throw new AppError('not_found', `No questionnaire ${id}`);
      run = questionnaire.matchingRun;
      const questions = await this.repository.listQuestionTexts(id);
      // Questions are stored a batch at a time after the upload's first transaction: a process that died
      // meanwhile left only some of them, and matching those would pass off part of the file as all of it.
      if (questions.length < questionnaire.questionCount) {
        throw new AppError(
          'conflict',
          `only ${questions.length} of the file's ${questionnaire.questionCount} questions were stored before the upload stopped; upload the file again (or read it again from the detected layout)`,
        );
      }
      const sliceSize = this.sliceSize();
      // The worker gets the library once; the questions follow a slice at a time, each stored as it comes back.
      // A Swedish questionnaire is matched against the Swedish texts of the entries.
      session = await this.startSession(
        CANDIDATES_PER_QUESTION,
        detectQuestionnaireLanguage(questions.map((question) => question.text)),
      );
      // A slice holds whole sections where it can, because a section's questions are matched together.
      for (const slice of sectionSlices(questions, questionnaire.processedCount, sliceSize)) {
        const start = slice.start;
        const sliceQuestions = questions.slice(slice.start, slice.end);
        const suggestions = await session.match(sliceQuestions);
        const matches = sliceQuestions.map((question, index) => ({
          questionId: question.id,
          candidates: suggestions[index] ?? [],
        }));
        const processed = start + matches.length;
        const isCurrent = await this.repository.storeMatches(id, run, matches, processed, this.now().toISOString());
        // The file was re-read meanwhile: a newer run matches the new questions.
        if (!isCurrent) return;
        await this.options.afterSlice?.({ id, processed, total: questions.length });
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      await this.repository.finishMatching(id, run, { status: 'ready' }, this.now().toISOString());
    } catch (error) {
      try {
        this.options.onMatchingError?.(id, error);
      } catch {
        // A failing reporter must not keep the failure from being stored.
      }
      // Our own reasons are written for the reviewer; anything else is internal text, kept for the log only.
      const failure =
        error instanceof MatchingError || error instanceof AppError
          ? error.message
          : 'an unexpected error; the server log has the details';
      // Without a run number the questionnaire could not be read at all: there is nothing to record it on.
      if (run === undefined) return;
      // The database may be gone (shutting down): nothing more can be recorded, and nobody awaits this run.
      await this.repository
        .finishMatching(id, run, { status: 'failed', failure }, this.now().toISOString())
        .catch(() => undefined);
    } finally {
      await session?.close();
    }
  }

  /**
   * Suggests entries for questions the way an upload is matched (in the matching worker, a slice at a time),
   * storing nothing: `top` suggestions for each question, in the order given.
   */
  async suggest(questions: readonly QuestionInContext[], top: number): Promise<SuggestedEntry[][]> {
    const suggestions: SuggestedEntry[][] = [];
    if (questions.length === 0) return suggestions;
    const session = await this.startSession(
      top,
      detectQuestionnaireLanguage(questions.map((question) => question.text)),
    );
    try {
      for (const slice of sectionSlices(questions, 0, this.sliceSize())) {
        suggestions.push(...(await session.match(questions.slice(slice.start, slice.end))));
      }
    } finally {
      await session.close();
    }
    return suggestions;
  }

  /**
   * A matching session over the published library as it is now, in the questionnaire's language: its entries, and
   * its certifications worded as questions ("Are you certified to ISO/IEC 27001:2022?").
   */
  private async startSession(top: number, language: ContentLanguage): Promise<MatchingSession> {
    const published = buildPublishedSite(await this.content.getContent(), 0, new Map(), language);
    const library = matchingLibrary(published, language, this.now().toISOString().slice(0, 10));
    return startMatchingSession(library, {
      top,
      draft: {
        links: Object.fromEntries(published.links.map((link) => [link.key, link.url])),
        baseUrl: this.options.publicUrl,
      },
      ...(this.options.matchingMemoryMb === undefined ? {} : { memoryMb: this.options.matchingMemoryMb }),
    });
  }

  private sliceSize(): number {
    return Math.max(1, this.options.sliceSize ?? MATCHING_SLICE_SIZE);
  }
}

/**
 * Consecutive ranges of questions from `from` on, each about `size` long without splitting a run of questions
 * under one section heading (questions without a heading may be split anywhere), unless the run is longer than
 * MAX_SLICES_PER_SECTION slices: then it is cut too, so every slice stays bounded.
 */
export function sectionSlices(
  questions: readonly QuestionInContext[],
  from: number,
  size: number,
): { start: number; end: number }[] {
  const slices: { start: number; end: number }[] = [];
  const sectionAt = (index: number) => questions[index]?.section?.trim() ?? '';
  let start = from;
  for (let end = from + 1; end < questions.length; end++) {
    const splitsSection = sectionAt(end) !== '' && sectionAt(end) === sectionAt(end - 1);
    if (end - start >= size && (!splitsSection || end - start >= size * MAX_SLICES_PER_SECTION)) {
      slices.push({ start, end });
      start = end;
    }
  }
  if (start < questions.length) slices.push({ start, end: questions.length });
  return slices;
}

/**
 * What a questionnaire is matched against: the published entries, and the certifications worded as questions
 * ("Are you certified to ISO/IEC 27001:2022?", "Which certifications do you hold?") with `today` deciding which are
 * still valid.
 */
export function matchingLibrary(
  published: PublishedContent,
  language: ContentLanguage,
  today: string,
): MatchableEntry[] {
  const certifications = certificationAnswers(published.certifications, language, today).map(
    (certification): MatchableEntry => ({
      slug: certification.slug,
      question: certification.question,
      answer: certification.matchText,
      alternativePhrasings: certification.alternativePhrasings,
      controls: [],
      category: certification.category,
      tags: [],
      shortAnswer: certification.shortAnswer,
      draftMarkdown: certification.answerMarkdown,
      language,
    }),
  );
  return [...published.entries.map(toMatchableEntry), ...certifications];
}
