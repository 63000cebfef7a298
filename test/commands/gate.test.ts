import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandPorts } from '../../src/commands/command-context.js';
import type { GateData } from '../../src/commands/gate.js';
import { runCommand } from '../../src/commands/registry.js';
import { generateDemoWarehouse } from '../../src/demo/generate-demo.js';
import { BadInputError } from '../../src/domain/errors.js';
import { catalog, duckdbPorts } from '../support/ports.js';
import { buildTinyWarehouse } from '../support/tiny-warehouse.js';

const gate = async (ports: CommandPorts, ...words: string[]) =>
  (await runCommand(['gate', ...words], ports, { prefix: '' })).data as GateData;

describe('gate on the demo warehouse', () => {
  let dir: string;
  let ports: CommandPorts;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-gate-'));
    const path = join(dir, 'demo.duckdb');
    await generateDemoWarehouse(catalog, { path, scale: 0.2, seed: 42, asOf: '2026-11-23' });
    ports = await duckdbPorts(path, '2026-11-23');
  });
  afterAll(async () => {
    await ports.warehouse.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails Gate 1 for 2021-22, where Phase 3 is half missing', async () => {
    const data = await gate(ports, '1', '2021-22');
    expect(data.gate.verdict).toBe('FAIL');
    const pgs = data.gate.checks.find((c) => c.name.includes('player_game_summary'));
    expect(pgs?.verdict).toBe('FAIL');
    expect(pgs?.detail).toMatch(/dates missing/);
  });

  it('passes Gate 1 for 2023-24, a complete range', async () => {
    const data = await gate(ports, '1', '2023-24');
    expect(data.gate.verdict).toBe('PASS');
    expect(data.gate.checks.filter((c) => c.kind === 'rule').every((c) => c.verdict === 'PASS')).toBe(true);
  });

  it('gives the same fingerprint for the same evidence', async () => {
    const [a, b] = await Promise.all([gate(ports, '2', '2023-24'), gate(ports, '2', '2023-24')]);
    expect(a.fingerprint).toMatch(/^fnv1a64:[0-9a-f]{16}$/);
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(a.query.roundTrips).toBe(3);
    expect(a.evidence.newestModification).toMatch(/^2024-/);
  });
});

describe('gate on the smallest world', () => {
  const worlds: (() => void)[] = [];
  const open = async (present: string[]) => {
    const final = ['2023-11-01', '2023-11-02', '2023-11-03'];
    const world = await buildTinyWarehouse(catalog, {
      finalDates: final,
      present: Object.fromEntries(catalog.tables.filter((t) => t.phase === 3).map((t) => [t.table, present])),
    });
    worlds.push(world.cleanup);
    return duckdbPorts(world.path, '2023-11-05');
  };
  afterAll(() => {
    for (const cleanup of worlds) cleanup();
  });

  it('changes the fingerprint when the judged data changes, and only the verdict it should', async () => {
    const [partial, complete] = await Promise.all([
      open(['2023-11-01', '2023-11-02']),
      open(['2023-11-01', '2023-11-02', '2023-11-03']),
    ]);
    const before = await gate(partial, '1', '2023-11-01..2023-11-03');
    const after = await gate(complete, '1', '2023-11-01..2023-11-03');
    expect(before.gate.verdict).toBe('FAIL');
    expect(after.gate.verdict).toBe('PASS');
    expect(after.fingerprint).not.toBe(before.fingerprint);
    expect(before.evidence.tables['nba_analytics.player_game_summary']).toEqual({ present: 2, expected: 3 });
    await partial.warehouse.close();
    await complete.warehouse.close();
  });

  it('refuses an unknown gate or extra words with what is accepted', async () => {
    const ports = await open([]);
    await expect(gate(ports, '7')).rejects.toThrow(BadInputError);
    await expect(gate(ports, '7')).rejects.toMatchObject({ hint: expect.stringContaining('0, 1, 2, 3') });
    await expect(gate(ports)).rejects.toThrow('gate needs a gate number');
    await expect(gate(ports, '1', '2023-11-01', 'please')).rejects.toThrow(
      'gate takes a gate number and a range',
    );
    await ports.warehouse.close();
  });
});
