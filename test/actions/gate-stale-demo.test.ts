import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requestGateDecision } from '../../src/actions/gate-request.js';
import { castGateVote } from '../../src/actions/gate-vote.js';
import { FixedDirectory } from '../../src/chat/fixed-directory.js';
import { RecordingChat } from '../../src/chat/recording-chat.js';
import { type GateWords, gateCommand } from '../../src/commands/gate.js';
import { generateDemoWarehouse } from '../../src/demo/generate-demo.js';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import { cli } from '../support/cli-harness.js';
import { catalog, duckdbPorts } from '../support/ports.js';

describe('an approval goes stale when the demo backfills the data it judged', () => {
  it('approve Gate 1 for 2021-22, stop, demo fill 2021-22 3, and gate status says stale, naming @lead1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backfill-stale-demo-'));
    const path = join(dir, 'demo.duckdb');
    const statePath = join(dir, 'state.duckdb');
    await generateDemoWarehouse(catalog, { path, scale: 0.1, seed: 42, asOf: '2026-11-23' });
    const base = await duckdbPorts(path, '2026-11-23');
    const store = await DuckdbStateStore.open({ path: statePath, clock: base.clock });
    const ports = {
      ...base,
      store,
      chat: new RecordingChat(),
      directory: new FixedDirectory({ groups: { S0LEADS: ['U0LEAD1'] } }),
    };
    const words = gateCommand.parse(['1', '2021-22'], ports) as GateWords;
    if (words.kind !== 'verdict') throw new Error('a verdict request');
    const { record } = await requestGateDecision(
      {
        rule: words.rule,
        range: words.range,
        actor: { id: 'U0OPS', handle: 'ops', channel: 'C0OPS' },
        key: 't1',
      },
      ports,
    );
    const vote = await castGateVote(
      {
        requestId: record.request.id,
        vote: 'approve',
        reason: 'override',
        actor: { id: 'U0LEAD1', handle: 'lead1', channel: 'C0OPS' },
        key: 'k',
      },
      ports,
    );
    expect(vote.kind === 'recorded' && vote.record.state).toBe('approved');
    // Stop the bot: DuckDB lets one process write the warehouse.
    await store.close();
    await base.warehouse.close();

    const env = { BACKFILL_DUCKDB_PATH: path, BACKFILL_STATE_PATH: statePath, BACKFILL_NOW: '2026-11-23' };
    const fresh = await cli(['gate', 'status', record.request.id, '--json'], env);
    expect(JSON.parse(fresh.stdout).freshness).toEqual({ fresh: true });
    const fill = await cli(['demo', 'fill', '2021-22', '3'], env);
    expect(fill.code, fill.stderr).toBe(0);
    const stale = await cli(['gate', 'status', record.request.id], env);
    const lines = stale.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(4);
    expect(lines.slice(0, 2).join('\n')).toContain('stale: data changed since approval');
    expect(stale.stdout).toContain('player_game_summary');
    expect(stale.stdout).toContain('@lead1');
    expect(stale.stdout).toContain('@ops');
    // No Slack syntax reaches a terminal: no <@…>, <!…>, mrkdwn stars or a /backfill prefix.
    expect(stale.stdout).not.toMatch(/<[@!#]|\*\w|\/backfill|\\n/);
    const again = await cli(['gate', '1', '2021-22', '--json'], env);
    expect(JSON.parse(again.stdout).gate.verdict).toBe('PASS');
    const history = await cli(['gate', 'history'], env);
    expect(history.stdout).toMatch(/approved @lead1/);
    expect(history.stdout).toContain('@ops');
    rmSync(dir, { recursive: true, force: true });
  });
});
