import type { DemoSummary } from '../demo/generate-demo.js';

/** One line about a generated demo warehouse: what it holds and how it was made. */
export function describeDemo(
  summary: DemoSummary,
  options: { scale: number; seed: number; asOf: string },
): string {
  const rows = Object.values(summary.rows).reduce((a, b) => a + b, 0);
  return (
    `demo warehouse ${summary.path}: seasons ${summary.seasons.join(', ')}, ${summary.finalGameDates} final game dates, ` +
    `${rows.toLocaleString('en-US')} rows (scale ${options.scale}, seed ${options.seed}, as of ${options.asOf}) in ${(summary.millis / 1000).toFixed(1)} s`
  );
}
