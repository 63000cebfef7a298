import type { ServerResponse } from 'node:http';
import { applyResponse } from '../interactions/apply-response.js';
import type { StandinState } from '../standin-state.js';
import { parseFields } from './read-body.js';
import { sendJson } from './send.js';

/**
 * `POST /response/<id>`: Slack answers 200 `{"ok":true}`, 404 once the URL is used up or expired,
 * 400 for a message it cannot show. Each request counts as a use, even a refused one.
 */
export async function handleResponseUrl(
  state: StandinState,
  id: string,
  contentType: string,
  body: Buffer,
  res: ServerResponse,
): Promise<void> {
  const taken = state.responseUrls.take(id);
  if ('error' in taken) return sendJson(res, 404, { ok: false, error: taken.error });
  // A fault injected for 'response_url' (tests): Slack having a bad moment; the use still counts.
  const fault = state.faults.take('response_url');
  if (fault) return sendJson(res, fault.status, { ok: false, error: 'service_unavailable' });
  let message: Record<string, unknown>;
  try {
    const fields = await parseFields(contentType || 'application/json', body);
    message =
      typeof fields.payload === 'string' ? (JSON.parse(fields.payload) as Record<string, unknown>) : fields;
  } catch {
    return sendJson(res, 400, { ok: false, error: 'invalid_payload' });
  }
  const applied = applyResponse(state, taken.target, message, 'response_url');
  if (!applied.ok) {
    return sendJson(res, 400, {
      ok: false,
      error: applied.error,
      ...(applied.messages ? { response_metadata: { messages: applied.messages } } : {}),
    });
  }
  sendJson(res, 200, { ok: true });
}
