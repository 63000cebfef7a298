import type { IncomingMessage } from 'node:http';

/**
 * The request's body, or null as soon as it is known to exceed `limit` bytes: at once from a
 * Content-Length over it, or at the chunk that crosses it. Nothing past the limit is kept; the rest
 * is left to Node, which discards it after the answer, so the client can read a 413.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        return resolve(null);
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}
