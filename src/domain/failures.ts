import type { FailureClass } from '../config/catalog-schema.js';
import type { IsoDate } from './dates.js';
import { errorPreview, errorSignature } from './error-signature.js';

/** A failed run as the run history holds it, with the status of the latest run for its processor and date. */
export interface FailedRun {
  processor: string;
  phase: string;
  date: IsoDate;
  startedAt: string;
  errors: string | null;
  missingDependencies: string | null;
  latestStatus: string;
}

export interface FailureGroup {
  processor: string;
  phase: string;
  class: string;
  signature: string;
  /** Failed run rows in range (a date that failed twice counts twice). */
  runs: number;
  /** Dates whose latest run is still not a success. */
  openDates: IsoDate[];
  /** Dates where a later run succeeded. */
  resolvedDates: IsoDate[];
  errorPreview: string;
  expectedEarlySeason: boolean;
  advice: string;
  missingDependencies: string[];
}

export function classifyFailure(errors: string | null, classes: FailureClass[]): FailureClass {
  const text = errors ?? '';
  const match = classes.find((c) => new RegExp(c.pattern).test(text));
  // The catalog schema requires at least one class; the last one is the catch-all by convention.
  return match ?? (classes[classes.length - 1] as FailureClass);
}

function parseDependencies(text: string | null): string[] {
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed)) return parsed.map(String);
  } catch {
    // Not JSON: a plain comma-separated list.
  }
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Groups failed runs by processor, failure class and error signature; open groups first. */
export function groupFailures(
  runs: FailedRun[],
  classes: FailureClass[],
  successStatus: string,
): FailureGroup[] {
  const groups = new Map<
    string,
    FailureGroup & { open: Set<IsoDate>; resolved: Set<IsoDate>; deps: Set<string> }
  >();
  for (const run of runs) {
    const failureClass = classifyFailure(run.errors, classes);
    const signature = errorSignature(run.errors);
    const key = JSON.stringify([run.processor, failureClass.name, signature]);
    let group = groups.get(key);
    if (!group) {
      group = {
        processor: run.processor,
        phase: run.phase,
        class: failureClass.name,
        signature,
        runs: 0,
        openDates: [],
        resolvedDates: [],
        errorPreview: errorPreview(run.errors),
        expectedEarlySeason: failureClass.expectedEarlySeason,
        advice: failureClass.advice,
        missingDependencies: [],
        open: new Set(),
        resolved: new Set(),
        deps: new Set(),
      };
      groups.set(key, group);
    }
    group.runs++;
    (run.latestStatus === successStatus ? group.resolved : group.open).add(run.date);
    for (const dep of parseDependencies(run.missingDependencies)) group.deps.add(dep);
  }
  return [...groups.values()]
    .map(({ open, resolved, deps, ...group }) => ({
      ...group,
      openDates: [...open].sort(),
      resolvedDates: [...resolved].sort(),
      missingDependencies: [...deps].sort(),
    }))
    .sort(
      (a, b) =>
        b.openDates.length - a.openDates.length || a.processor.localeCompare(b.processor) || b.runs - a.runs,
    );
}
