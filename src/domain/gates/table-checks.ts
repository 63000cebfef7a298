import { gatingTables, type PhaseCoverage, type TableCoverage } from '../coverage.js';
import type { IsoDate } from '../dates.js';
import { plural } from '../message.js';
import { type GateCheck, info, meets, missingText, ratio, rule } from './gate-check.js';

// One check per table (Gates 0-2) or per phase (the end-to-end gate). `sequence` is the expected
// dates when known, so runs of missing dates are not broken by days without games.

const gaps = (t: TableCoverage, sequence?: IsoDate[]): string =>
  t.missing.length ? `; ${missingText(t.missing, sequence)}` : '';

/** Expected-partial tables are never gated (e.g. limited by odds data); shown for context. */
const partialCheck = (t: TableCoverage): GateCheck =>
  info(t.table, `${t.table} ${ratio(t.present, t.expected)}, expected partial: not gated`);

function optionalCheck(t: TableCoverage, minPct: number, sequence?: IsoDate[]): GateCheck {
  const head = `${t.table} ${ratio(t.present, t.expected)}, optional`;
  return meets(t.present, t.expected, minPct)
    ? rule(t.table, 'PASS', head)
    : rule(t.table, 'WARN', `${head}, below ${minPct}%: document and proceed${gaps(t, sequence)}`);
}

/** Gate 0: gating tables at proceedAtPct proceed, below fixBelowPct fix first, in between warn. */
export function thresholdChecks(
  phase: PhaseCoverage,
  proceedAtPct: number,
  fixBelowPct: number,
  sequence?: IsoDate[],
): GateCheck[] {
  const gating = gatingTables(phase.tables);
  return phase.tables.map((t) => {
    if (t.expectedPartial) return partialCheck(t);
    if (!gating.includes(t)) return optionalCheck(t, proceedAtPct, sequence);
    const head = `${t.table} ${ratio(t.present, t.expected)}`;
    if (meets(t.present, t.expected, proceedAtPct))
      return rule(t.table, 'PASS', `${head}, at or above ${proceedAtPct}%: proceed`);
    if (!meets(t.present, t.expected, fixBelowPct))
      return rule(t.table, 'FAIL', `${head}, below ${fixBelowPct}%: fix first${gaps(t, sequence)}`);
    return rule(t.table, 'WARN', `${head}, below ${proceedAtPct}%${gaps(t, sequence)}`);
  });
}

/** Gates 1-2: every gating table at completePct of its expected dates; the others never fail. */
export function completenessChecks(
  phase: PhaseCoverage,
  completePct: number,
  sequence?: IsoDate[],
): GateCheck[] {
  const gating = gatingTables(phase.tables);
  return phase.tables.map((t) => {
    if (t.expectedPartial) return partialCheck(t);
    if (!gating.includes(t)) return optionalCheck(t, completePct, sequence);
    const head = `${t.table} ${ratio(t.present, t.expected)}`;
    if (meets(t.present, t.expected, completePct)) return rule(t.table, 'PASS', head);
    const below = completePct < 100 ? `, below ${completePct}%` : '';
    return rule(t.table, 'FAIL', `${head}${below}${gaps(t, sequence)}`);
  });
}

/** The end-to-end gate: a phase is complete on a date when every gating table has it. */
export function phaseCheck(phase: PhaseCoverage, completePct: number, sequence?: IsoDate[]): GateCheck {
  const name = `Phase ${phase.phase} ${phase.name}`;
  const bootstrap = phase.bootstrap.length
    ? `, ${plural(phase.bootstrap.length, 'bootstrap day')} not counted`
    : '';
  if (phase.expected === 0) return rule(name, 'PASS', `${name}: nothing expected${bootstrap}`);
  const head = `${name} ${ratio(phase.complete, phase.expected)} dates complete${bootstrap}`;
  if (meets(phase.complete, phase.expected, completePct)) return rule(name, 'PASS', head);
  const short = gatingTables(phase.tables)
    .filter((t) => t.missing.length > 0)
    .map((t) => t.table);
  return rule(name, 'FAIL', `${head}; ${missingText(phase.missing, sequence)}; gaps in ${short.join(', ')}`);
}
