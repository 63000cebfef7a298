import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Message, plainText } from '../../src/domain/message.js';
import { checkLine } from '../../src/reminders/check-line.js';
import { evaluateMilestone } from '../../src/reminders/evaluate-milestone.js';
import { findMilestone, milestoneWindow } from '../../src/reminders/milestone-date.js';
import { type ReminderOptions, reminderMessage } from '../../src/reminders/reminder-message.js';
import { catalog } from '../support/ports.js';
import { expectFixture } from '../support/render-fixture.js';
import { type DemoModels, openDemoModels } from './demo-models.js';
import { oracleMetrics } from './model-metrics-oracle.js';

/** Every block's words, one line per text and fact, as a reader without formatting sees them. */
function words(message: Message): string[] {
  return message.blocks.flatMap((b) => {
    switch (b.kind) {
      case 'header':
        return [b.text];
      case 'text':
      case 'context':
        return plainText(b.text).split('\n');
      case 'facts':
        return b.facts.map((f) => `${f.label}: ${f.value}`);
      case 'actions':
        return [b.actions.map((a) => a.label).join(' | ')];
      default:
        return [];
    }
  });
}

const two = (n: number | null) => (n as number).toFixed(2);
const pct = (wins: number, picks: number) => `${((wins / picks) * 100).toFixed(1)}%`;
const thousands = (n: number) => n.toLocaleString('en-US');

describe('milestone reminder messages on the demo data', () => {
  let demo: DemoModels;
  const reminder = async (id: string, options: ReminderOptions, through?: string) => {
    const milestone = findMilestone(catalog, id);
    const window = milestoneWindow(catalog, milestone, through);
    const { value } = await demo.warehouse.modelMetrics(window, 'remind');
    const evaluation = evaluateMilestone(catalog, milestone, value);
    return { evaluation, message: reminderMessage(catalog, milestone, evaluation, options), window };
  };

  beforeAll(async () => {
    demo = await openDemoModels();
  }, 60_000);
  afterAll(() => demo.close());

  it('day 14 says what is due, each check with its live numbers, the checklist and the criteria', async () => {
    const { message, window } = await reminder('day-14', { today: '2026-01-31' });
    const o = await oracleMetrics(demo.path, window);
    const h2h = o.challengerWins >= o.championWins ? 'PASS' : 'FAIL';
    const mae = (o.challengerMae as number) <= 4.5 ? 'PASS' : 'FAIL';
    const overall = mae === 'FAIL' || h2h === 'FAIL' ? 'FAIL' : 'PASS';
    expect(words(message)).toEqual([
      `Day 14: head to head against CatBoost V8 · ${overall}`,
      'Due: 2026-01-31',
      'Window: 2026-01-17..2026-01-30 (14 days)',
      `Challenger: xgboost_v1 since 2026-01-17 · ${thousands(o.challengerRows)} graded rows`,
      `Champion: catboost_v8 · ${thousands(o.championRows)} graded rows`,
      `MAE ${two(o.challengerMae)} ≤ 4.50 · ${mae}`,
      `win rate ${pct(o.challengerWins, o.overlappingPicks)} ≥ ${pct(o.championWins, o.overlappingPicks)} (catboost_v8) · ${thousands(o.overlappingPicks)} overlapping picks · ${h2h}`,
      'Checklist',
      '• Compare win rates on picks both systems made (OVER or UNDER)',
      '• Compare MAE over the same player-games',
      '• Look for segments (teams, positions) where one system is clearly worse',
      'Success criteria',
      '• at least 100 overlapping picks',
      '• xgboost_v1 win rate >= catboost_v8 win rate',
      'Milestone day-14 · graded rows from nba_predictions.prediction_accuracy · as of 2026-01-31',
    ]);
    expect(message.summary).toBe(
      `Day 14: head to head against CatBoost V8: ${overall} (MAE ${mae}, win rate ${h2h})`,
    );
    expect(message.tone).toBe(overall === 'PASS' ? 'good' : 'bad');
  });

  it('says it was posted late, and a check with too few samples gives its count', async () => {
    const { message, evaluation } = await reminder('day-7', {
      today: '2026-01-26',
      late: { dueOn: '2026-01-24' },
    });
    expect(words(message)[1]).toBe('Posted late: due 2026-01-24, posted 2026-01-26 (2 days late).');
    expect(message.summary).toMatch(/ · posted late$/);
    const [mae] = evaluation.checks;
    const few = { ...(mae as NonNullable<typeof mae>), state: 'TOO_FEW_SAMPLES' as const };
    few.samples = { count: 1234, min: 2000, unit: 'graded rows' };
    expect(checkLine(few)).toBe(
      `MAE ${two(mae?.value ?? null)} ≤ 4.50 · TOO FEW SAMPLES (1,234 graded rows, 2,000 needed)`,
    );
    expect(checkLine({ ...few, value: null })).toBe(
      'MAE — ≤ 4.50 · TOO FEW SAMPLES (1,234 graded rows, 2,000 needed)',
    );
  });

  it('before its day, says it is not due yet and judges the days up to yesterday', async () => {
    const { message, window } = await reminder('day-60', { today: '2026-02-20' }, '2026-02-19');
    expect(window).toEqual({ start: '2026-01-17', end: '2026-02-19' });
    expect(words(message)[1]).toBe('Not due yet: due 2026-03-17 (in 25 days); the numbers so far.');
    expect(words(message)).toContain('Window: 2026-01-17..2026-02-19 (34 days)');
  });

  it('day 30 offers Promote, Keep and Retrain as milestone intents until a decision is on file', async () => {
    const { message } = await reminder('day-30', { today: '2026-02-16' });
    const actions = message.blocks.find((b) => b.kind === 'actions');
    expect(actions).toEqual({
      kind: 'actions',
      actions: [
        {
          label: 'Promote',
          style: 'primary',
          intent: { kind: 'milestone', milestoneId: 'day-30', choice: 'promote' },
        },
        { label: 'Keep', intent: { kind: 'milestone', milestoneId: 'day-30', choice: 'keep' } },
        { label: 'Retrain', intent: { kind: 'milestone', milestoneId: 'day-30', choice: 'retrain' } },
      ],
    });
    const decision = {
      choice: 'keep',
      by: 'U0LEAD1',
      byHandle: 'lead1',
      at: '2026-02-16T14:02:31.000Z',
      reason: 'one more month',
    };
    const decided = (await reminder('day-30', { today: '2026-02-17', decision })).message;
    expect(decided.blocks.some((b) => b.kind === 'actions')).toBe(false);
    expect(words(decided)).toContain('Decided: keep by @lead1 at 2026-02-16 14:02 UTC — one more month');
    // Milestones without a decision have no buttons.
    const day7 = (await reminder('day-7', { today: '2026-01-24' })).message;
    expect(day7.blocks.some((b) => b.kind === 'actions')).toBe(false);
  });

  it('renders the day-30 reminder for Slack and the CLI as saved', async () => {
    const { message } = await reminder('day-30', { today: '2026-02-18', late: { dueOn: '2026-02-16' } });
    const rendered = expectFixture('reminder-day-30', message);
    const ids = rendered.slack.blocks.flatMap((b) =>
      b.type === 'actions' ? (b.elements as { action_id?: string }[]).map((e) => e.action_id) : [],
    );
    expect(ids).toEqual(['milestone:promote', 'milestone:keep', 'milestone:retrain']);
  });
});
