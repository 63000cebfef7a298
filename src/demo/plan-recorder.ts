import type { IsoDate } from '../domain/dates.js';
import { type DemoUnit, tableKey } from './demo-roles.js';

export type RunStatus = 'success' | 'failed' | 'skipped';

export interface PlannedRun {
  processor: string;
  /** The phase's runHistoryPhase. */
  phase: string;
  date: IsoDate;
  status: RunStatus;
  /** 0 = the first run for the date; 1 = a re-run days later that resolved a failure. */
  attempt: number;
  /** Position in the phase's chain, so later stages start later the same morning. */
  stage: number;
  errors: string[] | null;
  missingDependencies: string[] | null;
}

/** What happened to one processor on one date; decides both its runs and its tables' presence. */
export type Outcome =
  | { kind: 'never' }
  | { kind: 'success' }
  | { kind: 'skipped'; error: string }
  | { kind: 'resolved'; error: string }
  | { kind: 'open'; error: string; missing?: string[] };

export class PlanRecorder {
  /** 'dataset.table' -> dates with rows. */
  readonly present = new Map<string, Set<IsoDate>>();
  readonly runs: PlannedRun[] = [];

  has(key: string, date: IsoDate): boolean {
    return this.present.get(key)?.has(date) ?? false;
  }

  record(unit: DemoUnit, date: IsoDate, outcome: Outcome, stage = 0): void {
    if (outcome.kind === 'never') return;
    const run = (status: RunStatus, attempt: number, error?: string, missing?: string[]) =>
      this.runs.push({
        processor: unit.processor,
        phase: unit.phase.runHistoryPhase,
        date,
        status,
        attempt,
        stage,
        errors: error === undefined ? null : [error],
        missingDependencies: missing ?? null,
      });
    if (outcome.kind === 'skipped') return void run('skipped', 0, outcome.error);
    if (outcome.kind === 'open') return void run('failed', 0, outcome.error, outcome.missing);
    if (outcome.kind === 'resolved') run('failed', 0, outcome.error);
    run('success', outcome.kind === 'resolved' ? 1 : 0);
    for (const t of unit.tables) {
      const key = tableKey(t);
      const dates = this.present.get(key) ?? new Set<IsoDate>();
      dates.add(date);
      this.present.set(key, dates);
    }
  }
}
