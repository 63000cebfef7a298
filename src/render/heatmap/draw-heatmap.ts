import type { HeatmapGrid } from '../../domain/heatmap/heatmap-grid.js';
import { type HeatmapCaption, type HeatmapLayout, heatmapLayout } from './heatmap-layout.js';
import { type Png, svgToPng } from './heatmap-png.js';
import { heatmapSvg } from './heatmap-svg.js';

/** The heatmap as a PNG, with the layout it was drawn from (where each cell is). */
export function drawHeatmap(grid: HeatmapGrid, caption: HeatmapCaption): { png: Png; layout: HeatmapLayout } {
  const layout = heatmapLayout(grid, caption);
  return { png: svgToPng(heatmapSvg(layout)), layout };
}
