import { existsSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { describeDemo } from '../bot/describe-demo.js';
import type { Catalog } from '../config/catalog-schema.js';
import type { DemoOptions } from '../demo/generate-demo.js';
import { generateDemoWarehouse } from '../demo/generate-demo.js';
import { isIsoDate } from '../domain/dates.js';
import { BadInputError } from '../domain/errors.js';
import { DEMO_DEFAULTS } from '../warehouse/duckdb/ensure-demo-warehouse.js';
import type { CliFlags } from './cli-args.js';

const USAGE =
  'demo init [--scale N] [--seed S] [--as-of YYYY-MM-DD] [--path FILE] [--force], or demo fill <range> <phase|table> [--path FILE] [--seed S]';

export interface DemoInitRequest {
  path: string;
  scale: number;
  seed: number;
  asOf: string;
  force: boolean;
}

export function parseDemoInit(
  words: string[],
  flags: CliFlags,
  defaults: { path: string; asOf: string },
): DemoInitRequest {
  if (words[0] !== 'init' || words.length > 1)
    throw new BadInputError(`unknown demo command "${words.join(' ')}"`, `Usage: ${USAGE}`);
  const scale = flags.scale === undefined ? DEMO_DEFAULTS.scale : Number(flags.scale);
  if (!Number.isFinite(scale) || scale < 0.05 || scale > 100) {
    throw new BadInputError(`--scale ${flags.scale} is not a number from 0.05 to 100`, `Usage: ${USAGE}`);
  }
  const seed = flags.seed === undefined ? DEMO_DEFAULTS.seed : Number(flags.seed);
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new BadInputError(`--seed ${flags.seed} is not a whole number >= 0`, `Usage: ${USAGE}`);
  const asOf = flags['as-of'] ?? defaults.asOf;
  if (!isIsoDate(asOf))
    throw new BadInputError(`--as-of ${asOf} is not a date (YYYY-MM-DD)`, `Usage: ${USAGE}`);
  return { path: flags.path ?? defaults.path, scale, seed, asOf, force: flags.force ?? false };
}

/** A progress bar on a terminal; nothing when output is piped (CI logs stay clean). */
export function progressReporter(stream: NodeJS.WriteStream): DemoOptions['onProgress'] {
  if (!stream.isTTY) return undefined;
  let bar: cliProgress.SingleBar | undefined;
  return (done, total, step) => {
    if (!bar) {
      bar = new cliProgress.SingleBar(
        { stream, format: 'demo data [{bar}] {percentage}% {step}', hideCursor: true, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0, { step });
    }
    bar.update(done, { step });
    if (done >= total) bar.stop();
  };
}

export async function runDemoInit(
  catalog: Catalog,
  request: DemoInitRequest,
  stderr: NodeJS.WriteStream,
): Promise<string> {
  if (existsSync(request.path) && !request.force) {
    throw new BadInputError(
      `${request.path} already exists; it was left untouched`,
      'Add --force to replace it, or pass --path for a new file.',
    );
  }
  const summary = await generateDemoWarehouse(catalog, { ...request, onProgress: progressReporter(stderr) });
  return `Created ${describeDemo(summary, request)}`;
}
