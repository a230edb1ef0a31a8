import type { EntryStatus } from '../domain/content.js';
import type { DashboardOverview } from '../domain/dashboard.js';
import type { EntryListItem } from '../domain/entry-record.js';
import type { Actor } from '../domain/staff.js';
import type { AccessService } from './access.service.js';
import type { AuditService } from './audit.service.js';
import type { DocumentService } from './document.service.js';
import type { EntryService } from './entry.service.js';
import type { SearchAnalyticsService } from './search-analytics.service.js';
import type { SiteContentService } from './site-content.service.js';
import type { TranslationStatusService } from './translation-status.service.js';

/** How many rows each dashboard list shows. */
export const DASHBOARD_LIST_LIMIT = 10;
/** The period the search figures cover, in days. */
export const DASHBOARD_SEARCH_DAYS = 30;

/** Gathers the start page's figures from the entry, audit and search-analytics services. */
export class DashboardService {
  constructor(
    private readonly entries: EntryService,
    private readonly audit: AuditService,
    private readonly searchAnalytics: SearchAnalyticsService,
    private readonly documents?: Pick<DocumentService, 'listExpiring'>,
    private readonly access?: Pick<AccessService, 'countPending'>,
    private readonly highlights?: {
      siteContent: Pick<SiteContentService, 'listExpiredCertificationClaims'>;
      today: () => string;
    },
    private readonly translations?: Pick<TranslationStatusService, 'countUntranslated'>,
  ) {}

  /** The overview for one staff member (their own due entries are picked by owner email). */
  async getOverview(actor: Actor): Promise<DashboardOverview> {
    const [
      all,
      changes,
      topSearches,
      zeroResultSearches,
      expiringDocuments,
      pendingAccessRequests,
      expiredCertificationClaims,
      untranslatedCount,
    ] = await Promise.all([
      // The entry list is computed in memory (due dates depend on taxonomy intervals), so one call covers every count.
      this.entries.listEntries({}, 1, Number.MAX_SAFE_INTEGER),
      this.audit.list({ actionPrefix: 'entry.' }, 1, DASHBOARD_LIST_LIMIT),
      this.searchAnalytics.listTopQueries(DASHBOARD_SEARCH_DAYS, DASHBOARD_LIST_LIMIT),
      this.searchAnalytics.listZeroResultQueries(DASHBOARD_SEARCH_DAYS, DASHBOARD_LIST_LIMIT),
      this.documents?.listExpiring() ?? Promise.resolve([]),
      this.access?.countPending() ?? Promise.resolve(0),
      this.highlights?.siteContent.listExpiredCertificationClaims(this.highlights.today()) ?? Promise.resolve([]),
      this.translations?.countUntranslated(actor) ?? Promise.resolve(0),
    ]);
    const statusCounts: Record<EntryStatus, number> = { draft: 0, in_review: 0, published: 0, archived: 0 };
    for (const item of all.items) statusCounts[item.status] += 1;
    // Counted exactly as the entry list's freshness filter counts, so a figure matches the list it links to.
    const live = all.items;
    const byDueDate = (a: EntryListItem, b: EntryListItem) =>
      a.dueOn.localeCompare(b.dueOn) || a.slug.localeCompare(b.slug);
    const overdue = live.filter((item) => item.freshness === 'overdue').sort(byDueDate);
    const due = live.filter((item) => item.freshness === 'due');
    const owner = actor.email.toLowerCase();
    const ownDue = live
      .filter((item) => item.freshness !== 'fresh' && item.owner.toLowerCase() === owner)
      .sort(byDueDate)
      .slice(0, DASHBOARD_LIST_LIMIT);
    return {
      statusCounts,
      dueCount: due.length,
      overdueCount: overdue.length,
      overdue: overdue.slice(0, DASHBOARD_LIST_LIMIT),
      ownDue,
      recentChanges: changes.items,
      topSearches,
      zeroResultSearches,
      expiringDocuments: expiringDocuments.slice(0, DASHBOARD_LIST_LIMIT),
      pendingAccessRequests,
      expiredCertificationClaims,
      untranslatedCount,
    };
  }
}
