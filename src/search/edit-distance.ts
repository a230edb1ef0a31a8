// Three rolling rows are reused across calls: fuzzy lookup runs this hundreds of times per
// query, and allocating per call would dominate the cost.
let previousPrevious = new Int32Array(64);
let previous = new Int32Array(64);
let current = new Int32Array(64);

/**
 * Compute the optimal-string-alignment (restricted Damerau-Levenshtein) distance between two
 * strings, giving up early: returns maxDistance + 1 as soon as the distance must exceed it.
 */
export function measureEditDistance(left: string, right: string, maxDistance: number): number {
  const leftLength = left.length;
  const rightLength = right.length;
  if (Math.abs(leftLength - rightLength) > maxDistance) return maxDistance + 1;
  if (leftLength === 0) return rightLength;
  if (rightLength === 0) return leftLength;
  if (previous.length <= rightLength) {
    previousPrevious = new Int32Array(rightLength + 1);
    previous = new Int32Array(rightLength + 1);
    current = new Int32Array(rightLength + 1);
  }
  for (let column = 0; column <= rightLength; column++) previous[column] = column;
  for (let row = 1; row <= leftLength; row++) {
    current[0] = row;
    let rowMinimum = row;
    const leftCode = left.charCodeAt(row - 1);
    for (let column = 1; column <= rightLength; column++) {
      const rightCode = right.charCodeAt(column - 1);
      const cost = leftCode === rightCode ? 0 : 1;
      let best = Math.min(
        (previous[column] ?? 0) + 1,
        (current[column - 1] ?? 0) + 1,
        (previous[column - 1] ?? 0) + cost,
      );
      if (
        row > 1 &&
        column > 1 &&
        leftCode === right.charCodeAt(column - 2) &&
        left.charCodeAt(row - 2) === rightCode
      ) {
        best = Math.min(best, (previousPrevious[column - 2] ?? 0) + 1);
      }
      current[column] = best;
      if (best < rowMinimum) rowMinimum = best;
    }
    if (rowMinimum > maxDistance) return maxDistance + 1;
    const recycled = previousPrevious;
    previousPrevious = previous;
    previous = current;
    current = recycled;
  }
  const distance = previous[rightLength] ?? maxDistance + 1;
  return distance > maxDistance ? maxDistance + 1 : distance;
}

/** Return the typo budget for a query word: 0 below 4 characters, 1 from 4, 2 from 8. */
export function chooseTypoBudget(length: number): number {
  if (length >= 8) return 2;
  if (length >= 4) return 1;
  return 0;
}
