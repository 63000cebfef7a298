import type { IsoDate } from '../domain/dates.js';
import { type CommandResult, followUp, plural } from '../domain/message.js';
import { milestoneDate, modelsCatalog } from '../reminders/milestone-date.js';
import { type MilestoneStatus, milestoneStatus } from '../reminders/milestone-status.js';
import { type CommandPorts, today } from './command-context.js';

export interface RemindListData {
  today: IsoDate;
  /** Whether decisions were read (the bot's state store is open here). */
  store: boolean;
  milestones: {
    id: string;
    date: IsoDate;
    title: string;
    state: MilestoneStatus;
    decision: { choice: string; by: string; at: string } | null;
    snoozedUntil: IsoDate | null;
    postedFor: IsoDate | null;
  }[];
}

/** Every milestone: its date, title and where it stands today; with its decision where the store is. */
export async function remindList(ports: CommandPorts): Promise<CommandResult<RemindListData>> {
  const { catalog, store } = ports;
  const day = today(ports);
  const models = modelsCatalog(catalog);
  const milestones = await Promise.all(
    models.milestones.map(async (m) => {
      const [saved, posts] = store
        ? await Promise.all([store.getMilestone(m.id), store.listSlots(`milestone:${m.id}`, 1)])
        : [null, []];
      const d = saved?.decision;
      const date = milestoneDate(catalog, m);
      return {
        id: m.id,
        date,
        title: m.title,
        state: milestoneStatus(date, day),
        decision: d ? { choice: d.choice, by: d.byHandle ? `@${d.byHandle}` : d.by, at: d.at } : null,
        snoozedUntil: saved?.snoozedUntil ?? null,
        /** The day it was last posted for (the scheduler's claim), when the store is open here. */
        postedFor: posts[0]?.slot.slice(0, 10) ?? null,
      };
    }),
  );
  const columns = ['milestone', 'date', 'title', 'state', ...(store ? ['decision'] : [])];
  const rows = milestones.map((m) => [
    m.id,
    m.date,
    m.title,
    [
      m.postedFor ? `posted ${m.postedFor}` : m.state,
      ...(m.snoozedUntil && m.snoozedUntil > day ? [`snoozed until ${m.snoozedUntil}`] : []),
    ].join(', '),
    ...(store ? [m.decision ? `${m.decision.choice} by ${m.decision.by}` : '—'] : []),
  ]);
  const next = milestones.find((m) => m.state !== 'past');
  const summary = next
    ? `${plainCount(milestones.length)}; next: ${next.id} on ${next.date}`
    : `${plainCount(milestones.length)}; all past`;
  return {
    data: { today: day, store: Boolean(store), milestones },
    message: {
      summary,
      tone: 'neutral',
      blocks: [
        { kind: 'header', text: `ML milestones · ${models.challenger.id} vs ${models.champion.id}` },
        milestones.length
          ? { kind: 'table', columns, rows }
          : { kind: 'text', text: 'No milestones in the catalog.' },
        {
          kind: 'context',
          text: `Today ${day} · ${models.challenger.id} started ${models.challenger.startedOn}${store ? '' : ' · decisions not shown: the state store is not open here'}`,
        },
        ...(milestones.length
          ? [
              {
                kind: 'actions' as const,
                actions: milestones.map((m) => followUp(`Show ${m.id}`, `remind show ${m.id}`)),
              },
            ]
          : []),
      ],
    },
  };
}

const plainCount = (n: number) => plural(n, 'milestone');
