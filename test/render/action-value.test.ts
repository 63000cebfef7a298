import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Intent } from '../../src/domain/message.js';
import { decodeIntent, encodeIntent } from '../../src/slack/render/action-value.js';

const intents: fc.Arbitrary<Intent> = fc.oneof(
  fc.record(
    {
      kind: fc.constant('command' as const),
      words: fc.string({ minLength: 1, maxLength: 200 }),
      page: fc.integer({ min: 1, max: 50 }),
    },
    { requiredKeys: ['kind', 'words'] },
  ),
  fc.record({
    kind: fc.constant('gate.vote' as const),
    requestId: fc.string({ minLength: 1, maxLength: 40 }),
    vote: fc.constantFrom('approve' as const, 'reject' as const),
  }),
  fc.record({
    kind: fc.constant('watch.stop' as const),
    watchId: fc.stringMatching(/^w_[0-9a-f]{12}$/),
  }),
);

describe('button values', () => {
  it('carry an intent in short, versioned keys', () => {
    expect(encodeIntent({ kind: 'command', words: 'gaps 2023-24 3' })).toBe(
      '{"v":1,"k":"command","w":"gaps 2023-24 3"}',
    );
    expect(encodeIntent({ kind: 'command', words: 'failures all', page: 2 })).toBe(
      '{"v":1,"k":"command","w":"failures all","page":2}',
    );
    expect(encodeIntent({ kind: 'gate.vote', requestId: 'g_0123456789ab', vote: 'reject' })).toBe(
      '{"v":1,"k":"gate.vote","id":"g_0123456789ab","vote":"reject"}',
    );
    expect(encodeIntent({ kind: 'watch.stop', watchId: 'w_0123456789ab' })).toBe(
      '{"v":1,"k":"watch.stop","id":"w_0123456789ab"}',
    );
  });

  it('decode to the intent they were made from', () => {
    fc.assert(
      fc.property(intents, (intent) => {
        expect(decodeIntent(encodeIntent(intent))).toEqual(intent);
      }),
    );
  });

  it('refuse another version, an unknown kind, extra keys and fields out of range', () => {
    for (const raw of [
      undefined,
      '',
      'gaps 2023-24',
      'null',
      '[]',
      '{"c":"gaps 2023-24"}',
      '{"v":2,"k":"command","w":"status"}',
      '{"v":1,"k":"rerun","w":"status"}',
      '{"v":1,"k":"command","w":""}',
      '{"v":1,"k":"command","w":"status","page":0}',
      '{"v":1,"k":"command","w":"status","page":1.5}',
      '{"v":1,"k":"command","w":"status","public":true}',
      '{"v":1,"k":"gate.vote","id":"g_1","vote":"abstain"}',
      '{"v":1,"k":"gate.vote","vote":"approve"}',
      '{"v":1,"k":"watch.stop","id":"g_0123456789ab"}',
      '{"v":1,"k":"watch.stop","id":"w_0123456789ab","by":"U0OPS"}',
      `{"v":1,"k":"command","w":"${'x'.repeat(2000)}"}`,
    ]) {
      expect(decodeIntent(raw), String(raw)).toBeNull();
    }
  });

  it('never throw, whatever comes back from a click', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (raw) => {
        const intent = decodeIntent(raw);
        expect(intent === null || intent.kind === 'command' || intent.kind === 'gate.vote').toBe(true);
      }),
    );
  });
});
