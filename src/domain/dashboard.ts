import type { AuditEventRecord } from './audit.js';
import type { ExpiredCertificationMention } from './certification-mention.js';
import type { EntryStatus } from './content.js';
import type { DocumentListItem } from './document.js';
import type { EntryListItem } from './entry-record.js';
import type { SearchQueryTotal } from './search-analytics.js';
import type { HighlightRecord } from './site-content.js';

/** Everything the staff start page shows. */
export interface DashboardOverview {
  statusCounts: Record<EntryStatus, number>;
  dueCount: number;
  overdueCount: number;
  /** The longest overdue entries first. */
  overdue: EntryListItem[];
  /** Due or overdue entries the signed-in person owns, soonest due first. */
  ownDue: EntryListItem[];
  /** Latest entry.* audit events, newest first. */
  recentChanges: AuditEventRecord[];
  topSearches: SearchQueryTotal[];
  zeroResultSearches: SearchQueryTotal[];
  /** Documents that are expired or end within 30 days, soonest first. */
  expiringDocuments: DocumentListItem[];
  /** Confirmed access requests waiting for a staff decision. */
  pendingAccessRequests: number;
  /** Highlight cards that name a certification which has expired. */
  expiredCertificationClaims: ExpiredCertificationMention<HighlightRecord>[];
  /** Items of content without their Swedish (the Untranslated page lists them). */
  untranslatedCount: number;
}
