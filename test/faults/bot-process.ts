import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** The built bot (`dist/src/main.js`, what `npm start` runs) as a process of its own, to be killed. */
export interface BotProcess {
  child: ChildProcess;
  /** The signal that ended it ('' for an exit). */
  exited: Promise<string>;
  /** Everything it wrote (its info-level log), for the failure message and the secrets check. */
  output(): string;
  /** Resolves once it serves /healthz; throws with its output if it exits or does not start in 20 s. */
  healthy(): Promise<void>;
  /** Resolves with the signal that ended it; SIGKILLs it and throws if it has not died within 20 s. */
  killed(): Promise<string>;
}

export interface BotProcessOptions {
  port: number;
  token: string;
  secret: string;
  /** The Slack stand-in's Web API, which lives in the test and so outlives every kill. */
  apiUrl: string;
  warehousePath: string;
  /** The trial's own folder: its state store and queue file, kept across the restart. */
  dir: string;
  /** BACKFILL_NOW. */
  now: string;
  failpoint?: string;
}

const START_MS = 20_000;

export function spawnBot(options: BotProcessOptions): BotProcess {
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(options.port),
      SLACK_BOT_TOKEN: options.token,
      SLACK_SIGNING_SECRET: options.secret,
      SLACK_API_URL: options.apiUrl,
      BACKFILL_DUCKDB_PATH: options.warehousePath,
      BACKFILL_STATE_PATH: join(options.dir, 'state.duckdb'),
      BACKFILL_QUEUE_PATH: join(options.dir, 'queue.jsonl'),
      BACKFILL_NOW: options.now,
      // A tiny warehouse is no demo: nothing answers the re-runs here.
      BACKFILL_SIMULATOR: 'off',
      ...(options.failpoint ? { BACKFILL_FAILPOINT: options.failpoint } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c) => (output += c));
  child.stderr?.on('data', (c) => (output += c));
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal ?? '')),
  );
  return {
    child,
    exited,
    output: () => output,
    async healthy() {
      const started = Date.now();
      for (;;) {
        if (child.exitCode !== null || child.signalCode) throw new Error(`bot exited: ${output}`);
        const ok = await fetch(`http://127.0.0.1:${options.port}/healthz`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) return;
        if (Date.now() - started > START_MS) throw new Error(`bot did not start: ${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async killed() {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<string>((_, reject) => {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`the bot did not reach its failpoint: ${output}`));
        }, START_MS);
      });
      try {
        return await Promise.race([exited, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
