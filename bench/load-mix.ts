// What the users of bench:load do, one request after another, each waiting for its answer: reads
// (status, gaps, failures, plan), re-run plans, gate requests, and votes on the cards those post
// (Approve on a PASS card decides at once; Approve on a FAIL card, and any Reject, asks for a reason
// in a modal, which the user submits). Every request is one Sample: its ack (the HTTP answer) and
// its answer (the response_url post, or what the stand-in received: the card, the modal, the update).
import { gateRequestId } from '../src/actions/gate-request.js';
import { epochNow, type Sample, type SlackEvent } from './load-messages.js';
import {
  blockActionsBody,
  findButton,
  type ResponseSink,
  type SignedPoster,
  slashCommandBody,
  viewSubmissionBody,
} from './load-slack.js';

export const ANSWER_TIMEOUT_MS = 30_000;
const CHANNEL = 'C0OPS';

/** Waits for stand-in events by key; an event that comes before anyone waits is kept for them. */
export class EventBox {
  private readonly waiting = new Map<string, (event: SlackEvent) => void>();
  private readonly early = new Map<string, SlackEvent>();

  deliver(key: string, event: SlackEvent): void {
    const waiter = this.waiting.get(key);
    if (!waiter) return void this.early.set(key, event);
    this.waiting.delete(key);
    waiter(event);
  }

  expect(key: string): Promise<SlackEvent | null> {
    const early = this.early.get(key);
    if (early) {
      this.early.delete(key);
      return Promise.resolve(early);
    }
    return within(new Promise<SlackEvent>((resolve) => this.waiting.set(key, resolve)), () =>
      this.waiting.delete(key),
    );
  }
}

/** The promise's value, or null after ANSWER_TIMEOUT_MS (then `onTimeout`). */
function within<T>(promise: Promise<T>, onTimeout: () => void = () => {}): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => {
      onTimeout();
      resolve(null);
    }, ANSWER_TIMEOUT_MS);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

export interface Card {
  requestId: string;
  message: Record<string, unknown>;
}

export interface UserContext {
  poster: SignedPoster;
  sink: ResponseSink;
  events: EventBox;
  /** A trigger_id the stand-in issued for `user` (views.open needs one it knows). */
  trigger(user: string): Promise<string>;
  random(): number;
  /** Records a sample if its request was sent inside the measured window. */
  record(sample: Sample, sentAt: number): void;
  /** Cards posted and not yet voted on, oldest first. */
  cards: Card[];
}

const pick = <T>(ctx: UserContext, xs: readonly T[]): T => xs[Math.floor(ctx.random() * xs.length)] as T;

let sequence = 0;
// Unique per command: the app deduplicates on it and derives the gate request id from it.
const commandTrigger = () => `${Date.now()}.${process.pid}.${++sequence}`;

/** What the app's answer says, beyond an HTTP 200: an error (in our words) or the in-flight limit. */
export function judgeAnswer(body: string): Pick<Sample, 'error' | 'busy'> {
  if (/\bbusy\b/i.test(body)) return { busy: true };
  if (/internal error, ref|did not answer within|Nothing was changed/.test(body))
    return { error: 'error answer' };
  return {};
}

/** A slash command; the answer is its response_url post (or the ack's own body, if it has one). */
async function command(
  ctx: UserContext,
  kind: string,
  user: string,
  text: string,
  trigger = commandTrigger(),
) {
  const { url, answer } = ctx.sink.open();
  const sentAt = epochNow();
  const ack = await ctx.poster.post(
    slashCommandBody({ user, channel: CHANNEL, text, responseUrl: url, triggerId: trigger }),
  );
  if (ack.error || ack.body.trim() !== '') {
    ctx.sink.forget(url);
    const judged = ack.error ? { error: ack.error } : judgeAnswer(ack.body);
    ctx.record({ kind, ack: ack.ms, ...(ack.error ? {} : { answer: ack.ms }), ...judged }, sentAt);
    return { ack, sentAt, note: null };
  }
  return { ack, sentAt, note: within(answer, () => ctx.sink.forget(url)) };
}

const read =
  (kind: string, texts: readonly string[], users: readonly string[]) => async (ctx: UserContext) => {
    const { ack, sentAt, note } = await command(ctx, kind, pick(ctx, users), pick(ctx, texts));
    if (!note) return;
    const answered = await note;
    ctx.record(
      answered
        ? { kind, ack: ack.ms, answer: answered.at - sentAt, ...judgeAnswer(answered.body) }
        : { kind, ack: ack.ms, error: 'answer timeout' },
      sentAt,
    );
  };

