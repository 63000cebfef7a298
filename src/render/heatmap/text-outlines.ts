import { Resvg } from '@resvg/resvg-js';
import { heatmapFontFiles } from './heatmap-font.js';
import { element, textElement } from './svg-element.js';

/** The font family the PNG renderer loads (heatmap-font.ts); no other is used. */
export const FONT_FAMILY = 'DejaVu Sans';

/** Words to draw: the outline depends on these only (not on where they are drawn). */
export interface TextRun {
  text: string;
  size: number;
  bold: boolean;
  anchor: 'start' | 'end';
}

// resvg shapes every <text> on every parse, and with DejaVu Sans that costs ~1 ms per text element
// (its kerning tables are read again each time): most of a heatmap's render time, for labels that
// are the same on every picture (tables, phases, legend, seasons, months). So each run of words is
// shaped once, by resvg itself with our TTF (no system fonts), and its outline kept and drawn as a
// path. Bounded: a bot draws a few hundred distinct labels; titles change every minute, so the
// least recently drawn go first and the labels of every picture stay.
export const MAX_CACHED_OUTLINES = 2_000;

/** Outlines by run of words, at most `max`, the least recently used dropped first. */
export class OutlineCache {
  // A Map keeps insertion order: re-inserting on use makes its first key the least recently used.
  private readonly outlines = new Map<string, string>();

  constructor(
    private readonly max: number,
    private readonly shapeRuns: (runs: TextRun[]) => string[],
  ) {}

  /** The outline of each run, shaping (in one call) only those not kept. */
  get(runs: TextRun[]): string[] {
    const missing = new Map<string, TextRun>();
    const out = runs.map((run) => {
      const key = keyOf(run);
      const kept = this.outlines.get(key);
      if (kept === undefined) missing.set(key, run);
      else this.touch(key, kept);
      return kept;
    });
    const shaped = missing.size ? this.shapeRuns([...missing.values()]) : [];
    const fresh = new Map([...missing.keys()].map((key, i) => [key, shaped[i] ?? '']));
    for (const [key, outline] of fresh) this.touch(key, outline);
    while (this.outlines.size > this.max) {
      const oldest = this.outlines.keys().next().value;
      if (oldest === undefined) break;
      this.outlines.delete(oldest);
    }
    return out.map((kept, i) => kept ?? fresh.get(keyOf(runs[i] as TextRun)) ?? '');
  }

  get size(): number {
    return this.outlines.size;
  }

  private touch(key: string, outline: string): void {
    this.outlines.delete(key);
    this.outlines.set(key, outline);
  }
}

const keyOf = (run: TextRun): string => JSON.stringify([run.text, run.size, run.bold, run.anchor]);

/** Path data with coordinates to 0.01 px: a third of the text for the renderer to read, the same picture. */
const compact = (d: string): string =>
  d.replace(/-?\d+\.\d+/g, (n) => String(Math.round(Number(n) * 100) / 100));

/** Shapes runs in one resvg parse; each in its own group, so its paths are told apart. */
function shape(runs: TextRun[]): string[] {
  const groups = runs.map((run, i) =>
    element(
      'g',
      { id: `t${i}` },
      textElement(
        {
          x: 0,
          y: 0,
          'font-size': run.size,
          'font-weight': run.bold ? 'bold' : 'normal',
          'text-anchor': run.anchor,
        },
        run.text,
      ),
    ),
  );
  const svg = element(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', width: 1, height: 1, 'font-family': FONT_FAMILY },
    ...groups,
  );
  const tree = new Resvg(svg, {
    font: { fontFiles: heatmapFontFiles(), loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
  }).toString();
  // usvg writes the groups in order, each with the glyph outlines as paths in absolute coordinates.
  const segments = tree.split('<g id="t').slice(1);
  if (segments.length !== runs.length)
    throw new Error(`text outlines: ${segments.length} of ${runs.length} runs`);
  return segments.map((segment) => {
    if (segment.includes('transform=')) throw new Error('text outlines: unexpected transform');
    return [...segment.matchAll(/\sd="([^"]*)"/g)].map((m) => compact(m[1] ?? '')).join(' ');
  });
}

const cache = new OutlineCache(MAX_CACHED_OUTLINES, shape);

/** The outline of each run as SVG path data, its baseline at 0 and its anchor at x 0. */
export function textOutlines(runs: TextRun[]): string[] {
  return cache.get(runs);
}
