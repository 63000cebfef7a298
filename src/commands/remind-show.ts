import { addDays } from '../domain/dates.js';
import type { CommandResult } from '../domain/message.js';
import {
  type CheckResult,
  evaluateMilestone,
  type MilestoneEvaluation,
} from '../reminders/evaluate-milestone.js';
import { findMilestone, milestoneWindow } from '../reminders/milestone-date.js';
import { reminderMessage } from '../reminders/reminder-message.js';
import type { ModelMetrics } from '../warehouse/warehouse.js';
import { type CommandPorts, today } from './command-context.js';
import { queryContext } from './query-context.js';

export interface RemindShowData {
  milestone: string;
  dueOn: string;
  window: { start: string; end: string };
  state: MilestoneEvaluation['state'];
  checks: CheckResult[];
  metrics: ModelMetrics;
  query: { warehouse: string; roundTrips: number; millis: number };
}

/**
 * One milestone's reminder now, with today's numbers: over the challenger's start to yesterday or
 * to the day before the milestone, whichever is earlier (a past milestone shows what it judged).
 */
export async function remindShow(id: string, ports: CommandPorts): Promise<CommandResult<RemindShowData>> {
  const { catalog, warehouse, store } = ports;
  const milestone = findMilestone(catalog, id);
  const day = today(ports);
  const window = milestoneWindow(catalog, milestone, addDays(day, -1));
  const { value: metrics, stats } = await warehouse.modelMetrics(window, 'remind');
  const evaluation = evaluateMilestone(catalog, milestone, metrics);
  const saved = store ? await store.getMilestone(milestone.id) : null;
  const message = reminderMessage(catalog, milestone, evaluation, {
    today: day,
    decision: saved?.decision ?? null,
  });
  const query = { warehouse: warehouse.kind, ...stats };
  const data: RemindShowData = {
    milestone: milestone.id,
    dueOn: evaluation.dueOn,
    window,
    state: evaluation.state,
    checks: evaluation.checks,
    metrics,
    query,
  };
  return {
    data,
    message: {
      ...message,
      blocks: [...message.blocks, { kind: 'context', text: queryContext(window, query) }],
    },
  };
}
