import type { IncomingHttpHeaders } from 'node:http';
import { parseFields } from '../http/read-body.js';
import type { StandinState } from '../standin-state.js';
import { chatMethods } from './chat-methods.js';
import { directoryMethods } from './directory-methods.js';
import { fileMethods } from './file-methods.js';
import { MethodArgs, SlackApiError } from './method-args.js';
import type { MethodTable } from './method-context.js';
import { viewMethods } from './view-methods.js';

const METHODS: MethodTable = { ...chatMethods, ...viewMethods, ...fileMethods, ...directoryMethods };

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
 * Bearer header (what @slack/web-api sends) or a `token` field.
 */
export async function handleWebApi(
  state: StandinState,
  botToken: string,
  method: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
): Promise<Record<string, unknown>> {
  let fields: Record<string, unknown>;
  try {
    fields = await parseFields(headers['content-type'] ?? '', body);
  } catch {
    return { ok: false, error: 'invalid_form_data' };
  }
  state.apiCalls.push({ method, args: recordable(fields), at: Date.now() });
  const bearer = /^Bearer (.+)$/i.exec(headers.authorization ?? '')?.[1];
  const token = bearer ?? (typeof fields.token === 'string' ? fields.token : undefined);
  if (!token) return { ok: false, error: 'not_authed' };
  if (token !== botToken) return { ok: false, error: 'invalid_auth' };
  const handler = METHODS[method];
  if (!handler) return { ok: false, error: 'unknown_method' };
  try {
    return { ok: true, ...handler(new MethodArgs(fields), state) };
  } catch (error) {
    if (!(error instanceof SlackApiError)) throw error;
    return {
      ok: false,
      error: error.code,
      ...(error.messages.length > 0 ? { response_metadata: { messages: error.messages } } : {}),
    };
  }
}
