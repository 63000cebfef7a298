import type { Catalog } from '../config/catalog-schema.js';
import { compactDates, formatRuns } from '../domain/compact-dates.js';
import type { IsoDate } from '../domain/dates.js';
import {
  type Action,
  type Block,
  BREAK,
  command,
  type Message,
  plural,
  rich,
  type Span,
  strong,
} from '../domain/message.js';
import type { RerunPlan, RerunStep } from '../domain/reruns/rerun-plan.js';
import type { PlannedRerun } from './rerun-facts.js';

const runs = (dates: IsoDate[], max = 4) => formatRuns(compactDates(dates), max);
const phaseName = (catalog: Catalog, id: number) =>
  catalog.phases.find((p) => p.id === id)?.name ?? String(id);

function stepBlock(catalog: Catalog, plan: RerunPlan, step: RerunStep): Block {
  const messages = plan.messages.filter((m) => m.step === step.index);
  const lines: Span[] = [
    strong(`Step ${step.index + 1} · Phase ${step.phase} ${phaseName(catalog, step.phase)}`),
  ];
  if (step.dependsOn !== null) lines.push(` · after step ${step.dependsOn + 1} is done`);
  for (const [processor, dates] of Object.entries(step.processors)) {
    const count = messages.filter((m) => m.processor === processor).length;
    lines.push(
      BREAK,
      `${processor}: ${plural(dates.length, 'date')} (${runs(dates)}) in ${plural(count, 'message')}`,
    );
  }
  return { kind: 'text', text: lines };
}

/** The verdict line: what will happen on Confirm, or why nothing can. */
function verdict(plan: RerunPlan, limit: number): { text: string; tone: Message['tone'] } {
  const size = `${plural(plan.processorDates, 'processor-date')} in ${plural(plan.messages.length, 'message')}`;
  if (plan.processorDates === 0) return { text: 'Nothing to re-run: no expected dates match.', tone: 'good' };
  if (plan.refused) return { text: `Refused: upstream data is missing for ${size}.`, tone: 'bad' };
  if (plan.needsApproval)
    return {
      text: `${size}: over the limit of ${limit}, so an approver must approve it after you confirm.`,
      tone: 'warn',
    };
  return { text: `Ready: ${size}, published on Confirm.`, tone: 'neutral' };
}

/**
 * A re-run plan as the requester sees it before confirming: the verdict, each step in order, what was
 * skipped and why, what upstream data is missing, and what the re-run makes stale downstream.
 */
export function rerunPlanMessage(
  catalog: Catalog,
  planned: Pick<PlannedRerun, 'plan' | 'expectedFailures'>,
  words: string,
  options: { requestId?: string; actions?: Action[] } = {},
): Message {
  const { plan } = planned;
  const top = verdict(plan, catalog.reruns.maxDatesPerRequest);
  const blocks: Block[] = [
    { kind: 'header', text: `Re-run plan${options.requestId ? ` · ${options.requestId}` : ''}` },
    { kind: 'text', tone: top.tone, text: [strong(top.text)] },
    ...plan.steps.map((s) => stepBlock(catalog, plan, s)),
  ];
  // Tables missing the same dates (a phase not backfilled) are one line, not one each.
  const byDates = new Map<string, typeof plan.missingUpstream>();
  for (const missing of plan.missingUpstream) {
    const key = missing.dates.join(',');
    byDates.set(key, [...(byDates.get(key) ?? []), missing]);
  }
  for (const same of byDates.values()) {
    const first = same[0];
    if (!first) continue;
    const tables = same.map((m) => m.table.slice(m.table.indexOf('.') + 1)).join(', ');
    const neededBy = new Map<string, number>();
    for (const m of same)
      for (const [p, d] of Object.entries(m.neededBy))
        neededBy.set(p, Math.max(neededBy.get(p) ?? 0, d.length));
    blocks.push({
      kind: 'text',
      tone: plan.refused ? 'bad' : 'warn',
      text: [
        strong(`Missing upstream: ${tables}`),
        ` on ${plural(first.dates.length, 'date')}: ${runs(first.dates, 6)}`,
        BREAK,
        `needed by ${[...neededBy].map(([p, n]) => `${p} (${plural(n, 'date')})`).join(', ')}`,
      ],
    });
  }
  if (plan.refused) {
    blocks.push({
      kind: 'context',
      text: 'Backfill the missing upstream tables first, or an approver can add --override and give a reason.',
    });
  }
  // Processors made stale on the same dates (a chain) are one line.
  const stale = new Map<string, typeof plan.downstream>();
  for (const impact of plan.downstream) {
    const key = `${impact.included}|${impact.dates.join(',')}`;
    stale.set(key, [...(stale.get(key) ?? []), impact]);
  }
  for (const same of stale.values()) {
    const first = same[0];
    if (!first) continue;
    const who = same.map((i) => i.processor).join(', ');
    const where = `${plural(first.dates.length, 'date')} (${runs(first.dates)})`;
    blocks.push({
      kind: 'text',
      text: first.included
        ? `Included downstream: ${who} on ${where}`
        : `Makes stale downstream: ${who} on ${where}; add --with-downstream to include them`,
    });
  }
  const skipped = plan.skipped.filter((s) => s.dates.length > 0);
  if (skipped.length) {
    blocks.push({
      kind: 'context',
      text: `Skipped: ${skipped
        .map(
          (s) =>
            `${s.processor} ${plural(s.dates.length, 'date')} (${s.why === 'bootstrap' ? 'bootstrap days, expected empty' : 'no final game'})`,
        )
        .join('; ')}`,
    });
  }
  for (const expected of planned.expectedFailures) {
    blocks.push({
      kind: 'context',
      text: `Expected early in the season, not re-run: ${expected.processor} on ${plural(expected.dates.length, 'bootstrap day')} (${runs(expected.dates)})`,
    });
  }
  blocks.push({ kind: 'context', text: rich`Asked: ${command(words)}` });
  if (options.actions?.length) blocks.push({ kind: 'actions', actions: options.actions });
  return { summary: top.text, tone: top.tone, blocks };
}
