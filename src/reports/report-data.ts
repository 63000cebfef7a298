import type { IsoDate } from '../domain/dates.js';
import type { PlayerCoverageDay } from '../domain/player-coverage.js';

// The daily health report's stable JSON shape (`report --json`): one section per question, the
// verdict first. Counts are numbers, dates ISO, instants ISO 8601 UTC.

export interface ReportPhase {
  phase: number;
  name: string;
  /** Expected game dates for the phase on the report date: 0 or 1 (bootstrap days excluded). */
  expected: number;
  /** Dates on which every gating table is present. */
  complete: number;
  tables: { table: string; critical: boolean; expectedPartial: boolean; expected: number; present: number }[];
  /** Gating tables missing on the report date. */
  missingTables: string[];
}

export interface ReportFailureClass {
  class: string;
  /** Failed runs started in the window. */
  runs: number;
  /** Processor-dates whose latest run is still a failure. */
  open: number;
  /** Processor-dates a later run resolved. */
  resolved: number;
  /** Open processor-dates that need a person (early-season classes on bootstrap days do not). */
  needsPerson: number;
}

export interface ReportStaleTable {
  table: string;
  staleAfterDays: number;
  /** Rows dated before this are stale: today - staleAfterDays. */
  before: IsoDate;
  rows: number;
}

export interface StalledBackfill {
  id: string;
  requestedBy: string;
  words: string;
  confirmedAt: string;
  /** The newest run of its processors on its dates since it was confirmed; null when none. */
  lastRunAt: string | null;
  doneDates: number;
  totalDates: number;
}

export type ReportBackfills =
  | { known: false; why: string }
  | { known: true; noProgressHours: number; inProgress: number; stalled: StalledBackfill[] };

export interface ReportData {
  /** The day reported on (D). */
  date: IsoDate;
  /** The day the report ran: stale rows are counted relative to it. */
  today: IsoDate;
  generatedAt: string;
  verdict: { green: boolean; line: string; needs: string[] };
  coverage: { expectedDates: number; phases: ReportPhase[] };
  failures: {
    hours: number;
    since: string;
    runs: number;
    open: number;
    resolved: number;
    classes: ReportFailureClass[];
  };
  playerCoverage: {
    range: { start: IsoDate; end: IsoDate };
    alertBelowPct: number;
    datesWithData: number;
    below: PlayerCoverageDay[];
  };
  staleRows: { total: number; tables: ReportStaleTable[] };
  backfills: ReportBackfills;
  /** Warehouse round trips (sequential waves of queries side by side) and the queries they held. */
  query: { warehouse: string; roundTrips: number; queries: number; millis: number };
}
