import { describe, expect, it } from 'vitest';
import { countPages, type Page, readPageOrLast } from './page.js';

/** A list of `total` numbers read `pageSize` at a time, counting the reads. */
function numbers(total: number, pageSize: number) {
  const reads: number[] = [];
  const read = async (page: number): Promise<Page<number>> => {
    reads.push(page);
    const start = (page - 1) * pageSize;
    const items = Array.from({ length: Math.max(0, Math.min(pageSize, total - start)) }, (_, index) => start + index);
    return { items, total };
  };
  return { reads, read };
}

describe('pages of a list', () => {
  it('counts at least one page, and a partly filled last page', () => {
    expect(countPages(0, 10)).toBe(1);
    expect(countPages(10, 10)).toBe(1);
    expect(countPages(11, 10)).toBe(2);
  });

  it('reads a page within the list once', async () => {
    const list = numbers(25, 10);
    const page = await readPageOrLast(2, 10, list.read);
    expect(page).toMatchObject({ page: 2, pageCount: 3, total: 25, items: [10, 11, 12, 13, 14, 15, 16, 17, 18, 19] });
    expect(list.reads).toEqual([2]);
  });

  it('answers the last page for a page past the end', async () => {
    const list = numbers(25, 10);
    const page = await readPageOrLast(9, 10, list.read);
    expect(page).toMatchObject({ page: 3, pageCount: 3, items: [20, 21, 22, 23, 24] });
    expect(list.reads).toEqual([9, 3]);
  });

  it('answers the first page for a page before the first, and for an empty list', async () => {
    expect(await readPageOrLast(0, 10, numbers(25, 10).read)).toMatchObject({
      page: 1,
      items: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    });
    expect(await readPageOrLast(4, 10, numbers(0, 10).read)).toMatchObject({ page: 1, pageCount: 1, items: [] });
  });
});
