import type { ActionPorts } from '../actions/action-ports.js';
import { memberGroups } from '../actions/member-groups.js';
import { describeError, REMOTE } from '../commands/describe-error.js';
import { remindList } from '../commands/remind-list.js';
import { statusCommand } from '../commands/status.js';
import { isApprover } from '../domain/gates/vote-policy.js';
import type { Bar, Block, Rich } from '../domain/message.js';
import { slotsBetween } from '../schedules/slots-between.js';
import type { GateRecord } from '../store/state-store.js';
import { HOME_COUNT_CAP, HOME_LIMITS, type HomeFacts, type NextPost } from './home-message.js';

const WEEK_MS = 7 * 86_400_000;

type HomePorts = Pick<ActionPorts, 'catalog' | 'warehouse' | 'clock' | 'store' | 'directory'>;

/** May `viewer` vote on this request now: an approver, not the requester (unless allowed), not voted yet. */
function canVote(ports: HomePorts, viewer: string, groups: string[], record: GateRecord): boolean {
  const { approvals } = ports.catalog;
  if (!isApprover(approvals, viewer, groups)) return false;
  if (record.request.requestedBy === viewer && !approvals.allowSelfApproval) return false;
  return !record.votes.some((v) => v.voter === viewer);
}

async function season(ports: HomePorts, log: (line: string) => void): Promise<HomeFacts['season']> {
  try {
    const { message } = await statusCommand.run(statusCommand.parse(['current'], ports), ports);
    const header = message.blocks.find((b) => b.kind === 'header');
    const verdict = message.blocks.find((b): b is Extract<Block, { kind: 'text' }> => b.kind === 'text');
    const bars = message.blocks.find((b): b is Extract<Block, { kind: 'bars' }> => b.kind === 'bars');
    return {
      title: header?.kind === 'header' ? header.text : 'Backfill status',
      verdict: (verdict?.text ?? message.summary) as Rich,
      // Phases only: the Home is a glance, `status` has the tables.
      bars: (bars?.bars ?? []).filter((b: Bar) => !b.nested),
    };
  } catch (error) {
    // The Home is read in Slack: plain words, and the ref the details were logged under.
    const { title, ref } = describeError(error, log, REMOTE);
    const quoted = ref && !title.includes(ref) ? ` (ref ${ref})` : '';
    return { title: 'Backfill status', error: `Status could not be read: ${title}${quoted}` };
  }
}

async function nextPosts(ports: HomePorts): Promise<NextPost[]> {
  const now = ports.clock.now();
  const { schedules, timezone } = ports.catalog;
  const zone = schedules.timezone ?? timezone;
  const report = slotsBetween(schedules.report, zone, now, new Date(now.getTime() + WEEK_MS))[0];
  const posts: NextPost[] = report ? [{ what: 'Daily report', at: report.toISOString() }] : [];
  if (ports.catalog.models) {
    const { data } = await remindList(ports);
    const next = data.milestones.find((m) => m.state !== 'past' && m.postedFor === null);
    if (next) posts.push({ what: `Reminder ${next.id}: ${next.title}`, at: next.date });
  }
  return posts;
}

/**
 * What the App Home shows `viewer`, read from the store, the warehouse (one status) and the catalog.
 * A warehouse failure leaves the rest of the Home (its `log` gets the details and the ref).
 */
export async function homeFacts(
  viewer: string,
  ports: HomePorts,
  log: (line: string) => void,
): Promise<HomeFacts> {
  const [seasonFacts, gates, reruns, watches, groups, next] = await Promise.all([
    season(ports, log),
    ports.store.listPendingGates(HOME_COUNT_CAP),
    ports.store.listReruns({ limit: HOME_COUNT_CAP }),
    ports.store.listWatches({ states: ['active'], limit: HOME_COUNT_CAP }),
    memberGroups(viewer, ports.catalog.approvals.usergroups, ports.directory),
    nextPosts(ports),
  ]);
  const pending = gates.map((record) => ({ record, canVote: canVote(ports, viewer, groups, record) }));
  // The gates this person can decide come first: that is what they opened the Home for.
  pending.sort((a, b) => Number(b.canVote) - Number(a.canVote));
  return {
    viewer,
    season: seasonFacts,
    gates: { shown: pending.slice(0, HOME_LIMITS.gates), total: pending.length },
    reruns: { shown: reruns.slice(0, HOME_LIMITS.reruns), total: reruns.length },
    watches: { shown: watches.slice(0, HOME_LIMITS.watches), total: watches.length },
    next,
  };
}
