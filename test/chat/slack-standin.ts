import { randomBytes } from 'node:crypto';
import { SlackChat, type SlackChatOptions } from '../../src/slack/chat/slack-chat.js';
import { createSlackClient, type WebClient } from '../../src/slack/chat/slack-client.js';
import { SlackDirectory, type SlackDirectoryOptions } from '../../src/slack/directory/slack-directory.js';
import { type Standin, type StandinOptions, startStandin } from '../../src/standin/start-standin.js';

export interface SlackOverStandin {
  standin: Standin;
  client: WebClient;
  chat: SlackChat;
  directory: SlackDirectory;
  /** Web API calls of one method so far. */
  calls(method: string): number;
  close(): Promise<void>;
}

/**
 * The Slack adapters on a client made as production makes it (createSlackClient), talking to the
 * local stand-in. No app receives requests: the adapters only call the Web API. The token's scopes
 * are the manifest's unless the test says otherwise.
 */
export async function slackOverStandin(
  options: {
    standin?: Partial<StandinOptions>;
    chat?: SlackChatOptions;
    directory?: SlackDirectoryOptions;
  } = {},
): Promise<SlackOverStandin> {
  const botToken = `xoxb-test-${randomBytes(6).toString('hex')}`;
  const standin = await startStandin({
    port: 0,
    // Nothing here sends requests to an app; the port is never listened on.
    appUrl: 'http://127.0.0.1:9/slack/events',
    signingSecret: randomBytes(16).toString('hex'),
    botToken,
    ...options.standin,
  });
  const client = createSlackClient(botToken, { apiUrl: standin.apiUrl });
  return {
    standin,
    client,
    chat: new SlackChat(client, options.chat),
    directory: new SlackDirectory(client, options.directory),
    calls: (method) => standin.apiCalls.filter((c) => c.method === method).length,
    close: () => standin.close(),
  };
}
