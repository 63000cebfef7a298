import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tableKey } from '../../../src/domain/coverage.js';
import { eachDay } from '../../../src/domain/dates.js';
import { planRerun } from '../../../src/domain/reruns/plan-rerun.js';
import { bootstrapDates } from '../../../src/domain/seasons.js';
import { catalog, withReruns } from './rerun-world.js';

// For random asks over a small world (2023-24's first seven weeks, bootstrap days included, random
// game days and random gaps), the messages carry exactly the plan's processor-dates, each on a date
// its processor runs on, in chunks of at most batchDates.

const DAYS = eachDay('2023-10-20', '2023-12-10');
const PROCESSORS = [...new Set(catalog.tables.map((t) => t.processor))];
const phaseOf = new Map(
  catalog.tables.map((t) => [t.processor, catalog.phases.find((p) => p.id === t.phase)]),
);

const world = fc.record({
  expected: fc.subarray(DAYS),
  asked: fc.dictionary(fc.constantFrom(...PROCESSORS), fc.subarray(DAYS, { maxLength: 12 }), { maxKeys: 5 }),
  present: fc.tuple(...catalog.tables.map(() => fc.subarray(DAYS))),
  withDownstream: fc.boolean(),
  override: fc.boolean(),
  batchDates: fc.integer({ min: 1, max: 6 }),
});

describe('planRerun invariants', () => {
  it('sends every planned processor-date once, on an expected date of its processor, at most batchDates a message', () => {
    fc.assert(
      fc.property(world, ({ expected, asked, present, withDownstream, override, batchDates }) => {
        const facts = {
          expected,
          present: new Map(catalog.tables.map((t, i) => [tableKey(t), present[i] ?? []])),
        };
        const plan = planRerun(withReruns({ batchDates }), { dates: asked, withDownstream, override }, facts);
        const bootstrap = bootstrapDates(expected, catalog.seasons, catalog.bootstrapDays);
        const runsOn = (processor: string, date: string) =>
          expected.includes(date) && !(phaseOf.get(processor)?.bootstrap && bootstrap.has(date));

        const planned = plan.steps.flatMap((s) =>
          Object.entries(s.processors).flatMap(([p, dates]) => dates.map((d) => `${p}:${d}`)),
        );
        const sent = plan.messages.flatMap((m) => m.dates.map((d) => `${m.processor}:${d}`));
        expect([...sent].sort()).toEqual([...planned].sort());
        expect(new Set(sent).size).toBe(sent.length);
        expect(plan.processorDates).toBe(planned.length);

        for (const m of plan.messages) {
          expect(m.dates.length).toBeGreaterThanOrEqual(1);
          expect(m.dates.length).toBeLessThanOrEqual(batchDates);
          expect(m.dates.every((d) => runsOn(m.processor, d))).toBe(true);
          expect([...m.dates].sort()).toEqual(m.dates);
          expect(m.id).toBe(`${m.processor}:${m.dates[0]}:${m.dates[m.dates.length - 1]}`);
          expect(plan.steps[m.step]?.processors[m.processor]).toBeDefined();
        }
        plan.steps.forEach((s, i) => {
          expect(s.index).toBe(i);
          expect(s.dependsOn).toBe(i === 0 ? null : i - 1);
        });
        expect(plan.refused).toBe(plan.missingUpstream.length > 0 && !override);
      }),
    );
  });
});
