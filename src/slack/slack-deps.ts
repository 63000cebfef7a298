import type { AnswerDeps } from './answer.js';
import type { Dedupe } from './dedupe.js';

/** What every listener gets: how to answer, and the memory of requests already handled. */
export interface SlackDeps extends AnswerDeps {
  dedupe: Dedupe;
}
