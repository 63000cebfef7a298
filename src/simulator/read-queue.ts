import { readFile } from 'node:fs/promises';
import type { Published } from '../queue/queue.js';

/**
 * The local queue's messages, oldest first (LocalQueue's JSON-lines file). A last line without its
 * newline is an append still being written: it is left for the next read.
 */
export async function readQueue(path: string): Promise<Published[]> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  return complete
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Published);
}
