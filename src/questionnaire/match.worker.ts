// Matches questionnaire questions off the main thread: scoring is synchronous CPU work, and a large questionnaire
// against a large library takes seconds that requests would otherwise wait for.
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { SHORT_ANSWERS } from '../domain/short-answer.js';
import { createMatcher } from './matcher.js';
import { suggestAnswers } from './matching-session.js';
import { withDraftTexts } from './questionnaire-text.js';
import { runInBackground } from './worker-script.js';

// Visitors' requests on the main thread come first when the cores are busy.
runInBackground();

const setup = z.object({
  entries: z.array(
    z.object({
      slug: z.string(),
      question: z.string(),
      answer: z.string(),
      alternativePhrasings: z.array(z.string()),
      controls: z.array(z.string()),
      category: z.string(),
      tags: z.array(z.string()),
      shortAnswer: z.enum(SHORT_ANSWERS).nullable().optional(),
      draftMarkdown: z.string().optional(),
      language: z.enum(['en', 'sv']).optional(),
    }),
  ),
  top: z.number().int().min(0),
  draft: z.object({ links: z.record(z.string(), z.string()), baseUrl: z.string().optional() }).optional(),
});

const slice = z.object({
  questions: z.array(z.object({ text: z.string(), section: z.string().nullable() })),
});

const port = parentPort;
if (port !== null) {
  const { entries, top, draft } = setup.parse(workerData);
  // Drafts are rendered here, for the entries suggested only, not on the server's thread for every entry.
  const matcher = createMatcher(draft ? withDraftTexts(entries, draft) : entries);
  const questionBySlug = new Map(entries.map((entry) => [entry.slug, entry.question]));
  port.on('message', (message: unknown) => {
    try {
      const { questions } = slice.parse(message);
      port.postMessage({ ok: true, suggestions: suggestAnswers(matcher, questionBySlug, questions, top) });
    } catch (error) {
      port.postMessage({ ok: false, problem: error instanceof Error ? error.message : String(error) });
    }
  });
}
