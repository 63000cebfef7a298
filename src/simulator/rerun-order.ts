import { z } from 'zod';
import type { Catalog, CatalogPhase, CatalogTable } from '../config/catalog-schema.js';
import { deriveDemoRoles } from '../demo/demo-roles.js';
import { type IsoDate, isIsoDate } from '../domain/dates.js';
import type { Published } from '../queue/queue.js';

export const RERUN_SCHEMA = 'backfill-bot.rerun/v1';

// The re-run message contract (docs/messages.md), as far as the simulator reads it: the processor,
// its dates, and the stable key consumers deduplicate on.
const rerunData = z.object({
  schema: z.literal(RERUN_SCHEMA),
  kind: z.literal('rerun'),
  message_key: z.string().min(1).optional(),
  processor: z.string().min(1),
  dates: z.array(z.string().refine(isIsoDate, 'an ISO date')).min(1),
});

/** A re-run the simulator will carry out once it is due. */
export interface RerunOrder {
  /** The message's `message_key` (the queue key when it has none): what handled messages are known by. */
  key: string;
  processor: string;
  phase: CatalogPhase;
  /** The processor's tables (rows are written to each). */
  tables: CatalogTable[];
  /** Distinct, ascending. */
  dates: IsoDate[];
  /** When the simulated pipeline gets to it: publishedAt + demo.simulator.delaySeconds (epoch ms). */
  dueAt: number;
}

export type ReadMessage =
  | { kind: 'order'; order: RerunOrder }
  /** A re-run the simulator cannot carry out: handled (so never retried) with the reason logged. */
  | { kind: 'refused'; key: string; reason: string }
  /** Not a re-run (a stage start, a legacy message): not the simulator's. */
  | { kind: 'other' };

/** Reads one published message: a re-run of a catalog processor whose tables the demo can write, or not. */
export function readMessage(catalog: Catalog, message: Published): ReadMessage {
  const data = message.data as Record<string, unknown> | undefined;
  if (data?.schema !== RERUN_SCHEMA || data?.kind !== 'rerun') return { kind: 'other' };
  const parsed = rerunData.safeParse(data);
  const key = typeof data.message_key === 'string' && data.message_key ? data.message_key : message.key;
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      kind: 'refused',
      key,
      reason: `malformed ${RERUN_SCHEMA}: ${issue?.path.join('.')} ${issue?.message}`,
    };
  }
  const { processor } = parsed.data;
  const tables = catalog.tables.filter((t) => t.processor === processor);
  const phase = catalog.phases.find((p) => p.id === tables[0]?.phase);
  if (!phase) return { kind: 'refused', key, reason: `no catalog table is written by ${processor}` };
  if (deriveDemoRoles(catalog).predictions.some((u) => u.processor === processor)) {
    return {
      kind: 'refused',
      key,
      reason: `${processor} writes prediction tables, which the demo does not simulate`,
    };
  }
  return {
    kind: 'order',
    order: {
      key,
      processor,
      phase,
      tables,
      dates: [...new Set(parsed.data.dates)].sort(),
      dueAt: Date.parse(message.publishedAt) + catalog.demo.simulator.delaySeconds * 1000,
    },
  };
}
