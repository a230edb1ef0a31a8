/** Number of bits each field's term frequency occupies in a packed frequency word. */
export const FIELD_FREQUENCY_BITS = 5;
/** Largest term frequency a field can record (higher counts saturate anyway under BM25). */
export const MAX_FIELD_FREQUENCY = (1 << FIELD_FREQUENCY_BITS) - 1;

/**
 * The documents containing one term, as parallel typed arrays sorted by document number, each
 * with per-field frequencies packed into one 32-bit word.
 */
export class Posting {
  /** Document numbers, ascending; only the first `length` entries are live. */
  documents: Uint32Array;
  /** Packed per-field frequencies aligned with `documents`. */
  frequencies: Uint32Array;
  /** Number of live entries. */
  length = 0;
  /**
   * Saturated BM25F frequency of each entry, cached because field weights and length norms
   * only change when documents do, while queries read the same postings again and again.
   */
  saturatedFrequencies = new Float32Array(0);
  /** Index generation the cached saturated frequencies were computed for; -1 when never. */
  saturatedGeneration = -1;

  constructor(capacity = 2) {
    this.documents = new Uint32Array(capacity);
    this.frequencies = new Uint32Array(capacity);
  }

  /** Append a document, which must be numbered above every document already present. */
  appendDocument(documentNumber: number, packedFrequencies: number): void {
    if (this.length === this.documents.length) this.grow();
    this.documents[this.length] = documentNumber;
    this.frequencies[this.length] = packedFrequencies;
    this.length++;
  }

  /**
   * Count one occurrence in a field for a document numbered at or above every present one;
   * returns true when this added the document to the posting.
   */
  countOccurrence(documentNumber: number, field: number): boolean {
    const shift = field * FIELD_FREQUENCY_BITS;
    const last = this.length - 1;
    if (last >= 0 && this.documents[last] === documentNumber) {
      const packed = this.frequencies[last] ?? 0;
      if (((packed >>> shift) & MAX_FIELD_FREQUENCY) < MAX_FIELD_FREQUENCY) {
        this.frequencies[last] = packed + (1 << shift);
      }
      return false;
    }
    this.appendDocument(documentNumber, (1 << shift) >>> 0);
    return true;
  }

  /** Remove a document if present, keeping order; returns whether it was there. */
  removeDocument(documentNumber: number): boolean {
    const position = this.findDocument(documentNumber);
    if (position < 0) return false;
    this.documents.copyWithin(position, position + 1, this.length);
    this.frequencies.copyWithin(position, position + 1, this.length);
    this.length--;
    return true;
  }

  /** Return the position of a document, or -1 when absent. */
  findDocument(documentNumber: number): number {
    let low = 0;
    let high = this.length - 1;
    const documents = this.documents;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const candidate = documents[middle] ?? 0;
      if (candidate < documentNumber) low = middle + 1;
      else if (candidate > documentNumber) high = middle - 1;
      else return middle;
    }
    return -1;
  }

  private grow(): void {
    const capacity = Math.max(4, this.documents.length * 2);
    const documents = new Uint32Array(capacity);
    documents.set(this.documents);
    const frequencies = new Uint32Array(capacity);
    frequencies.set(this.frequencies);
    this.documents = documents;
    this.frequencies = frequencies;
  }
}
