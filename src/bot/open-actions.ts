import { RerunAdvancer } from '../actions/rerun-advancer.js';
import { Watcher } from '../actions/watcher.js';
import type { CommandPorts } from '../commands/command-context.js';
import { buildHome } from '../home/build-home.js';
import { HomeNotices } from '../home/home-notices.js';
import { errorLineSink } from '../log/error-line-sink.js';
import type { Logger } from '../log/logger.js';
import { OutboxRelay } from '../outbox/outbox-relay.js';
import type { Queue } from '../queue/queue.js';
import { type PostChannels, scheduledPosts } from '../schedules/scheduled-posts.js';
import { Scheduler } from '../schedules/scheduler.js';
import { SlackChat } from '../slack/chat/slack-chat.js';
import { createSlackClient } from '../slack/chat/slack-client.js';
import { SlackDirectory } from '../slack/directory/slack-directory.js';
import type { SlackActions } from '../slack/slack-actions.js';
import type { StateStore } from '../store/state-store.js';

// How often the relay looks for due rows besides being woken by an action: retries, and rows other
// replicas wrote. On BigQuery every look is a query billed at the 10 MB minimum (~29 GB a day at
// 30 s), so it looks rarely there and relies on the wake-up after its own actions.
const POLL_MS = { duckdb: 1_000, bigquery: 30_000 } as const;
// How often running re-runs are checked against the run history (a warehouse query per request).
const ADVANCE_MS = { duckdb: 2_000, bigquery: 60_000 } as const;
// How often the active watches are looked at (a store query; a tick's slot decides whether one is
// redrawn, so this bounds only how late a redraw lands: a watch's every is 30 s at least).
const WATCH_MS = { duckdb: 5_000, bigquery: 30_000 } as const;

export interface ActionsOptions {
  ports: CommandPorts & { store: StateStore; queue: Queue };
  botToken: string;
  apiUrl?: string;
  logger: Logger;
  /** Tests only: see BACKFILL_FAILPOINT (the relay's and the scheduler's points). */
  failpoint?: string;
  /** Where scheduled posts go (the catalog's channels, or the env's overrides). */
  channels: PostChannels;
}

/**
 * The core actions for the Slack front: the chat and directory ports on the Web API (a client of
 * their own that never retries inside a call: the relay does, with backoff), and the outbox relay,
 * started here so that what a crash left pending goes out on start-up.
 */
export function openSlackActions(options: ActionsOptions): {
  actions: SlackActions;
  relay: OutboxRelay;
  advancer: RerunAdvancer;
  scheduler: Scheduler;
  watcher: Watcher;
  stop(): Promise<void>;
} {
  const { ports, logger } = options;
  const client = createSlackClient(options.botToken, options.apiUrl ? { apiUrl: options.apiUrl } : {});
  const chat = new SlackChat(client);
  const directory = new SlackDirectory(client);
  const homeLog = errorLineSink(logger.child({ component: 'home' }));
  const homeNotices = new HomeNotices();
  const failpoint = options.failpoint ? { failpoint: killAt(options.failpoint) } : {};
  const relay = new OutboxRelay({
    store: ports.store,
    chat,
    queue: ports.queue,
    clock: ports.clock,
    // Home rows are built when delivered: the page shows the state of then, not of the write.
    home: (user) => buildHome(user, { ...ports, directory }, homeLog, undefined, homeNotices),
    log: logger.child({ component: 'outbox' }),
    ...failpoint,
  });
  relay.start(POLL_MS[ports.store.kind]);
  const actionPorts = { ...ports, chat, directory };
  const advancer = new RerunAdvancer(actionPorts, relay, logger.child({ component: 'reruns' }));
  advancer.start(ADVANCE_MS[ports.store.kind]);
  // The daily report and the milestone reminders: slots claimed in the store, posts through the outbox.
  const scheduler = new Scheduler({
    store: ports.store,
    clock: ports.clock,
    jobs: scheduledPosts(actionPorts, options.channels, () => relay.kick()),
    log: logger.child({ component: 'schedules' }),
    ...failpoint,
  });
  void scheduler
    .start()
    .catch((error: unknown) => logger.error({ err: String(error) }, 'schedules did not start'));
  // Live watches: stored, so a restart resumes them; each tick claimed in the store like a slot.
  const watcher = new Watcher({ ports: actionPorts, relay, log: logger.child({ component: 'watches' }) });
  watcher.start(WATCH_MS[ports.store.kind]);
  return {
    actions: { ports: actionPorts, relay, homeNotices },
    relay,
    advancer,
    scheduler,
    watcher,
    async stop() {
      await watcher.stop();
      await scheduler.stop();
      await advancer.stop();
      await relay.stop();
    },
  };
}

/** A crash where a test asks for one: SIGKILL, so nothing is flushed or closed, as in a real crash. */
const killAt = (target: string) => (name: string) => {
  if (name === target) process.kill(process.pid, 'SIGKILL');
};
