import { App, type CustomRoute, LogLevel } from '@slack/bolt';
import { boltLogger } from '../log/bolt-logger.js';
import { lineLogger } from '../log/line-logger.js';
import type { Logger } from '../log/logger.js';
import { guardedReceiver } from './http/guarded-receiver.js';
import { registerActions } from './listeners/actions.js';
import { registerCommands } from './listeners/commands.js';
import { registerGates } from './listeners/gates.js';
import { registerHome } from './listeners/home.js';
import { registerMilestones } from './listeners/milestones.js';
import { registerReruns } from './listeners/reruns.js';
import { registerWatches } from './listeners/watches.js';
import { requestLogMiddleware } from './request-log-middleware.js';
import type { SlackDeps } from './slack-deps.js';

export interface SlackAppConfig {
  botToken: string;
  /** HTTP mode (Cloud Run and the embedded default): requests are verified with it. */
  signingSecret?: string;
  /** Socket Mode: an app-level token (xapp-...) instead of a public URL. */
  appToken?: string;
  /** Web API base URL; the stand-in's in the embedded default. */
  apiUrl?: string;
  deps: SlackDeps;
  logLevel?: LogLevel;
  /** Bolt's own lines and one line per request go here; without it Bolt writes to the console. */
  logger?: Logger;
}

const customRoutes: CustomRoute[] = [
  {
    path: '/healthz',
    method: ['GET'],
    handler: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    },
  },
];

/**
 * The Bolt app: transport and listeners only; every answer comes from the commands core. Over HTTP,
 * requests pass our guard (size, signature and time, shape: src/slack/http) before Bolt parses them.
 */
export function createSlackApp(config: SlackAppConfig): App {
  const logLevel = config.logLevel ?? LogLevel.WARN;
  const logger = config.logger ? boltLogger(config.logger.child({ component: 'bolt' })) : undefined;
  const app = new App({
    token: config.botToken,
    ...(config.appToken
      ? { socketMode: true, appToken: config.appToken, customRoutes }
      : {
          receiver: guardedReceiver({
            signingSecret: config.signingSecret ?? '',
            customRoutes,
            logger: config.logger ?? lineLogger(process.stderr),
            ...(logger ? { boltLogger: logger } : {}),
            logLevel,
          }),
        }),
    ...(config.apiUrl ? { clientOptions: { slackApiUrl: config.apiUrl } } : {}),
    logLevel,
    ...(logger ? { logger } : {}),
  });
  if (config.logger) app.use(requestLogMiddleware(config.logger));
  registerCommands(app, config.deps);
  registerActions(app, config.deps);
  registerHome(app, config.deps);
  if (config.deps.actions) {
    const deps = { ...config.deps, actions: config.deps.actions };
    registerGates(app, deps);
    registerReruns(app, deps);
    registerMilestones(app, deps);
    registerWatches(app, deps);
  }
  // Listener failures (e.g. an expired response_url) are logged, never left unhandled.
  app.error(async (error) => config.deps.log(`slack listener error: ${error.code ?? ''} ${error.message}`));
  return app;
}
