import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PageCache } from './page-cache.js';

describe('PageCache', () => {
  it('renders once per revision and keeps the page as UTF-8 bytes and gzip, each made once', async () => {
    const cache = new PageCache();
    let renders = 0;
    const render = async () => {
      renders += 1;
      return `<p>Åtkomst – revision ${renders}</p>`;
    };
    const first = await cache.getOrRender('sv|/', 1, render);
    const again = await cache.getOrRender('sv|/', 1, render);
    expect(again).toBe(first);
    expect(renders).toBe(1);
    expect(new TextDecoder().decode(first.getBytes())).toBe('<p>Åtkomst – revision 1</p>');
    expect(first.getBytes()).toBe(first.getBytes());
    expect(gunzipSync(first.getGzip()).toString('utf8')).toBe(first.html);
    expect(first.getGzip()).toBe(first.getGzip());

    const next = await cache.getOrRender('sv|/', 2, render);
    expect(next.html).toBe('<p>Åtkomst – revision 2</p>');
    expect(next.etag).not.toBe(first.etag);
  });

  it('forgets the oldest page beyond its size', async () => {
    const cache = new PageCache(2);
    let renders = 0;
    const render = async () => `page ${++renders}`;
    await cache.getOrRender('a', 1, render);
    await cache.getOrRender('b', 1, render);
    await cache.getOrRender('c', 1, render);
    expect((await cache.getOrRender('b', 1, render)).html).toBe('page 2');
    expect((await cache.getOrRender('a', 1, render)).html).toBe('page 4');
  });

  it('compresses a page with brotli off the event loop: gzip until it is ready, then brotli, made once', async () => {
    const cache = new PageCache();
    const page = await cache.getOrRender('en|/', 1, async () => `<p>${'Säker drift. '.repeat(2000)}</p>`);
    expect(page.findBrotli()).toBeUndefined();
    let brotli = page.findBrotli();
    for (let waited = 0; brotli === undefined && waited < 5000; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      brotli = page.findBrotli();
    }
    if (brotli === undefined) throw new Error('brotli never finished');
    expect(brotliDecompressSync(brotli).toString('utf8')).toBe(page.html);
    expect(brotli.length).toBeLessThan(page.getGzip().length);
    expect(page.findBrotli()).toBe(brotli);
  });
});
