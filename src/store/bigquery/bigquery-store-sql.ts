import { BigQuery } from '@google-cloud/bigquery';
import type { Params } from '../store-rows.js';
import { type ColumnType, STORE_TABLES } from './bigquery-store-schema.js';

export type ParamType = ColumnType | 'ARRAY<STRING>';

/** One statement (or script) and its typed parameters; values never enter the text. */
export interface Statement {
  sql: string;
  params: Record<string, { type: ParamType; value: string | number | string[] }>;
}

/** Joins statements into one script, their parameters into one set (names must not clash). */
export const script = (...parts: Statement[]): Statement => ({
  sql: parts.map((p) => p.sql).join(';\n'),
  params: Object.assign({}, ...parts.map((p) => p.params)),
});

/** The client's request fields for a statement: a DATE travels wrapped, or the client sends NULL. */
export function clientParams(statement: Statement) {
  const entries = Object.entries(statement.params);
  return {
    params: Object.fromEntries(
      entries.map(([name, p]) => [name, p.type === 'DATE' ? BigQuery.date(String(p.value)) : p.value]),
    ),
    types: Object.fromEntries(
      entries.map(([name, p]) => [name, p.type === 'ARRAY<STRING>' ? ['STRING'] : p.type]),
    ),
  };
}

/** Statements on the store's tables; table names come only from the validated project and dataset. */
export class StoreSql {
  constructor(
    private readonly project: string,
    private readonly dataset: string,
  ) {}

  table(name: keyof typeof STORE_TABLES & string): string {
    return `\`${this.project}.${this.dataset}.${name}\``;
  }

  /**
   * The row's values as `@prefix_column` parameters, typed from the schema. A NULL is written as the
   * literal: a parameter needs a value to carry its type, and INSERT takes an untyped NULL.
   */
  private values(table: string, prefix: string, row: Params) {
    const types = STORE_TABLES[table] ?? {};
    const params: Statement['params'] = {};
    const values = Object.entries(row).map(([column, value]) => {
      if (value === null) return 'NULL';
      const type = types[column];
      if (!type) throw new Error(`state store: no column ${table}.${column}`);
      params[`${prefix}_${column}`] = { type, value };
      return `@${prefix}_${column}`;
    });
    return { columns: Object.keys(row), values, params };
  }

  insert(table: keyof typeof STORE_TABLES & string, prefix: string, row: Params): Statement {
    const { columns, values, params } = this.values(table, prefix, row);
    return {
      sql: `INSERT INTO ${this.table(table)} (${columns.join(', ')}) VALUES (${values.join(', ')})`,
      params,
    };
  }

  /**
   * Inserts the row unless one matching `on` (over T, the table, and S, the row's `keys`) exists:
   * a transaction re-run after a lost answer writes nothing twice.
   */
  mergeInsert(
    table: keyof typeof STORE_TABLES & string,
    prefix: string,
    row: Params,
    keys: string[],
    on: string,
  ): Statement {
    const { columns, values, params } = this.values(table, prefix, row);
    const source = keys.map((k) => `@${prefix}_${k} AS ${k}`).join(', ');
    return {
      sql: `MERGE ${this.table(table)} T USING (SELECT ${source}) S ON ${on}
        WHEN NOT MATCHED THEN INSERT (${columns.join(', ')}) VALUES (${values.join(', ')})`,
      params,
    };
  }

  /** Sets the row's columns (NULL as the literal, as in insert) where `where` holds over `params`. */
  update(
    table: keyof typeof STORE_TABLES & string,
    prefix: string,
    row: Params,
    where: string,
    params: Statement['params'],
  ): Statement {
    const set = this.values(table, prefix, row);
    return {
      sql: `UPDATE ${this.table(table)} SET ${set.columns.map((c, i) => `${c} = ${set.values[i]}`).join(', ')}
        WHERE ${where}`,
      params: { ...set.params, ...params },
    };
  }
}
