import type { Catalog } from '../config/catalog-schema.js';
import type { IsoDate } from '../domain/dates.js';
import { buildDemoWorld, type DemoWorld } from './demo-world.js';
import { planRawAndAnalytics } from './plan-analytics.js';
import { type CoverageRow, planCoverage } from './plan-coverage.js';
import { planPrecompute } from './plan-precompute.js';
import { type Placeholder, planPredictions } from './plan-predictions.js';
import { PlanRecorder } from './plan-recorder.js';

/** Every per-date decision of the demo, made in JS; SQL only expands it to rows. */
export interface DemoPlan {
  world: DemoWorld;
  recorder: PlanRecorder;
  placeholders: Placeholder[];
  coverage: CoverageRow[];
}

export function planDemo(catalog: Catalog, asOf: IsoDate, seed: number, playersPerGame: number): DemoPlan {
  const world = buildDemoWorld(catalog, asOf, seed);
  const recorder = new PlanRecorder();
  // Order matters: each phase reads what the phase before it left present.
  planRawAndAnalytics(world, recorder);
  planPrecompute(world, recorder);
  const placeholders = planPredictions(world, recorder);
  const coverage = planCoverage(world, recorder, playersPerGame);
  return { world, recorder, placeholders, coverage };
}
