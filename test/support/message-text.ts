import type { StandinMessage } from '../../src/standin/message-store.js';

/**
 * A message's blocks and notification text as one string to search, with the non-breaking hyphens
 * that keep dates whole in Slack prose (U+2011) read back as the hyphens people type.
 */
export const messageText = (m: Pick<StandinMessage, 'blocks' | 'text'> | undefined): string =>
  `${JSON.stringify(m?.blocks ?? [])}${m?.text ?? ''}`.replaceAll('\u2011', '-');

/** Any rendered JSON (blocks, a view) as a string to search, dates with typed hyphens. */
export const jsonText = (value: unknown): string => JSON.stringify(value ?? []).replaceAll('\u2011', '-');
