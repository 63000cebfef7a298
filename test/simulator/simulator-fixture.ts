import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Clock } from '../../src/clock/clock.js';
import type { Catalog, CatalogTable } from '../../src/config/catalog-schema.js';
import { loadCatalog } from '../../src/config/load-catalog.js';
import { generateDemoWarehouse } from '../../src/demo/generate-demo.js';
import type { LogFields, Logger, LogLevel } from '../../src/log/logger.js';
import type { LocalQueue } from '../../src/queue/local/local-queue.js';
import type { Published } from '../../src/queue/queue.js';

export const catalog: Catalog = loadCatalog('config/pipeline.yml');
export const AS_OF = '2026-11-23';
export const SEED = 42;

/** The catalog with the simulator's knobs set. */
export const simulating = (knobs: { delaySeconds?: number; failureRate?: number }): Catalog => ({
  ...catalog,
  demo: { ...catalog.demo, simulator: { ...catalog.demo.simulator, ...knobs } },
});

export const table = (name: string): CatalogTable => {
  const found = catalog.tables.find((t) => t.table === name);
  if (!found) throw new Error(`no table ${name}`);
  return found;
};

/** One generated demo (scale 0.1, seed 42) per test file; each test works on its own copy. */
export function demoFiles() {
  const dir = mkdtempSync(join(tmpdir(), 'backfill-simulator-'));
  const original = join(dir, 'original.duckdb');
  let copies = 0;
  return {
    generate: () => generateDemoWarehouse(catalog, { path: original, scale: 0.1, seed: SEED, asOf: AS_OF }),
    /** A fresh copy of the demo, with its own queue path beside it. */
    copy: () => {
      const n = ++copies;
      const path = join(dir, `demo-${n}.duckdb`);
      copyFileSync(original, path);
      return { path, queuePath: join(dir, `run-${n}`, 'queue.jsonl') };
    },
    original,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A clock that stands still until moved. */
export function steppingClock(start: string): Clock & { advance(seconds: number): void } {
  let ms = Date.parse(start);
  return {
    now: () => new Date(ms),
    advance: (seconds) => {
      ms += seconds * 1000;
    },
  };
}

export interface LogLine {
  level: LogLevel;
  fields: LogFields;
  message: string;
}

/** A logger that keeps its lines. */
export function recordingLogger(lines: LogLine[] = []): Logger & { lines: LogLine[] } {
  const at =
    (level: LogLevel) =>
    (fields: LogFields, message: string): void => {
      lines.push({ level, fields, message });
    };
  const logger = {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return logger;
}

/** A re-run message as docs/messages.md shapes it (the fields the simulator reads, and a few more). */
export function publishRerun(
  queue: LocalQueue,
  processor: string,
  dates: string[],
  request = 'r_000000000001',
): Promise<Published> {
  const messageKey = `rerun:${request}:msg:${processor}:${dates[0]}:${dates.at(-1)}`;
  const phase = catalog.tables.find((t) => t.processor === processor)?.phase;
  return queue.publish({
    key: `outbox:${messageKey}`,
    topic: catalog.phases.find((p) => p.id === phase)?.topic ?? 'unknown',
    data: {
      schema: 'backfill-bot.rerun/v1',
      kind: 'rerun',
      message_key: messageKey,
      request_id: request,
      processor,
      phase,
      dates,
      start_date: dates[0],
      end_date: dates.at(-1),
      backfill_mode: true,
      skip_downstream_trigger: true,
    },
    attributes: { message_key: messageKey, processor, kind: 'rerun' },
    orderingKey: processor,
  });
}

export type Row = Record<string, string | number | boolean | null>;

/** Plain SQL on a read-only connection, opened and closed around the one query. */
export async function read(path: string, sql: string): Promise<Row[]> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  try {
    const connection = await instance.connect();
    const rows = (await connection.runAndReadAll(sql)).getRowObjectsJson() as Row[];
    connection.closeSync();
    return rows;
  } finally {
    instance.closeSync();
  }
}

/** The first `n` final-game dates of a season range on which the table has no rows. */
export async function missingDates(
  path: string,
  target: CatalogTable,
  range: { start: string; end: string },
  n: number,
): Promise<string[]> {
  const s = catalog.schedule;
  const rows = await read(
    path,
    `SELECT DISTINCT ${s.dateColumn}::VARCHAR AS d FROM ${s.dataset}.${s.table}
      WHERE ${s.statusColumn} = ${s.finalStatus} AND ${s.dateColumn} BETWEEN DATE '${range.start}' AND DATE '${range.end}'
        AND ${s.dateColumn} NOT IN (SELECT ${target.dateColumn} FROM ${target.dataset}.${target.table})
      ORDER BY d LIMIT ${n}`,
  );
  return rows.map((r) => String(r.d));
}

/** A table's rows on some dates, as an order-independent checksum. */
export async function checksumOn(path: string, target: CatalogTable, dates: string[]): Promise<string> {
  const [row] = await read(
    path,
    `SELECT count(*) AS n, sum(hash(t)) AS h FROM ${target.dataset}.${target.table} t
      WHERE ${target.dateColumn} IN (${dates.map((d) => `DATE '${d}'`).join(', ')})`,
  );
  return `${row?.n}:${row?.h}`;
}
