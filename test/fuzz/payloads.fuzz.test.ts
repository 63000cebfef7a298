import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeIntent, encodeIntent } from '../../src/slack/render/action-value.js';
import { readFormPayload, readFormValues } from '../../src/slack/render/form-view.js';
import { cases, fuzz, totalLine } from './fuzz-run.js';
import { buttonValue, forged, intent, privateMetadata, stateValues } from './payload-values.js';

// The decoders of what Slack sends back (a button's value, a form's private_metadata and values)
// take anything without throwing: ours decodes to what was encoded, anything else is null.

const RUNS = cases(2000);

describe('the decoders of button values and forms, under anything a client can send', () => {
  afterAll(() => console.log(totalLine('payload decoders')));

  it('decodeIntent: our value decodes to its intent', async () => {
    await fuzz(
      'decodeIntent round trip',
      intent,
      (i) => {
        expect(decodeIntent(encodeIntent(i))).toEqual(i);
      },
      RUNS,
    );
  });

  it('decodeIntent: a stale or forged copy of our value is null', async () => {
    await fuzz(
      'decodeIntent forged',
      intent.chain((i) => forged(JSON.parse(encodeIntent(i)))),
      (o) => {
        expect(decodeIntent(JSON.stringify(o)), JSON.stringify(o).slice(0, 300)).toBeNull();
      },
      RUNS,
    );
  });

  it('decodeIntent: any value, of any type, never throws; it is an intent or null', async () => {
    const anyValue = fc.oneof(
      buttonValue,
      fc.anything().map((v) => v as unknown as string),
    );
    await fuzz(
      'decodeIntent anything',
      anyValue,
      (raw) => {
        const decoded = decodeIntent(raw);
        if (decoded !== null) expect(decodeIntent(encodeIntent(decoded))).toEqual(decoded);
        return decoded === null ? 'null' : decoded.kind;
      },
      RUNS,
    );
  });

  it('readFormPayload: a stale or forged copy of our private_metadata is null', async () => {
    const ours = fc.tuple(
      fc.constantFrom('gate.vote' as const, 'rerun.confirm' as const),
      fc.record({
        v: fc.constant(1),
        requestId: fc.stringMatching(/^g_[0-9a-f]{12}$/),
        channel: fc.constant('C0OPS'),
      }),
    );
    const copies = ours.chain(([k, o]) =>
      fc.tuple(fc.constant(k), forged(k === 'gate.vote' ? { ...o, vote: 'approve' } : o, { strict: false })),
    );
    await fuzz(
      'readFormPayload forged',
      copies,
      ([k, o]) => {
        const raw = JSON.stringify(o);
        expect(k === 'gate.vote' ? readFormPayload(k, raw) : readFormPayload(k, raw), raw).toBeNull();
      },
      RUNS,
    );
  });

  it('readFormPayload: any private_metadata, of any type, never throws; what it reads is well formed', async () => {
    const anything = fc.anything().map((v) => v as unknown as string);
    const metadata = fc.oneof(
      fc.tuple(fc.constant('gate.vote' as const), fc.oneof(privateMetadata('gate.vote'), anything)),
      fc.tuple(fc.constant('rerun.confirm' as const), fc.oneof(privateMetadata('rerun.confirm'), anything)),
    );
    await fuzz(
      'readFormPayload',
      metadata,
      ([k, raw]) => {
        const payload = k === 'gate.vote' ? readFormPayload(k, raw) : readFormPayload(k, raw);
        if (payload === null) return 'null';
        expect(typeof payload.requestId).toBe('string');
        expect(payload.channel).toMatch(/^(|[CDG][A-Z0-9]{2,40})$/);
        return 'read';
      },
      RUNS,
    );
  });

  it('readFormValues: any state.values never throws and gives text per field', async () => {
    await fuzz(
      'readFormValues',
      fc.oneof(stateValues, fc.anything()),
      (values) => {
        const read = readFormValues(values);
        for (const value of Object.values(read)) expect(typeof value).toBe('string');
        return Object.keys(read).length ? 'read' : 'empty';
      },
      RUNS,
    );
  });
});
