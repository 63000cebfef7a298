import type { ChatPort } from '../chat/chat.js';
import type { AnswerDeps } from './answer.js';
import type { Dedupe } from './dedupe.js';
import type { InFlight } from './in-flight.js';
import type { SlackActions } from './slack-actions.js';

/** What every listener gets: how to answer, and the memory of requests already handled. */
export interface SlackDeps extends AnswerDeps {
  dedupe: Dedupe;
  /** Core actions (gate requests and votes); without them `gate` only reports the verdict. */
  actions?: SlackActions;
  /** Where answers with files are shared (the actions' chat when there are actions). */
  chat?: ChatPort;
  /** The answers in flight, bounded: one more is told "busy" at once. Without it, no bound. */
  inFlight?: InFlight;
}
