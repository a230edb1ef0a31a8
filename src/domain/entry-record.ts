import type { Entry, EntryStatus } from './content.js';

/** An entry as staff see it: the stored entry plus its workflow state. */
export interface EntryRecord extends Entry {
  submittedById: number | null;
  reviewedById: number | null;
  /** A saved change to this published entry that waits for approval. */
  pendingVersion: number | null;
}

/** How fresh an entry's last review is. */
export type Freshness = 'fresh' | 'due' | 'overdue';

/** A row of the staff entry list. */
export interface EntryListItem {
  slug: string;
  question: string;
  category: string;
  status: EntryStatus;
  owner: string;
  lastReviewed: string;
  dueOn: string;
  freshness: Freshness;
  updatedAt: string;
  hasPendingChange: boolean;
}
