import fc from 'fast-check';
import type { Intent } from '../../src/domain/message.js';
import { encodeIntent } from '../../src/slack/render/action-value.js';
import { HOSTILE_WORDS } from './hostile-words.js';

// What comes back from Slack in a button's value or a modal's private_metadata: ours as we wrote
// it, ours stale (another version) or forged (a field changed, added or dropped), or anything.

const hostile = fc.constantFrom(...HOSTILE_WORDS);
const requestId = fc.oneof(
  fc.stringMatching(/^[gr]_[0-9a-f]{12}$/),
  fc.string({ minLength: 1, maxLength: 200 }),
);

/** Intents of every kind, in the ranges their payloads accept. */
export const intent: fc.Arbitrary<Intent> = fc.oneof(
  fc
    .record({
      words: fc.oneof(hostile, fc.string({ minLength: 1, maxLength: 300 })),
      page: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
    })
    .map(({ words, page }): Intent => ({ kind: 'command', words, ...(page ? { page } : {}) })),
  fc
    .record({ requestId, vote: fc.constantFrom('approve' as const, 'reject' as const) })
    .map((r): Intent => ({ kind: 'gate.vote', ...r })),
  fc
    .record({ requestId, act: fc.constantFrom('confirm' as const, 'cancel' as const, 'approve' as const) })
    .map((r): Intent => ({ kind: 'rerun', ...r })),
  fc
    .record({
      milestoneId: fc.stringMatching(/^[a-z0-9-]{1,40}$/),
      choice: fc.constantFrom('promote' as const, 'keep' as const, 'retrain' as const),
    })
    .map((r): Intent => ({ kind: 'milestone', ...r })),
  fc.stringMatching(/^w_[0-9a-f]{12}$/).map((watchId): Intent => ({ kind: 'watch.stop', watchId })),
);

// Values each field of ours refuses (outside its type, its set or its length).
const REFUSED: Record<string, readonly unknown[]> = {
  k: ['Command', 'gate', 'gate.vote2', 'rerun.confirm', '', null, 1],
  w: ['', null, 1, 'x'.repeat(2_001), ['help']],
  page: [0, 51, 1.5, '1', null, -1],
  id: [null, 1, '', [], { id: 'g_0123456789ab' }],
  requestId: [null, 1, '', [], true],
  vote: ['APPROVE', 'yes', '', null, 1, ['approve']],
  act: ['CONFIRM', 'force', '', null, 0],
  choice: ['PROMOTE', 'rollback', '', null],
  channel: ['c0ops', 'C0', 'X0OPS', '#ops', null, 1, 'C0OPS '],
};
const REQUIRED_LENIENT = new Set(['page']);

/**
 * A JSON object of ours changed as a stale or forged copy would be: the version moved, a required
 * field dropped or given a value it refuses, or (where the schema is strict) a field added. Every
 * such change must be refused.
 */
export function forged(
  json: Record<string, unknown>,
  options: { strict: boolean } = { strict: true },
): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(json).filter((k) => k !== 'v');
  const required = keys.filter((k) => !REQUIRED_LENIENT.has(k));
  const changeable = keys.filter((k) => REFUSED[k]);
  const changes: fc.Arbitrary<Record<string, unknown>>[] = [
    fc.constantFrom(0, 2, '1', null, 1.0000001, -1).map((v) => ({ ...json, v })),
    fc.constant(Object.fromEntries(Object.entries(json).filter(([k]) => k !== 'v'))),
    ...(required.length
      ? [
          fc
            .constantFrom(...required)
            .map((key) => Object.fromEntries(Object.entries(json).filter(([k]) => k !== key))),
        ]
      : []),
    ...(changeable.length
      ? [
          fc
            .constantFrom(...changeable)
            .chain((key) =>
              fc.constantFrom(...(REFUSED[key] ?? [])).map((value) => ({ ...json, [key]: value })),
            ),
        ]
      : []),
  ];
  if (options.strict) {
    const extra = fc.tuple(
      fc.constantFrom('x', 'extra', '__proto__', 'constructor', 'V', ' v'),
      fc.jsonValue(),
    );
    // Through JSON text, so that "__proto__" is an own key, as it is in a parsed payload.
    changes.push(
      extra.map(([key, value]) =>
        JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(value)},${JSON.stringify(json).slice(1)}`),
      ),
    );
  }
  return fc.oneof(...changes);
}

/** A button value: ours, ours stale or forged, or anything a client could send. */
export const buttonValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: intent.map(encodeIntent) },
  {
    weight: 4,
    arbitrary: intent.chain((i) => forged(JSON.parse(encodeIntent(i)))).map((o) => JSON.stringify(o)),
  },
  { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 100 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 50 }) },
  { weight: 1, arbitrary: hostile },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      'null',
      '{',
      `{"v":1,"k":"command","w":"${'a'.repeat(2_100)}"}`,
      `{"v":1,"k":"gate.vote","id":"${'g'.repeat(201)}","vote":"approve"}`,
      '{"v":1,"k":"command","w":"help","page":0}',
      '{"v":1,"k":"command","w":"help","page":51}',
      '{"v":1,"k":"command","w":""}',
      '{"v":1,"k":"watch.stop","id":"w_0123456789AB"}',
      '{"v":1,"k":"milestone","id":"Day-7","choice":"promote"}',
      '{"__proto__":{"k":"command"},"v":1}',
      JSON.stringify({ v: 1, k: 'command', w: 'help', page: 1 }).repeat(100),
    ),
  },
);

/** What a form's private_metadata may come back as, for each kind of form. */
export const privateMetadata = (kind: 'gate.vote' | 'rerun.confirm'): fc.Arbitrary<string> => {
  const ours = fc.record({
    v: fc.constant(1),
    requestId,
    channel: fc.oneof(fc.constantFrom('', 'C0OPS', 'D0ABC', 'G0XYZ'), fc.string({ maxLength: 10 })),
    ...(kind === 'gate.vote' ? { vote: fc.constantFrom('approve', 'reject') } : {}),
  });
  return fc.oneof(
    { weight: 3, arbitrary: ours.map((o) => JSON.stringify(o)) },
    { weight: 4, arbitrary: ours.chain((o) => forged(o, { strict: false })).map((o) => JSON.stringify(o)) },
    { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 60 }), hostile, fc.constant('x'.repeat(4_000))) },
  );
};

/** A view's state.values: ours (`{ reason: { value: { value } } }`), near misses, or any JSON. */
export const stateValues: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({
    reason: fc.record({
      value: fc.record({
        type: fc.constant('plain_text_input'),
        value: fc.oneof(
          fc.constantFrom('', '   ', 'checked by hand', 'x'.repeat(10_000)),
          hostile,
          fc.constant(null),
        ),
      }),
    }),
  }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue(), { maxKeys: 4 }),
  fc.constantFrom(
    {},
    { reason: null },
    { reason: 'text' },
    { reason: [] },
    { reason: { value: null } },
    { reason: { value: 'plain' } },
    { reason: { value: { value: 42 } } },
    { reason: { other: { value: 'x' } } },
    { __proto__: null },
  ),
  fc.jsonValue(),
);