/** `gate N range` from the operator: the answer is the card posted in the channel. */
async function requestGate(ctx: UserContext): Promise<Card | null> {
  const kind = 'gate request';
  const trigger = commandTrigger();
  const requestId = gateRequestId(trigger);
  const posted = ctx.events.expect(`card:${requestId}`);
  const words = pick(ctx, ['gate 1 2021-22', 'gate 1 2023-24', 'gate 0 2023-24']);
  const { ack, sentAt, note } = await command(ctx, kind, 'U0OPS', words, trigger);
  if (!note) return null;
  const [said, card] = await Promise.all([note, posted]);
  const problem = !card ? 'no card within 30 s' : !said ? 'no private note' : judgeAnswer(said.body).error;
  ctx.record(
    {
      kind,
      ack: ack.ms,
      ...(card ? { answer: card.at - sentAt } : {}),
      ...(problem ? { error: problem } : {}),
    },
    sentAt,
  );
  return card?.type === 'card' ? { requestId, message: card.message } : null;
}

/** An approver votes on the oldest card waiting (or on a new one), with a reason when asked. */
async function vote(ctx: UserContext): Promise<void> {
  const card = ctx.cards.shift() ?? (await requestGate(ctx));
  if (!card) return;
  const voter = pick(ctx, ['U0LEAD1', 'U0LEAD2']);
  const choice = ctx.random() < 0.7 ? 'approve' : 'reject';
  const found = findButton(card.message, `gate:${choice}`);
  if (!found) return ctx.record({ kind: 'vote click', ack: 0, error: `no ${choice} button` }, epochNow());
  const trigger = await ctx.trigger(voter);
  const modal = ctx.events.expect(`modal:${trigger}`);
  const update = ctx.events.expect(`update:${card.requestId}`);
  const { url } = ctx.sink.open();
  const sentAt = epochNow();
  const ack = await ctx.poster.post(
    blockActionsBody({
      user: voter,
      channel: CHANNEL,
      message: card.message,
      ...found,
      triggerId: trigger,
      responseUrl: url,
    }),
  );
  ctx.sink.forget(url);
  if (ack.error) return ctx.record({ kind: 'vote click', ack: ack.ms, error: ack.error }, sentAt);
  const first = await Promise.race([modal, update]);
  if (first?.type === 'update') {
    const error = first.version === 'v1' ? {} : { error: `card ${first.version}` };
    return ctx.record(
      { kind: 'vote click (decides)', ack: ack.ms, answer: first.at - sentAt, ...error },
      sentAt,
    );
  }
  if (first?.type !== 'modal') {
    const error = first?.type === 'modal-failed' ? first.error : 'no modal or update within 30 s';
    return ctx.record({ kind: 'vote click (asks a reason)', ack: ack.ms, error }, sentAt);
  }
  ctx.record({ kind: 'vote click (asks a reason)', ack: ack.ms, answer: first.at - sentAt }, sentAt);
  const submittedAt = epochNow();
  const submitted = await ctx.poster.post(
    viewSubmissionBody({
      user: voter,
      view: first.view,
      text: 'load test: decided on purpose',
      triggerId: commandTrigger(),
    }),
  );
  if (submitted.error)
    return ctx.record(
      { kind: 'vote reason (modal submit)', ack: submitted.ms, error: submitted.error },
      submittedAt,
    );
  const decided = await update;
  const problem =
    decided?.type !== 'update'
      ? 'no card update within 30 s'
      : decided.version === 'v1'
        ? null
        : `card ${decided.version}`;
  ctx.record(
    {
      kind: 'vote reason (modal submit)',
      ack: submitted.ms,
      ...(decided ? { answer: decided.at - submittedAt } : {}),
      ...(problem ? { error: problem } : {}),
    },
    submittedAt,
  );
}

const READERS = ['U0OPS', 'U0LEAD1', 'U0RANDO'] as const;

/** The mix, by weight: about two reads for every action. */
export const MIX: { weight: number; run: (ctx: UserContext) => Promise<unknown> }[] = [
  {
    weight: 20,
    run: read('status', ['status 2023-24', 'status 2021-22', 'status last 30d', 'status current'], READERS),
  },
  {
    weight: 12,
    run: read('gaps', ['gaps 2021-22 analytics', 'gaps 2022-23 precompute', 'gaps 2023-24'], READERS),
  },
  { weight: 12, run: read('failures', ['failures 2022-23', 'failures 2021-22 precompute'], READERS) },
  { weight: 12, run: read('plan', ['plan 2024-11-08 2024-11-14 30', 'plan 2023-01-02 2023-01-09'], READERS) },
  {
    weight: 12,
    run: read(
      'rerun plan',
      [
        'rerun failed 2022-23 TeamOffenseGameSummaryProcessor',
        'rerun failed 2022-23',
        'rerun failed 2021-22 precompute',
      ],
      ['U0OPS'],
    ),
  },
  {
    weight: 16,
    run: async (ctx) => {
      const card = await requestGate(ctx);
      if (card) ctx.cards.push(card);
    },
  },
  { weight: 16, run: vote },
];

export function pickScenario(ctx: UserContext) {
  const total = MIX.reduce((sum, s) => sum + s.weight, 0);
  let at = ctx.random() * total;
  for (const scenario of MIX) {
    at -= scenario.weight;
    if (at < 0) return scenario;
  }
  return MIX[0] as (typeof MIX)[number];
}
