import {
  type Action,
  type Bar,
  type Block,
  BREAK,
  code,
  command,
  type Message,
  plural,
  rich,
  type Span,
  strong,
  type Tone,
  user,
} from '../message.js';
import type { Watch } from './watch.js';
import { formatEvery } from './watch-every.js';
import { formatDuration, utcClock } from './watch-time.js';
import type { WatchPhaseView, WatchView } from './watch-view.js';

/** What a watch's message names: enough of a watch to draw one that is not stored yet (a preview). */
export type WatchHeading = Pick<Watch, 'range' | 'rangeLabel' | 'target' | 'everySeconds' | 'words'>;

const since = (from: string, to: string) => Date.parse(to) - Date.parse(from);

/** The range as the grammar writes it: a season by its id, anything else by its dates. */
const rangeWords = (w: WatchHeading): string =>
  /^season (\d{4}-\d{2})$/.exec(w.rangeLabel)?.[1] ?? `${w.range.start}..${w.range.end}`;

const targetLabel = (target: string | null) =>
  target === null ? '' : /^\d+$/.test(target) ? ` · phase ${target}` : ` · ${target}`;

/** The range and target in a sentence: "season 2021-22 (phase 3)". */
const scope = (w: WatchHeading) =>
  `${w.rangeLabel}${w.target === null ? '' : /^\d+$/.test(w.target) ? ` (phase ${w.target})` : ` (${w.target})`}`;

const header = (w: WatchHeading): Block => ({
  kind: 'header',
  text: `Backfill watch · ${w.rangeLabel}${targetLabel(w.target)}`,
});

const toGo = (view: WatchView) => {
  const left = view.phases.filter((p) => p.complete < p.expected).length;
  return `${left} of ${plural(view.phases.length, 'phase')} to go`;
};

/** A phase's note: done, or (while the watch runs) its last hour and ETA; an ended watch keeps no ETA. */
function phaseNote(p: WatchPhaseView, live: boolean): string | undefined {
  if (p.expected === 0) return 'nothing expected';
  if (p.complete === p.expected) return 'done';
  if (!live) return undefined;
  const recent = `${p.completedLastHour} in the last hour`;
  if (p.etaMinutes === null) return `${recent} · no recent progress`;
  return `${recent} · ETA ${formatDuration(p.etaMinutes * 60_000)} at ${p.perHour}/h`;
}

function phaseTone(p: WatchPhaseView): Tone {
  if (p.complete === p.expected) return 'good';
  return p.etaMinutes === null ? 'warn' : 'neutral';
}

const bars = (view: WatchView, live: boolean): Block => ({
  kind: 'bars',
  bars: view.phases.map((p): Bar => {
    const note = phaseNote(p, live);
    return {
      label: `Phase ${p.phase} ${p.name}`,
      done: p.complete,
      total: p.expected,
      tone: phaseTone(p),
      ...(note ? { note } : {}),
    };
  }),
});

/** The failing processor-dates, newest first, when there are any. */
function failures(w: WatchHeading, view: WatchView): Block[] {
  const { open, latest } = view.failures;
  if (open === 0) return [];
  const lines: Span[] = latest.flatMap((f) => [
    BREAK,
    `${f.processor} ${f.date} (${utcClock(f.startedAt)}): `,
    code(f.error || 'no error text'),
  ]);
  const more =
    open > latest.length
      ? [BREAK, `… and ${open - latest.length} more: `, command(`failures ${rangeWords(w)}`)]
      : [];
  return [
    {
      kind: 'text',
      tone: 'warn',
      text: [
        strong(`${plural(open, 'processor-date')} failing since ${utcClock(view.failures.since)}`),
        ...lines,
        ...more,
      ],
    },
  ];
}

