import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KnownBlock } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandPorts } from '../../src/commands/command-context.js';
import { generateDemoWarehouse } from '../../src/demo/generate-demo.js';
import { LocalQueue } from '../../src/queue/local/local-queue.js';
import { manifestBotScopes } from '../../src/standin/manifest-scopes.js';
import type { StandinMessage } from '../../src/standin/start-standin.js';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import { messageText } from '../support/message-text.js';
import { catalog, duckdbPorts } from '../support/ports.js';
import { type SlackHarness, startSlackHarness } from '../support/slack-harness.js';

// An install that lacks a scope the approval check needs: the approver is told which scope to add,
// through the real Bolt app and the stand-in answering missing_scope as Slack does.

const text = messageText;
const header = (m: StandinMessage) => {
  const h = (m.blocks as KnownBlock[] | undefined)?.find((b) => b.type === 'header');
  return h?.type === 'header' ? h.text.text : '';
};
const requestIdOf = (m: StandinMessage) => /Request (g_[0-9a-f]{12})/.exec(text(m))?.[1] ?? '';

describe('an app installed without usergroups:read', () => {
  let dir: string;
  let ports: CommandPorts;
  let store: DuckdbStateStore;
  let h: SlackHarness;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-scope-'));
    const path = join(dir, 'demo.duckdb');
    await generateDemoWarehouse(catalog, { path, scale: 0.2, seed: 42, asOf: '2026-11-23' });
    ports = await duckdbPorts(path, '2026-11-23');
    store = await DuckdbStateStore.open({ path: join(dir, 'state.duckdb'), clock: ports.clock });
    const queue = new LocalQueue(join(dir, 'queue.jsonl'), ports.clock);
    const scopes = manifestBotScopes().filter((s) => s !== 'usergroups:read');
    h = await startSlackHarness(ports, { store, queue, scopes });
  }, 60_000);
  afterAll(async () => {
    await h.close();
    await store.close();
    await ports.warehouse.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('tells an approver who clicks Approve which scope to add and to reinstall, and decides nothing', async () => {
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'gate 1 2023-24' });
    const posted = await h.standin.waitForMessage(
      (m) => header(m).startsWith('Gate 1 · season 2023-24 · PASS') && !m.ephemeralTo,
    );
    // The request read the approver group for their Homes and went on without it (none here).
    const before = h.standin.apiCalls.length;
    await h.standin.clickButton({
      user: 'U0LEAD1',
      channel: 'C0OPS',
      messageTs: posted.ts,
      actionId: 'gate:approve',
    });

    const told = await h.standin.waitForMessage((m) => m.ephemeralTo === 'U0LEAD1');
    expect(text(told)).toContain(
      'the Slack app lacks the usergroups:read scope that usergroups.users.list needs: add the usergroups:read scope to the app (manifest.yml) and reinstall it',
    );
    expect(text(told)).not.toContain('internal error');
    expect(
      h.standin.apiCalls
        .slice(before)
        .filter((c) => c.method === 'usergroups.users.list')
        .map((c) => c.scope),
    ).toEqual(['usergroups:read']);

    const record = await store.getGate(requestIdOf(posted));
    expect(record?.votes).toEqual([]);
    expect(record?.decision).toBeNull();
    expect((await store.listDecisions({ gate: '1' })).map((d) => d.request.id)).toEqual([]);
  });
});
