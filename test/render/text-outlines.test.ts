import { describe, expect, it } from 'vitest';
import { OutlineCache, type TextRun, textOutlines } from '../../src/render/heatmap/text-outlines.js';

const run = (text: string): TextRun => ({ text, size: 12, bold: false, anchor: 'start' });

describe('the heatmap label outlines', () => {
  it('are shaped once per run of words and kept, at most max, the least recently drawn dropped first', () => {
    const shaped: string[][] = [];
    const cache = new OutlineCache(3, (runs) => {
      shaped.push(runs.map((r) => r.text));
      return runs.map((r) => `path:${r.text}`);
    });
    expect(cache.get([run('Phase 3'), run('Phase 4'), run('Phase 3')])).toEqual([
      'path:Phase 3',
      'path:Phase 4',
      'path:Phase 3',
    ]);
    expect(cache.get([run('Phase 3'), run('drawn 14:01')])).toEqual(['path:Phase 3', 'path:drawn 14:01']);
    // A new title each minute: the oldest unused goes (Phase 4), the label of every picture stays.
    expect(cache.get([run('Phase 3'), run('drawn 14:02')])).toEqual(['path:Phase 3', 'path:drawn 14:02']);
    expect(cache.size).toBe(3);
    expect(cache.get([run('Phase 3'), run('Phase 4')])).toEqual(['path:Phase 3', 'path:Phase 4']);
    expect(shaped).toEqual([['Phase 3', 'Phase 4'], ['drawn 14:01'], ['drawn 14:02'], ['Phase 4']]);
  });

  it('stay within max when one picture has more new runs than that', () => {
    const cache = new OutlineCache(2, (runs) => runs.map((r) => r.text.toUpperCase()));
    expect(cache.get([run('a'), run('b'), run('c')])).toEqual(['A', 'B', 'C']);
    expect(cache.size).toBe(2);
  });

  it('come from resvg with the heatmap font: path data for words, the same the second time', () => {
    const [first] = textOutlines([run('Coverage heatmap')]);
    expect(first).toMatch(/^M[\d. -]+/);
    expect(textOutlines([run('Coverage heatmap')])).toEqual([first]);
  });
});
