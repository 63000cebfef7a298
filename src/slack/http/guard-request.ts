import type { IncomingMessage } from 'node:http';
import { parse } from 'node:querystring';
import { checkPayload } from './check-payload.js';
import { checkSignature } from './check-signature.js';
import { readBody } from './read-body.js';
import { MAX_BODY_BYTES, type Refusal } from './refusal.js';

const FORM = 'application/x-www-form-urlencoded';

// Slack's SSL check is not signed: Bolt answers it 200 and drops whatever else the body holds.
const isSslCheck = (contentType: string | undefined, body: string) =>
  contentType === FORM && parse(body).ssl_check === '1';

/**
 * Everything the HTTP front checks before Bolt parses a request to /slack/events, in the order it
 * costs: the size (nothing over the limit is read), the signature and its time (both directions),
 * then the payload's shape. Null when Bolt may have it: the body read is left on the request as
 * `rawBody`, where Bolt's receiver takes it instead of reading the stream again. The time is the wall
 * clock's, as Slack's signatures are: BACKFILL_NOW pins the pipeline's today, not this.
 */
export async function guardRequest(
  req: IncomingMessage,
  signingSecret: string,
  nowMs: () => number = Date.now,
): Promise<Refusal | null> {
  const raw = await readBody(req, MAX_BODY_BYTES);
  if (!raw) {
    const reason = `body over ${MAX_BODY_BYTES} bytes`;
    return { status: 413, outcome: 'REQUEST_TOO_LARGE', reason };
  }
  Object.assign(req, { rawBody: raw });
  const body = raw.toString();
  const contentType = req.headers['content-type'];
  if (isSslCheck(contentType, body)) return null;
  return checkSignature(req.headers, body, signingSecret, nowMs()) ?? checkPayload(contentType, body);
}
