import type { CommandPorts } from '../commands/command-context.js';
import { today } from '../commands/command-context.js';
import type { IsoDate } from '../domain/dates.js';
import type { Message } from '../domain/message.js';
import { judgeReport } from './judge-report.js';
import { readReportFacts } from './read-report-facts.js';
import type { ReportData } from './report-data.js';
import { reportMessage } from './report-message.js';

export interface Report {
  data: ReportData;
  message: Message;
}

/**
 * The daily health report for `date` (the day reported on), run today by the ports' clock: one
 * warehouse round trip (after the store's list of running re-runs), judged, then rendered into our
 * message model. Scheduling and posting are the caller's.
 */
export async function buildReport(date: IsoDate, ports: CommandPorts): Promise<Report> {
  const facts = await readReportFacts(date, today(ports), ports);
  const data = judgeReport(ports.catalog, facts);
  return { data, message: reportMessage(data) };
}
