import type { IsoDate } from './dates.js';

/** Runs of one processor over a range by status, as the seeds' progress query counts them. */
export interface ProcessorRuns {
  processor: string;
  phase: string;
  success: number;
  failed: number;
  skipped: number;
  latestDate: IsoDate;
  latestRun: string;
}
