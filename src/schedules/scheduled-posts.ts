import type { ActionPorts } from '../actions/action-ports.js';
import { addDays, dateInZone, type IsoDate, maxDate } from '../domain/dates.js';
import type { Message } from '../domain/message.js';
import { outbox } from '../outbox/outbox-payload.js';
import { evaluateMilestone } from '../reminders/evaluate-milestone.js';
import { type Milestone, milestoneDate, milestoneWindow } from '../reminders/milestone-date.js';
import { reminderMessage } from '../reminders/reminder-message.js';
import { buildReport } from '../reports/build-report.js';
import type { ScheduledJob } from './scheduled-job.js';
import { slotKey } from './zoned-time.js';

export interface PostChannels {
  reminders: string;
  report: string;
}

type PostPorts = Pick<ActionPorts, 'catalog' | 'warehouse' | 'clock' | 'store'>;

/** The post of one milestone on one day: the key that makes it once, and what a decision updates. */
export const milestonePostKey = (id: string, postOn: IsoDate) => `milestone:${id}:${postOn}`;
const milestoneJob = (id: string) => `milestone:${id}`;

/** "08:00 America/New_York (13:00 UTC)": the time a person configured, and the instant. */
const localTime = (slot: Date, timezone: string): string => {
  const local = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(slot);
  return `${dateInZone(slot, timezone)} ${local} ${timezone} (${slotKey(slot).slice(11, 16)} UTC)`;
};

const markedLate = (message: Message, note: string): Message => ({
  ...message,
  blocks: [...message.blocks, { kind: 'context', text: note }],
});

/**
 * The daily health report: for the day before the slot's (in the schedule's zone), posted to the
 * report channel through the outbox in the slot's claim; a slot missed while the bot was down is
 * posted late within `catchUpHours`.
 */
function reportJob(
  ports: PostPorts,
  channels: PostChannels,
  timezone: string,
  wake: () => void,
): ScheduledJob {
  const { schedules } = ports.catalog;
  return {
    name: 'report',
    cron: schedules.report,
    timezone,
    catchUp: { hours: schedules.catchUpHours },
    async effects(slot, late) {
      const day = addDays(dateInZone(slot, timezone), -1);
      const { message } = await buildReport(day, ports);
      const posted = late
        ? markedLate(message, `Posted late: this report was due at ${localTime(slot, timezone)}.`)
        : message;
      return [
        outbox.post(`schedule:report:${slotKey(slot)}`, 'schedule:report', {
          channel: channels.report,
          message: posted,
        }),
      ];
    },
    async run() {
      wake();
    },
  };
}

/** When a milestone is next to be posted: its date, or the end of its snooze when later. */
async function postDay(ports: PostPorts, milestone: Milestone): Promise<IsoDate> {
  const state = await ports.store.getMilestone(milestone.id);
  const due = milestoneDate(ports.catalog, milestone);
  return state?.snoozedUntil ? maxDate(due, state.snoozedUntil) : due;
}

/**
 * Milestone reminders: every reminders slot, each milestone whose day has come is posted once to the
 * reminders channel, with its live numbers over the window from the challenger's start to the day
 * before the milestone (one warehouse round trip). A milestone stays due until posted, so one missed
 * by an outage is posted on the next start, marked late with its due date; its claim (job
 * `milestone:<id>`, slot = the day it is posted for) makes it once across restarts and replicas.
 */
function remindersJob(
  ports: PostPorts,
  channels: PostChannels,
  timezone: string,
  wake: () => void,
): ScheduledJob {
  const milestones = ports.catalog.models?.milestones ?? [];
  return {
    name: 'reminders',
    cron: ports.catalog.schedules.reminders,
    timezone,
    catchUp: 'latest',
    async run(slot) {
      const today = dateInZone(slot, timezone);
      for (const milestone of milestones) {
        const on = await postDay(ports, milestone);
        if (on > today) continue;
        const late = on < today || ports.clock.now().getTime() - slot.getTime() > 60_000;
        const job = milestoneJob(milestone.id);
        const slotIso = `${on}T00:00:00.000Z`;
        // Posted already (the common case, every day after): no warehouse query.
        if ((await ports.store.listSlots(job, 5)).some((s) => s.slot === slotIso)) continue;
        const { value } = await ports.warehouse.modelMetrics(
          milestoneWindow(ports.catalog, milestone),
          'reminder',
        );
        const message = reminderMessage(
          ports.catalog,
          milestone,
          evaluateMilestone(ports.catalog, milestone, value),
          {
            today,
            ...(late ? { late: { dueOn: on } } : {}),
          },
        );
        // The post is written in the claim's transaction: a crash after the claim loses nothing.
        await ports.store.claimSlot({ job, slot: slotIso, owner: 'scheduler', late }, () => [
          outbox.post(milestonePostKey(milestone.id, on), job, { channel: channels.reminders, message }),
        ]);
      }
      wake();
    },
  };
}

/** The scheduled posts of the catalog, for the Scheduler. */
export function scheduledPosts(ports: PostPorts, channels: PostChannels, wake: () => void): ScheduledJob[] {
  const timezone = ports.catalog.schedules.timezone ?? ports.catalog.timezone;
  const jobs = [reportJob(ports, channels, timezone, wake)];
  if (ports.catalog.models) jobs.push(remindersJob(ports, channels, timezone, wake));
  return jobs;
}
