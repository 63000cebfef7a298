import { today } from '../commands/command-context.js';
import { addDays } from '../domain/dates.js';
import { isApprover } from '../domain/gates/vote-policy.js';
import { type Message, rich, user } from '../domain/message.js';
import { isOperator, rerunGroups } from '../domain/reruns/rerun-policy.js';
import { outbox } from '../outbox/outbox-payload.js';
import { evaluateMilestone } from '../reminders/evaluate-milestone.js';
import { findMilestone, milestoneWindow } from '../reminders/milestone-date.js';
import { reminderMessage } from '../reminders/reminder-message.js';
import { milestonePostKey } from '../schedules/scheduled-posts.js';
import type { ActionPorts, Actor } from './action-ports.js';
import { memberGroups } from './member-groups.js';
import { approversText } from './who-may.js';

const plain = (text: string, tone: Message['tone'] = 'neutral'): Message => ({
  summary: text,
  tone,
  blocks: [{ kind: 'text', text }],
});

/** `remind snooze <id> <days>`: operators and approvers; the reminder is posted again when it ends. */
export async function snoozeMilestone(
  input: { id: string; days: number; actor: Actor },
  ports: ActionPorts,
): Promise<Message> {
  const milestone = findMilestone(ports.catalog, input.id);
  const groups = await memberGroups(input.actor.id, rerunGroups(ports.catalog), ports.directory);
  if (!isOperator(ports.catalog, input.actor.id, groups)) {
    await ports.store.enqueue([], {
      actor: input.actor.id,
      action: 'reminder.snooze.refused',
      args: { id: milestone.id, days: input.days },
      result: { refusal: 'not-operator' },
    });
    return plain('Only operators and approvers snooze reminders.', 'warn');
  }
  const until = addDays(today(ports), input.days);
  await ports.store.updateMilestone(
    { id: milestone.id, kind: 'snooze', until, by: input.actor.id },
    { actor: input.actor.id, action: 'reminder.snooze', args: { id: milestone.id, until }, result: {} },
  );
  return plain(`Snoozed ${milestone.id} until ${until}: it is posted again that morning.`, 'good');
}

/**
 * A champion decision on a milestone reminder (Promote / Keep / Retrain): approvers only, exactly one
 * per milestone; the reminder is redrawn in place with the decision, the thread says it, and it is
 * published to the milestone's topic when the catalog names one. The bot does not change which model
 * serves.
 */
export async function decideMilestone(
  input: { id: string; choice: 'promote' | 'keep' | 'retrain'; actor: Actor; key: string },
  ports: ActionPorts,
): Promise<Message> {
  const milestone = findMilestone(ports.catalog, input.id);
  const groups = await memberGroups(input.actor.id, ports.catalog.approvals.usergroups, ports.directory);
  if (
    !isApprover(ports.catalog.approvals, input.actor.id, groups) ||
    !milestone.decision?.includes(input.choice)
  ) {
    await ports.store.enqueue([], {
      actor: input.actor.id,
      action: 'reminder.decide.refused',
      args: { id: milestone.id, choice: input.choice, key: input.key },
      result: { refusal: 'not-approver' },
    });
    return {
      summary: 'Not an approver',
      tone: 'warn',
      blocks: [
        { kind: 'text', text: rich`Champion decisions are for approvers: ${approversText(ports.catalog)}.` },
      ],
    };
  }
  const posts = await ports.store.listSlots(`milestone:${milestone.id}`, 1);
  const postedOn = posts[0]?.slot.slice(0, 10);
  const window = milestoneWindow(ports.catalog, milestone);
  const { value } = await ports.warehouse.modelMetrics(window, 'reminder');
  const evaluation = evaluateMilestone(ports.catalog, milestone, value);
  const { changed, state } = await ports.store.updateMilestone(
    {
      id: milestone.id,
      kind: 'decide',
      choice: input.choice,
      by: input.actor.id,
      byHandle: input.actor.handle,
      reason: null,
    },
    {
      actor: input.actor.id,
      action: 'reminder.decide',
      args: { id: milestone.id, choice: input.choice, key: input.key },
      result: {},
    },
    (decided) => {
      if (!decided.decision) return [];
      // Without a posted reminder (decided before its day) there is nothing to redraw; the decision
      // is still published.
      const target = postedOn
        ? milestonePostKey(milestone.id, postedOn)
        : `milestone:${milestone.id}:unposted`;
      const stream = `milestone:${milestone.id}`;
      const message = reminderMessage(ports.catalog, milestone, evaluation, {
        today: today(ports),
        decision: decided.decision,
      });
      const said = rich`Champion decision: ${decided.decision.choice} by ${user(input.actor.id, input.actor.handle)}.`;
      const chatRows = postedOn
        ? [
            outbox.update(`${target}:decided`, stream, { target, message }),
            outbox.reply(`${target}:decision`, stream, {
              target,
              message: { summary: 'Champion decision', tone: 'good', blocks: [{ kind: 'text', text: said }] },
            }),
          ]
        : [];
      return [
        ...chatRows,
        ...(milestone.decisionTopic
          ? [
              outbox.publish(`${target}:decision:publish`, `${stream}:queue`, {
                topic: milestone.decisionTopic,
                data: {
                  schema: 'backfill-bot.milestone-decision/v1',
                  kind: 'milestone-decision',
                  message_key: `${target}:decision:publish`,
                  milestone: milestone.id,
                  choice: decided.decision.choice,
                  decided_by: input.actor.id,
                  decided_at: decided.decision.at,
                },
                attributes: { message_key: `${target}:decision:publish`, kind: 'milestone-decision' },
              }),
            ]
          : []),
      ];
    },
  );
  if (!changed) {
    const d = state.decision;
    return plain(`Already decided: ${d?.choice ?? ''} by @${d?.byHandle ?? d?.by ?? ''}.`);
  }
  return plain(`Recorded: ${input.choice} for ${milestone.id}.`, 'good');
}
