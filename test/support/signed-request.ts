import { slackSignature } from '../../src/standin/app-link.js';

/**
 * Sends what Slack would send, signed with the app's secret: a test can forge any payload (another
 * user, a stale view) exactly as an attacker holding a valid signature path could.
 */
export function postSigned(
  url: string,
  secret: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
) {
  const signature = slackSignature(secret, timestamp, body);
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
    },
    body,
  });
}

/** An interaction payload (block_actions, view_submission) as Slack posts it: form-encoded JSON. */
export const interactionBody = (payload: unknown): string =>
  new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
