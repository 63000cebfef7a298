import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandPorts } from '../../src/commands/command-context.js';
import type { GapsData } from '../../src/commands/gaps.js';
import { runCommand } from '../../src/commands/registry.js';
import { catalog, duckdbPorts } from '../support/ports.js';
import { buildTinyWarehouse } from '../support/tiny-warehouse.js';

// 2021-22 ends 2022-06-16 and 2022-23 opens 2022-10-18: no game days in between.
const FINAL = ['2022-06-13', '2022-06-16', '2022-10-18', '2022-10-19', '2022-10-20'];

describe('gaps across seasons', () => {
  let ports: CommandPorts;
  let cleanup: () => void;

  beforeAll(async () => {
    const world = await buildTinyWarehouse(catalog, {
      finalDates: FINAL,
      present: { player_game_summary: ['2022-10-20'] },
    });
    cleanup = world.cleanup;
    ports = await duckdbPorts(world.path, '2022-11-01');
  });
  afterAll(async () => {
    await ports.warehouse.close();
    cleanup();
  });

  it('never runs a gap across an off-season: one run per season', async () => {
    const data = (
      await runCommand(['gaps', '2022-06-01..2022-10-31', 'player_game_summary'], ports, { prefix: '' })
    ).data as GapsData;
    expect(data.tables[0]).toMatchObject({
      missing: ['2022-06-13', '2022-06-16', '2022-10-18', '2022-10-19'],
      runs: [
        { start: '2022-06-13', end: '2022-06-16', count: 2 },
        { start: '2022-10-18', end: '2022-10-19', count: 2 },
      ],
    });
  });
});
