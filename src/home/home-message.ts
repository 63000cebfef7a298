import { utcMinute } from '../commands/gate-decision-text.js';
import type { Bar, Block, Message, Rich, Span } from '../domain/message.js';
import { BREAK, code, command, followUp, plural, pluralWord, strong, user } from '../domain/message.js';
import type { Watch } from '../domain/watch/watch.js';
import type { GateRecord, RerunRequest } from '../store/state-store.js';

/** A gate request waiting for a decision, and whether the person looking may vote on it. */
export interface PendingGate {
  record: GateRecord;
  canVote: boolean;
}

/** A post the scheduler makes next: the daily report or a milestone reminder. */
export interface NextPost {
  what: string;
  /** ISO instant (report) or date (a milestone's day). */
  at: string;
}

/** Everything the App Home shows one person, read in one pass (src/home/home-facts.ts). */
export interface HomeFacts {
  viewer: string;
  /** The current season's header and bars, as status answers them; null when the warehouse failed. */
  season: { title: string; verdict: Rich; bars: Bar[] } | { title: string; error: string };
  /** Newest first; `total` counts those not listed. */
  gates: { shown: PendingGate[]; total: number };
  reruns: { shown: RerunRequest[]; total: number };
  watches: { shown: Watch[]; total: number };
  next: NextPost[];
}

/** How many of each list the Home shows; the rest are counted, with where to see them. */
export const HOME_LIMITS = { gates: 5, reruns: 8, watches: 5 } as const;
/** Lists are read up to this many: a count that reaches it reads "200+". */
export const HOME_COUNT_CAP = 200;

const count = (n: number) => (n >= HOME_COUNT_CAP ? `${HOME_COUNT_CAP}+` : String(n));

function gateBlocks(gate: PendingGate): Block[] {
  const r = gate.record.request;
  const approvals = gate.record.votes.filter((v) => v.vote === 'approve').length;
  const text: Span[] = [
    strong(`Gate ${r.gate} · ${r.rangeLabel} · ${r.verdict}`),
    BREAK,
    'requested by ',
    user(r.requestedBy, r.requestedByHandle),
    ` at ${utcMinute(r.requestedAt)} · ${approvals} of ${plural(r.requiredApprovals, 'approval')} · `,
    code(r.id),
  ];
  const blocks: Block[] = [{ kind: 'text', tone: r.verdict === 'PASS' ? 'good' : 'warn', text }];
  const status = followUp('Details', `gate status ${r.id}`);
  blocks.push({
    kind: 'actions',
    actions: gate.canVote
      ? [
          {
            label: 'Approve',
            style: 'primary',
            intent: { kind: 'gate.vote', requestId: r.id, vote: 'approve' },
          },
          {
            label: 'Reject',
            style: 'danger',
            intent: { kind: 'gate.vote', requestId: r.id, vote: 'reject' },
          },
          status,
        ]
      : [status],
  });
  return blocks;
}

function rerunLine(r: RerunRequest): Span[] {
  return [
    code(r.id),
    ` ${r.state} · ${plural(r.plan.processorDates, 'processor-date')} · `,
    user(r.requestedBy, r.requestedByHandle),
    ` at ${utcMinute(r.requestedAt)} · `,
    command(r.words),
  ];
}

function watchBlocks(w: Watch): Block[] {
  const done = w.view.phases.filter((p) => p.complete >= p.expected).length;
  const eta = w.view.phases
    .map((p) => p.etaMinutes)
    .filter((m): m is number => m !== null)
    .reduce((a, b) => Math.max(a, b), 0);
  return [
    {
      kind: 'text',
      text: [
        strong(
          `Watch ${w.rangeLabel}${w.target ? ` · ${/^\d+$/.test(w.target) ? `phase ${w.target}` : w.target}` : ''}`,
        ),
        ` · ${done} of ${plural(w.view.phases.length, 'phase')} complete`,
        ...(eta > 0 ? [` · ETA ${eta < 90 ? `${eta} min` : `${Math.round(eta / 60)} h`}`] : []),
        w.stalled ? ' · stalled' : '',
        BREAK,
        'started by ',
        user(w.startedBy, w.startedByHandle),
        ` at ${utcMinute(w.startedAt)} · `,
        code(w.id),
      ].filter((s) => s !== ''),
    },
  ];
}

/** "3 more: /backfill rerun history" under a list that shows only its first few. */
function more(shown: number, total: number, words: string, noun: string): Block[] {
  const rest = total - shown;
  if (rest <= 0) return [];
  const more = total >= HOME_COUNT_CAP ? `${rest}+ ${pluralWord(noun)}` : plural(rest, noun);
  return [{ kind: 'context', text: [`${more} more · `, command(words)] }];
}

/**
 * The App Home as a message model: the current season's progress, gates awaiting a decision (with
 * Approve and Reject for someone who may vote), recent re-runs, active watches and the next posts.
 * Each list shows its first few and counts the rest with the command that lists them, so the view
 * stays within Block Kit's 100 blocks however much there is (about 40 at most).
 */
export function homeMessage(facts: HomeFacts): Message {
  const blocks: Block[] = [{ kind: 'header', text: facts.season.title }];
  if ('error' in facts.season) {
    blocks.push({ kind: 'text', tone: 'bad', text: facts.season.error });
  } else {
    blocks.push({ kind: 'text', text: facts.season.verdict }, { kind: 'bars', bars: facts.season.bars });
  }
  blocks.push({
    kind: 'actions',
    actions: [followUp('Gaps', 'gaps current'), followUp('Failures', 'failures current')],
  });

  blocks.push(
    { kind: 'divider' },
    { kind: 'text', text: [strong(`Gates awaiting a decision (${count(facts.gates.total)})`)] },
  );
  if (facts.gates.total === 0)
    blocks.push({ kind: 'context', text: 'None: every gate requested has been decided.' });
  blocks.push(...facts.gates.shown.flatMap(gateBlocks));
  blocks.push(...more(facts.gates.shown.length, facts.gates.total, 'gate history', 'gate'));

  blocks.push({ kind: 'divider' }, { kind: 'text', text: [strong('Recent re-runs')] });
  blocks.push(
    facts.reruns.shown.length
      ? { kind: 'text', text: facts.reruns.shown.flatMap((r, i) => [...(i ? [BREAK] : []), ...rerunLine(r)]) }
      : { kind: 'context', text: 'No re-run requests yet.' },
  );
  blocks.push(...more(facts.reruns.shown.length, facts.reruns.total, 'rerun history', 're-run'));

  blocks.push(
    { kind: 'divider' },
    { kind: 'text', text: [strong(`Active watches (${count(facts.watches.total)})`)] },
  );
  if (facts.watches.total === 0)
    blocks.push({ kind: 'context', text: ['None. Start one: ', command('watch current')] });
  blocks.push(...facts.watches.shown.flatMap(watchBlocks));
  blocks.push(...more(facts.watches.shown.length, facts.watches.total, 'watch list', 'watch'));

  blocks.push({ kind: 'divider' }, { kind: 'text', text: [strong('Next posts')] });
  blocks.push(
    facts.next.length
      ? {
          kind: 'facts',
          facts: facts.next.map((n) => ({ label: n.what, value: n.at.length > 10 ? utcMinute(n.at) : n.at })),
        }
      : { kind: 'context', text: 'Nothing scheduled.' },
  );
  blocks.push({ kind: 'actions', actions: [followUp('Reminders', 'remind list'), followUp('Help', 'help')] });
  return {
    summary: `${facts.season.title} · ${plural(facts.gates.total, 'gate')} awaiting a decision`,
    tone: 'neutral',
    blocks,
  };
}
