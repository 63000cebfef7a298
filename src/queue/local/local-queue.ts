import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Clock } from '../../clock/clock.js';
import type { Published, Queue, QueueMessage } from '../queue.js';

/**
 * The embedded default's queue: each message appended to a JSON-lines file before publish returns,
 * so nothing requested is lost with the process, and an operator (or a test) can read what was sent.
 * A key is appended once: publishing it again returns the first message (a relay re-delivering
 * after a crash adds nothing). Appends are serialised in this process, which is the only writer.
 */
export class LocalQueue implements Queue {
  readonly kind = 'local';
  private keys: Map<string, Published> | null = null;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly clock: Clock,
  ) {}

  publish(message: QueueMessage): Promise<Published> {
    const next = this.tail.then(() => this.append(message));
    this.tail = next.catch(() => {});
    return next;
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

  async close(): Promise<void> {
    await this.tail;
  }

  private async append(message: QueueMessage): Promise<Published> {
    // Read once per process: the file is only appended to, and only by this queue.
    this.keys ??= new Map((await this.published()).map((p) => [p.key, p]));
    const earlier = this.keys.get(message.key);
    if (earlier) return earlier;
    const published: Published = {
      ...message,
      messageId: randomUUID(),
      publishedAt: this.clock.now().toISOString(),
    };
    await mkdir(dirname(this.path), { recursive: true });
    await appendFile(this.path, `${JSON.stringify(published)}\n`);
    this.keys.set(message.key, published);
    return published;
  }
}
