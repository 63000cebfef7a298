import { type CatalogTarget, resolveTarget } from '../domain/catalog-target.js';
import { BadInputError } from '../domain/errors.js';
import { type NamedRange, parseRange } from '../domain/range-parser.js';
import { type CommandPorts, rangeContext } from './command-context.js';

/** What `rerun ...` words ask for. */
export type RerunWords =
  | {
      kind: 'plan';
      /** failed: open failures; gaps: expected dates missing from the target's tables; dates: every date. */
      source: 'failed' | 'gaps' | 'dates';
      range: NamedRange;
      target: CatalogTarget | null;
      flags: RerunFlags;
      /** The words as typed after the prefix, kept with the request. */
      text: string;
    }
  | { kind: 'status'; id: string }
  | { kind: 'history'; range: NamedRange | null };

export interface RerunFlags {
  /** Go ahead over missing upstream data (approvers; a reason is asked). */
  override: boolean;
  /** Include what the re-run makes stale downstream, in chain order. */
  withDownstream: boolean;
}

/** The re-run's own flags; they travel as words, in Slack and in the CLI alike. */
export const RERUN_FLAGS = ['--override', '--with-downstream'] as const;

export const RERUN_USAGE =
  'rerun failed [range] [phase|table|processor] | rerun gaps [range] [phase|table|processor] | rerun <range> <phase|table|processor> [--override] [--with-downstream] | rerun status <id> | rerun history [range]';
const EXAMPLES =
  'Examples: rerun failed 2022-23 precompute · rerun 2024-11-08..2024-11-14 PlayerCompositeFactorsProcessor';

export function parseRerunWords(args: string[], ports: CommandPorts): RerunWords {
  const [first, ...rest] = args;
  if (first === 'status') {
    if (rest.length !== 1 || !rest[0])
      throw new BadInputError('rerun status needs one request id', 'Example: rerun status r_0123456789ab');
    return { kind: 'status', id: rest[0] };
  }
  if (first === 'history')
    return { kind: 'history', range: rest.length ? parseRange(rest, rangeContext(ports)).range : null };
  const flags: RerunFlags = {
    override: args.includes('--override'),
    withDownstream: args.includes('--with-downstream'),
  };
  const unknown = args.filter((a) => a.startsWith('--') && !(RERUN_FLAGS as readonly string[]).includes(a));
  if (unknown.length) {
    throw new BadInputError(
      `rerun does not take ${unknown.join(', ')}`,
      `It takes ${RERUN_FLAGS.join(' and ')}. ${EXAMPLES}`,
    );
  }
  const words = args.filter((a) => !a.startsWith('--'));
  const source = words[0] === 'failed' ? 'failed' : words[0] === 'gaps' ? 'gaps' : 'dates';
  const { range, rest: after } = parseRange(source === 'dates' ? words : words.slice(1), rangeContext(ports));
  if (after.length > 1)
    throw new BadInputError(
      `rerun takes a range and one phase, table or processor, not "${after.join(' ')}"`,
      EXAMPLES,
    );
  const target = after[0] ? resolveTarget(ports.catalog, after[0], ['phase', 'table', 'processor']) : null;
  if (source === 'dates' && !target) {
    throw new BadInputError(
      'rerun of a range needs a phase, table or processor: which ones should run again?',
      EXAMPLES,
    );
  }
  return { kind: 'plan', source, range, target, flags, text: ['rerun', ...args].join(' ') };
}
