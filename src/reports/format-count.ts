/** A count as an operator reads it: 12,115. */
export const formatCount = (n: number): string => n.toLocaleString('en-US');

/** "1 stale row", "12,115 stale rows". */
export const countOf = (n: number, word: string, many = `${word}s`): string =>
  `${formatCount(n)} ${n === 1 ? word : many}`;
