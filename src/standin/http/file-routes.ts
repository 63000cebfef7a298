import type { ServerResponse } from 'node:http';
import type { StandinState } from '../standin-state.js';
import { parseFields } from './read-body.js';
import { sendText } from './send.js';

/** The upload_url: raw bytes, or multipart with one file part (what @slack/web-api sends). */
export async function handleUpload(
  state: StandinState,
  id: string,
  contentType: string,
  body: Buffer,
  res: ServerResponse,
): Promise<void> {
  let bytes = body;
  if (contentType.includes('multipart/form-data')) {
    const fields = await parseFields(contentType, body);
    const file = Object.values(fields).find((v): v is Buffer => Buffer.isBuffer(v));
    if (!file) return sendText(res, 400, 'no file part');
    bytes = file;
  }
  if (!state.files.receive(id, bytes)) return sendText(res, 404, 'unknown upload');
  sendText(res, 200, `OK - ${bytes.length}`);
}

/** url_private of a shared file (no token needed locally: the page shows images inline). */
export function serveFile(state: StandinState, id: string, res: ServerResponse): void {
  const content = state.files.content(id);
  if (!content) {
    sendText(res, 404, 'file_not_found');
    return;
  }
  res.writeHead(200, {
    'content-type': content.file.mimetype,
    'content-length': content.bytes.length,
    // An uploaded SVG must not run script in the page's origin.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  });
  res.end(content.bytes);
}
