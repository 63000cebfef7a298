import type { SlackBlock } from './message-store.js';
import { blockId, slackId, withBlockIds } from './slack-ids.js';

export type ViewValues = Record<string, Record<string, unknown>>;

/** A modal or Home tab as Slack keeps it (snake_case fields are what the app gets back). */
export interface StandinView {
  id: string;
  team_id: string;
  app_id: string;
  bot_id: string;
  type: 'modal' | 'home';
  callback_id: string;
  external_id: string;
  private_metadata: string;
  title?: unknown;
  submit?: unknown;
  close?: unknown;
  blocks: SlackBlock[];
  state: { values: ViewValues };
  hash: string;
  clear_on_close: boolean;
  notify_on_close: boolean;
  root_view_id: string;
  previous_view_id: string | null;
}

/** What only the stand-in knows about a view: whose it is and what the page must show on it. */
export interface ViewEntry {
  view: StandinView;
  user: string;
  /** From `response_action: 'errors'`, by block_id, shown under the inputs. */
  errors?: Record<string, string>;
  /** Slack's banner when the app did not answer a submission. */
  banner?: string;
}

const newHash = (): string => `${Math.floor(Date.now() / 1000)}.${blockId()}${blockId()}`;

/** Modal stacks (at most 3 deep, like Slack) and the Home tab, per user. */
export class ViewStore {
  private readonly modals = new Map<string, ViewEntry[]>();
  private readonly homes = new Map<string, ViewEntry>();

  constructor(
    private readonly ids: { team: string; app: string; bot: string },
    private readonly onChange: () => void,
  ) {}

  build(input: Record<string, unknown>, previous?: StandinView): StandinView {
    const str = (v: unknown, fallback: string) => (typeof v === 'string' ? v : fallback);
    const id = previous?.id ?? slackId('V');
    return {
      id,
      team_id: this.ids.team,
      app_id: this.ids.app,
      bot_id: this.ids.bot,
      type: input.type === 'home' ? 'home' : 'modal',
      callback_id: str(input.callback_id, ''),
      external_id: str(input.external_id, ''),
      private_metadata: str(input.private_metadata, ''),
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.submit !== undefined ? { submit: input.submit } : {}),
      ...(input.close !== undefined ? { close: input.close } : {}),
      blocks: withBlockIds(Array.isArray(input.blocks) ? (input.blocks as SlackBlock[]) : []),
      state: { values: {} },
      hash: newHash(),
      clear_on_close: input.clear_on_close === true,
      notify_on_close: input.notify_on_close === true,
      root_view_id: previous?.root_view_id ?? id,
      previous_view_id: previous?.previous_view_id ?? null,
    };
  }

  open(user: string, view: StandinView): void {
    this.modals.set(user, [{ view, user }]);
    this.onChange();
  }

  /** Adds a view on top of the user's stack; false when Slack's limit of 3 is reached. */
  push(user: string, input: Record<string, unknown>): StandinView | undefined {
    const stack = this.modals.get(user) ?? [];
    if (stack.length >= 3) return undefined;
    const top = stack.at(-1)?.view;
    const view = this.build(input);
    if (top) Object.assign(view, { root_view_id: top.root_view_id, previous_view_id: top.id });
    stack.push({ view, user });
    this.modals.set(user, stack);
    this.onChange();
    return view;
  }

  publishHome(user: string, input: Record<string, unknown>): StandinView {
    const view = this.build(input, this.homes.get(user)?.view);
    this.homes.set(user, { view, user });
    this.onChange();
    return view;
  }

  find(ref: { viewId?: string; externalId?: string }): ViewEntry | undefined {
    const entries = [...[...this.modals.values()].flat(), ...this.homes.values()];
    return entries.find((e) =>
      ref.viewId
        ? e.view.id === ref.viewId
        : ref.externalId !== undefined && e.view.external_id === ref.externalId,
    );
  }

  /** Replaces a view's content in place: same id, new hash, errors cleared. */
  replace(entry: ViewEntry, input: Record<string, unknown>): StandinView {
    const view = this.build({ type: entry.view.type, ...input }, entry.view);
    entry.view = view;
    delete entry.errors;
    delete entry.banner;
    this.onChange();
    return view;
  }

  annotate(entry: ViewEntry, notes: { errors?: Record<string, string>; banner?: string }): void {
    if (notes.errors) entry.errors = notes.errors;
    else delete entry.errors;
    if (notes.banner) entry.banner = notes.banner;
    else delete entry.banner;
    this.onChange();
  }

  /** Closes the top view (what an empty submission ack does), or the whole stack. */
  close(user: string, scope: 'top' | 'all'): void {
    const stack = this.modals.get(user) ?? [];
    if (scope === 'all' || stack.length <= 1) this.modals.delete(user);
    else stack.pop();
    this.onChange();
  }

  modalStack(user: string): ViewEntry[] {
    return [...(this.modals.get(user) ?? [])];
  }

  home(user: string): ViewEntry | undefined {
    return this.homes.get(user);
  }

  clear(): void {
    this.modals.clear();
    this.homes.clear();
    this.onChange();
  }
}
