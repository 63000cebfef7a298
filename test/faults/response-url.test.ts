import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSlack, openDemoSlack } from '../support/demo-slack.js';
import { messageText } from '../support/message-text.js';

// A response_url that answers 5xx (Slack having a bad moment): the answer is tried again within
// Slack's 5 uses, then the person is told another way (a private message, else a DM). Nothing asked
// for is lost, and nobody else sees it.

describe('answers when the response_url fails', () => {
  let demo: DemoSlack;
  beforeAll(async () => {
    demo = await openDemoSlack({ asOf: '2026-11-23' });
  }, 90_000);
  afterAll(() => demo.close());

  const ask = async (channel: string, text: string) => {
    const before = demo.h.standin.apiCalls.length;
    await demo.h.standin.slashCommand({ user: 'U0OPS', channel, text });
    return before;
  };

  it('tries the response_url again after a 5xx, and answers there', async () => {
    demo.h.standin.injectFault('response_url', { status: 503 }, 2);
    const before = await ask('C0OPS', 'status 2021-22');
    const answer = await demo.h.standin.waitForMessage(
      (m) => m.ephemeralTo === 'U0OPS' && messageText(m).includes('Backfill status · season 2021-22'),
      15_000,
    );
    expect(answer).toBeDefined();
    expect(demo.h.standin.apiCalls.slice(before).map((c) => c.method)).not.toContain('chat.postEphemeral');
  });

  it('tells the person privately in the channel when the response_url keeps failing', async () => {
    demo.h.standin.injectFault('response_url', { status: 500 }, 3);
    const before = await ask('C0OPS', 'status 2022-23');
    const answer = await demo.h.standin.waitForMessage(
      (m) => m.ephemeralTo === 'U0OPS' && messageText(m).includes('Backfill status · season 2022-23'),
      15_000,
    );
    expect(answer).toBeDefined();
    expect(demo.h.standin.apiCalls.slice(before).map((c) => c.method)).toContain('chat.postEphemeral');
    expect(demo.h.logs.join('\n')).toContain('response_url failed 3 times');
  });

  it('sends a direct message when it cannot answer in the channel either', async () => {
    demo.h.standin.injectFault('response_url', { status: 502 }, 3);
    const before = await ask('C0QUIET', 'status 2023-24');
    await demo.h.standin.waitFor(
      () =>
        demo.h.standin.apiCalls
          .slice(before)
          .find((c) => c.method === 'chat.postMessage' && JSON.stringify(c.args).includes('U0OPS')),
      15_000,
      'a direct message to U0OPS',
    );
    const dm = demo.h.standin
      .messages('D0OPS', 'U0OPS')
      .find((m) => messageText(m).includes('Backfill status · season 2023-24'));
    expect(dm).toBeDefined();
  });
});
