import type { IncomingHttpHeaders } from 'node:http';
import { parseFields } from '../http/read-body.js';
import type { StandinState } from '../standin-state.js';
import { chatMethods } from './chat-methods.js';
import { conversationMethods } from './conversation-methods.js';
import { directoryMethods } from './directory-methods.js';
import { fileMethods } from './file-methods.js';
import { MethodArgs, SlackApiError } from './method-args.js';
import type { MethodTable } from './method-context.js';
import { neededScope } from './method-scopes.js';
import { viewMethods } from './view-methods.js';

const METHODS: MethodTable = {
  ...chatMethods,
  ...conversationMethods,
  ...viewMethods,
  ...fileMethods,
  ...directoryMethods,
};

/** What one call answers: almost always HTTP 200 with `ok`; 429 and 5xx only for injected faults. */
export interface WebApiAnswer {
  status: number;
  headers?: Record<string, string>;
  body: Record<string, unknown>;
}

/** Binary fields are recorded by size only; tests assert on the rest. */
function recordable(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (k === 'token') continue;
    out[k] = Buffer.isBuffer(v) ? `<${v.length} bytes>` : v;
  }
  return out;
}

/**
 * One `POST /api/<method>`. Like Slack, every answer is HTTP 200 with `ok`; the token may come as a
 * Bearer header (what @slack/web-api sends) or a `token` field. The token's scopes are checked
 * before the arguments, as Slack does: `missing_scope` names the one `needed` and what was `provided`.
 */
export async function handleWebApi(
  state: StandinState,
  botToken: string,
  method: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
): Promise<WebApiAnswer> {
  const ok = (answer: Record<string, unknown>): WebApiAnswer => ({ status: 200, body: answer });
  let fields: Record<string, unknown>;
  try {
    fields = await parseFields(headers['content-type'] ?? '', body);
  } catch {
    return ok({ ok: false, error: 'invalid_form_data' });
  }
  const args = new MethodArgs(fields);
  const scope = neededScope(method, args, state.world);
  state.apiCalls.push({ method, args: recordable(fields), at: Date.now(), scope });
  const fault = state.faults.take(method);
  if (fault?.status === 429) {
    return {
      status: 429,
      headers: { 'retry-after': String(fault.retryAfterSeconds) },
      body: { ok: false, error: 'ratelimited' },
    };
  }
  if (fault) return { status: fault.status, body: { ok: false, error: 'service_unavailable' } };
  const bearer = /^Bearer (.+)$/i.exec(headers.authorization ?? '')?.[1];
  const token = bearer ?? (typeof fields.token === 'string' ? fields.token : undefined);
  if (!token) return ok({ ok: false, error: 'not_authed' });
  if (token !== botToken) return ok({ ok: false, error: 'invalid_auth' });
  const handler = METHODS[method];
  if (!handler) return ok({ ok: false, error: 'unknown_method' });
  if (scope && !state.scopes.has(scope)) {
    return ok({ ok: false, error: 'missing_scope', needed: scope, provided: [...state.scopes].join(',') });
  }
  try {
    return ok({ ok: true, ...handler(args, state) });
  } catch (error) {
    if (!(error instanceof SlackApiError)) throw error;
    return ok({
      ok: false,
      error: error.code,
      ...(error.messages.length > 0 ? { response_metadata: { messages: error.messages } } : {}),
    });
  }
}
