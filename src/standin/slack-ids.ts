import { randomBytes, randomInt } from 'node:crypto';

// Identifiers shaped like Slack's, so an app that parses or logs them sees nothing unusual.

const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `V0` + 9 upper-case alphanumerics, the shape of view, file and user ids. */
export function slackId(prefix: string): string {
  let id = `${prefix}0`;
  for (let i = 0; i < 9; i++) id += ALPHANUM[randomInt(ALPHANUM.length)];
  return id;
}

/** Slack's trigger ids: `<digits>.<digits>.<hex>`. */
export const triggerId = (): string =>
  `${randomInt(1e12)}.${randomInt(1e12)}.${randomBytes(16).toString('hex')}`;

/** The short ids Slack gives blocks that come without one. */
export function blockId(): string {
  const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let id = '';
  for (let i = 0; i < 5; i++) id += chars[randomInt(chars.length)];
  return id;
}

/**
 * Message timestamps: seconds.microseconds, strictly increasing across the whole workspace so that
 * `ts` orders messages and identifies them, as in Slack.
 */
export function createTsClock(): () => string {
  let last = 0;
  return () => {
    const now = Date.now() * 1000;
    last = Math.max(now, last + 100);
    return `${Math.floor(last / 1e6)}.${String(last % 1e6).padStart(6, '0')}`;
  };
}

/** Slack stores every block with a block_id, inventing one where the app gave none. */
export function withBlockIds<T extends { block_id?: unknown }>(blocks: T[]): T[] {
  return blocks.map((b) =>
    typeof b.block_id === 'string' && b.block_id !== '' ? b : { ...b, block_id: blockId() },
  );
}