/** The verdict line: what the watch is doing now, first. */
function verdict(watch: Watch, view: WatchView): { text: Span[]; tone: Tone; summary: string } {
  const started = utcClock(watch.startedAt);
  const updated = `updated ${utcClock(view.at)}`;
  switch (watch.state) {
    case 'complete': {
      const took = formatDuration(since(watch.startedAt, watch.endedAt ?? view.at));
      return {
        text: [
          strong(`Complete: every phase done in ${took}`),
          ` (${started} → ${utcClock(watch.endedAt ?? view.at)})`,
        ],
        tone: 'good',
        summary: `complete in ${took}`,
      };
    }
    case 'stopped': {
      const took = formatDuration(since(watch.startedAt, watch.endedAt ?? view.at));
      const by = user(watch.stoppedBy ?? '', watch.stoppedByHandle);
      return {
        text: rich`${strong('Stopped')} by ${by} at ${utcClock(watch.endedAt ?? view.at)} after ${took}: ${toGo(view)}`,
        tone: 'neutral',
        summary: `stopped after ${took}`,
      };
    }
    case 'expired': {
      const hours = formatDuration(since(watch.startedAt, watch.expiresAt));
      return {
        text: [strong(`Stopped after ${hours} (watch.maxHours)`), `, still incomplete: ${toGo(view)}`],
        tone: 'warn',
        summary: `stopped after ${hours}, incomplete`,
      };
    }
    case 'active': {
      if (watch.stalled) {
        const quiet = formatDuration(since(watch.lastProgressAt, view.at));
        return {
          text: [
            strong(`Stalled: no progress for ${quiet}`),
            ` (since ${utcClock(watch.lastProgressAt)}) · ${toGo(view)} · ${updated}`,
          ],
          tone: 'warn',
          summary: `stalled for ${quiet}, ${toGo(view)}`,
        };
      }
      return {
        text: [strong(`Running: ${toGo(view)}`), ` · ${updated}`],
        tone: 'neutral',
        summary: toGo(view),
      };
    }
  }
}

/**
 * A watch's message in the channel, for its state: the verdict line, a bar per phase with the dates
 * it completed in the last hour and its ETA, what is failing, who started it, and Stop while it runs.
 */
export function watchMessage(watch: Watch, view: WatchView = watch.view): Message {
  const { text, tone, summary } = verdict(watch, view);
  const active = watch.state === 'active';
  const quiet = view.failures.open === 0 ? ` · no failures since ${utcClock(view.failures.since)}` : '';
  const until = active
    ? ` · ends when complete, on Stop, or after ${formatDuration(since(watch.startedAt, watch.expiresAt))}`
    : '';
  const stop: Action = { label: 'Stop', style: 'danger', intent: { kind: 'watch.stop', watchId: watch.id } };
  return {
    summary: `Watch ${scope(watch)}: ${summary}`,
    tone,
    blocks: [
      header(watch),
      { kind: 'text', text, tone },
      bars(view, active),
      ...failures(watch, view),
      {
        kind: 'context',
        text: rich`Started by ${user(watch.startedBy, watch.startedByHandle)} at ${utcClock(watch.startedAt)} · every ${formatEvery(watch.everySeconds)} · watch ${watch.id}${quiet}${until}`,
      },
      ...(active ? [{ kind: 'actions' as const, actions: [stop] }] : []),
    ],
  };
}

/** The view now, for a front that cannot keep a message updated (the CLI): no state, no Stop. */
export function watchPreview(heading: WatchHeading, view: WatchView): Message {
  const quiet = view.failures.open === 0 ? ` · no failures since ${utcClock(view.failures.since)}` : '';
  return {
    summary: `Watch ${scope(heading)}: ${toGo(view)} now`,
    tone: 'neutral',
    blocks: [
      header(heading),
      { kind: 'text', text: [strong(`Now: ${toGo(view)}`), ` · ${utcClock(view.at)}${quiet}`] },
      bars(view, true),
      ...failures(heading, view),
      {
        kind: 'context',
        text: rich`Started in Slack with these words (${code(heading.words)}), a watch posts this in the channel and redraws it every ${formatEvery(heading.everySeconds)} until the range is complete.`,
      },
    ],
  };
}

/** The stall alert in the watch's thread, to whoever started it: once per stall. */
export function stallReply(watch: Watch, view: WatchView): Message {
  const quiet = formatDuration(since(watch.lastProgressAt, view.at));
  const failing =
    view.failures.open > 0
      ? rich` ${plural(view.failures.open, 'processor-date')} failing: ${command(`failures ${rangeWords(watch)}`)} says why.`
      : [];
  return {
    summary: `No progress on ${scope(watch)} for ${quiet}`,
    tone: 'warn',
    blocks: [
      {
        kind: 'text',
        tone: 'warn',
        text: [
          ...rich`${user(watch.startedBy, watch.startedByHandle)}: no progress on ${scope(watch)} for ${quiet} (since ${utcClock(watch.lastProgressAt)}): ${toGo(view)}.`,
          ...failing,
        ],
      },
    ],
  };
}

/** Progress again after a stall, in the thread; `quietSince` is when progress was last seen before. */
export function resumeReply(watch: Watch, view: WatchView, quietSince: string): Message {
  const quiet = formatDuration(since(quietSince, view.at));
  return {
    summary: `Progress resumed on ${scope(watch)}`,
    tone: 'good',
    blocks: [
      {
        kind: 'text',
        tone: 'good',
        text: `Progress resumed on ${scope(watch)} after ${quiet} without: ${toGo(view)}.`,
      },
    ],
  };
}
