// `npm start`: the Slack app. Without Slack credentials: the embedded default, the same Bolt app
// against a local Slack stand-in you open in a browser, on the demo warehouse.
import { startBot } from './bot/start-bot.js';
import { describeError } from './commands/describe-error.js';
import { loadEnv } from './config/env.js';
import { createLogger } from './log/create-logger.js';
import { errorLineSink } from './log/error-line-sink.js';

// JSON lines for Cloud Logging; readable ones when stdout is a terminal.
const logger = createLogger();
// A promise nobody awaited must never take the process down: log it with a reference.
process.on('unhandledRejection', (reason) =>
  describeError(reason, errorLineSink(logger.child({ source: 'unhandledRejection' }))),
);

try {
  const env = loadEnv();
  const bot = await startBot(env, logger);
  if (bot.standin) {
    logger.info(
      { url: bot.standin.url },
      `Local Slack stand-in: open ${bot.standin.url} and type /backfill status`,
    );
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'stopping…');
      void bot
        .close()
        .catch((error: unknown) => describeError(error, errorLineSink(logger)))
        .finally(() => process.exit(0));
    });
  }
} catch (error) {
  const d = describeError(error, errorLineSink(logger));
  logger.error(
    { code: d.code, ...(d.ref ? { error_ref: d.ref } : {}) },
    `error: ${d.title}${d.hint ? `\n  ${d.hint}` : ''}`,
  );
  process.exitCode = 1;
}
