import type { Actor } from '../domain/staff.js';
import { listUntranslated, type UntranslatedItem } from '../domain/untranslated.js';
import type { ContentService } from './content.service.js';
import type { DocumentService } from './document.service.js';
import type { SiteContentService } from './site-content.service.js';

// Lists staff edit are far shorter; one page holds them all.
const ALL_ITEMS = 10_000;

/** What lacks its Swedish, for the staff page that lists it and the dashboard's count. */
export class TranslationStatusService {
  constructor(
    private readonly content: ContentService,
    private readonly siteContent: SiteContentService,
    private readonly documents?: Pick<DocumentService, 'listForStaff'>,
  ) {}

  /** Every item without its Swedish, by kind; nothing before content has been imported. */
  async listUntranslated(actor: Actor): Promise<UntranslatedItem[]> {
    if (!(await this.content.hasContent())) return [];
    const [content, highlights, certifications, documents] = await Promise.all([
      this.content.getContent(),
      this.siteContent.listHighlights(1, ALL_ITEMS),
      this.siteContent.listCertifications(1, ALL_ITEMS),
      this.documents?.listForStaff(actor) ?? Promise.resolve([]),
    ]);
    return listUntranslated(
      {
        site: content.site,
        highlights: highlights.items,
        categories: content.categories,
        tags: content.tags,
        certifications: certifications.items,
        links: content.links,
        entries: content.entries,
        documents,
      },
      'sv',
    );
  }

  /** How many items lack their Swedish. */
  async countUntranslated(actor: Actor): Promise<number> {
    return (await this.listUntranslated(actor)).length;
  }
}
