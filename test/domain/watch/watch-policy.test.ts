import { describe, expect, it } from 'vitest';
import { judgeWatchStop } from '../../../src/domain/watch/watch-policy.js';
import { catalog } from '../../support/ports.js';

// The catalog: operators are the group S0OPS, approvers the group S0LEADS.
const stop = (actor: string, actorGroups: string[] = []) =>
  judgeWatchStop(catalog, { actor, actorGroups, startedBy: 'U0RANDO' });

describe('who may stop a watch', () => {
  it('lets whoever started it stop it, though they are neither operator nor approver', () => {
    expect(stop('U0RANDO')).toEqual({ allowed: true });
  });

  it('lets operators and approvers stop anyone’s watch, and the CLI (an operator)', () => {
    expect(stop('U0OPS', ['S0OPS'])).toEqual({ allowed: true });
    expect(stop('U0LEAD1', ['S0LEADS'])).toEqual({ allowed: true });
    expect(stop('cli:ops')).toEqual({ allowed: true });
  });

  it('refuses anyone else', () => {
    expect(stop('U0OTHER')).toEqual({ allowed: false, refusal: 'not-permitted' });
    expect(stop('U0OTHER', ['S0ELSE'])).toEqual({ allowed: false, refusal: 'not-permitted' });
  });
});
