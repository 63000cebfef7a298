import { FileStore } from './file-store.js';
import { MessageStore } from './message-store.js';
import { ResponseUrls } from './response-urls.js';
import { createTsClock } from './slack-ids.js';
import { Triggers } from './triggers.js';
import { ViewStore } from './view-store.js';
import { WebApiFaults } from './web-api-faults.js';
import type { StandinWorld } from './world.js';

/** One Web API call as received (the token is never kept). */
export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  at: number;
  /** The bot scope the call needed (null: none, undefined: an unknown method). */
  scope?: string | null;
}

/** Everything the stand-in remembers; every change bumps `version` and wakes the subscribers. */
export class StandinState {
  readonly messages: MessageStore;
  readonly views: ViewStore;
  readonly files: FileStore;
  readonly responseUrls: ResponseUrls;
  readonly triggers: Triggers;
  readonly apiCalls: ApiCall[] = [];
  readonly faults = new WebApiFaults();
  version = 0;
  /** Set once the server listens; URLs handed to the app (response_url, upload_url) start with it. */
  baseUrl = '';
  private readonly subscribers = new Set<() => void>();

  constructor(
    readonly world: StandinWorld,
    readonly now: () => number,
    /** The bot token's scopes, as the app's install granted them. */
    readonly scopes: ReadonlySet<string>,
  ) {
    const changed = () => this.changed();
    this.messages = new MessageStore(createTsClock(), changed);
    this.views = new ViewStore({ team: world.team.id, app: world.appId, bot: world.bot.botId }, changed);
    this.files = new FileStore(() => this.baseUrl);
    this.responseUrls = new ResponseUrls(now);
    this.triggers = new Triggers(now);
  }

  changed(): void {
    this.version += 1;
    for (const fn of this.subscribers) fn();
  }

  subscribe(fn: () => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  reset(): void {
    this.apiCalls.length = 0;
    this.faults.clear();
    this.files.clear();
    this.responseUrls.clear();
    this.triggers.clear();
    this.views.clear();
    this.messages.clear();
  }
}
