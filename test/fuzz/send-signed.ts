import { slackSignature } from '../../src/standin/app-link.js';

export interface Answered {
  status: number | 'no answer';
  ms: number;
}

/**
 * POSTs a body signed as Slack signs it (any content type, unlike postSigned), and says how it was
 * answered: the status and the time, or 'no answer' when none came within `timeoutMs`.
 */
export async function sendSigned(
  url: string,
  secret: string,
  body: { contentType: string; body: string },
  timeoutMs: number,
): Promise<Answered> {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = slackSignature(secret, timestamp, body.body);
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': body.contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signature,
      },
      body: body.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer();
    return { status: response.status, ms: performance.now() - started };
  } catch {
    return { status: 'no answer', ms: performance.now() - started };
  }
}
