import type { ChatPort } from '../../src/chat/chat.js';
import { ChatError } from '../../src/chat/chat-error.js';
import type { DirectoryPort } from '../../src/chat/directory.js';
import { ALL_SCOPES, type ApiCall } from '../../src/standin/start-standin.js';
import { tinyPng } from '../standin/tiny-png.js';
import { message, rejectForm } from './gate-messages.js';
import { type SlackOverStandin, slackOverStandin } from './slack-standin.js';

type Methods<P> = Exclude<keyof P, 'kind'>;
type Exercise = (slack: SlackOverStandin) => Promise<unknown>;

/** A refusal the exercise expects (not in the channel); anything else is a failure. */
const refusedAs = (code: ChatError['chatCode']) => (error: unknown) => {
  if (!(error instanceof ChatError) || error.chatCode !== code) throw error;
};

// One entry per port method, each in every kind of channel it can meet (public, private, thread, a
// channel the bot is not in): a port method added without an entry here does not compile, so the
// scopes the manifest test derives from these calls cannot fall behind the adapters.
const chatExercises: Record<Methods<ChatPort>, Exercise> = {
  post: async ({ chat }) => {
    const card = await chat.post('C0OPS', message('card'), { key: 'k-post' });
    await chat.post('C0OPS', message('reply'), { key: 'k-reply', thread: card });
    await chat.post('C0LEADS', message('private card'), { key: 'k-private' });
    await chat.post('C0QUIET', message('card'), { key: 'k-quiet' }).catch(refusedAs('NOT_IN_CHANNEL'));
  },
  update: async ({ chat }) => {
    const card = await chat.post('C0OPS', message('card'), { key: 'k-update' });
    await chat.update(card, message('updated'), { key: 'k-updated' });
  },
  tell: ({ chat }) => chat.tell('C0OPS', 'U0LEAD1', message('only you')),
  publishHome: ({ chat }) => chat.publishHome('U0LEAD1', message('your home')),
  openForm: ({ chat, standin }) => chat.openForm(standin.issueTrigger('U0LEAD1'), rejectForm),
  find: async ({ chat }) => {
    const card = await chat.post('C0OPS', message('card'), { key: 'k-find' });
    await chat.find('C0OPS', 'k-find');
    await chat.find('C0OPS', 'k-none', card);
    await chat.find('C0LEADS', 'k-none');
  },
  upload: async ({ chat }) => {
    const file = { bytes: tinyPng(), filename: 'a.png', title: 'a picture', altText: 'a green square' };
    const card = await chat.post('C0OPS', message('card'), { key: 'k-upload' });
    await chat.upload('C0OPS', file);
    await chat.upload('C0OPS', file, { thread: card });
    await chat.upload('C0LEADS', file);
    await chat.upload('C0QUIET', file).catch(refusedAs('NOT_IN_CHANNEL'));
  },
  checkCanPost: async ({ chat }) => {
    await chat.checkCanPost('C0OPS');
    await chat.checkCanPost('C0LEADS');
    await chat.checkCanPost('D0LEAD1');
    await chat.checkCanPost('C0QUIET').catch(refusedAs('NOT_IN_CHANNEL'));
  },
};

const directoryExercises: Record<Methods<DirectoryPort>, Exercise> = {
  groupMembers: ({ directory }) => directory.groupMembers('S0LEADS'),
  handle: ({ directory }) => directory.handle('U0LEAD1'),
};

/**
 * Every Web API call the Slack chat and directory adapters make across all their operations, with
 * the scope each needed, from a stand-in whose token holds every scope it knows.
 */
export async function slackAdapterCalls(): Promise<ApiCall[]> {
  const slack = await slackOverStandin({ standin: { scopes: ALL_SCOPES } });
  try {
    for (const exercise of [...Object.values(chatExercises), ...Object.values(directoryExercises)]) {
      await exercise(slack);
    }
    return [...slack.standin.apiCalls];
  } finally {
    await slack.close();
  }
}
