import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type Logger as BoltLogger,
  type CustomRoute,
  HTTPModuleFunctions,
  HTTPReceiver,
  type LogLevel,
} from '@slack/bolt';
import type { Logger } from '../../log/logger.js';
import { guardRequest } from './guard-request.js';
import { MAX_BODY_BYTES, type Refusal } from './refusal.js';

export interface GuardedReceiverOptions {
  signingSecret: string;
  customRoutes: CustomRoute[];
  /** Where each refused request writes its line. */
  logger: Logger;
  /** Bolt's own lines (without it Bolt writes to the console at `logLevel`). */
  boltLogger?: BoltLogger;
  logLevel?: LogLevel;
}

const ENDPOINT = '/slack/events';
const NAME = `POST ${ENDPOINT}`;

// When each request to /slack/events arrived, for the duration on its line.
const arrived = new WeakMap<IncomingMessage, number>();

function line(logger: Logger, req: IncomingMessage, status: number, refusal: Omit<Refusal, 'status'>) {
  const { outcome, reason, user } = refusal;
  const ms = Math.round(performance.now() - (arrived.get(req) ?? performance.now()));
  const fields = {
    kind: 'http',
    name: NAME,
    ...(user ? { user } : {}),
    status,
    duration_ms: ms,
    outcome,
    reason,
  };
  logger.warn(fields, `http ${NAME}: ${outcome} (${status}) in ${ms} ms`);
}

function answer(res: ServerResponse, refusal: Refusal) {
  if (refusal.status === 401) return void res.writeHead(401).end();
  const body = JSON.stringify({ ok: false, error: refusal.outcome.toLowerCase(), reason: refusal.reason });
  res.writeHead(refusal.status, { 'content-type': 'application/json' }).end(body);
}

const isEvents = (req: IncomingMessage) =>
  req.method === 'POST' && new URL(req.url ?? '/', 'http://app.invalid').pathname === ENDPOINT;

/**
 * Bolt's HTTPReceiver with our checks in front of it (src/slack/http/guard-request.ts): a request to
 * /slack/events that is too large, unsigned, signed for another time or shaped unlike anything Slack
 * sends is answered at once (413, 401, 400) and logged as one line with its outcome; Bolt parses only
 * what passed. Everything else (custom routes, 404s) is Bolt's as before. The checks wrap Bolt's
 * public requestListener, which its server calls for every request.
 */
export function guardedReceiver(options: GuardedReceiverOptions): HTTPReceiver {
  const { logger, signingSecret } = options;
  const receiver = new HTTPReceiver({
    signingSecret,
    customRoutes: options.customRoutes,
    ...(options.boltLogger ? { logger: options.boltLogger } : {}),
    ...(options.logLevel ? { logLevel: options.logLevel } : {}),
    // A backstop: the guard has read (and limited) the body before Bolt looks.
    bodyLimit: MAX_BODY_BYTES,
    // No listener acked within 3 s (an unknown button or form): answered 404 as Bolt does, and logged.
    unhandledRequestHandler: (args) => {
      const reason = 'no listener acknowledged it within 3 s';
      line(logger, args.request, 404, { outcome: 'NOT_ACKNOWLEDGED', reason });
      HTTPModuleFunctions.defaultUnhandledRequestHandler(args);
    },
  });
  const bolt = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    if (!isEvents(req)) return bolt(req, res);
    arrived.set(req, performance.now());
    guardRequest(req, signingSecret)
      .then((refusal) => {
        if (!refusal) return bolt(req, res);
        answer(res, refusal);
        line(logger, req, refusal.status, refusal);
      })
      .catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500).end();
        logger.error({ kind: 'http', name: NAME }, `http ${NAME}: ${String(error)}`);
      });
  };
  return receiver;
}
