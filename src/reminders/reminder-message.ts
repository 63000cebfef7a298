import type { Catalog } from '../config/catalog-schema.js';
import { daysBetween, type IsoDate, rangeDays } from '../domain/dates.js';
import {
  type Action,
  type Block,
  BREAK,
  type Message,
  plural,
  type Span,
  strong,
  type Tone,
  user,
} from '../domain/message.js';
import { checkParts, count, stateWord } from './check-line.js';
import type { CheckState, MilestoneEvaluation } from './evaluate-milestone.js';
import { type Milestone, modelsCatalog } from './milestone-date.js';

/** A decision on file for the milestone (the store's, by shape). */
export interface MilestoneDecision {
  choice: string;
  by: string;
  byHandle?: string | null;
  /** ISO 8601 instant. */
  at: string;
  reason?: string | null;
}

export interface ReminderOptions {
  /** The day the message is made (the catalog's zone). */
  today: IsoDate;
  /** Posted after the day it was due (the bot was down when it should have gone out). */
  late?: { dueOn: IsoDate };
  decision?: MilestoneDecision | null;
}

type Choice = NonNullable<Milestone['decision']>[number];

const TONE: Record<CheckState, Tone> = { PASS: 'good', FAIL: 'bad', TOO_FEW_SAMPLES: 'warn' };
const LABEL: Record<Choice, string> = { promote: 'Promote', keep: 'Keep', retrain: 'Retrain' };

/** "Checklist", then one bullet a line. */
const bullets = (title: string, items: string[]): Span[] => [
  strong(title),
  ...items.flatMap((item) => [BREAK, `• ${item}`]),
];

function timing(dueOn: IsoDate, options: ReminderOptions): Block[] {
  const { today, late } = options;
  if (late) {
    const days = daysBetween(late.dueOn, today);
    const when = days > 0 ? ` (${plural(days, 'day')} late)` : '';
    return [{ kind: 'text', text: `Posted late: due ${late.dueOn}, posted ${today}${when}.`, tone: 'warn' }];
  }
  if (today < dueOn) {
    const days = daysBetween(today, dueOn);
    return [
      { kind: 'text', text: `Not due yet: due ${dueOn} (in ${plural(days, 'day')}); the numbers so far.` },
    ];
  }
  return [];
}

function decisionBlocks(milestone: Milestone, decision: MilestoneDecision | null | undefined): Block[] {
  if (decision) {
    const at = `${decision.at.slice(0, 16).replace('T', ' ')} UTC`;
    const text: Span[] = [
      'Decided: ',
      strong(decision.choice),
      ' by ',
      user(decision.by, decision.byHandle),
      ` at ${at}`,
    ];
    if (decision.reason) text.push(` — ${decision.reason}`);
    return [{ kind: 'text', text, tone: 'good' }];
  }
  const choices = milestone.decision ?? [];
  if (choices.length === 0) return [];
  const actions: Action[] = choices.map((choice) => ({
    label: LABEL[choice],
    ...(choice === 'promote' ? { style: 'primary' as const } : {}),
    intent: { kind: 'milestone', milestoneId: milestone.id, choice },
  }));
  return [
    { kind: 'text', text: 'Decision: none recorded yet (an approver records it in Slack).' },
    { kind: 'actions', actions },
  ];
}

/**
 * A milestone reminder as our message model: what is due, the live checks ("MAE 4.32 ≤ 4.50 ·
 * PASS"), the checklist and success criteria, and, where the milestone asks for a decision, the
 * decision on file or the buttons to record one.
 */
export function reminderMessage(
  catalog: Catalog,
  milestone: Milestone,
  evaluation: MilestoneEvaluation,
  options: ReminderOptions,
): Message {
  const models = modelsCatalog(catalog);
  const { challenger, champion } = evaluation.metrics;
  const { window, dueOn, state } = evaluation;
  const days = window.end < window.start ? 'no days yet' : plural(rangeDays(window), 'day');
  const blocks: Block[] = [
    { kind: 'header', text: `${milestone.title} · ${stateWord(state)}` },
    ...timing(dueOn, options),
    {
      kind: 'facts',
      facts: [
        { label: 'Due', value: dueOn },
        { label: 'Window', value: `${window.start}..${window.end} (${days})` },
        {
          label: 'Challenger',
          value: `${challenger.system} since ${models.challenger.startedOn} · ${count(challenger.gradedRows)} graded rows`,
        },
        { label: 'Champion', value: `${champion.system} · ${count(champion.gradedRows)} graded rows` },
      ],
    },
    ...evaluation.checks.map((check): Block => {
      const { rule, state: word, note } = checkParts(check);
      return {
        kind: 'text',
        text: [`${rule} · `, strong(word), ...(note ? [note] : [])],
        tone: TONE[check.state],
      };
    }),
    ...(evaluation.checks.length ? [] : [{ kind: 'text' as const, text: 'No checks for this milestone.' }]),
    ...(milestone.checklist.length
      ? [{ kind: 'text' as const, text: bullets('Checklist', milestone.checklist) }]
      : []),
    ...(milestone.successCriteria.length
      ? [{ kind: 'text' as const, text: bullets('Success criteria', milestone.successCriteria) }]
      : []),
    ...decisionBlocks(milestone, options.decision),
    {
      kind: 'context',
      text: `Milestone ${milestone.id} · graded rows from ${models.graded.dataset}.${models.graded.table} · as of ${options.today}`,
    },
  ];
  const states = evaluation.checks.map((c) => `${c.name} ${stateWord(c.state)}`).join(', ');
  const summary = `${milestone.title}: ${stateWord(state)}${states ? ` (${states})` : ''}${options.late ? ' · posted late' : ''}`;
  const tone: Tone = evaluation.checks.length ? TONE[state] : 'neutral';
  return { summary, tone, blocks };
}
