import { addDays, type IsoDate, isIsoDate } from '../domain/dates.js';
import { BadInputError } from '../domain/errors.js';
import { buildReport } from '../reports/build-report.js';
import type { ReportData } from '../reports/report-data.js';
import { defineCommand } from './command.js';
import { type CommandPorts, today } from './command-context.js';
import { missedReports } from './missed-reports.js';

const ACCEPTED =
  'Accepted: an ISO date (2026-01-23), yesterday (the default) or today. Example: report yesterday';

/** The day to report on: yesterday by default, in the catalog's time zone; never after today. */
export function parseReportDate(args: string[], ports: Pick<CommandPorts, 'catalog' | 'clock'>): IsoDate {
  const now = today(ports);
  if (args.length > 1) throw new BadInputError(`report takes one date, not "${args.join(' ')}"`, ACCEPTED);
  const word = (args[0] ?? 'yesterday').toLowerCase();
  if (word === 'yesterday') return addDays(now, -1);
  if (word === 'today') return now;
  if (!isIsoDate(word)) throw new BadInputError(`"${args[0]}" is not a date report accepts`, ACCEPTED);
  if (word > now) throw new BadInputError(`${word} is after today (${now}): nothing to report yet`, ACCEPTED);
  return word;
}

export const reportCommand = defineCommand<{ date: IsoDate }, ReportData>({
  name: 'report',
  group: 'schedule',
  usage: 'report [date]',
  summary: 'The daily health report: coverage, failures, player coverage, stale rows, stalled backfills.',
  example: 'report yesterday',
  parse: (args, ports) => ({ date: parseReportDate(args, ports) }),
  async run({ date }, ports) {
    const [report, missed] = await Promise.all([buildReport(date, ports), missedReports(ports)]);
    if (!missed) return report;
    return { ...report, message: { ...report.message, blocks: [...report.message.blocks, missed] } };
  },
});
