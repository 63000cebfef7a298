import { writeFileSync } from 'node:fs';
import { BadInputError } from '../domain/errors.js';
import type { CommandResult } from '../domain/message.js';

/** Where `heatmap` writes its PNG without `--out`: the current directory. */
export const DEFAULT_HEATMAP_FILE = 'coverage-heatmap.png';

/** The commands whose answers come with a file, and so take `--out`. */
export const WRITES_FILES: readonly string[] = ['heatmap'];

/** `--out` on a command that writes nothing is refused, so a typo never goes unnoticed. */
export function checkOut(name: string | undefined, out: string | undefined): void {
  if (out !== undefined && !WRITES_FILES.includes(name ?? '')) {
    throw new BadInputError(
      `--out is for ${WRITES_FILES.join(', ')}: ${name ?? 'no command'} writes no file`,
      `Example: backfill-bot heatmap 2023-24 --out coverage.png`,
    );
  }
}

/**
 * Writes a result's file (the heatmap's PNG) to `out`, or the default name; returns the line that
 * says what was written, or null when the answer had no file (nothing to draw, --explain).
 */
export function writeResultFile(result: CommandResult, out: string | undefined): string | null {
  const [file] = result.files ?? [];
  if (!file) return null;
  const path = out ?? DEFAULT_HEATMAP_FILE;
  try {
    writeFileSync(path, file.bytes);
  } catch (error) {
    throw new BadInputError(
      `cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      'Give --out a file in a directory that exists and that you may write to.',
    );
  }
  return `Wrote ${path} (${file.title}, ${Math.round(file.bytes.length / 1024)} kB)`;
}
