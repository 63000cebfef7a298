import {
  BIGINT,
  DOUBLE,
  type DuckDBType,
  type DuckDBValue,
  LIST,
  listValue,
  VARCHAR,
} from '@duckdb/node-api';
import { z } from 'zod';
import { invalidQuery, invalidRequest, unsupported } from '../bigquery-error.js';

export type ParamType = 'DATE' | 'TIMESTAMP' | 'INT64' | 'FLOAT64' | 'STRING' | 'ARRAY<STRING>';

/** One named parameter: as recorded for tests, and as bound to DuckDB. */
export interface QueryParam {
  type: ParamType;
  value: string | string[];
  duckdb: { value: DuckDBValue; type: DuckDBType; cast: string };
}

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]).optional();
const ParameterSchema = z.object({
  name: z.string().optional(),
  parameterType: z.object({
    type: z.string(),
    arrayType: z.object({ type: z.string() }).optional(),
  }),
  parameterValue: z
    .object({ value: scalar, arrayValues: z.array(z.object({ value: scalar })).optional() })
    .optional(),
});
const ParametersSchema = z.array(ParameterSchema).optional();

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// BigQuery's TIMESTAMP text: a date, T or space, a time (up to 6 fractional digits), a zone (else UTC).
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?) ?(Z|UTC|[+-]\d{2}:\d{2})?$/;

/** The instant in UTC, in milliseconds: DuckDB's cast to TIMESTAMP would drop an offset, not apply it. */
function utcTimestamp(text: string): string | null {
  const m = TIMESTAMP.exec(text);
  if (!m) return null;
  const zone = m[3] === undefined || m[3] === 'UTC' ? 'Z' : m[3];
  const ms = Date.parse(`${m[1]}T${m[2]?.slice(0, 12)}${zone}`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(text);
}

/**
 * The request's `queryParameters`, checked the way our SQL must use them: named, one of the types our
 * SQL builders emit, and with a value. A parameter without a value is refused although BigQuery would
 * run it as NULL: that is what the client sends for a DATE given as a plain string, silently.
 */
export function decodeParameters(raw: unknown, mode: unknown): Map<string, QueryParam> {
  const parsed = ParametersSchema.safeParse(raw);
  if (!parsed.success) {
    throw invalidRequest(`stand-in: malformed queryParameters: ${parsed.error.issues[0]?.message ?? ''}`);
  }
  const params = new Map<string, QueryParam>();
  const list = parsed.data ?? [];
  if (list.length && (String(mode).toUpperCase() === 'POSITIONAL' || list.some((p) => !p.name))) {
    throw unsupported('positional query parameters (our SQL uses @named ones)');
  }
  for (const p of list) {
    const name = p.name as string;
    if (params.has(name)) throw invalidRequest(`Duplicate query parameter name @${name}`);
    params.set(name, decodeOne(name, p));
  }
  return params;
}

function decodeOne(name: string, p: z.infer<typeof ParameterSchema>): QueryParam {
  const { type, arrayType } = p.parameterType;
  const value = p.parameterValue?.value;
  if (type === 'ARRAY') {
    if (arrayType?.type !== 'STRING')
      throw unsupported(`query parameter type ARRAY<${arrayType?.type}> (@${name})`);
    const values = (p.parameterValue?.arrayValues ?? []).map((v) => {
      if (typeof v.value !== 'string')
        throw invalidQuery(`Query parameter @${name} has a non-STRING element`);
      return v.value;
    });
    return {
      type: 'ARRAY<STRING>',
      value: values,
      duckdb: { value: listValue(values), type: LIST(VARCHAR), cast: 'VARCHAR[]' },
    };
  }
  if (value === undefined || value === null) {
    throw invalidQuery(
      `stand-in: query parameter @${name} (${type}) has no value; BigQuery would run it as NULL` +
        (type === 'DATE'
          ? " (the client sends that for a plain string: pass BigQuery.date('YYYY-MM-DD'))"
          : ''),
    );
  }
  const text = String(value);
  switch (type) {
    case 'DATE':
      if (!isCalendarDate(text))
        throw invalidQuery(`Invalid DATE value for query parameter @${name}: "${text}"`);
      return { type, value: text, duckdb: { value: text, type: VARCHAR, cast: 'DATE' } };
    case 'TIMESTAMP': {
      const utc = utcTimestamp(text);
      if (utc === null) throw invalidQuery(`Invalid TIMESTAMP value for query parameter @${name}: "${text}"`);
      return { type, value: text, duckdb: { value: utc, type: VARCHAR, cast: 'TIMESTAMP' } };
    }
    case 'INT64':
      if (!/^-?\d+$/.test(text))
        throw invalidQuery(`Invalid INT64 value for query parameter @${name}: "${text}"`);
      return { type, value: text, duckdb: { value: BigInt(text), type: BIGINT, cast: 'BIGINT' } };
    case 'FLOAT64': {
      const n = Number(text);
      if (text.trim() === '' || (Number.isNaN(n) && text !== 'NaN')) {
        throw invalidQuery(`Invalid FLOAT64 value for query parameter @${name}: "${text}"`);
      }
      return { type, value: text, duckdb: { value: n, type: DOUBLE, cast: 'DOUBLE' } };
    }
    case 'STRING':
      return { type, value: text, duckdb: { value: text, type: VARCHAR, cast: 'VARCHAR' } };
    default:
      throw unsupported(`query parameter type ${type} (@${name})`);
  }
}
