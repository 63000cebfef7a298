import type { Catalog } from '../config/catalog-schema.js';
import { type FillRequest, fillDemoWarehouse } from '../demo/fill-demo.js';
import { resolveTarget, targetTables } from '../domain/catalog-target.js';
import { BadInputError } from '../domain/errors.js';
import { plural } from '../domain/message.js';
import { parseRange, type RangeContext } from '../domain/range-parser.js';
import { DEMO_DEFAULTS } from '../warehouse/duckdb/ensure-demo-warehouse.js';
import type { CliFlags } from './cli-args.js';

export const DEMO_FILL_USAGE = 'demo fill <range> <phase|table> [--path FILE] [--seed S]';

export interface DemoFillRequest extends FillRequest {
  label: string;
}

/** `demo fill <range> <phase|table>`: the shared range grammar, then one phase or table word. */
export function parseDemoFill(
  words: string[],
  flags: CliFlags,
  defaults: { catalog: Catalog; path: string; rangeContext: RangeContext },
): DemoFillRequest {
  const { range, rest } = parseRange(words.slice(1), defaults.rangeContext);
  const [word, ...extra] = rest;
  if (word === undefined || extra.length > 0) {
    throw new BadInputError(
      word === undefined
        ? 'demo fill needs a phase or table after the range'
        : `unexpected "${extra.join(' ')}" after "${word}"`,
      `Usage: ${DEMO_FILL_USAGE}`,
    );
  }
  const target = resolveTarget(defaults.catalog, word, ['phase', 'table']);
  const seed = flags.seed === undefined ? DEMO_DEFAULTS.seed : Number(flags.seed);
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new BadInputError(`--seed ${flags.seed} is not a whole number >= 0`, `Usage: ${DEMO_FILL_USAGE}`);
  return {
    path: flags.path ?? defaults.path,
    range,
    label: range.label,
    tables: targetTables(defaults.catalog, target),
    seed,
  };
}

/** One line: dates filled and rows added per table (tables that were complete say +0). */
export async function runDemoFill(catalog: Catalog, request: DemoFillRequest): Promise<string> {
  const summary = await fillDemoWarehouse(catalog, request);
  const tables = Object.entries(summary.rows)
    .map(([table, n]) => `${table} +${n.toLocaleString('en-US')}`)
    .join(', ');
  const dates = plural(summary.dates, 'date');
  return `Filled ${dates} in ${request.label} of ${request.path}: ${tables}; ${plural(summary.runs, 'success run')} recorded`;
}
