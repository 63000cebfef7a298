// The numbers of bench:load and the section it appends to BENCHMARKS.md. Pure: everything measured
// comes in, markdown goes out.
import type { BotStats, Sample, StoreOps } from './load-messages.js';

export const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
};

const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(1)} ms`);
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const n = (x: number) => x.toLocaleString('en-US');

/** The bot's own JSON lines, counted: requests by outcome, outbox deliveries, severities. */
export interface LogTally {
  lines: number;
  severity: Record<string, number>;
  /** `kind name: outcome` for every request line whose outcome is not ok. */
  notOk: Record<string, number>;
  requests: number;
  deliveries: Record<string, number>;
  deliveryMs: number[];
}

export function tallyLog(text: string): LogTally {
  const tally: LogTally = { lines: 0, severity: {}, notOk: {}, requests: 0, deliveries: {}, deliveryMs: [] };
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    tally.lines++;
    const severity = String(entry.severity ?? 'DEFAULT');
    tally.severity[severity] = (tally.severity[severity] ?? 0) + 1;
    if (entry.kind === 'delivery') {
      const outcome = String(entry.outcome ?? (severity === 'WARNING' ? 'late' : '?'));
      tally.deliveries[outcome] = (tally.deliveries[outcome] ?? 0) + 1;
      if (outcome === 'delivered' && typeof entry.duration_ms === 'number')
        tally.deliveryMs.push(entry.duration_ms);
    } else if (typeof entry.outcome === 'string') {
      tally.requests++;
      if (entry.outcome !== 'ok') {
        const key = `${String(entry.kind)} ${String(entry.name)}: ${entry.outcome}`;
        tally.notOk[key] = (tally.notOk[key] ?? 0) + 1;
      }
    }
  }
  return tally;
}

/** Outbox rows at the end, from the state store: state counts and written-to-delivered lag by kind. */
export interface OutboxSummary {
  kind: string;
  delivered: number;
  pending: number;
  failed: number;
  lagP50: number;
  lagP99: number;
}

export interface LoadRun {
  date: string;
  machine: string;
  users: number;
  seconds: number;
  warmupSeconds: number;
  samples: Sample[];
  start: BotStats;
  end: BotStats;
  afterDrain: BotStats;
  log: LogTally;
  outbox: OutboxSummary[];
  /** What the bot had of the bounds being added meanwhile (the DuckDB memory limit, the busy limit). */
  bounds: string;
  mix: string;
  /** os.loadavg() (1 min) just before the bot started: other work on the machine shares its cores. */
  loadBefore: number;
  loadAfter: number;
}

function kindRows(samples: Sample[]): string[] {
  const kinds = [...new Set(samples.map((s) => s.kind))].sort();
  return kinds.map((kind) => {
    const of = samples.filter((s) => s.kind === kind);
    const acks = of.map((s) => s.ack);
    const answers = of.flatMap((s) => (s.answer === undefined || s.error ? [] : [s.answer]));
    const errors = of.filter((s) => s.error).length;
    const busy = of.filter((s) => s.busy).length;
    const answerCells = answers.length
      ? `${ms(percentile(answers, 50))} | ${ms(percentile(answers, 99))}`
      : '— | —';
    return `| ${kind} | ${n(of.length)} | ${ms(percentile(acks, 50))} | ${ms(percentile(acks, 99))} | ${answerCells} | ${errors} | ${busy} |`;
  });
}

/** One of the state store's connections over the window: how busy it was, and what waited for it. */
function connectionLine(name: string, ops: [string, StoreOps][], windowMs: number): string {
  const count = ops.reduce((sum, [, o]) => sum + o.count, 0);
  const held = ops.reduce((sum, [, o]) => sum + o.heldMs, 0);
  const wait = ops.reduce((sum, [, o]) => sum + o.waitMs, 0);
  const top = ops
    .sort((a, b) => b[1].heldMs - a[1].heldMs)
    .slice(0, 6)
    .map(([label, o]) => `${label} ${n(o.count)} × ${ms(o.heldMs / o.count)}`)
    .join(', ');
  return `${name}: ${n(count)} transactions (${(count / (windowMs / 1000)).toFixed(0)}/s), held ${((held / windowMs) * 100).toFixed(0)}% of the time, mean wait for it ${ms(count ? wait / count : 0)} (max ${ms(Math.max(0, ...ops.map(([, o]) => o.maxWaitMs)))}); most time held: ${top || 'none'}`;
}

/** The state store's write connection and its read connection over the window. */
function storeLine(run: LoadRun): string {
  const ops = Object.entries(run.end.storeOps);
  const windowMs = run.end.at - run.start.at;
  const reads = ops
    .filter(([label]) => label.startsWith('read:'))
    .map(([label, o]): [string, StoreOps] => [label.slice('read:'.length), o]);
  const writes = ops.filter(([label]) => !label.startsWith('read:'));
  return `The DuckDB state store over the window. ${connectionLine('Write connection', writes, windowMs)}. ${connectionLine('Read connection', reads, windowMs)}.`;
}

export function loadReport(run: LoadRun): { markdown: string; verdicts: string[] } {
  const { samples } = run;
  const acks = samples.map((s) => s.ack);
  const answers = samples.flatMap((s) => (s.answer === undefined || s.error ? [] : [s.answer]));
  const errors = samples.filter((s) => s.error);
  const busy = samples.filter((s) => s.busy).length;
  const byError = new Map<string, number>();
  for (const s of errors)
    byError.set(`${s.kind}: ${s.error}`, (byError.get(`${s.kind}: ${s.error}`) ?? 0) + 1);
  const growth = run.end.rss - run.start.rss;
  const ackP99 = percentile(acks, 99);
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const verdicts = [
    `errors: ${errors.length} of ${n(samples.length)} requests${busy ? `, plus ${busy} busy answers` : ''} (target 0: ${met(errors.length === 0 && busy === 0)})`,
    `ack p99: ${ms(ackP99)} (target < 100 ms: ${met(ackP99 < 100)})`,
    `RSS growth over the window: ${mb(run.start.rss)} -> ${mb(run.end.rss)}, ${growth >= 0 ? '+' : ''}${mb(growth)} (target < 50 MB: ${met(growth < 50 * 2 ** 20)})`,
    `event-loop delay p99 in the bot: ${ms(run.end.loop.p99)} (target < 50 ms: ${met(run.end.loop.p99 < 50)})`,
  ];
  const windowMs = run.end.at - run.start.at;
  const notOk = Object.entries(run.log.notOk).sort((a, b) => b[1] - a[1]);
  const lines = [
    '',
    `## bench:load · ${run.date} · ${run.machine}`,
    '',
    `${run.users} users in a closed loop (each sends its next request when its last one is answered) for ${run.seconds} s after a ${run.warmupSeconds} s warm-up, from a load client in its own process (signed HTTP on loopback, one keep-alive agent) to the bot in its own process (\`startBot\` in HTTP mode, as \`npm start\` with Slack credentials: DuckDB demo at scale 1 as of 2026-11-23, DuckDB state store, local queue, simulator on), whose Web API is the Slack stand-in in the parent process. Mix: ${run.mix}. Ack = the HTTP answer to the command, click or submission; answer = until the response_url post arrived, or until the stand-in received the card (gate request), the modal (a click that asks a reason) or the card's update (a vote that decides). ${run.bounds}`,
    '',
    `${n(samples.length)} requests in the window (${(samples.length / (windowMs / 1000)).toFixed(1)}/s); the bot used ${((run.end.cpuMs / windowMs) * 100).toFixed(0)}% of one core. Load average (1 min) on the machine just before the run: ${run.loadBefore.toFixed(2)}, just after: ${run.loadAfter.toFixed(2)}.`,
    '',
    '| request | count | ack p50 | ack p99 | answer p50 | answer p99 | errors | busy |',
    '|---|---|---|---|---|---|---|---|',
    ...kindRows(samples),
    `| **all** | ${n(samples.length)} | ${ms(percentile(acks, 50))} | ${ms(ackP99)} | ${ms(percentile(answers, 50))} | ${ms(percentile(answers, 99))} | ${errors.length} | ${busy} |`,
    '',
    '| bot process | at the window start (after warm-up) | at the window end | after the last answers |',
    '|---|---|---|---|',
    `| RSS | ${mb(run.start.rss)} | ${mb(run.end.rss)} (peak ${mb(run.end.peakRss)}) | ${mb(run.afterDrain.rss)} |`,
    `| V8 heap used | ${mb(run.start.heapUsed)} | ${mb(run.end.heapUsed)} | ${mb(run.afterDrain.heapUsed)} |`,
    `| external memory (ArrayBuffers, native handles V8 knows of) | ${mb(run.start.external)} | ${mb(run.end.external)} | ${mb(run.afterDrain.external)} |`,
    `| RSS every 5 s in the window | ${run.end.rssSeries.map(mb).join(', ')} | | |`,
    `| event-loop delay p50 / p99 / max (window; beyond the 10 ms sampling interval) | | ${ms(run.end.loop.p50)} / ${ms(run.end.loop.p99)} / ${ms(run.end.loop.max)} | |`,
    '',
    ...verdicts.map((v) => `- ${v}`),
    ...(byError.size
      ? ['', `Errors seen by the users: ${[...byError].map(([k, c]) => `${k} (${c})`).join('; ')}.`]
      : []),
    '',
    `The bot's own log over the whole run (warm-up included): ${n(run.log.lines)} lines (${Object.entries(
      run.log.severity,
    )
      .map(([s, c]) => `${s} ${n(c)}`)
      .join(', ')}); ${n(run.log.requests)} request lines, ${
      notOk.length ? `not ok: ${notOk.map(([k, c]) => `${k} (${c})`).join('; ')}` : 'every one ok'
    }; outbox deliveries: ${Object.entries(run.log.deliveries)
      .map(([o, c]) => `${o} ${n(c)}`)
      .join(
        ', ',
      )} (delivery p50 ${ms(percentile(run.log.deliveryMs, 50))}, p99 ${ms(percentile(run.log.deliveryMs, 99))}).`,
    '',
    storeLine(run),
    '',
    '| outbox rows at the end, by kind | delivered | pending | failed | written → delivered p50 | p99 |',
    '|---|---|---|---|---|---|',
    ...run.outbox.map(
      (o) =>
        `| ${o.kind} | ${n(o.delivered)} | ${n(o.pending)} | ${n(o.failed)} | ${ms(o.lagP50)} | ${ms(o.lagP99)} |`,
    ),
    '',
  ];
  return { markdown: lines.join('\n'), verdicts };
}
