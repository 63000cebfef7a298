/** How coverage would read one table, and what it would cost, without reading it. */
export interface TableReadPlan {
  /** tableKey() of the table, or the schedule's for the expected dates. */
  table: string;
  path: 'partition-metadata' | 'date-scan';
  bytes: number;
}

export interface CoverageExplain {
  /** True where the warehouse priced the query itself (BigQuery dry run); else an estimate from row counts. */
  dryRun: boolean;
  totalBytes: number;
  tables: TableReadPlan[];
}
