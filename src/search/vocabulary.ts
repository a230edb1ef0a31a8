import { measureEditDistance } from './edit-distance.js';

/** A vocabulary word found near a query word. */
export interface NearWord {
  word: string;
  distance: number;
  /** Number of documents containing the word. */
  documentCount: number;
}

// Typo lookups remembered at most; the cache starts again when full.
const NEAR_CACHE_LIMIT = 10_000;

/**
 * The set of surface words (normalized, unstemmed) in the index, reference-counted by document,
 * answering prefix lookups through a sorted array and typo lookups through length buckets.
 */
export class Vocabulary {
  private readonly counts = new Map<string, number>();
  // Kept sorted so a prefix is a contiguous range found by binary search.
  private sorted: string[] = [];
  private sortedIsStale = false;
  // Typo candidates share their first character (or second, to catch a swapped first pair)
  // and have a similar length, which cuts the words compared to a small fraction.
  private readonly buckets = new Map<string, string[]>();
  // Typo lookups repeat (the same misspelling, the same unknown word in many questions); the answers
  // stay valid until a document count changes.
  private readonly nearCache = new Map<string, readonly NearWord[]>();

  /** Number of distinct words. */
  get size(): number {
    return this.counts.size;
  }

  /** Count one more document containing the word. */
  addWord(word: string, deferSorting = false): void {
    if (this.nearCache.size > 0) this.nearCache.clear();
    const count = this.counts.get(word);
    if (count !== undefined) {
      this.counts.set(word, count + 1);
      return;
    }
    this.counts.set(word, 1);
    this.addToBucket(word);
    if (deferSorting || this.sortedIsStale) {
      this.sortedIsStale = true;
      return;
    }
    this.sorted.splice(this.findLowerBound(word), 0, word);
  }

  /** Count one fewer document containing the word, forgetting it at zero. */
  removeWord(word: string): void {
    if (this.nearCache.size > 0) this.nearCache.clear();
    const count = this.counts.get(word);
    if (count === undefined) return;
    if (count > 1) {
      this.counts.set(word, count - 1);
      return;
    }
    this.counts.delete(word);
    this.removeFromBucket(word);
    if (this.sortedIsStale) return;
    const position = this.findLowerBound(word);
    if (this.sorted[position] === word) this.sorted.splice(position, 1);
  }

  /** Forget every word. */
  clear(): void {
    this.nearCache.clear();
    this.counts.clear();
    this.buckets.clear();
    this.sorted = [];
    this.sortedIsStale = false;
  }

  /** Tell whether the word occurs in any document. */
  hasWord(word: string): boolean {
    return this.counts.has(word);
  }

  /** Return the number of documents containing the word. */
  countDocuments(word: string): number {
    return this.counts.get(word) ?? 0;
  }

  /** Return up to `limit` words starting with the prefix (excluding the prefix itself), most frequent first. */
  findByPrefix(prefix: string, limit: number, scanLimit = 512): string[] {
    this.ensureSorted();
    const found: string[] = [];
    for (let position = this.findLowerBound(prefix); position < this.sorted.length; position++) {
      const word = this.sorted[position];
      if (word === undefined || !word.startsWith(prefix)) break;
      if (word !== prefix) found.push(word);
      if (found.length >= scanLimit) break;
    }
    if (found.length > limit) {
      found.sort((left, right) => this.countDocuments(right) - this.countDocuments(left));
      found.length = limit;
    }
    return found;
  }

  /** Return words within `maxDistance` edits of the word (excluding itself), closest and most frequent first. */
  findNear(word: string, maxDistance: number, limit: number): readonly NearWord[] {
    if (maxDistance <= 0 || word.length === 0) return [];
    const key = `${maxDistance} ${limit} ${word}`;
    const cached = this.nearCache.get(key);
    if (cached !== undefined) return cached;
    const found = this.scanNear(word, maxDistance, limit);
    if (this.nearCache.size >= NEAR_CACHE_LIMIT) this.nearCache.clear();
    this.nearCache.set(key, found);
    return found;
  }

  private scanNear(word: string, maxDistance: number, limit: number): NearWord[] {
    const near: NearWord[] = [];
    const initials = new Set<string>([word.charAt(0)]);
    if (word.length > 1) initials.add(word.charAt(1));
    for (const initial of initials) {
      for (let length = word.length - maxDistance; length <= word.length + maxDistance; length++) {
        const bucket = this.buckets.get(formatBucketKey(initial, length));
        if (bucket === undefined) continue;
        for (const candidate of bucket) {
          if (candidate === word) continue;
          // A word reached through the second-character bucket must really start with a swap.
          if (initial !== word.charAt(0) && candidate.charAt(1) !== word.charAt(0)) continue;
          const distance = measureEditDistance(word, candidate, maxDistance);
          if (distance <= maxDistance) {
            near.push({ word: candidate, distance, documentCount: this.countDocuments(candidate) });
          }
        }
      }
    }
    near.sort(
      (left, right) =>
        left.distance - right.distance ||
        right.documentCount - left.documentCount ||
        (left.word < right.word ? -1 : left.word > right.word ? 1 : 0),
    );
    return near.length > limit ? near.slice(0, limit) : near;
  }

  private ensureSorted(): void {
    if (!this.sortedIsStale) return;
    this.sorted = [...this.counts.keys()].sort();
    this.sortedIsStale = false;
  }

  private findLowerBound(word: string): number {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const candidate = this.sorted[middle];
      if (candidate !== undefined && candidate < word) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private addToBucket(word: string): void {
    const key = formatBucketKey(word.charAt(0), word.length);
    const bucket = this.buckets.get(key);
    if (bucket === undefined) this.buckets.set(key, [word]);
    else bucket.push(word);
  }

  private removeFromBucket(word: string): void {
    const key = formatBucketKey(word.charAt(0), word.length);
    const bucket = this.buckets.get(key);
    if (bucket === undefined) return;
    const position = bucket.indexOf(word);
    if (position < 0) return;
    // Order inside a bucket is irrelevant, so swap-remove avoids shifting.
    const last = bucket.pop();
    if (last !== undefined && position < bucket.length) bucket[position] = last;
    if (bucket.length === 0) this.buckets.delete(key);
  }
}

function formatBucketKey(initial: string, length: number): string {
  return `${initial}\u0000${length}`;
}
