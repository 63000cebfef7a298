import { DuckDBConnection } from '@duckdb/node-api';

export interface TappedStatement {
  sql: string;
  values: unknown;
}

// The connection methods that take SQL text first; the others (runAndRead*, streamAndRead*, ...)
// call these, so a statement may be seen twice, which a "never in the SQL" check does not mind.
const METHODS = ['run', 'stream', 'start', 'startStream', 'prepare', 'extractStatements'] as const;

/**
 * Sees every statement this process sends to DuckDB (the warehouse adapter, the state store, the
 * CLI's own ports), with its bound values, by wrapping the real connection's methods, which it
 * then calls unchanged. `stop()` puts the originals back.
 */
export function tapDuckdbSql(): { statements: TappedStatement[]; stop(): void } {
  const statements: TappedStatement[] = [];
  const proto = DuckDBConnection.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const originals = METHODS.map((name) => {
    const original = proto[name];
    if (typeof original !== 'function') throw new Error(`DuckDBConnection.${name} is gone: update the tap`);
    return [name, original] as const;
  });
  for (const [name, original] of originals) {
    proto[name] = function tapped(this: unknown, ...args: unknown[]) {
      if (typeof args[0] === 'string') statements.push({ sql: args[0], values: args[1] });
      return original.apply(this, args);
    };
  }
  return {
    statements,
    stop() {
      for (const [name, original] of originals) proto[name] = original;
    },
  };
}
