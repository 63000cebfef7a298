import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { tableKey } from '../../src/domain/coverage.js';
import { buildHeatmapGrid } from '../../src/domain/heatmap/heatmap-grid.js';
import { drawHeatmap } from '../../src/render/heatmap/draw-heatmap.js';
import { heatmapLayout } from '../../src/render/heatmap/heatmap-layout.js';
import { heatmapSvg } from '../../src/render/heatmap/heatmap-svg.js';
import { element, escapeXml, textElement } from '../../src/render/heatmap/svg-element.js';
import { textOutlines } from '../../src/render/heatmap/text-outlines.js';
import { catalog } from '../support/ports.js';

const FINAL = ['2023-10-24', '2023-10-31', '2023-11-01'];
const grid = buildHeatmapGrid({
  catalog,
  range: { start: '2023-10-24', end: '2023-11-01' },
  tables: catalog.tables,
  facts: { expected: FINAL, present: new Map(catalog.tables.map((t) => [tableKey(t), FINAL])) },
  failed: new Map(),
  today: '2023-11-05',
});

describe('the heatmap SVG', () => {
  it('escapes every word and attribute it writes', () => {
    expect(escapeXml(`<b a="1" c='2'>&amp;</b>`)).toBe(
      '&lt;b a=&quot;1&quot; c=&apos;2&apos;&gt;&amp;amp;&lt;/b&gt;',
    );
    expect(element('rect', { fill: '"/><script>' })).toBe('<rect fill="&quot;/&gt;&lt;script&gt;"/>');
    expect(textElement({ x: 1.26 }, '<script>')).toBe('<text x="1.3">&lt;script&gt;</text>');
  });

  it('draws words with markup characters in them as words, never as markup', () => {
    const caption = {
      title: 'Coverage <script>alert(1)</script> & "more"',
      subtitle: "it's <b>",
      note: '</svg>',
    };
    const svg = heatmapSvg(heatmapLayout(grid, caption));
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<b>');
    const { png } = drawHeatmap(grid, caption);
    expect(PNG.sync.read(Buffer.from(png.bytes)).width).toBeGreaterThan(0);
  });

  it('shapes a label once and draws the same outline every time, an end anchor ending at x 0', () => {
    const run = { text: 'player_game_summary', size: 12, bold: false, anchor: 'end' as const };
    const [first] = textOutlines([run]);
    const [again] = textOutlines([{ ...run }]);
    expect(first).toBe(again);
    expect(first).toMatch(/^M -\d/);
    const xs = [...(first ?? '').matchAll(/(-?\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?)/g)].map((m) => Number(m[1]));
    expect(Math.max(...xs)).toBeLessThanOrEqual(0.5);
    expect(Math.min(...xs)).toBeLessThan(-80);
    const [blank, bold] = textOutlines([
      { ...run, text: ' ' },
      { ...run, bold: true },
    ]);
    expect(blank).toBe('');
    expect(bold).not.toBe(first);
  });
});
