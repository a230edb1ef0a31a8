import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { type SuggestedEntry, suggestedEntrySchema } from '../domain/questionnaire.js';
import { createMatcher, type MatchableEntry, type Matcher, matchedWords, type QuestionInContext } from './matcher.js';
import { type DraftLinks, withDraftTexts } from './questionnaire-text.js';
import { findWorkerScript, WORKER_EXEC_ARGV } from './worker-script.js';

/** Heap a matching worker may use; a library or questionnaire needing more stops the run with a clear error. */
export const MATCHING_WORKER_MEMORY_MB = 512;
/** How long the worker may take over one slice before it is stopped. */
export const MATCHING_SLICE_TIMEOUT_MS = 120_000;

/** Matching stopped for a reason of its own (out of memory, too slow, the worker died), said in words. */
export class MatchingError extends Error {
  override readonly name = 'MatchingError';
}

/**
 * The suggestions for a run of questions, as stored with them: the matcher's candidates named by their entry's
 * question, with the question's own words they matched.
 */
export function suggestAnswers(
  matcher: Matcher,
  questionBySlug: ReadonlyMap<string, string>,
  questions: readonly QuestionInContext[],
  top: number,
): SuggestedEntry[][] {
  const candidateLists = matcher.matchQuestionnaire(questions, top);
  return questions.map((question, index) =>
    (candidateLists[index] ?? []).map(
      (candidate): SuggestedEntry => ({
        slug: candidate.slug,
        question: questionBySlug.get(candidate.slug) ?? candidate.slug,
        score: candidate.score,
        confidence: candidate.confidence,
        draftAnswer: candidate.draftAnswer,
        ...(candidate.shortAnswer === undefined ? {} : { shortAnswer: candidate.shortAnswer }),
        reasons: {
          words: matchedWords(question.text, candidate.reasons.matchedTerms),
          controls: candidate.reasons.controls,
        },
      }),
    ),
  );
}

/** One matching job: the library is loaded once, then slices of questions are matched one at a time. */
export interface MatchingSession {
  /** The suggestions for each question of the slice, in order; rejects with a MatchingError. */
  match(questions: readonly QuestionInContext[]): Promise<SuggestedEntry[][]>;
  /** Stops the worker (if any); call it when the job ends, however it ends. */
  close(): Promise<void>;
}

/** Settings of a matching session (tests use small limits). */
export interface MatchingSessionOptions {
  /** Suggestions kept per question. */
  top: number;
  /** What the links of draft answers resolve against; without it drafts are the answers' plain text. */
  draft?: DraftLinks;
  /** Heap limit of the worker in MB; MATCHING_WORKER_MEMORY_MB by default. */
  memoryMb?: number;
  /** MATCHING_SLICE_TIMEOUT_MS by default. */
  sliceTimeoutMs?: number;
}

/**
 * Starts a matching job over `entries` (a snapshot of the published library, sent to the worker once). Matching is
 * synchronous CPU work: it runs in a worker thread so the server's event loop keeps serving requests. Without a
 * worker script (an unusual install) it runs here, slice by slice.
 */
export function startMatchingSession(
  entries: readonly MatchableEntry[],
  options: MatchingSessionOptions,
): MatchingSession {
  const launch = findWorkerScript('match.worker');
  if (launch === undefined) {
    return startInProcess(options.draft ? withDraftTexts(entries, options.draft) : entries, options.top);
  }
  const memoryMb = options.memoryMb ?? MATCHING_WORKER_MEMORY_MB;
  const worker = new Worker(launch.script, {
    execArgv: [...WORKER_EXEC_ARGV],
    eval: launch.isEval,
    workerData: { entries, top: options.top, draft: options.draft },
    resourceLimits: { maxOldGenerationSizeMb: memoryMb },
  });
  let pending: { resolve: (value: unknown) => void; reject: (error: MatchingError) => void } | undefined;
  let failure: MatchingError | undefined;
  const fail = (error: MatchingError): void => {
    failure ??= error;
    const waiting = pending;
    pending = undefined;
    waiting?.reject(failure);
  };
  worker.on('message', (message: unknown) => {
    const waiting = pending;
    pending = undefined;
    waiting?.resolve(message);
  });
  worker.on('error', (error: Error) => {
    const isOutOfMemory = 'code' in error && error.code === 'ERR_WORKER_OUT_OF_MEMORY';
    fail(
      new MatchingError(
        isOutOfMemory
          ? `matching needed more than the ${memoryMb} MB of memory it may use`
          : 'the matching worker failed unexpectedly',
      ),
    );
  });
  worker.on('exit', (code) => fail(new MatchingError(`the matching worker stopped (exit code ${code})`)));
  const timeoutMs = options.sliceTimeoutMs ?? MATCHING_SLICE_TIMEOUT_MS;
  let isClosed = false;

  return {
    async match(questions) {
      if (failure !== undefined) throw failure;
      if (isClosed || pending !== undefined) throw new MatchingError('the matching session is closed or busy');
      const reply = new Promise<unknown>((resolve, reject) => {
        pending = { resolve, reject };
      });
      const timer = setTimeout(() => {
        fail(
          new MatchingError(
            `matching ${questions.length} questions took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`,
          ),
        );
        void worker.terminate();
      }, timeoutMs);
      try {
        worker.postMessage({
          questions: questions.map((question) => ({ text: question.text, section: question.section ?? null })),
        });
        const parsed = workerReply.safeParse(await reply);
        if (!parsed.success) throw new MatchingError('the matching worker gave no usable answer');
        if (!parsed.data.ok) throw new MatchingError(parsed.data.problem);
        if (parsed.data.suggestions.length !== questions.length) {
          throw new MatchingError('the matching worker answered for the wrong number of questions');
        }
        return parsed.data.suggestions;
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      isClosed = true;
      failure ??= new MatchingError('the matching session is closed');
      await worker.terminate();
    },
  };
}

function startInProcess(entries: readonly MatchableEntry[], top: number): MatchingSession {
  const matcher = createMatcher(entries);
  const questionBySlug = new Map(entries.map((entry) => [entry.slug, entry.question]));
  return {
    async match(questions) {
      return suggestAnswers(matcher, questionBySlug, questions, top);
    },
    async close() {},
  };
}

const workerReply = z.union([
  z.object({ ok: z.literal(true), suggestions: z.array(z.array(suggestedEntrySchema)) }),
  z.object({ ok: z.literal(false), problem: z.string() }),
]);
