import { afterEach, describe, expect, it } from 'vitest';
import { ChatError } from '../../src/chat/chat-error.js';
import { tinyPng } from '../standin/tiny-png.js';
import { type SlackOverStandin, slackOverStandin } from './slack-standin.js';

// The upload's failures, as the Slack chat adapter reports them: what to do, and whether waiting helps.
const file = {
  bytes: tinyPng(),
  filename: 'coverage.png',
  title: 'Coverage heatmap',
  altText: 'all present',
};

async function refusal(call: Promise<unknown>): Promise<ChatError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ChatError)) throw new Error(`expected a ChatError, got ${String(error)}`);
  return error;
}

describe('sharing a file through the Slack adapter', () => {
  let slack: SlackOverStandin | undefined;
  afterEach(async () => {
    await slack?.close();
    slack = undefined;
  });

  it('names the files:write scope when the app lacks it', async () => {
    slack = await slackOverStandin({ standin: { scopes: ['commands', 'chat:write'] } });
    const refused = await refusal(slack.chat.upload('C0OPS', file));
    expect(refused.chatCode).toBe('MISSING_SCOPE');
    expect(refused.message).toContain('add the files:write scope to the app');
  });

  it('says Slack did not serve the upload when completing it fails, and that waiting helps', async () => {
    slack = await slackOverStandin();
    slack.standin.injectFault('files.completeUploadExternal', { status: 503 });
    const refused = await refusal(slack.chat.upload('C0OPS', file));
    expect(refused.chatCode).toBe('UNAVAILABLE');
    expect(refused.transient).toBe(true);
    expect(slack.standin.messages('C0OPS').filter((m) => m.files)).toEqual([]);
  });

  it('takes the three steps in order, the alt text with the first and the title with the last', async () => {
    slack = await slackOverStandin();
    await slack.chat.upload('C0OPS', file);
    const calls = slack.standin.apiCalls.map((c) => c.method);
    expect(calls).toEqual(['files.getUploadURLExternal', 'files.completeUploadExternal']);
    const [shared] = slack.standin.messages('C0OPS').flatMap((m) => m.files ?? []);
    expect(shared).toMatchObject({
      title: 'Coverage heatmap',
      alt_txt: 'all present',
      mimetype: 'image/png',
    });
    expect(shared?.size).toBe(file.bytes.length);
  });
});
