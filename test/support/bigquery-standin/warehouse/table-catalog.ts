import { BigqueryError, invalidRequest, notFound } from '../bigquery-error.js';
import { quoteIdent } from '../sql/to-duckdb.js';
import { bigqueryType, bytesSql, duckdbDdlType } from './bigquery-types.js';
import { type DuckdbSession, MEMORY_CATALOG } from './duckdb-session.js';
import { buildPartitionsTable, PARTITIONS_SCHEMA } from './partitions-table.js';
import { readFileCatalog } from './read-file-catalog.js';
import type { DatasetInfo, TableInfo } from './table-info.js';

const key = (dataset: string, table: string) => `${dataset}.${table}`;

/** Datasets and tables as BigQuery would list them: the file's schemas and tables, plus what was created. */
export class TableCatalog {
  private readonly datasetsById = new Map<string, DatasetInfo>();
  private readonly tablesByKey = new Map<string, TableInfo>();
  private readonly partitions = new Map<string, Promise<string>>();

  private constructor(
    private readonly session: DuckdbSession,
    readonly project: string,
  ) {}

  static async load(
    session: DuckdbSession,
    project: string,
    partitioning: Record<string, string>,
    loadedMs: number,
  ): Promise<TableCatalog> {
    const catalog = new TableCatalog(session, project);
    const file = await readFileCatalog(session, loadedMs);
    for (const d of file.datasets) catalog.datasetsById.set(d.dataset, d);
    for (const t of file.tables) catalog.tablesByKey.set(key(t.dataset, t.table), t);
    for (const [name, field] of Object.entries(partitioning)) {
      const table = catalog.tablesByKey.get(name);
      const column = table?.columns.find((c) => c.name === field);
      // A wrong partitioning map would make every byte estimate and partition list quietly wrong.
      if (!table || column?.type !== 'DATE') {
        throw new Error(
          `BigQuery stand-in: partitioning names ${name} on ${field}, but ${table ? `${field} is not a DATE column of it` : 'there is no such table'}`,
        );
      }
      table.partitionField = field;
    }
    await session.run(`CREATE SCHEMA ${MEMORY_CATALOG}.${PARTITIONS_SCHEMA}`);
    return catalog;
  }

  datasets(): DatasetInfo[] {
    return [...this.datasetsById.values()].sort((a, b) => a.dataset.localeCompare(b.dataset));
  }

  tables(dataset: string): TableInfo[] {
    return [...this.tablesByKey.values()].filter((t) => t.dataset === dataset);
  }

  /** A dataset of this project, or BigQuery's 404. */
  dataset(project: string, dataset: string, location = 'US'): DatasetInfo {
    if (project !== this.project) throw notFound(`Project ${project} (the stand-in serves ${this.project})`);
    const info = this.datasetsById.get(dataset);
    if (!info) throw notFound(`Dataset ${project}:${dataset} was not found in location ${location}`);
    return info;
  }

  /** A table of this project, or BigQuery's 404. */
  table(project: string, dataset: string, table: string, location = 'US'): TableInfo {
    this.dataset(project, dataset, location);
    const info = this.tablesByKey.get(key(dataset, table));
    if (!info) throw notFound(`Table ${project}:${dataset}.${table} was not found in location ${location}`);
    return info;
  }

  /** The DuckDB table holding `dataset.INFORMATION_SCHEMA.PARTITIONS`, built on first use. */
  partitionsTable(project: string, dataset: string, location = 'US'): Promise<string> {
    this.dataset(project, dataset, location);
    let built = this.partitions.get(dataset);
    if (!built) {
      built = buildPartitionsTable(this.session, this.project, dataset, this.tables(dataset));
      // A failed build is retried on the next query rather than cached.
      built.catch(() => this.partitions.delete(dataset));
      this.partitions.set(dataset, built);
    }
    return built;
  }

  /** After a write: the dataset's partitions table is rebuilt from the data on its next read. */
  forgetPartitions(dataset: string): void {
    this.partitions.delete(dataset);
  }

  async createDataset(
    project: string,
    dataset: string,
    location: string,
    nowMs: number,
  ): Promise<DatasetInfo> {
    if (project !== this.project) throw notFound(`Project ${project} (the stand-in serves ${this.project})`);
    if (this.datasetsById.has(dataset)) {
      throw new BigqueryError('duplicate', `Already Exists: Dataset ${project}:${dataset}`);
    }
    if (!/^[A-Za-z0-9_]{1,1024}$/.test(dataset)) throw invalidRequest(`Invalid dataset ID "${dataset}".`);
    await this.session.run(`CREATE SCHEMA IF NOT EXISTS ${MEMORY_CATALOG}.${quoteIdent(dataset)}`);
    const info = { dataset, location, createdMs: nowMs };
    this.datasetsById.set(dataset, info);
    return info;
  }

  /** tables.insert: an empty table in memory (the served file is read-only). */
  async createTable(
    project: string,
    dataset: string,
    table: string,
    fields: { name: string; type: string }[],
    partitionField: string | null,
    nowMs: number,
  ): Promise<TableInfo> {
    this.dataset(project, dataset);
    if (this.tablesByKey.has(key(dataset, table))) {
      throw new BigqueryError('duplicate', `Already Exists: Table ${project}:${dataset}.${table}`);
    }
    if (!/^[\p{L}\p{M}\p{N}\p{Pc}\p{Pd}\p{Zs}]{1,1024}$/u.test(table)) {
      throw invalidRequest(`Invalid table ID "${table}".`);
    }
    const columns = fields.map((f) => {
      const ddl = duckdbDdlType(f.type);
      if (!ddl) throw invalidRequest(`stand-in: unsupported field type ${f.type} for ${f.name}`);
      return { name: f.name, ddl, type: bigqueryType(ddl, `${dataset}.${table}.${f.name}`) };
    });
    if (partitionField && columns.find((c) => c.name === partitionField)?.type !== 'DATE') {
      throw invalidRequest(
        `The field specified for partitioning must be a top-level DATE field: ${partitionField}`,
      );
    }
    await this.session.run(`CREATE SCHEMA IF NOT EXISTS ${MEMORY_CATALOG}.${quoteIdent(dataset)}`);
    const duckdbName = [MEMORY_CATALOG, dataset, table].map(quoteIdent).join('.');
    await this.session.run(
      `CREATE TABLE ${duckdbName} (${columns.map((c) => `${quoteIdent(c.name)} ${c.ddl}`).join(', ')})`,
    );
    const info: TableInfo = {
      dataset,
      table,
      columns: columns.map(({ name, type }) => ({ name, type })),
      duckdbName,
      partitionField,
      createdMs: nowMs,
    };
    this.tablesByKey.set(key(dataset, table), info);
    this.partitions.delete(dataset);
    return info;
  }

  /** Rows and logical bytes of a table, as tables.get reports numRows and numBytes. */
  async size(table: TableInfo): Promise<{ rows: number; bytes: number }> {
    const reader = await this.session.read(
      `SELECT count(*) AS n, ${bytesSql(table.columns)} AS b FROM ${table.duckdbName}`,
    );
    const row = reader.getRowObjectsJS()[0] ?? {};
    return { rows: Number(row.n ?? 0), bytes: Number(row.b ?? 0) };
  }
}
