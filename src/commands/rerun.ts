import { defineCommand } from './command.js';
import { planFromWarehouse } from './rerun-facts.js';
import { rerunPlanMessage } from './rerun-plan-message.js';
import { rerunHistory, rerunStatus } from './rerun-records.js';
import { parseRerunWords, RERUN_USAGE, type RerunWords } from './rerun-words.js';

/**
 * `rerun ...`: as a read (the CLI without --yes), the plan it would publish; `rerun status` and
 * `rerun history` from the store. In a chat front the plan is an action (src/actions/acts.ts): the
 * request is stored and shown with Confirm.
 */
export const rerunCommand = defineCommand({
  name: 'rerun',
  group: 'act',
  usage: RERUN_USAGE,
  summary: 'Re-runs failed or chosen dates through the queue: a dependency-checked plan, then Confirm.',
  example: 'rerun failed 2022-23 precompute',
  parse: (args, ports): RerunWords => parseRerunWords(args, ports),
  async run(request, ports) {
    if (request.kind === 'status') return rerunStatus(request.id, ports);
    if (request.kind === 'history') return rerunHistory(request.range, ports);
    const planned = await planFromWarehouse(request, ports);
    const { plan, query } = planned;
    return { data: { plan, query }, message: rerunPlanMessage(ports.catalog, planned, request.text) };
  },
});
