/** A page of rows and how many there are in all. */
export interface Page<T> {
  items: T[];
  total: number;
}

/** How many pages `total` rows fill at `pageSize` a page; an empty list still has its one page. */
export function countPages(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/**
 * Reads page `requested` of a list through `read`; a page past the end reads (and answers) the
 * last page instead, and one before the first the first.
 */
export async function readPageOrLast<T, P extends Page<T>>(
  requested: number,
  pageSize: number,
  read: (page: number) => Promise<P>,
): Promise<P & { page: number; pageCount: number }> {
  const first = await read(requested);
  const pageCount = countPages(first.total, pageSize);
  const page = Math.min(Math.max(1, requested), pageCount);
  return { ...(page === requested ? first : await read(page)), page, pageCount };
}
