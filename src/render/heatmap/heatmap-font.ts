import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BackfillError } from '../../domain/errors.js';

// resvg draws no text without a font it can read: system fonts may be absent on a fresh machine and
// woff2 is not read at all. The TTFs come from an npm package (dejavu-fonts-ttf), so `npm install`
// brings them; resolved from this module, wherever node_modules is.
const require = createRequire(import.meta.url);
const FILES = ['dejavu-fonts-ttf/ttf/DejaVuSans.ttf', 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'];

let resolved: string[] | undefined;

/** The heatmap's font files (DejaVu Sans, regular and bold), or an error that says how to get them. */
export function heatmapFontFiles(): string[] {
  resolved ??= FILES.map((file) => {
    try {
      const path = require.resolve(file);
      if (existsSync(path)) return path;
    } catch {
      // Reported below, with what to do.
    }
    throw new BackfillError(
      'INTERNAL',
      `the heatmap font ${file} is not installed`,
      'Run npm install: the dejavu-fonts-ttf package ships it.',
    );
  });
  return resolved;
}
