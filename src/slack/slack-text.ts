import { RERUN_FLAGS } from '../commands/rerun-words.js';
import { RUNS_STARTED_FLAG } from '../commands/runs.js';
import { BadInputError } from '../domain/errors.js';

export interface SlackRequestWords {
  words: string[];
  /** `--public`: post the answer in the channel instead of only to the requester. */
  isPublic: boolean;
  /** `--explain`: what status/gaps would scan, instead of running them. */
  explain: boolean;
}

const FLAGS = ['--public', '--explain'];
// A command's own flags stay in its words, for its parser (the CLI passes them the same way).
const COMMAND_FLAGS: readonly string[] = [...RERUN_FLAGS, RUNS_STARTED_FLAG];

// Slack escapes &, < and > in slash command text.
const unescapeSlack = (text: string) =>
  text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Splits `/backfill` text into the command words (the CLI's grammar) and Slack-only flags. */
export function parseSlackText(text: string): SlackRequestWords {
  const tokens = unescapeSlack(text).trim().split(/\s+/).filter(Boolean);
  const unknown = tokens.filter(
    (t) => t.startsWith('--') && !FLAGS.includes(t) && !COMMAND_FLAGS.includes(t),
  );
  if (unknown.length) {
    throw new BadInputError(
      `unknown option ${unknown.join(', ')}`,
      'Accepted: --public (post the answer in the channel), --explain (status, gaps: what would be scanned); rerun: --override, --with-downstream; runs: --started last Nh|Nd.',
    );
  }
  return {
    words: tokens.filter((t) => !FLAGS.includes(t)),
    isPublic: tokens.includes('--public'),
    explain: tokens.includes('--explain'),
  };
}
