import { gzipSync } from 'node:zlib';

/** A rendered page kept for one content revision. */
export interface CachedPage {
  revision: number;
  html: string;
  etag: string;
  /** The page as UTF-8 bytes, encoded once rather than on every response. */
  getBytes(): Uint8Array<ArrayBuffer>;
  /** The page gzip-compressed; compressed on first use, then kept. */
  getGzip(): Uint8Array<ArrayBuffer>;
}

/**
 * Per-process cache of rendered public pages, keyed by language and path. Entries of an older
 * revision are treated as missing, so a content change anywhere shows at the next request.
 */
export class PageCache {
  private readonly pages = new Map<string, CachedPage>();

  constructor(private readonly maxPages = 2000) {}

  /** Returns the cached page for this revision, or renders, stores and returns it. */
  async getOrRender(key: string, revision: number, render: () => Promise<string>): Promise<CachedPage> {
    const cached = this.pages.get(key);
    if (cached && cached.revision === revision) return cached;
    const html = await render();
    let gzip: Uint8Array<ArrayBuffer> | undefined;
    let bytes: Uint8Array<ArrayBuffer> | undefined;
    const page: CachedPage = {
      revision,
      html,
      etag: `"r${revision}-${hashText(html)}"`,
      getBytes: () => {
        bytes ??= new TextEncoder().encode(html) as Uint8Array<ArrayBuffer>;
        return bytes;
      },
      getGzip: () => {
        gzip ??= new Uint8Array(gzipSync(html, { level: 6 }));
        return gzip;
      },
    };
    if (this.pages.size >= this.maxPages) {
      // Evict the oldest insertion; public pages are few, so this rarely runs.
      const oldest = this.pages.keys().next();
      if (!oldest.done) this.pages.delete(oldest.value);
    }
    this.pages.set(key, page);
    return page;
  }
}

/** A short FNV-1a hash, enough to tell two renderings apart in an ETag. */
function hashText(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}
