import { compactDates } from '../compact-dates.js';
import type { IsoDate } from '../dates.js';
import type { RerunCalendar } from './rerun-calendar.js';
import type { RerunChain } from './rerun-chain.js';
import type { RerunMessage, RerunStep } from './rerun-plan.js';

function chunks(dates: IsoDate[], size: number): IsoDate[][] {
  const result: IsoDate[][] = [];
  for (let i = 0; i < dates.length; i += size) result.push(dates.slice(i, i + size));
  return result;
}

/**
 * One message per processor and chunk: its dates cut into runs of consecutive expected dates of its
 * phase (a day without a game does not break a run, an expected day left out of the plan does), and
 * each run into chunks of at most `batchDates`. In step order, then processor order, then date.
 */
export function rerunMessages(
  steps: RerunStep[],
  chain: RerunChain,
  calendar: RerunCalendar,
  batchDates: number,
): RerunMessage[] {
  return steps.flatMap((step) =>
    Object.entries(step.processors).flatMap(([processor, dates]) => {
      const { phase } = chain.linkOf(processor);
      let offset = 0;
      return compactDates(dates, calendar.expectedFor(phase)).flatMap((run) => {
        const runDates = dates.slice(offset, offset + run.count);
        offset += run.count;
        return chunks(runDates, batchDates).map(
          (chunk): RerunMessage => ({
            id: `${processor}:${chunk[0]}:${chunk[chunk.length - 1]}`,
            step: step.index,
            processor,
            phase: phase.id,
            topic: phase.topic,
            dates: chunk,
          }),
        );
      });
    }),
  );
}
