import { existsSync } from 'node:fs';
import type { Catalog } from '../../config/catalog-schema.js';
import type { DemoOptions, DemoSummary } from '../../demo/generate-demo.js';
import { generateDemoWarehouse } from '../../demo/generate-demo.js';
import type { IsoDate } from '../../domain/dates.js';

export const DEMO_DEFAULTS = { scale: 1, seed: 42 } as const;

/**
 * Creates the demo warehouse when the file is missing, and only then: an existing file (even a
 * corrupt or locked one) is never overwritten here. Returns the summary when it created one.
 */
export async function ensureDemoWarehouse(
  catalog: Catalog,
  path: string,
  asOf: IsoDate,
  onProgress?: DemoOptions['onProgress'],
): Promise<DemoSummary | null> {
  if (existsSync(path)) return null;
  return generateDemoWarehouse(catalog, { path, asOf, ...DEMO_DEFAULTS, onProgress });
}
