import { tableKey } from '../coverage.js';
import type { IsoDate } from '../dates.js';
import { canonicalJson } from './canonical-json.js';
import { fnv1a64 } from './fnv1a64.js';
import type { GateEvidence } from './gate-evidence.js';

/**
 * The counted facts a gate verdict rests on, in canonical form: this is what a decision stores and
 * what its fingerprint hashes. Keys are sorted, so the order the warehouse returned rows in does not
 * matter. Dates themselves are not kept, only counts: the object stays small enough to store with
 * every decision, and a changed count or a newer modification time is what "data changed" means.
 */
export interface EvidenceSummary {
  version: 1;
  /** tableKey() → present and expected dates. */
  tables: Record<string, { present: number; expected: number }>;
  /** tableKey() → quality bucket name → rows. */
  quality: Record<string, Record<string, number>>;
  /** "processor/class" → open dates (only classes with some open). */
  openFailures: Record<string, number>;
  /**
   * Sums rather than a count of dates under a threshold: the summary then needs no rule, and still
   * changes when a date already under the line drops further.
   */
  playerCoverage: { days: number; expectedPlayers: number; actualPlayers: number };
  /** Normalised to toISOString() when parseable, so adapters' formats compare equal. */
  newestModification: string | null;
}

const sorted = <T>(entries: [string, T][]): Record<string, T> =>
  Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

function normalizeInstant(text: string | null): string | null {
  if (text === null) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? text : new Date(ms).toISOString();
}

export function summarizeEvidence(evidence: GateEvidence): EvidenceSummary {
  const open = new Map<string, Set<IsoDate>>();
  for (const g of evidence.failures) {
    if (g.openDates.length === 0) continue;
    const key = `${g.processor}/${g.class}`;
    const dates = open.get(key) ?? new Set<IsoDate>();
    for (const d of g.openDates) dates.add(d);
    open.set(key, dates);
  }
  const sum = (pick: (d: GateEvidence['playerCoverage'][number]) => number) =>
    evidence.playerCoverage.reduce((total, d) => total + pick(d), 0);
  return {
    version: 1,
    tables: sorted(
      evidence.phases.flatMap((p) =>
        p.tables.map((t): [string, { present: number; expected: number }] => [
          tableKey(t),
          { present: t.present, expected: t.expected },
        ]),
      ),
    ),
    quality: sorted(
      evidence.quality.map((q): [string, Record<string, number>] => [
        tableKey(q),
        sorted(q.buckets.map((b): [string, number] => [b.name, b.records])),
      ]),
    ),
    openFailures: sorted([...open].map(([key, dates]): [string, number] => [key, dates.size])),
    playerCoverage: {
      days: evidence.playerCoverage.length,
      expectedPlayers: sum((d) => d.expected),
      actualPlayers: sum((d) => d.actual),
    },
    newestModification: normalizeInstant(evidence.newestModification),
  };
}

/** "fnv1a64:" and 16 hex digits over the canonical summary; the prefix names the scheme for stored values. */
export const fingerprintSummary = (summary: EvidenceSummary): string =>
  `fnv1a64:${fnv1a64(canonicalJson(summary))}`;

export const fingerprintEvidence = (evidence: GateEvidence): string =>
  fingerprintSummary(summarizeEvidence(evidence));
