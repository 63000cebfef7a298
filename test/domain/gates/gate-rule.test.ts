import { describe, expect, it } from 'vitest';
import { gateIds, gateRule } from '../../../src/domain/gates/gate-rule.js';
import { catalog } from './gate-world.js';

describe('gateRule reads each gate from the catalog', () => {
  it('lists the gates in numeric order', () => {
    expect(gateIds(catalog)).toEqual(['0', '1', '2', '3']);
  });

  it('makes Gate 0 a threshold gate on Phase 2', () => {
    expect(gateRule(catalog, '0')).toEqual({
      id: '0',
      phase: 2,
      kind: 'threshold',
      endToEnd: false,
      phases: [2],
      proceedAtPct: 99,
      fixBelowPct: 95,
      completePct: 100,
      playerCoverageMinPct: null,
      needs: { quality: false, failures: false, playerCoverage: false },
    });
  });

  it('makes Gates 1 and 2 completeness gates on their own phase; Gate 2 reads quality', () => {
    expect(gateRule(catalog, '1')).toMatchObject({ kind: 'complete', endToEnd: false, phases: [3] });
    expect(gateRule(catalog, '1').needs.quality).toBe(false);
    expect(gateRule(catalog, '2')).toMatchObject({ kind: 'complete', endToEnd: false, phases: [4] });
    expect(gateRule(catalog, '2').needs.quality).toBe(true);
  });

  it('makes the gate on the last gated phase end to end, with player coverage and failures', () => {
    expect(gateRule(catalog, '3')).toMatchObject({
      kind: 'complete',
      endToEnd: true,
      phases: [2, 3, 4, 5],
      completePct: 100,
      playerCoverageMinPct: 90,
      needs: { quality: false, failures: true, playerCoverage: true },
    });
  });

  it('has no warning band when a threshold gate sets no fix-first line', () => {
    const edited = { ...catalog, gates: { ...catalog.gates, '0': { phase: 2, proceedAtPct: 98 } } };
    expect(gateRule(edited, '0')).toMatchObject({ proceedAtPct: 98, fixBelowPct: 98 });
  });

  it('does not treat inherited object keys as gates', () => {
    expect(() => gateRule(catalog, 'constructor')).toThrow('unknown gate "constructor"');
  });
});
