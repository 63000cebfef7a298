import type { CatalogTable } from '../config/catalog-schema.js';
import type { CoverageExplain } from '../domain/coverage-explain.js';
import type { DateRange } from '../domain/dates.js';
import { type Block, type CommandResult, followUp, strong } from '../domain/message.js';
import type { NamedRange } from '../domain/range-parser.js';
import type { CommandPorts } from './command-context.js';

export interface ExplainData extends CoverageExplain {
  range: DateRange;
  command: string;
  query: { warehouse: string; roundTrips: number; millis: number };
}

const MB = 1024 * 1024;
export const formatBytes = (bytes: number): string =>
  bytes >= 1024 * MB
    ? `${(bytes / 1024 / MB).toFixed(2)} GB`
    : bytes >= MB
      ? `${(bytes / MB).toFixed(1)} MB`
      : `${(bytes / 1024).toFixed(1)} KB`;

/** `--explain`: how coverage would read each table and what it would scan, instead of running it. */
export async function explainCoverage(
  command: string,
  range: NamedRange,
  tables: CatalogTable[],
  ports: CommandPorts,
): Promise<CommandResult<ExplainData>> {
  const { warehouse } = ports;
  const { value, stats } = await warehouse.explainCoverage(range, tables, command);
  const data: ExplainData = {
    command,
    range: { start: range.start, end: range.end },
    ...value,
    query: { warehouse: warehouse.kind, ...stats },
  };
  const how = value.dryRun
    ? `${warehouse.kind} dry run: nothing was read`
    : `estimated from row counts on ${warehouse.kind}`;
  const blocks: Block[] = [
    { kind: 'header', text: `Explain ${command} · ${range.label}` },
    {
      kind: 'table',
      columns: ['table', 'path', 'would scan'],
      rows: value.tables.map((t) => [t.table, t.path, formatBytes(t.bytes)]),
    },
    { kind: 'text', text: [strong(`One query would scan ${formatBytes(value.totalBytes)}`), ` (${how}).`] },
    {
      kind: 'context',
      text: 'partition-metadata reads INFORMATION_SCHEMA.PARTITIONS (billed at the 10 MB minimum); date-scan reads only the date column within the range.',
    },
    { kind: 'actions', actions: [followUp(`Run ${command}`, `${command} ${range.start}..${range.end}`)] },
  ];
  return {
    data,
    message: {
      summary: `${command} ${range.label} would scan ${formatBytes(value.totalBytes)}`,
      tone: 'neutral',
      blocks,
    },
  };
}
