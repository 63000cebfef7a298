import { canonicalJson } from './canonical-json.js';
import type { EvidenceSummary } from './evidence-fingerprint.js';

export interface EvidenceComparison {
  changed: boolean;
  /** Human-readable, e.g. "player_game_summary present 107 → 150". */
  differences: string[];
}

// Table names are unique in a catalog, so the dataset prefix only adds noise to the lines.
const shortName = (key: string): string => key.slice(key.lastIndexOf('.') + 1);

const keysOf = (...records: Record<string, unknown>[]): string[] =>
  [...new Set(records.flatMap((r) => Object.keys(r)))].sort();

function tableLines(before: EvidenceSummary['tables'], after: EvidenceSummary['tables']): string[] {
  return keysOf(before, after).flatMap((key) => {
    const [a, b, name] = [before[key], after[key], shortName(key)];
    if (!a) return [`${name} added: ${b?.present}/${b?.expected} present`];
    if (!b) return [`${name} no longer in the evidence (was ${a.present}/${a.expected} present)`];
    return [
      ...(a.present !== b.present ? [`${name} present ${a.present} → ${b.present}`] : []),
      ...(a.expected !== b.expected ? [`${name} expected ${a.expected} → ${b.expected}`] : []),
    ];
  });
}

function qualityLines(before: EvidenceSummary['quality'], after: EvidenceSummary['quality']): string[] {
  return keysOf(before, after).flatMap((key) => {
    const [a, b] = [before[key] ?? {}, after[key] ?? {}];
    return keysOf(a, b)
      .filter((bucket) => (a[bucket] ?? 0) !== (b[bucket] ?? 0))
      .map((bucket) => `${shortName(key)} quality ${bucket} ${a[bucket] ?? 0} → ${b[bucket] ?? 0}`);
  });
}

function failureLines(before: Record<string, number>, after: Record<string, number>): string[] {
  return keysOf(before, after)
    .filter((key) => (before[key] ?? 0) !== (after[key] ?? 0))
    .map((key) => `open failures ${key} ${before[key] ?? 0} → ${after[key] ?? 0}`);
}

function coverageLines(a: EvidenceSummary['playerCoverage'], b: EvidenceSummary['playerCoverage']): string[] {
  const lines: string[] = [];
  if (a.days !== b.days) lines.push(`player coverage dates ${a.days} → ${b.days}`);
  if (a.actualPlayers !== b.actualPlayers || a.expectedPlayers !== b.expectedPlayers)
    lines.push(
      `player coverage players ${a.actualPlayers}/${a.expectedPlayers} → ${b.actualPlayers}/${b.expectedPlayers}`,
    );
  return lines;
}

/** What changed between a stored summary and a fresh one; `changed` whenever their fingerprints differ. */
export function compareEvidence(before: EvidenceSummary, after: EvidenceSummary): EvidenceComparison {
  const differences = [
    ...tableLines(before.tables, after.tables),
    ...qualityLines(before.quality, after.quality),
    ...failureLines(before.openFailures, after.openFailures),
    ...coverageLines(before.playerCoverage, after.playerCoverage),
  ];
  if (before.newestModification !== after.newestModification)
    differences.push(
      `newest modification ${before.newestModification ?? 'unknown'} → ${after.newestModification ?? 'unknown'}`,
    );
  const changed = canonicalJson(before) !== canonicalJson(after);
  // A stored summary from another format version differs without a counted fact to name.
  if (changed && differences.length === 0) differences.push('evidence format changed since it was stored');
  return { changed, differences };
}
