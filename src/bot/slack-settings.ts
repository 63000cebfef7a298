import { randomBytes } from 'node:crypto';
import type { Env } from '../config/env.js';

/** stand-in: no Slack credentials, the local Slack stand-in (the embedded default). */
export type SlackMode = 'stand-in' | 'http' | 'socket';

export interface SlackSettings {
  mode: SlackMode;
  botToken: string;
  signingSecret: string;
  /** Socket Mode only. */
  appToken?: string;
  /** A Web API base URL other than Slack's (SLACK_API_URL); the stand-in's is known once it starts. */
  apiUrl?: string;
  /** The embedded default listens on loopback only. */
  host: string;
}

// The token the stand-in accepts; it opens nothing anywhere else.
const STANDIN_BOT_TOKEN = 'xoxb-standin-local';

/** Which Slack to serve, from the environment: a bot token means real Slack; an app token Socket Mode. */
export function slackSettings(env: Env): SlackSettings {
  const signingSecret = env.SLACK_SIGNING_SECRET ?? randomBytes(20).toString('hex');
  if (!env.SLACK_BOT_TOKEN) {
    return { mode: 'stand-in', botToken: STANDIN_BOT_TOKEN, signingSecret, host: '127.0.0.1' };
  }
  return {
    mode: env.SLACK_APP_TOKEN ? 'socket' : 'http',
    botToken: env.SLACK_BOT_TOKEN,
    signingSecret,
    ...(env.SLACK_APP_TOKEN ? { appToken: env.SLACK_APP_TOKEN } : {}),
    ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}),
    host: '0.0.0.0',
  };
}
