import { z } from 'zod';
import { SHORT_ANSWERS, type ShortAnswer } from './short-answer.js';
import { type Actor, hasPermission } from './staff.js';

/** Who may see a questionnaire: every staff member ('team') or only its owner and admins ('private'). */
export const QUESTIONNAIRE_VISIBILITIES = ['team', 'private'] as const;

/** Who may see a questionnaire. */
export type QuestionnaireVisibility = (typeof QUESTIONNAIRE_VISIBILITIES)[number];

/** What the visibility rule reads of a questionnaire: its owner (the uploader; null when unknown) and visibility. */
export interface QuestionnaireAccess {
  ownerId: number | null;
  visibility: QuestionnaireVisibility;
}

/**
 * Whether a staff member may see (open, review, export, change) a questionnaire: admins see every one, anyone else
 * with read access a team questionnaire, and a private one only its owner. A questionnaire one may not see is
 * answered as not found, so its existence stays hidden.
 */
export function canSeeQuestionnaire(actor: Actor, questionnaire: QuestionnaireAccess): boolean {
  if (actor.role === 'admin') return true;
  if (!hasPermission(actor, 'read')) return false;
  return questionnaire.visibility === 'team' || questionnaire.ownerId === actor.userId;
}

/** Whether a staff member may change who sees a questionnaire: its owner or an admin. */
export function canChangeQuestionnaireVisibility(actor: Actor, questionnaire: QuestionnaireAccess): boolean {
  return actor.role === 'admin' || (questionnaire.ownerId !== null && questionnaire.ownerId === actor.userId);
}

/** The confidence bands of a suggestion, best first. */
export const CONFIDENCE_LEVELS = ['high', 'medium', 'low', 'none'] as const;

/** How far a staff member can trust a suggested answer without reading it closely. */
export type Confidence = (typeof CONFIDENCE_LEVELS)[number];

/** Where a question stands in review: not decided yet, accepted, or waiting for a new answer. */
export const QUESTION_STATUSES = ['suggested', 'accepted', 'needs_answer'] as const;

/** Where a question stands in review. */
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

/** An entry suggested for a question, as stored with the question and shown for review. */
export interface SuggestedEntry {
  slug: string;
  /** The entry's question, so the review page can name the candidate without loading the entry. */
  question: string;
  score: number;
  confidence: Confidence;
  draftAnswer: string;
  /** The entry's short answer (yes / no / partial / not applicable) for a choice column, when it has one. */
  shortAnswer?: ShortAnswer;
  /**
   * Why it was suggested: the question's words it matched and the Annex A controls the question
   * names. Absent on suggestions stored before reasons were kept.
   */
  reasons?: { words: string[]; controls: string[] };
}

/** The shape of a suggestion wherever one crosses a boundary (a worker's reply, a stored JSON text). */
export const suggestedEntrySchema = z.object({
  slug: z.string(),
  question: z.string(),
  score: z.number(),
  confidence: z.enum(CONFIDENCE_LEVELS),
  draftAnswer: z.string(),
  shortAnswer: z.enum(SHORT_ANSWERS).optional(),
  reasons: z.object({ words: z.array(z.string()), controls: z.array(z.string()) }).optional(),
});

/** One sheet of a workbook as layout detection last found it; letters are column letters (`B`). */
export interface SheetLayout {
  name: string;
  isHidden: boolean;
  headerRow: number | null;
  questionColumn: string | null;
  /** Where the text of an answer goes (the free-text column); null when the sheet has none. */
  answerColumn: string | null;
  /** Where the short answer goes (a Yes/No list or heading); null when the sheet has none. */
  choiceColumn: string | null;
  /** The words the choice column's list offers; null when no list constrains it. */
  choiceWords: string[] | null;
  /** Why the sheet was left out although it looks like a questionnaire (it copies another sheet); null when not. */
  skipped: string | null;
  /** What reading the sheet changed (a question cut to 4,000 characters), naming the cell. */
  warnings: string[];
  questionCount: number;
  headerCells: { column: string; text: string }[];
}

/** One page of a questionnaire's review: its number (from 1), how many pages there are, and how many questions match. */
export interface ReviewPage {
  number: number;
  count: number;
  size: number;
  matching: number;
}

/** Where the work on a questionnaire stands: being answered, sent back to the customer, or put away. */
export const QUESTIONNAIRE_WORK_STATUSES = ['in_progress', 'sent', 'archived'] as const;

/** Where the work on a questionnaire stands. */
export type QuestionnaireWorkStatus = (typeof QUESTIONNAIRE_WORK_STATUSES)[number];

/** What a questionnaire is for: who sent it, when it is due, who owns the work and where it stands. */
export interface QuestionnaireContext {
  /** Free text, at most 200 characters; null when not given. */
  customer: string | null;
  /** A day as YYYY-MM-DD; null when there is none. */
  dueDate: string | null;
  /** A staff member's id; null when unknown. */
  ownerId: number | null;
  workStatus: QuestionnaireWorkStatus;
}

/** Whether a questionnaire still being answered is past its due day (`today` as YYYY-MM-DD). */
export function isQuestionnaireOverdue(context: Pick<QuestionnaireContext, 'dueDate' | 'workStatus'>, today: string) {
  return context.workStatus === 'in_progress' && context.dueDate !== null && context.dueDate < today;
}

/** Who may change a questionnaire's context: an editor (or admin), or its owner whatever their role. */
export function canChangeQuestionnaireContext(actor: Actor, questionnaire: QuestionnaireAccess): boolean {
  return hasPermission(actor, 'edit') || (questionnaire.ownerId !== null && questionnaire.ownerId === actor.userId);
}

/** One question "accept all" would accept, with the entry it would take the answer from. */
export interface BulkAcceptItem {
  id: number;
  reference: string;
  text: string;
  section: string | null;
  slug: string;
  /** The entry's question. */
  entryQuestion: string;
  confidence: Confidence;
  /** The same entry is the first suggestion of a neighbouring question or of three or more in the section. */
  isCrowded: boolean;
}
