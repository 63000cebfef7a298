import { describe, expect, it } from 'vitest';
import { RESPONSE_URL_TTL_MS, ResponseUrls } from '../../src/standin/response-urls.js';
import { TRIGGER_KEPT_MS, Triggers } from '../../src/standin/triggers.js';

// The stand-in runs inside the bot on the embedded default: what it keeps per request must not grow
// without end either.

describe("the stand-in's per-request bookkeeping", () => {
  it('forgets response_urls past their 30 minutes, which answer expired_url as before', () => {
    let now = 0;
    const urls = new ResponseUrls(() => now);
    const old = urls.create({ kind: 'command', channel: 'C0OPS', user: 'U0OPS' });
    urls.create({ kind: 'command', channel: 'C0OPS', user: 'U0OPS' });
    now = RESPONSE_URL_TTL_MS + 1;
    urls.create({ kind: 'action', channel: 'C0OPS', user: 'U0OPS' });
    expect(urls.size).toBe(1);
    expect(urls.take(old.id)).toEqual({ error: 'expired_url' });
  });

  it('forgets trigger_ids after a minute; younger used ones still answer expired_trigger_id', () => {
    let now = 0;
    const triggers = new Triggers(() => now);
    const first = triggers.create('U0OPS');
    now = 5_000;
    const second = triggers.create('U0OPS');
    expect(triggers.take(second)).toEqual({ user: 'U0OPS' });
    expect(triggers.take(second)).toEqual({ error: 'expired_trigger_id' });
    expect(triggers.take(first)).toEqual({ error: 'expired_trigger_id' });
    now = TRIGGER_KEPT_MS + 1;
    triggers.create('U0LEAD1');
    expect(triggers.size).toBe(2);
    now = 5_000 + TRIGGER_KEPT_MS + 1;
    triggers.create('U0LEAD1');
    expect(triggers.size).toBe(2);
    expect(triggers.take(first)).toEqual({ error: 'invalid_trigger_id' });
  });
});
