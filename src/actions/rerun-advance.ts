import { rerunView } from '../commands/rerun-view.js';
import { SYSTEM_ACTOR } from '../store/state-store.js';
import type { ActionPorts } from './action-ports.js';
import { withRequesterHome } from './home-effects.js';
import { statusUpdate, stepMessages } from './rerun-effects.js';

type AdvancePorts = Pick<ActionPorts, 'catalog' | 'store' | 'warehouse' | 'clock'>;

export interface AdvanceReport {
  /** Requests looked at. */
  active: number;
  /** Chain steps released (their messages written to the outbox). */
  released: number;
  finished: number;
}

/**
 * Moves running re-runs along, from the run history: when every processor-date of the last released
 * step has a successful run since the confirmation, the next step's messages are written (the
 * runbook's "wait for completion, then"); when every date is done, the request is done. Each request's
 * thread state is redrawn when it changed. Safe on several replicas: releases are compare-and-set on
 * the request's version, and a state reply is keyed by its content.
 */
export async function advanceReruns(ports: AdvancePorts): Promise<AdvanceReport> {
  const running = await ports.store.listReruns({ states: ['confirmed'], limit: 200 });
  const report: AdvanceReport = { active: running.length, released: 0, finished: 0 };
  for (const request of running) {
    const { view } = await rerunView(request, ports);
    const last = view.steps[request.releasedSteps - 1];
    const allReleased = request.releasedSteps >= request.plan.steps.length;
    const lastDone = last !== undefined && last.done === last.total;
    if (view.done && allReleased) {
      const finished = { ...request, state: 'done' as const, doneAt: ports.clock.now().toISOString() };
      const { changed } = await ports.store.updateRerun(
        request.id,
        { version: request.version, state: 'done', fields: { doneAt: finished.doneAt } },
        audit(request.id, 'rerun.done', {}),
        withRequesterHome(() => [statusUpdate(finished, view)]),
      );
      if (changed) report.finished++;
    } else if (lastDone && !allReleased) {
      const step = request.releasedSteps;
      const released = { ...request, releasedSteps: step + 1 };
      const { changed } = await ports.store.updateRerun(
        request.id,
        { version: request.version, state: 'confirmed', fields: { releasedSteps: step + 1 } },
        audit(request.id, 'rerun.release', { step: step + 1 }),
        withRequesterHome(() => [...stepMessages(released, step), statusUpdate(released, view)]),
      );
      if (changed) report.released++;
    } else {
      const update = statusUpdate(request, view);
      if (!(await ports.store.getOutbox(update.key))) {
        await ports.store.enqueue([update], audit(request.id, 'rerun.status', {}));
      }
    }
  }
  return report;
}

const audit = (requestId: string, action: string, args: Record<string, number>) => ({
  actor: SYSTEM_ACTOR,
  action,
  args: { requestId, ...args },
  result: {},
});
