// `npm start`: the Slack app. Without Slack credentials: the embedded default, the same Bolt app
// against a local Slack stand-in you open in a browser, on the demo warehouse.
import { startBot } from './bot/start-bot.js';
import { describeError } from './commands/describe-error.js';
import { loadEnv } from './config/env.js';

const say = (line: string) => process.stdout.write(`${line}\n`);
// A promise nobody awaited must never take the process down: log it with a reference.
process.on('unhandledRejection', (reason) =>
  describeError(reason, (line) => say(`unhandled rejection: ${line}`)),
);

try {
  const env = loadEnv();
  const bot = await startBot(env, say);
  say(`backfill-bot is serving ${bot.appUrl} (health: ${bot.appUrl.replace('/slack/events', '/healthz')})`);
  if (bot.standin) say(`Local Slack stand-in: open ${bot.standin.url} and type /backfill status`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      say('stopping…');
      void bot.close().finally(() => process.exit(0));
    });
  }
} catch (error) {
  const d = describeError(error, say);
  say(`error: ${d.title}${d.hint ? `\n  ${d.hint}` : ''}`);
  process.exitCode = 1;
}
