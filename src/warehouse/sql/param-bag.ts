import type { Dialect, SqlParam, SqlParamType } from './sql-query.js';

/** Collects named parameters while a query is built, so values never enter the SQL text. */
export class ParamBag {
  readonly params: Record<string, SqlParam> = {};

  constructor(private readonly dialect: Dialect) {}

  add(name: string, type: SqlParamType, value: SqlParam['value']): string {
    this.params[name] = { type, value };
    return this.dialect.param(name, type);
  }

  date(name: string, value: string): string {
    return this.add(name, 'DATE', value);
  }

  int(name: string, value: number): string {
    return this.add(name, 'INT64', value);
  }

  /** An instant: ISO 8601 in UTC (DuckDB's cast to TIMESTAMP would drop any other offset). */
  timestamp(name: string, value: string): string {
    return this.add(name, 'TIMESTAMP', value);
  }

  string(name: string, value: string): string {
    return this.add(name, 'STRING', value);
  }

  inList(column: string, name: string, values: string[]): string {
    this.params[name] = { type: 'ARRAY<STRING>', value: values };
    return this.dialect.inList(column, name);
  }
}
