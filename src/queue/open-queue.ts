import type { Clock } from '../clock/clock.js';
import type { Catalog } from '../config/catalog-schema.js';
import type { Env } from '../config/env.js';
import { BackfillError } from '../domain/errors.js';
import { LocalQueue } from './local/local-queue.js';
import type { Queue } from './queue.js';

/** The project Pub/Sub topics live in: BACKFILL_GCP_PROJECT, else the catalog's. */
export function queueProject(env: Env, catalog: Catalog): string {
  return env.BACKFILL_GCP_PROJECT ?? catalog.project ?? '';
}

/** The queue the environment asks for: the local file by default, or Pub/Sub (BACKFILL_QUEUE=pubsub). */
export async function openQueue(catalog: Catalog, env: Env, clock: Clock): Promise<Queue> {
  if (env.BACKFILL_QUEUE !== 'pubsub') return new LocalQueue(env.BACKFILL_QUEUE_PATH, clock);
  const project = queueProject(env, catalog);
  if (!project) {
    throw new BackfillError(
      'BAD_INPUT',
      'BACKFILL_QUEUE=pubsub needs the project of its topics',
      'Set BACKFILL_GCP_PROJECT, or `project:` in the catalog.',
    );
  }
  // Loaded only here: the Pub/Sub client and gRPC add ~200 ms to every start that does not use them.
  const { PubsubQueue } = await import('./pubsub/pubsub-queue.js');
  return new PubsubQueue({
    project,
    clock,
    ...(env.PUBSUB_EMULATOR_HOST ? { emulatorHost: env.PUBSUB_EMULATOR_HOST } : {}),
  });
}
