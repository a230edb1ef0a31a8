import { describe, expect, it } from 'vitest';
import { buildEntry, buildMinimalContent } from '../../test/factories.js';
import type { ContentSet } from '../domain/content.js';
import type { ContentService } from './content.service.js';
import { PublicSiteService } from './public-site.service.js';

const STORED_THINGS = ['disks', 'backups', 'logs', 'mail', 'tickets', 'keys', 'images', 'archives'];

// The minimal content and eight entries about encryption at rest: enough hits for two pages of three.
const example: ContentSet = {
  ...buildMinimalContent(),
  entries: [
    ...buildMinimalContent().entries,
    ...STORED_THINGS.map((thing, index) =>
      buildEntry({
        slug: `${thing}-at-rest`,
        question: `Are ${thing} encrypted at rest?`,
        answer: `Encryption at rest covers all ${thing}, with keys rotated every year.`,
        order: 10 + index,
      }),
    ),
  ],
};

/** A content source whose revision reads can be held, to interleave them with a write. */
function createHeldContent() {
  let revision = 1;
  const held: (() => void)[] = [];
  let isHolding = false;
  const source = {
    getRevision: () => {
      const seen = revision;
      if (!isHolding) return Promise.resolve(seen);
      return new Promise<number>((resolve) => held.push(() => resolve(seen)));
    },
    getContent: async () => ({ ...example, site: { ...example.site, name: `Site at revision ${revision}` } }),
  };
  return {
    service: source as unknown as ContentService,
    hold: () => {
      isHolding = true;
    },
    releaseAll: () => {
      isHolding = false;
      for (const release of held.splice(0)) release();
    },
    write: () => {
      revision += 1;
    },
  };
}

describe('PublicSiteService', () => {
  it('serves the cached site within the check interval and rebuilds on a new revision', async () => {
    const content = createHeldContent();
    const site = new PublicSiteService(content.service, 60_000, 60_000);
    const first = await site.getPublishedSite();
    expect(first.revision).toBe(1);
    content.write();
    expect((await site.getPublishedSite()).revision).toBe(1);
    site.invalidate();
    expect((await site.getPublishedSite()).revision).toBe(2);
  });

  it('does not let a check that began before a local write hide the write', async () => {
    const content = createHeldContent();
    const site = new PublicSiteService(content.service, 60_000, 60_000);
    await site.getPublishedSite();
    site.invalidate();
    // A visitor's request starts a check that reads the revision before the write commits...
    content.hold();
    const before = site.getPublishedSite();
    await new Promise((resolve) => setImmediate(resolve));
    // ...the write commits and the writer asks for a refresh while that check is still running.
    content.write();
    site.refreshSoon();
    content.releaseAll();
    expect((await before).revision).toBe(1);
    // The next visitor sees the write at once, not after the check interval.
    const after = await site.getPublishedSite();
    expect(after.revision).toBe(2);
    expect(after.site.name).toBe('Site at revision 2');
  });

  it('builds nothing on a refresh before it served anything (a CLI write), and rebuilds at once after', async () => {
    let reads = 0;
    let revision = 1;
    const source = {
      getRevision: async () => revision,
      getContent: async () => {
        reads += 1;
        return example;
      },
    };
    const site = new PublicSiteService(source as unknown as ContentService, 60_000, 60_000);
    site.refreshSoon();
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads).toBe(0);
    expect((await site.getPublishedSite()).revision).toBe(1);
    revision = 2;
    site.refreshSoon();
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads).toBe(2);
    expect((await site.getPublishedSite()).revision).toBe(2);
  });
});

describe('PublicSiteService.prepareAnswers', () => {
  it('renders every answer in slices with a turn of the event loop between them, once per published site', async () => {
    const content = createHeldContent();
    const site = new PublicSiteService(content.service, 60_000, 60_000);
    const published = await site.getPublishedSite();
    expect(published.entries.length).toBeGreaterThan(8);
    // Other work queued meanwhile (a visitor's request) runs between the slices: with no time per slice, after
    // every answer.
    let turns = 0;
    let isDone = false;
    const countTurn = () => {
      if (isDone) return;
      turns += 1;
      setImmediate(countTurn);
    };
    setImmediate(countTurn);
    const preparing = site.prepareAnswers(published, 0);
    expect(site.prepareAnswers(published, 0)).toBe(preparing);
    await preparing;
    isDone = true;
    expect(turns).toBeGreaterThanOrEqual(published.entries.length - 1);
    expect(published.entries.every((entry) => entry.answerHtml.startsWith('<p>'))).toBe(true);
  });
});

describe('PublicSiteService.search', () => {
  it('searches the published site in one call: the request as searched, the page of hits and the site they come from', async () => {
    const content = createHeldContent();
    const site = new PublicSiteService(content.service, 60_000, 60_000);
    const timed: string[] = [];
    const search = await site.search(
      { query: '  encryption at rest ', category: undefined, tags: [], page: 1, pageSize: 3 },
      (run) => {
        timed.push('search');
        return run();
      },
    );
    expect(search.request).toEqual({
      query: 'encryption at rest',
      category: undefined,
      tags: [],
      page: 1,
      pageSize: 3,
    });
    expect(search.published.revision).toBe(1);
    expect(search.result?.hits.length).toBe(3);
    expect(search.result?.total).toBeGreaterThanOrEqual(STORED_THINGS.length);
    expect(timed).toEqual(['search']);
    // The second page starts where the first ended.
    const next = await site.search({
      query: 'encryption at rest',
      category: undefined,
      tags: [],
      page: 2,
      pageSize: 3,
    });
    expect(next.result?.hits.map((hit) => hit.id)).toEqual(
      search.published.search
        .search('encryption at rest', { limit: 6 })
        .hits.slice(3, 6)
        .map((hit) => hit.id),
    );
  });

  it('runs no search for an empty query, and searches a new revision once the content changed', async () => {
    const content = createHeldContent();
    const site = new PublicSiteService(content.service, 60_000, 60_000);
    const empty = await site.search({ query: '   ', category: undefined, tags: [], page: 1, pageSize: 10 });
    expect(empty.result).toBeUndefined();
    expect(empty.request.query).toBe('');
    content.write();
    site.invalidate();
    const after = await site.search({ query: 'encryption', category: undefined, tags: [], page: 1, pageSize: 10 });
    expect(after.published.revision).toBe(2);
    expect(after.result?.total).toBeGreaterThan(0);
  });
});
