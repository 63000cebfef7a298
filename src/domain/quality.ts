import type { QualityBucket } from '../config/catalog-schema.js';

export interface QualityCount {
  /** tableKey() of the table. */
  table: string;
  bucket: string;
  records: number;
}

export interface TableQuality {
  dataset: string;
  table: string;
  total: number;
  buckets: { name: string; label: string; records: number; pct: number }[];
}

/** Bucket counts per table, every bucket listed (zero when empty), with % as in the seeds' query. */
export function summarizeQuality(
  tables: { dataset: string; table: string }[],
  counts: QualityCount[],
  buckets: QualityBucket[],
): TableQuality[] {
  return tables.map(({ dataset, table }) => {
    const key = `${dataset}.${table}`;
    const records = (name: string) =>
      counts.filter((c) => c.table === key && c.bucket === name).reduce((sum, c) => sum + c.records, 0);
    const total = buckets.reduce((sum, b) => sum + records(b.name), 0);
    return {
      dataset,
      table,
      total,
      buckets: buckets.map((b) => ({
        name: b.name,
        label: b.label,
        records: records(b.name),
        // The seeds round to one decimal: ROUND(COUNT(*) * 100.0 / SUM(COUNT(*)) OVER (), 1).
        pct: total === 0 ? 0 : Math.round((records(b.name) * 1000) / total) / 10,
      })),
    };
  });
}
