import { randomBytes } from 'node:crypto';

/** `g_` and 48 random bits in hex: short enough for a button value, unguessable enough to not collide. */
export const newGateRequestId = (): string => `g_${randomBytes(6).toString('hex')}`;
