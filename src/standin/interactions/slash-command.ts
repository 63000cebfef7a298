import type { Delivery } from '../app-link.js';
import { resolveChannel } from '../world.js';
import { applyResponse } from './apply-response.js';
import { actingUser, type InteractionContext, VERIFICATION_TOKEN } from './interaction-context.js';
import { slackbotSays } from './slackbot-says.js';

export interface SlashCommandInput {
  user: string;
  channel: string;
  text: string;
  /** Defaults to the world's first command (`/backfill`). */
  command?: string;
}

export interface SlashCommandResult {
  status: number;
  body: string;
  responseUrl: string;
  triggerId: string;
  /** What Slack told the user instead of the app's answer, if anything. */
  error?: string;
}

/** A slash command's ack body: JSON (text/blocks/response_type) or plain text. */
function ackMessage(delivery: Delivery): Record<string, unknown> {
  const body = delivery.body.trim();
  if (delivery.contentType.includes('json') || body.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(body);
      if (typeof parsed === 'object' && parsed !== null) return parsed as Record<string, unknown>;
    } catch {
      // Not JSON after all: Slack shows it as text.
    }
  }
  return { text: delivery.body };
}

/** Sends a slash command the way Slack does and shows the user what Slack would show. */
export async function slashCommand(
  ctx: InteractionContext,
  input: SlashCommandInput,
): Promise<SlashCommandResult> {
  const { state } = ctx;
  const { world } = state;
  const user = actingUser(world, input.user);
  const channel = resolveChannel(world, input.channel);
  if (!channel) throw new Error(`unknown channel ${input.channel}`);
  const command = input.command ?? world.commands[0] ?? '/backfill';
  const none = { status: 0, body: '', responseUrl: '', triggerId: '' };
  if (!world.commands.includes(command)) {
    slackbotSays(
      state,
      channel.id,
      user.id,
      `${command} is not a valid command. In Slack, all messages that start with the "/" character are interpreted as commands.`,
    );
    return { ...none, error: 'invalid_command' };
  }

  const text = input.text.trim();
  const target = state.responseUrls.create({
    kind: 'command',
    channel: channel.id,
    user: user.id,
    commandLine: text ? `${command} ${text}` : command,
  });
  const responseUrl = `${state.baseUrl}/response/${target.id}`;
  const triggerId = state.triggers.create(user.id);
  const form = new URLSearchParams({
    token: VERIFICATION_TOKEN,
    team_id: world.team.id,
    team_domain: world.team.domain,
    channel_id: channel.id,
    channel_name: channel.id.startsWith('D') ? 'directmessage' : channel.name,
    user_id: user.id,
    user_name: user.name,
    command,
    text,
    api_app_id: world.appId,
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: triggerId,
  });
  const delivery = await ctx.link.post(form.toString(), 'application/x-www-form-urlencoded');
  const result = { status: delivery.status, body: delivery.body, responseUrl, triggerId };
  let error: string | undefined = delivery.error;
  if (!error && delivery.body.trim() !== '') {
    const applied = applyResponse(state, target, ackMessage(delivery), 'ack');
    if (!applied.ok) error = applied.error;
  }
  if (!error) return result;
  slackbotSays(state, channel.id, user.id, `${command} failed with the error "${error}"`);
  return { ...result, error };
}
