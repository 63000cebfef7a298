import type { Logger } from '../log/logger.js';
import { describeLocation, type PortLocations } from './port-locations.js';
import type { SlackMode } from './slack-settings.js';

/**
 * The one start-up line: what the bot serves and what it connected to (warehouse, store, queue,
 * Slack), as fields and as a sentence. Built from locations only, so no secret can reach it.
 */
export function logStartup(
  logger: Logger,
  where: PortLocations,
  slack: { mode: SlackMode; appUrl: string; url?: string; apiUrl?: string },
): void {
  const { mode, url, apiUrl } = slack;
  const ports = Object.entries(where).map(([port, at]) => `${port} ${describeLocation(at)}`);
  const serving = mode === 'socket' ? 'Slack over Socket Mode' : slack.appUrl;
  const slackText = `Slack ${mode}${url ? ` ${url}` : ''}${apiUrl ? ` (Web API ${apiUrl})` : ''}`;
  logger.info(
    { ...where, slack: { mode, ...(url ? { url } : {}), ...(apiUrl ? { apiUrl } : {}) } },
    `backfill-bot serving ${serving}: ${[...ports, slackText].join(', ')}`,
  );
}
