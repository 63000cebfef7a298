import type { IncomingHttpHeaders } from 'node:http';
import { isValidSlackRequest } from '@slack/bolt';
import { MAX_CLOCK_SKEW_SECONDS, type Refusal } from './refusal.js';

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
};

const refuse = (outcome: Refusal['outcome'], reason: string): Refusal => ({ status: 401, outcome, reason });

/**
 * Is this request Slack's, and sent now? The signature headers must be there, the timestamp within
 * 5 minutes of `nowMs` in either direction (Bolt refuses only the past: a request signed for a
 * moment to come would otherwise be replayable until then), and the HMAC right, compared in
 * constant time by Bolt's own check. Null when it is.
 */
export function checkSignature(
  headers: IncomingHttpHeaders,
  rawBody: string,
  signingSecret: string,
  nowMs: number,
): Refusal | null {
  const signature = header(headers, 'x-slack-signature');
  const timestamp = header(headers, 'x-slack-request-timestamp');
  if (!signature || !timestamp) return refuse('SIGNATURE_INVALID', 'x-slack-signature or timestamp missing');
  if (!/^\d{1,12}$/.test(timestamp))
    return refuse('SIGNATURE_INVALID', 'x-slack-request-timestamp is not a time in seconds');
  const skew = Number(timestamp) - Math.floor(nowMs / 1000);
  if (Math.abs(skew) > MAX_CLOCK_SKEW_SECONDS) {
    const when = skew > 0 ? 'ahead of' : 'behind';
    return refuse(
      'TIMESTAMP_OUT_OF_WINDOW',
      `timestamp ${Math.abs(skew)} s ${when} our clock (max ${MAX_CLOCK_SKEW_SECONDS} s)`,
    );
  }
  const valid = isValidSlackRequest({
    signingSecret,
    body: rawBody,
    headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': Number(timestamp) },
    nowMilliseconds: nowMs,
  });
  return valid ? null : refuse('SIGNATURE_INVALID', 'signature mismatch');
}
