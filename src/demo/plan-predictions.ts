import type { Catalog } from '../config/catalog-schema.js';
import type { IsoDate } from '../domain/dates.js';
import { tableKey } from './demo-roles.js';
import type { DemoWorld } from './demo-world.js';
import type { PlanRecorder } from './plan-recorder.js';
import { createRng } from './prng.js';

export interface DemoModelSystem {
  index: number;
  id: string;
  since: IsoDate;
  /** Mean absolute error the generated predictions are drawn to. */
  mae: number;
}

export interface Placeholder {
  gameNo: number;
  systemIndex: number;
}

const PLACEHOLDERS = 6;

/** Later systems in the catalog are the challengers: each one 0.2 points more accurate. */
export function modelSystemsOf(catalog: Catalog): DemoModelSystem[] {
  return catalog.demo.modelSystems.map((s, index) => ({
    index,
    id: s.id,
    since: s.since,
    mae: Math.max(3, 4.4 - 0.2 * index),
  }));
}

/** Predictions exist from the first model system's start on every date Phase 4 is complete. */
export function planPredictions(world: DemoWorld, recorder: PlanRecorder): Placeholder[] {
  const systems = modelSystemsOf(world.catalog);
  const from = systems.map((s) => s.since).sort()[0] ?? world.asOf;
  const upstream = world.roles.chain.flat().flatMap((u) => u.tables.filter((t) => t.critical).map(tableKey));
  const dates = world.finalDates.filter((d) => d >= from && upstream.every((key) => recorder.has(key, d)));
  for (const unit of world.roles.predictions) {
    for (const date of dates) recorder.record(unit, date, { kind: 'success' });
  }
  // A handful of rows where the worker fell back to a placeholder line (the day-7 check looks for them).
  const rng = createRng(world.seed, 'placeholders');
  const dateSet = new Set(dates);
  const candidates = world.games
    .filter((g) => g.final && dateSet.has(g.date))
    .flatMap((g) =>
      systems.filter((s) => s.since <= g.date).map((s) => ({ gameNo: g.no, systemIndex: s.index })),
    );
  return rng.sample(candidates, PLACEHOLDERS);
}
