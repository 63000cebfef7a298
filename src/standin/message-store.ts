import type { StandinFile } from './file-store.js';
import { withBlockIds } from './slack-ids.js';

/** A Block Kit block as the app sent it: only its type is certain. */
export type SlackBlock = { type: string; block_id?: string } & Record<string, unknown>;

/** How a message got into the channel, so tests can tell an ack from a response_url post. */
export type MessageVia =
  | 'chat.postMessage'
  | 'chat.postEphemeral'
  | 'response_url'
  | 'ack'
  | 'files.completeUploadExternal'
  | 'user'
  | 'slackbot';

/** Message metadata as an app attaches it (chat.postMessage / chat.update `metadata`). */
export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

export interface StandinMessage {
  channel: string;
  ts: string;
  /** The author: a person, the app's bot user (with bot_id), or USLACKBOT. */
  user: string;
  bot_id?: string;
  text: string;
  blocks?: SlackBlock[];
  thread_ts?: string;
  /** Set for ephemeral messages: the only user who sees it. */
  ephemeralTo?: string;
  files?: StandinFile[];
  /** Only apps set it; shown to apps by conversations.history/replies with include_all_metadata. */
  metadata?: MessageMetadata;
  /** True once chat.update or replace_original changed it. */
  edited?: boolean;
  via: MessageVia;
}

export type NewMessage = Omit<StandinMessage, 'ts' | 'channel'>;

/** Every channel's messages in ts order, ephemerals included (Slack keeps those per session only). */
export class MessageStore {
  private readonly byChannel = new Map<string, StandinMessage[]>();

  constructor(
    private readonly nextTs: () => string,
    private readonly onChange: () => void,
  ) {}

  add(channel: string, message: NewMessage): StandinMessage {
    const stored: StandinMessage = { ...message, channel, ts: this.nextTs() };
    if (stored.blocks) stored.blocks = withBlockIds(stored.blocks);
    const list = this.byChannel.get(channel) ?? [];
    list.push(stored);
    this.byChannel.set(channel, list);
    this.onChange();
    return stored;
  }

  find(channel: string, ts: string): StandinMessage | undefined {
    return this.byChannel.get(channel)?.find((m) => m.ts === ts);
  }

  /** Replaces content in place: same ts, same visibility, as chat.update and replace_original do. */
  replace(
    channel: string,
    ts: string,
    content: Partial<Pick<StandinMessage, 'text' | 'blocks' | 'files' | 'metadata'>>,
  ) {
    const found = this.find(channel, ts);
    if (!found) return undefined;
    Object.assign(found, content, { edited: true });
    if (found.blocks) found.blocks = withBlockIds(found.blocks);
    this.onChange();
    return found;
  }

  remove(channel: string, ts: string): boolean {
    const list = this.byChannel.get(channel);
    const index = list?.findIndex((m) => m.ts === ts) ?? -1;
    if (!list || index < 0) return false;
    list.splice(index, 1);
    this.onChange();
    return true;
  }

  /** A channel's messages; with a viewer, only in-channel ones and the viewer's own ephemerals. */
  list(channel: string, viewer?: string): StandinMessage[] {
    const list = this.byChannel.get(channel) ?? [];
    return viewer === undefined ? [...list] : list.filter((m) => !m.ephemeralTo || m.ephemeralTo === viewer);
  }

  all(): StandinMessage[] {
    return [...this.byChannel.values()].flat().sort((a, b) => compareTs(a.ts, b.ts));
  }

  clear(): void {
    this.byChannel.clear();
    this.onChange();
  }
}

/** ts strings have a fixed width, so text order is time order (Number() would lose microseconds). */
export const compareTs = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
