import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DemoOptions } from '../../src/demo/generate-demo.js';
import { AS_OF, catalog, checksums, generate as generateAt, tempDir } from './demo-fixture.js';

const runHistory = `${catalog.runHistory.dataset}.${catalog.runHistory.table}`;
const playerTable = catalog.tables.find((t) => t.grain === 'player' && t.phase === 2);
const playerKey = `${playerTable?.dataset}.${playerTable?.table}`;

describe('generateDemoWarehouse: determinism and atomic writes', () => {
  const temp = tempDir();
  afterAll(() => temp.remove());
  const path = (file: string) => join(temp.dir, file);
  // The smallest scale that still has several players per game keeps this file fast.
  const generate = (target: string, options: Partial<DemoOptions> = {}) =>
    generateAt(target, { scale: 0.1, ...options });

  it('writes identical tables for the same seed and different ones for another seed', async () => {
    const first = await generate(path('a.duckdb'), { seed: 11 });
    const again = await generate(path('b.duckdb'), { seed: 11 });
    const other = await generate(path('c.duckdb'), { seed: 12 });
    const [a, b, c] = await Promise.all([first, again, other].map((s) => checksums(s.path)));
    expect(Object.keys(a ?? {})).toHaveLength(Object.keys(first.rows).length);
    expect(b).toEqual(a);
    expect(again.rows).toEqual(first.rows);
    for (const table of Object.keys(a ?? {})) expect(c?.[table], table).not.toEqual(a?.[table]);
  });

  it('scales player rows with `scale` but not the run history', async () => {
    const small = await generate(path('small.duckdb'), { scale: 0.1 });
    const large = await generate(path('large.duckdb'), { scale: 0.2 });
    // Phase 2 has every final game: rows = games x round(playersPerGame x scale).
    expect(small.rows[playerKey]).toBe(small.games * Math.round(catalog.demo.playersPerGame * 0.1));
    expect(large.rows[playerKey]).toBe(large.games * Math.round(catalog.demo.playersPerGame * 0.2));
    const [s, l] = await Promise.all([checksums(small.path), checksums(large.path)]);
    expect(l?.[runHistory]).toEqual(s?.[runHistory]);
  });

  it('replaces the target in one rename and leaves no temp or log file beside it', async () => {
    const steps: string[] = [];
    writeFileSync(path('atomic.duckdb.wal'), 'a stale log from an older file');
    const summary = await generate(path('atomic.duckdb'), {
      onProgress: (done, total, step) => steps.push(`${done}/${total} ${step}`),
    });
    expect(summary.path).toBe(path('atomic.duckdb'));
    expect(summary.seasons).toEqual(catalog.seasons.filter((s) => s.start <= AS_OF).map((s) => s.id));
    expect(steps.at(-1)).toBe(`${steps.length}/${steps.length} done`);
    expect(readdirSync(temp.dir).filter((f) => f.startsWith('atomic'))).toEqual(['atomic.duckdb']);
    expect(Object.keys(await checksums(summary.path))).toContain(runHistory);
  });

  it('removes its temp file and keeps the previous file when generation fails midway', async () => {
    const target = path('kept.duckdb');
    await generate(target);
    const before = await checksums(target);
    const failing = generate(target, {
      seed: 99,
      onProgress: (done) => {
        if (done === 5) throw new Error('interrupted');
      },
    });
    await expect(failing).rejects.toThrow('interrupted');
    expect(readdirSync(temp.dir).filter((f) => f.startsWith('kept'))).toEqual(['kept.duckdb']);
    expect(await checksums(target)).toEqual(before);
  });

  it('creates a missing parent directory and refuses a scale or seed it cannot honour', async () => {
    const nested = path('x/y/demo.duckdb');
    await generate(nested);
    expect(existsSync(nested)).toBe(true);
    await expect(generate(path('bad.duckdb'), { scale: 0 })).rejects.toThrow(/scale/);
    await expect(generate(path('bad.duckdb'), { seed: 1.5 })).rejects.toThrow(/seed/);
    await expect(generate(path('bad.duckdb'), { asOf: '2001-01-01' })).rejects.toThrow(/no catalog season/);
  });
});
