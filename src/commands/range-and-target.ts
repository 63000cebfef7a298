import { type CatalogTarget, resolveTarget, type TargetKind } from '../domain/catalog-target.js';
import { BadInputError } from '../domain/errors.js';
import { type NamedRange, parseRange } from '../domain/range-parser.js';
import type { CommandPorts } from './command-context.js';
import { rangeContext } from './command-context.js';

export interface RangeAndTarget {
  range: NamedRange;
  target: CatalogTarget | null;
}

/** The grammar shared by gaps, failures and quality: `[range] [one phase/table/processor word]`. */
export function parseRangeAndTarget(
  args: string[],
  ports: CommandPorts,
  kinds: TargetKind[],
  command: string,
  example: string,
): RangeAndTarget {
  const { range, rest } = parseRange(args, rangeContext(ports));
  if (rest.length > 1) {
    throw new BadInputError(
      `${command} takes a range and one ${kinds.join(' or ')}, not "${rest.join(' ')}"`,
      `Example: ${example}`,
    );
  }
  const target = rest[0] ? resolveTarget(ports.catalog, rest[0], kinds) : null;
  return { range, target };
}

/** How a target reads in headers and JSON: "phase 3", a table name, or a processor name. */
export function describeTarget(target: CatalogTarget | null): string | null {
  if (!target) return null;
  if (target.kind === 'phase') return `phase ${target.phase.id}`;
  return target.kind === 'table' ? target.table.table : target.processor;
}
