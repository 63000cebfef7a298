import type { Catalog } from '../../config/catalog-schema.js';
import type { PhaseCoverage } from '../coverage.js';
import type { DateRange } from '../dates.js';
import { BackfillError } from '../errors.js';
import { plural } from '../message.js';
import { bootstrapCheck, failureChecks, playerCoverageCheck, qualityCheck } from './evidence-checks.js';
import { type GateCheck, type GateVerdict, rule, worstVerdict } from './gate-check.js';
import type { GateEvidence } from './gate-evidence.js';
import { type GateRule, gateRule } from './gate-rule.js';
import { scopeEvidence } from './scope-evidence.js';
import { completenessChecks, phaseCheck, thresholdChecks } from './table-checks.js';

export interface GateResult {
  gate: string;
  phase: number;
  range: DateRange;
  verdict: GateVerdict;
  checks: GateCheck[];
  /** One line: the verdict and what drives it. */
  summary: string;
  /** The rule in words, with the catalog's numbers. */
  rule: string;
}

function describeRule(catalog: Catalog, r: GateRule): string {
  const phaseList = r.phases.length > 1 ? `Phases ${r.phases.join(', ')}` : `Phase ${r.phase}`;
  const parts =
    r.kind === 'threshold'
      ? [
          `${phaseList} critical tables ≥ ${r.proceedAtPct}%: proceed`,
          `any < ${r.fixBelowPct}%: fix first`,
          'only optional tables low: document and proceed',
        ]
      : [`${phaseList} complete at ${r.completePct}% of expected dates (bootstrap days excluded)`];
  if (r.playerCoverageMinPct !== null) parts.push(`player coverage ≥ ${r.playerCoverageMinPct}%`);
  const catchAll = catalog.failureClasses[catalog.failureClasses.length - 1];
  if (r.needs.failures && catchAll) parts.push(`no open ${catchAll.name}`);
  return parts.join('; ');
}

function phasesOf(r: GateRule, evidence: GateEvidence): PhaseCoverage[] {
  return r.phases.map((id) => {
    const phase = evidence.phases.find((p) => p.phase === id);
    // The caller builds the evidence from gateRule().phases: a missing phase is a bug, not a gap.
    if (!phase) throw new BackfillError('INTERNAL', `Gate ${r.id} evidence has no coverage for Phase ${id}`);
    return phase;
  });
}

function ruleChecks(r: GateRule, evidence: GateEvidence, phases: PhaseCoverage[]): GateCheck[] {
  const sequence = evidence.expectedDates;
  if (r.endToEnd) return phases.map((p) => phaseCheck(p, r.completePct, sequence));
  return phases.flatMap((p) => [
    ...(r.kind === 'threshold'
      ? thresholdChecks(p, r.proceedAtPct, r.fixBelowPct, sequence)
      : completenessChecks(p, r.completePct, sequence)),
    ...bootstrapCheck(p, sequence),
  ]);
}

function summarize(r: GateRule, verdict: GateVerdict, checks: GateCheck[]): string {
  const names = (list: GateCheck[]) =>
    list.length > 3
      ? `${list
          .slice(0, 3)
          .map((c) => c.name)
          .join(', ')}, …`
      : list.map((c) => c.name).join(', ');
  const rules = checks.filter((c) => c.kind === 'rule');
  const failing = rules.filter((c) => c.verdict === 'FAIL');
  const warning = rules.filter((c) => c.verdict === 'WARN');
  if (verdict === 'FAIL')
    return `Gate ${r.id} FAIL: ${failing.length} of ${plural(rules.length, 'check')} fail (${names(failing)})`;
  if (verdict === 'WARN')
    return `Gate ${r.id} WARN: ${plural(warning.length, 'check')} to review (${names(warning)})`;
  return `Gate ${r.id} PASS: all ${plural(rules.length, 'check')} pass`;
}

/** A gate's verdict from the catalog's rules and the evidence for `range` (see GateRule for the rules). */
export function evaluateGate(
  catalog: Catalog,
  gateId: string,
  evidence: GateEvidence,
  range: DateRange,
): GateResult {
  const r = gateRule(catalog, gateId);
  const phases = phasesOf(r, evidence);
  const base = {
    gate: r.id,
    phase: r.phase,
    range: { start: range.start, end: range.end },
    rule: describeRule(catalog, r),
  };
  if (phases.every((p) => p.expected === 0)) {
    const bootstrap = Math.max(0, ...phases.map((p) => p.bootstrap.length));
    const why = bootstrap ? `only ${plural(bootstrap, 'bootstrap day')}` : 'no expected dates';
    const detail = `nothing to verify: ${why} in ${range.start}..${range.end}`;
    return {
      ...base,
      verdict: 'WARN',
      checks: [rule('expected dates', 'WARN', detail)],
      summary: `Gate ${r.id} WARN: ${detail}`,
    };
  }
  const checks = ruleChecks(r, evidence, phases);
  if (r.needs.quality)
    checks.push(qualityCheck(scopeEvidence(catalog, r, evidence).quality, catalog.qualityBuckets));
  if (r.playerCoverageMinPct !== null)
    checks.push(playerCoverageCheck(evidence, r.playerCoverageMinPct, evidence.expectedDates));
  if (r.needs.failures) checks.push(...failureChecks(evidence, catalog.failureClasses));
  const verdict = worstVerdict(checks);
  return { ...base, verdict, checks, summary: summarize(r, verdict, checks) };
}
