import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/** What became of a handled message, for an operator reading the file. */
export interface Handled {
  at: string;
  /** Per outcome, the dates; or why the message was refused. */
  success?: number;
  failed?: number;
  skipped?: number;
  refused?: string;
}

const ledgerSchema = z.object({
  version: z.literal(1),
  handled: z.record(
    z.string(),
    z.object({
      at: z.string(),
      success: z.number().optional(),
      failed: z.number().optional(),
      skipped: z.number().optional(),
      refused: z.string().optional(),
    }),
  ),
});

/** The simulator's memory beside the queue: `.data/queue.jsonl` -> `.data/simulator.json`. */
export const ledgerPathFor = (queuePath: string): string => join(dirname(queuePath), 'simulator.json');

/**
 * The keys of the queue messages the simulator has handled, so a restart does not apply one twice.
 * Written after the warehouse commit, by rename (never half-written). Should the process die in
 * between, the message is applied again on restart, and that adds nothing: runs carry ids derived
 * from the message key and date, and rows are written only where the date has none.
 */
export class HandledKeys {
  private handled: Record<string, Handled> | null = null;

  constructor(private readonly path: string) {}

  async has(key: string): Promise<boolean> {
    return key in (await this.load());
  }

  async add(entries: Record<string, Handled>): Promise<void> {
    const handled = { ...(await this.load()), ...entries };
    await mkdir(dirname(this.path), { recursive: true });
    const temp = `${this.path}.tmp-${process.pid}`;
    await writeFile(temp, `${JSON.stringify({ version: 1, handled }, null, 1)}\n`);
    await rename(temp, this.path);
    this.handled = handled;
  }

  private async load(): Promise<Record<string, Handled>> {
    if (this.handled) return this.handled;
    const text = await readFile(this.path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    this.handled = text === null ? {} : ledgerSchema.parse(JSON.parse(text)).handled;
    return this.handled;
  }
}
