import { brotliCompress, constants, gzipSync } from 'node:zlib';
import type { Context } from 'hono';
import type { AppEnv } from './middleware/request-context.js';

/** A rendered page kept for one content revision. */
export interface CachedPage {
  revision: number;
  html: string;
  etag: string;
  /** The page as UTF-8 bytes, encoded once rather than on every response. */
  getBytes(): Uint8Array<ArrayBuffer>;
  /** The page gzip-compressed; compressed on first use, then kept. */
  getGzip(): Uint8Array<ArrayBuffer>;
  /**
   * The page brotli-compressed at the highest quality, once ready: the first call starts the compression on
   * libuv's thread pool (about 0.3 s for a 150 KB page, which must not block the event loop) and answers
   * undefined, and so does every call until it is done; gzip serves meanwhile.
   */
  findBrotli(): Uint8Array<ArrayBuffer> | undefined;
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
    let brotli: Uint8Array<ArrayBuffer> | undefined;
    let isCompressing = false;
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
      findBrotli: () => {
        if (brotli === undefined && !isCompressing) {
          isCompressing = true;
          const source = page.getBytes();
          const params = {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: source.length,
          };
          brotliCompress(source, { params }, (error, result) => {
            // On a failure gzip keeps serving; the next revision tries again.
            if (!error) brotli = new Uint8Array(result);
          });
        }
        return brotli;
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

/** The encoding to send: brotli when the client accepts it and it is at hand, else gzip when accepted, else none. */
export function chooseEncoding(
  acceptEncoding: string | undefined,
  hasBrotli: () => boolean,
): 'br' | 'gzip' | undefined {
  const accepted = acceptEncoding ?? '';
  if (/\bbr\b/.test(accepted) && hasBrotli()) return 'br';
  return /\bgzip\b/.test(accepted) ? 'gzip' : undefined;
}

/** What to send for a cached page: its status, ETag, encoding and body (none for a 304). */
export interface CachedPageAnswer {
  status: 200 | 304;
  etag: string;
  encoding: 'br' | 'gzip' | undefined;
  body: Uint8Array<ArrayBuffer> | undefined;
}

/**
 * Decides the answer for a cached page: the best encoding the client accepts that is ready (brotli, gzip, none),
 * each encoding with its own strong ETag, and a 304 for a conditional request naming any of them. Shared by the
 * routes and the fast path in front of them, so both answer the same.
 */
export function answerCachedPage(
  page: CachedPage,
  acceptEncoding: string | undefined,
  ifNoneMatch: string | undefined,
): CachedPageAnswer {
  const encoding = chooseEncoding(acceptEncoding, () => page.findBrotli() !== undefined);
  const stem = page.etag.slice(0, -1);
  const etag = encoding === undefined ? page.etag : `${stem}-${encoding}"`;
  if (ifNoneMatch !== undefined && ifNoneMatch !== '') {
    const variants = [page.etag, `${stem}-gzip"`, `${stem}-br"`];
    const named = ifNoneMatch.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    if (named.some((tag) => variants.includes(tag))) return { status: 304, etag, encoding, body: undefined };
  }
  const body =
    encoding === undefined
      ? page.getBytes()
      : encoding === 'br'
        ? (page.findBrotli() ?? page.getGzip())
        : page.getGzip();
  return { status: 200, etag, encoding, body };
}

/** Answers with a cached page (see answerCachedPage), and marks the response as one the fast path may repeat. */
export function sendCachedPage(c: Context<AppEnv>, page: CachedPage, contentType: string): Response {
  c.set('cachedPage', { page, contentType });
  c.header('Cache-Control', 'public, max-age=0, must-revalidate');
  c.header('Vary', 'Accept-Language, Accept-Encoding');
  const answer = answerCachedPage(page, c.req.header('accept-encoding'), c.req.header('if-none-match'));
  c.header('ETag', answer.etag);
  if (answer.status === 304 || answer.body === undefined) return c.body(null, 304);
  c.header('Content-Type', contentType);
  if (answer.encoding !== undefined) c.header('Content-Encoding', answer.encoding);
  return c.body(answer.body);
}
