import { randomBytes } from 'node:crypto';
import type { Delivery } from '../app-link.js';
import { dmChannelId } from '../world.js';
import { actingUser, type InteractionContext, nowTs, VERIFICATION_TOKEN } from './interaction-context.js';

const retryReason = (d: Delivery): string =>
  d.error === 'operation_timeout' ? 'http_timeout' : d.status === 0 ? 'connection_failed' : 'http_error';

/**
 * Delivers an Events API callback. Like Slack, a delivery without HTTP 200 within 3 s is retried
 * (x-slack-retry-num 1..3 with x-slack-retry-reason), with the same event_id; only the first
 * attempt is awaited.
 */
export async function sendEvent(ctx: InteractionContext, event: Record<string, unknown>): Promise<Delivery> {
  const { world } = ctx.state;
  const now = nowTs();
  const envelope = {
    token: VERIFICATION_TOKEN,
    team_id: world.team.id,
    api_app_id: world.appId,
    event: { ...event, event_ts: now },
    type: 'event_callback',
    event_id: `Ev0${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: world.team.id,
        user_id: world.bot.userId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  };
  const body = JSON.stringify(envelope);
  const first = await ctx.link.post(body, 'application/json');
  const retry = (attempt: number, last: Delivery) => {
    const delay = ctx.eventRetryDelaysMs[attempt - 1];
    if (!last.error || delay === undefined) return;
    ctx.schedule(async () => {
      const next = await ctx.link.post(body, 'application/json', {
        'x-slack-retry-num': String(attempt),
        'x-slack-retry-reason': retryReason(last),
      });
      retry(attempt + 1, next);
    }, delay);
  };
  retry(1, first);
  return first;
}

/** The user opened the app's Home tab: app_home_opened, with the published view if there is one. */
export async function openHome(ctx: InteractionContext, user: string): Promise<Delivery> {
  const person = actingUser(ctx.state.world, user);
  const home = ctx.state.views.home(person.id);
  return sendEvent(ctx, {
    type: 'app_home_opened',
    user: person.id,
    channel: dmChannelId(person.id),
    tab: 'home',
    ...(home ? { view: home.view } : {}),
  });
}
