import { Resvg } from '@resvg/resvg-js';
import { heatmapFontFiles } from './heatmap-font.js';
import { FONT_FAMILY } from './text-outlines.js';

export interface Png {
  bytes: Uint8Array;
  width: number;
  height: number;
}

/**
 * An SVG document as a PNG, drawn by resvg with no browser: only our font files, never the
 * system's (what is drawn does not depend on the machine), at the SVG's own size. The heatmap's
 * words arrive as outlines already (text-outlines.ts); text elements would be drawn the same way.
 */
export function svgToPng(svg: string): Png {
  const resvg = new Resvg(svg, {
    font: { fontFiles: heatmapFontFiles(), loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    background: '#FFFFFF',
  });
  const image = resvg.render();
  return { bytes: new Uint8Array(image.asPng()), width: image.width, height: image.height };
}
