import type { Queue } from '../queue/queue.js';
import type { StateStore } from '../store/state-store.js';
import type { AnswerDeps } from './answer.js';
import type { Dedupe } from './dedupe.js';

/** What every listener gets: how to answer, and the memory of requests already handled. */
export interface SlackDeps extends AnswerDeps {
  dedupe: Dedupe;
  /** Where gate requests and decisions are kept; without it `gate` only reports the verdict. */
  store?: StateStore;
  /** Where approved gates start their next stage. */
  queue?: Queue;
}
