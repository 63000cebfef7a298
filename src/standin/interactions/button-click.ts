import { messageJson } from '../message-json.js';
import type { SlackBlock } from '../message-store.js';
import { canSee, resolveChannel } from '../world.js';
import {
  actingUser,
  type InteractionContext,
  nowTs,
  teamPart,
  userPart,
  VERIFICATION_TOKEN,
} from './interaction-context.js';
import { slackbotSays } from './slackbot-says.js';

interface ButtonRef {
  user: string;
  actionId: string;
  /** Picks one of several buttons sharing an action_id. */
  value?: string;
  blockId?: string;
}

/** A button on a message (channel + messageTs) or on a modal or Home tab (viewId). */
export type ClickButtonInput = ButtonRef & ({ channel: string; messageTs: string } | { viewId: string });

export interface ClickButtonResult {
  status: number;
  body: string;
  error?: string;
}

type Obj = Record<string, unknown>;

function findButton(blocks: SlackBlock[], ref: ButtonRef): { blockId: string; button: Obj } | undefined {
  for (const block of blocks) {
    if (ref.blockId !== undefined && block.block_id !== ref.blockId) continue;
    const elements: unknown[] =
      block.type === 'actions' && Array.isArray(block.elements)
        ? block.elements
        : block.type === 'section' && block.accessory
          ? [block.accessory]
          : [];
    for (const el of elements) {
      const button = el as Obj;
      if (button.type !== 'button' || button.action_id !== ref.actionId) continue;
      if (ref.value !== undefined && button.value !== ref.value) continue;
      return { blockId: String(block.block_id), button };
    }
  }
  return undefined;
}

const actionJson = (blockId: string, b: Obj) => ({
  action_id: b.action_id,
  block_id: blockId,
  text: b.text,
  ...(b.value !== undefined ? { value: b.value } : {}),
  ...(b.style !== undefined ? { style: b.style } : {}),
  type: 'button',
  action_ts: nowTs(),
});

const buttonLabel = (b: Obj): string => String((b.text as Obj | undefined)?.text ?? b.action_id);

/** Sends block_actions for a click, exactly as Slack shapes it for the surface the button is on. */
export async function clickButton(
  ctx: InteractionContext,
  input: ClickButtonInput,
): Promise<ClickButtonResult> {
  const { state } = ctx;
  const { world } = state;
  const user = actingUser(world, input.user);
  const common = {
    type: 'block_actions',
    user: userPart(world, user),
    api_app_id: world.appId,
    token: VERIFICATION_TOKEN,
    trigger_id: state.triggers.create(user.id),
    team: teamPart(world),
    enterprise: null,
    is_enterprise_install: false,
  };

  if ('viewId' in input) {
    const entry = state.views.find({ viewId: input.viewId });
    if (!entry || entry.user !== user.id) throw new Error(`${user.id} has no view ${input.viewId} open`);
    const found = findButton(entry.view.blocks, input);
    if (!found) throw new Error(`no button ${input.actionId} in view ${input.viewId}`);
    const payload = {
      ...common,
      container: { type: 'view', view_id: entry.view.id },
      view: entry.view,
      actions: [actionJson(found.blockId, found.button)],
    };
    const delivery = await ctx.link.post(formPayload(payload), FORM);
    if (delivery.error)
      state.views.annotate(entry, { banner: `${world.bot.name} did not respond (${delivery.error})` });
    return {
      status: delivery.status,
      body: delivery.body,
      ...(delivery.error ? { error: delivery.error } : {}),
    };
  }

  const channel = resolveChannel(world, input.channel);
  const message = channel && state.messages.find(channel.id, input.messageTs);
  if (
    !channel ||
    !message ||
    !canSee(world, channel.id, user.id) ||
    (message.ephemeralTo ?? user.id) !== user.id
  ) {
    throw new Error(`${user.id} sees no message ${input.messageTs} in ${input.channel}`);
  }
  const found = findButton(message.blocks ?? [], input);
  if (!found) throw new Error(`no button ${input.actionId} on message ${message.ts}`);
  const isEphemeral = message.ephemeralTo !== undefined;
  const target = state.responseUrls.create({
    kind: 'action',
    channel: channel.id,
    user: user.id,
    originalTs: message.ts,
  });
  // Slack sends no message body for an ephemeral message: the app never sees its content again.
  const payload = {
    ...common,
    container: { type: 'message', message_ts: message.ts, channel_id: channel.id, is_ephemeral: isEphemeral },
    channel: { id: channel.id, name: channel.id.startsWith('D') ? 'directmessage' : channel.name },
    ...(isEphemeral ? {} : { message: messageJson(world, message) }),
    state: { values: {} },
    response_url: `${state.baseUrl}/response/${target.id}`,
    actions: [actionJson(found.blockId, found.button)],
  };
  const delivery = await ctx.link.post(formPayload(payload), FORM);
  if (delivery.error) {
    slackbotSays(
      state,
      channel.id,
      user.id,
      `The “${buttonLabel(found.button)}” button failed with the error "${delivery.error}"`,
    );
  }
  return {
    status: delivery.status,
    body: delivery.body,
    ...(delivery.error ? { error: delivery.error } : {}),
  };
}

export const FORM = 'application/x-www-form-urlencoded';

/** Interactivity payloads travel as one form field, `payload=<JSON>`. */
export const formPayload = (payload: unknown): string =>
  new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
