import type { CatalogPhase } from '../../config/catalog-schema.js';

/**
 * Whether `phase` reads `upstream` over the lookback window before each date, not on the date alone:
 * at the boundary where plans stop covering the window (an `upstream` phase followed by a `target`
 * one: the seeds' Phase 3 -> 4, "Phase 4 for date D needs Phase 3 for the window before D").
 */
export const readsLookback = (upstream: CatalogPhase, phase: CatalogPhase): boolean =>
  upstream.planRange === 'upstream' && phase.planRange === 'target';
