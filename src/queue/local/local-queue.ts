import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Clock } from '../../clock/clock.js';
import type { Published, Queue, QueueMessage } from '../queue.js';

/**
 * The embedded default's queue: each message appended to a JSON-lines file before publish returns,
 * so nothing requested is lost with the process, and an operator (or a test) can read what was sent.
 */
export class LocalQueue implements Queue {
  readonly kind = 'local';

  constructor(
    private readonly path: string,
    private readonly clock: Clock,
  ) {}

  async publish(message: QueueMessage): Promise<Published> {
    const published: Published = {
      ...message,
      messageId: randomUUID(),
      publishedAt: this.clock.now().toISOString(),
    };
    await mkdir(dirname(this.path), { recursive: true });
    await appendFile(this.path, `${JSON.stringify(published)}\n`);
    return published;
  }

  /** Everything published so far, oldest first. */
  async published(): Promise<Published[]> {
    const text = await readFile(this.path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Published);
  }

  async close(): Promise<void> {}
}
