import { compactDates, formatRuns } from '../domain/compact-dates.js';
import type { DateRange } from '../domain/dates.js';
import { BadInputError } from '../domain/errors.js';
import {
  type Block,
  type CommandResult,
  followUp,
  type Message,
  plural,
  rich,
  strong,
  user,
} from '../domain/message.js';
import type { RerunRequest, StateStore } from '../store/state-store.js';
import { isStoreId } from '../store/store-input.js';
import type { CommandPorts } from './command-context.js';
import { utcMinute } from './gate-decision-text.js';
import { type RerunView, rerunView } from './rerun-view.js';

const STATE_WORDS: Record<RerunRequest['state'], string> = {
  planned: 'planned, not confirmed',
  'awaiting-approval': 'waiting for an approver',
  confirmed: 'running',
  cancelled: 'cancelled',
  done: 'done',
};

function requireStore(ports: CommandPorts): StateStore {
  if (!ports.store)
    throw new BadInputError(
      're-run requests live in the bot’s state store',
      'Ask in Slack, or point the CLI at the same store.',
    );
  return ports.store;
}

/** The one line that says where a re-run stands: done, or what it waits on and what failed. */
export function rerunVerdict(request: RerunRequest, view: RerunView | null): string {
  const finished = 'done, every date has a successful run since the confirmation';
  if (request.state === 'done') return `Re-run ${request.id}: ${finished}`;
  if (!view || request.state !== 'confirmed' || !request.confirmedAt)
    return `Re-run ${request.id}: ${STATE_WORDS[request.state]}`;
  const total = view.steps.reduce((n, s) => n + s.total, 0);
  const done = view.steps.reduce((n, s) => n + s.done, 0);
  const failedAgain = view.steps.reduce((n, s) => n + s.failedAgain, 0);
  const published = view.messages.filter((m) => m.state === 'published').length;
  const failed = view.messages.filter((m) => m.state === 'failed').length;
  const parts = [
    `${done} of ${plural(total, 'processor-date')} done`,
    `${published} of ${plural(view.messages.length, 'message')} published`,
  ];
  if (failed) parts.push(`${plural(failed, 'message')} failed to publish`);
  if (failedAgain) parts.push(`${plural(failedAgain, 'date')} failed again`);
  const waiting = view.steps.find((s) => !s.released);
  const before = waiting ? view.steps[waiting.index - 1] : undefined;
  if (waiting && before)
    parts.push(
      `step ${waiting.index + 1} waits on step ${before.index + 1} (${before.total - before.done} not done)`,
    );
  return `Re-run ${request.id}: ${view.done ? finished : parts.join(' · ')}`;
}

const STATE_TEXT: Record<string, string> = {
  waiting: 'waiting for the previous step',
  pending: 'pending',
  retrying: 'retrying',
  published: 'published',
  failed: 'failed',
};

/**
 * Why messages have not gone out, in full and under the table (a cause is a sentence that says what
 * to do, too long for a table cell): one line per distinct cause, naming the messages it holds back.
 * No attempt counts, so the thread redraws when a cause changes, not on every retry.
 */
function whyNotPublished(view: RerunView): Block[] {
  const held = new Map<string, { failed: boolean; processors: Set<string> }>();
  for (const m of view.messages) {
    if (!m.error || (m.state !== 'retrying' && m.state !== 'failed')) continue;
    const entry = held.get(m.error) ?? { failed: false, processors: new Set() };
    entry.failed ||= m.state === 'failed';
    entry.processors.add(m.processor);
    held.set(m.error, entry);
  }
  return [...held].map(([error, { failed, processors }]) => ({
    kind: 'text' as const,
    tone: failed ? ('bad' as const) : ('warn' as const),
    text: `${failed ? 'Given up on' : 'Not published yet'} (${[...processors].join(', ')}): ${error}`,
  }));
}

