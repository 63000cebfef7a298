import { plural } from '../message.js';
import type { HeatmapGrid } from './heatmap-grid.js';

export interface RerunGaps {
  /** Words of our grammar: `rerun <range> <phase|table>`. */
  words: string;
  /** A button label (well under Slack's 75 characters). */
  label: string;
}

/**
 * What the heatmap's Re-run gaps button asks for: the re-run plan of the earliest phase drawn with
 * gaps or open failures (a backfill goes phase by phase: later phases read it), over the span of
 * those dates; one table when only one of the phase has them. Null when there is nothing to re-run.
 * The plan itself drops days without games and bootstrap days, and checks upstream data.
 */
export function rerunGaps(grid: HeatmapGrid): RerunGaps | null {
  for (const group of grid.groups) {
    // Gaps first (`rerun gaps`: exactly the missing dates); a phase with only open failures on
    // dates that have rows gets `rerun failed` (exactly those).
    for (const source of ['gaps', 'failed'] as const) {
      const rows = group.rows.filter((r) => r[source].length > 0);
      const dates = [...new Set(rows.flatMap((r) => r[source]))].sort();
      const [first, last] = [dates[0], dates.at(-1)];
      if (!first || !last) continue;
      const range = first === last ? first : `${first}..${last}`;
      const [only] = rows;
      const target = rows.length === 1 && only ? only.table : group.name;
      const what = rows.length === 1 && only ? only.table : `Phase ${group.phase}`;
      return {
        words: `rerun ${source} ${range} ${target}`,
        label: `Re-run ${source === 'gaps' ? 'gaps' : 'failed'}: ${what} (${plural(dates.length, 'date')})`,
      };
    }
  }
  return null;
}
