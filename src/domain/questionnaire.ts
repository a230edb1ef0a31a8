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
  /**
   * Why it was suggested: the question's words it matched and the Annex A controls the question
   * names. Absent on suggestions stored before reasons were kept.
   */
  reasons?: { words: string[]; controls: string[] };
}

/** One sheet of a workbook as layout detection last found it; letters are column letters (`B`). */
export interface SheetLayout {
  name: string;
  isHidden: boolean;
  headerRow: number | null;
  questionColumn: string | null;
  answerColumn: string | null;
  questionCount: number;
  headerCells: { column: string; text: string }[];
}