/** A request's state as a message: the verdict, then one row per message, then the date fates. */
export function rerunStatusMessage(request: RerunRequest, view: RerunView | null): Message {
  const verdict = rerunVerdict(request, view);
  const blocks: Block[] = [
    { kind: 'header', text: `Re-run ${request.id} · ${STATE_WORDS[request.state]}` },
    {
      kind: 'text',
      text: [strong(verdict.replace(`Re-run ${request.id}: `, ''))],
      tone: view?.done ? 'good' : 'neutral',
    },
  ];
  if (view) {
    blocks.push({
      kind: 'table',
      columns: ['step', 'processor', 'dates', 'message', 'runs since'],
      rows: view.messages.map((m) => {
        const fates = m.dates.map((d) => view.dates.get(`${m.processor}|${d}`));
        const doneCount = fates.filter((f) => f === 'done').length;
        const again = fates.filter((f) => f === 'failed-again').length;
        const detail = m.state === 'published' && m.messageId ? ` ${m.messageId}` : '';
        return [
          String(m.step + 1),
          m.processor,
          formatRuns(compactDates(m.dates), 2),
          `${STATE_TEXT[m.state]}${detail}`,
          `${doneCount}/${m.dates.length} ok${again ? `, ${again} failed again` : ''}`,
        ];
      }),
    });
    blocks.push(...whyNotPublished(view));
  }
  blocks.push({
    kind: 'context',
    text: rich`Requested by ${user(request.requestedBy, request.requestedByHandle)} at ${utcMinute(request.requestedAt)}${
      request.confirmedAt ? ` · confirmed ${utcMinute(request.confirmedAt)}` : ''
    }${request.override ? ` · override by ${request.override.by}: ${request.override.reason}` : ''} · ${request.words}`,
  });
  return { summary: verdict, tone: view?.done ? 'good' : 'neutral', blocks };
}

export async function rerunStatus(id: string, ports: CommandPorts): Promise<CommandResult> {
  const store = requireStore(ports);
  // A word no store could hold as an id names no request: answered as one, not as the store's refusal.
  const request = isStoreId(id) ? await store.getRerun(id) : null;
  if (!request)
    throw new BadInputError(
      `there is no re-run request ${id}`,
      'Request ids look like r_0123456789ab; rerun history lists them.',
    );
  const view = request.confirmedAt ? (await rerunView(request, { ...ports, store })).view : null;
  const message = rerunStatusMessage(request, view);
  message.blocks.push({ kind: 'actions', actions: [followUp('History', 'rerun history')] });
  const data = {
    id: request.id,
    state: request.state,
    done: view?.done ?? false,
    messages: (view?.messages ?? []).map(({ id: mid, processor, dates, step, state, messageId, error }) => ({
      id: mid,
      processor,
      step,
      dates,
      state,
      messageId,
      error,
    })),
  };
  return { data, message };
}

export async function rerunHistory(range: DateRange | null, ports: CommandPorts): Promise<CommandResult> {
  const requests = await requireStore(ports).listReruns({ ...(range ? { range } : {}), limit: 20 });
  const blocks: Block[] = [
    { kind: 'header', text: `Re-run requests${range ? ` · ${range.start}..${range.end}` : ''}` },
    requests.length
      ? {
          kind: 'table',
          columns: ['id', 'state', 'requested', 'when (UTC)', 'processor-dates', 'asked'],
          rows: requests.map((r) => [
            r.id,
            r.state,
            `@${r.requestedByHandle ?? r.requestedBy}`,
            utcMinute(r.requestedAt).replace(' UTC', ''),
            String(r.plan.processorDates),
            r.words,
          ]),
        }
      : { kind: 'text', text: 'No re-run requests yet.' },
  ];
  const data = {
    requests: requests.map((r) => ({
      id: r.id,
      state: r.state,
      requestedBy: r.requestedBy,
      requestedAt: r.requestedAt,
      words: r.words,
      processorDates: r.plan.processorDates,
    })),
  };
  return {
    data,
    message: { summary: `${plural(requests.length, 're-run request')}`, tone: 'neutral', blocks },
  };
}
