import type { CellState } from '../../domain/heatmap/cell-state.js';

/**
 * The heatmap's colours, from the Okabe-Ito palette (designed to stay apart for red-green colour
 * blindness): present is blue, a gap is yellow, a failed run vermillion. Under deuteranopia or
 * protanopia vermillion turns a dark olive and yellow a pale yellow, so the two problem states keep
 * different hues and lightness from each other and from blue. Failed cells are hatched as well, so
 * they stay apart in grayscale too. The states that need nothing done recede: expected-partial is
 * a light sky blue (rows where they exist), bootstrap a mid grey, future an almost-white grey.
 */
export const PALETTE: Record<CellState, { fill: string; label: string; hatch?: string }> = {
  failed: { fill: '#D55E00', label: 'failed run (open)', hatch: '#FFFFFF' },
  missing: { fill: '#F0E442', label: 'missing (gap)' },
  'expected-partial': { fill: '#56B4E9', label: 'expected partial' },
  bootstrap: { fill: '#A8A8A8', label: 'bootstrap (none expected)' },
  present: { fill: '#0072B2', label: 'present' },
  future: { fill: '#ECECEC', label: 'future' },
};

/** Ink: text, season boundaries, the background. */
export const INK = {
  text: '#1A1A1A',
  muted: '#5C5C5C',
  boundary: '#333333',
  background: '#FFFFFF',
};
