import type { ChatPort } from '../chat/chat.js';
import type { DirectoryPort } from '../chat/directory.js';
import type { CommandPorts } from '../commands/command-context.js';
import type { StateStore } from '../store/state-store.js';

/** What a core action runs against: the command ports plus the store, chat and directory. */
export interface ActionPorts extends CommandPorts {
  store: StateStore;
  chat: ChatPort;
  directory: DirectoryPort;
}

/** Who acts, where, and the keys their front gave the request. */
export interface Actor {
  /** The chat system's user id (Slack: U…), or `cli:<os user>`. */
  id: string;
  /** As the chat system named them when they acted; lets other fronts say @lead1 later. */
  handle: string | null;
  /** Where the action was taken; posts and private answers go there. */
  channel: string;
}
