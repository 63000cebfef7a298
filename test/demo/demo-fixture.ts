import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadCatalog } from '../../src/config/load-catalog.js';
import { type DemoOptions, type DemoSummary, generateDemoWarehouse } from '../../src/demo/generate-demo.js';

export const catalog = loadCatalog('config/pipeline.yml');
export const AS_OF = '2026-11-23';

export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'demo-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function generate(path: string, options: Partial<DemoOptions> = {}): Promise<DemoSummary> {
  return generateDemoWarehouse(catalog, { path, scale: 0.2, seed: 7, asOf: AS_OF, ...options });
}

export type Row = Record<string, string | number | boolean | null>;

/** A read-only view of a generated file, queried with plain SQL (independent of the generator). */
export async function openWarehouse(path: string) {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  return {
    rows: async (sql: string): Promise<Row[]> => {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJson() as Row[];
    },
    /** The first column of each row, as strings. */
    column: async (sql: string): Promise<string[]> => {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowsJson().map((r) => String(r[0]));
    },
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

export type Warehouse = Awaited<ReturnType<typeof openWarehouse>>;

/** An order-independent checksum of every table in the file. */
export async function checksums(path: string): Promise<Record<string, string>> {
  const warehouse = await openWarehouse(path);
  try {
    const tables = await warehouse.rows(
      'SELECT schema_name, table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY 1, 2',
    );
    const sums: Record<string, string> = {};
    for (const { schema_name, table_name } of tables) {
      const name = `${schema_name}.${table_name}`;
      const [row] = await warehouse.rows(`SELECT COUNT(*) AS n, SUM(hash(t)) AS h FROM ${name} t`);
      sums[name] = `${row?.n}:${row?.h}`;
    }
    return sums;
  } finally {
    warehouse.close();
  }
}
