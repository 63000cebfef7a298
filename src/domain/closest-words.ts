/**
 * Edit distance with adjacent transpositions (optimal string alignment, a restricted
 * Damerau-Levenshtein): `stauts` is one step from `status`, the slip people make most.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const above = d[i - 1] as number[];
      let best = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, ((d[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = best;
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

export interface ClosestOptions {
  /** The most edits a candidate may be away (default 2). */
  maxDistance?: number;
  /** How many candidates to return at most (default 5). */
  limit?: number;
}

/**
 * The candidates close to a word the user typed, nearest first (ties keep the candidates' order),
 * compared case-insensitively. A candidate must keep at least one letter of the word: "ab" is not
 * "close" to every two-letter name.
 */
export function closestWords(
  word: string,
  candidates: readonly string[],
  options: ClosestOptions = {},
): string[] {
  const { maxDistance = 2, limit = 5 } = options;
  const w = word.toLowerCase();
  const seen = new Set<string>();
  return candidates
    .filter((c) => !seen.has(c) && seen.add(c))
    .map((candidate, index) => ({ candidate, index, distance: editDistance(w, candidate.toLowerCase()) }))
    .filter((x) => x.distance <= maxDistance && x.distance < w.length)
    .sort((x, y) => x.distance - y.distance || x.index - y.index)
    .slice(0, limit)
    .map((x) => x.candidate);
}
