import { viewProblems } from '../block-limits.js';
import type { SlackBlock } from '../message-store.js';
import type { ViewEntry, ViewValues } from '../view-store.js';
import { FORM, formPayload } from './button-click.js';
import {
  actingUser,
  type InteractionContext,
  teamPart,
  userPart,
  VERIFICATION_TOKEN,
} from './interaction-context.js';

export interface SubmitViewInput {
  user: string;
  viewId: string;
  /** Slack's state.values shape: `{ block_id: { action_id: { type: 'plain_text_input', value } } }`. */
  values: Record<string, Record<string, unknown>>;
}

export interface SubmitViewResult {
  status: number;
  body: string;
  /** `missing_required` when Slack's client would not even send it; else what went wrong. */
  error?: string;
}

export const TROUBLE_BANNER = 'We had some trouble connecting. Try again?';
export const REQUIRED_FIELD = 'Please complete this required field.';

type Obj = Record<string, unknown>;

function emptyValue(type: unknown): Obj {
  if (type === 'static_select' || type === 'external_select') return { type, selected_option: null };
  if (type === 'datepicker') return { type, selected_date: null };
  if (type === 'checkboxes') return { type, selected_options: [] };
  return { type, value: null };
}

function isEmpty(v: Obj): boolean {
  if ('selected_options' in v) return !Array.isArray(v.selected_options) || v.selected_options.length === 0;
  const x = v.value ?? v.selected_option ?? v.selected_date ?? null;
  return x === null || x === '';
}

/**
 * Every input block appears in state.values (empty ones as null), as Slack sends them. Required
 * inputs left empty stop the submission in the client, before the app hears of it.
 */
function stateValues(blocks: SlackBlock[], given: SubmitViewInput['values'], viewId: string) {
  const inputs = blocks.filter((b) => b.type === 'input');
  for (const blockId of Object.keys(given)) {
    if (!inputs.some((b) => b.block_id === blockId))
      throw new Error(`no input block ${blockId} in view ${viewId}`);
  }
  const values: ViewValues = {};
  const missing: Record<string, string> = {};
  for (const block of inputs) {
    const element = (block.element ?? {}) as Obj;
    const blockId = String(block.block_id);
    const actionId = typeof element.action_id === 'string' ? element.action_id : blockId;
    const value = (given[blockId]?.[actionId] as Obj | undefined) ?? emptyValue(element.type);
    values[blockId] = { [actionId]: value };
    if (block.optional !== true && isEmpty(value)) missing[blockId] = REQUIRED_FIELD;
  }
  return { values, missing };
}

function applyAnswer(
  ctx: InteractionContext,
  entry: ViewEntry,
  user: string,
  body: string,
): string | undefined {
  const { views } = ctx.state;
  if (body.trim() === '') {
    views.close(user, 'top');
    return undefined;
  }
  let answer: Obj;
  try {
    answer = JSON.parse(body) as Obj;
  } catch {
    views.annotate(entry, { banner: TROUBLE_BANNER });
    return 'invalid_response';
  }
  switch (answer.response_action) {
    case 'errors':
      views.annotate(entry, { errors: (answer.errors ?? {}) as Record<string, string> });
      return undefined;
    case 'clear':
      views.close(user, 'all');
      return undefined;
    case 'update':
    case 'push': {
      if (viewProblems(answer.view, 'modal').length > 0) {
        views.annotate(entry, { banner: TROUBLE_BANNER });
        return 'invalid_view';
      }
      if (answer.response_action === 'update') views.replace(entry, answer.view as Obj);
      else views.push(user, answer.view as Obj);
      return undefined;
    }
    default:
      views.annotate(entry, { banner: TROUBLE_BANNER });
      return 'invalid_response_action';
  }
}

/** Sends view_submission and applies the app's answer to the modal stack as Slack does. */
export async function submitView(ctx: InteractionContext, input: SubmitViewInput): Promise<SubmitViewResult> {
  const { state } = ctx;
  const { world } = state;
  const user = actingUser(world, input.user);
  const entry = state.views.modalStack(user.id).find((e) => e.view.id === input.viewId);
  if (!entry) throw new Error(`${user.id} has no modal ${input.viewId} open`);
  const { values, missing } = stateValues(entry.view.blocks, input.values, entry.view.id);
  if (Object.keys(missing).length > 0) {
    state.views.annotate(entry, { errors: missing });
    return { status: 0, body: '', error: 'missing_required' };
  }
  entry.view.state = { values };
  const payload = {
    type: 'view_submission',
    team: teamPart(world),
    user: userPart(world, user),
    api_app_id: world.appId,
    token: VERIFICATION_TOKEN,
    trigger_id: state.triggers.create(user.id),
    view: entry.view,
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
  const delivery = await ctx.link.post(formPayload(payload), FORM);
  if (delivery.error) {
    state.views.annotate(entry, { banner: TROUBLE_BANNER });
    return { status: delivery.status, body: delivery.body, error: delivery.error };
  }
  const error = applyAnswer(ctx, entry, user.id, delivery.body);
  return { status: delivery.status, body: delivery.body, ...(error ? { error } : {}) };
}

/** The user pressed Close (or Escape): Slack drops the stack and tells the app only if asked. */
export async function closeView(ctx: InteractionContext, user: string, viewId: string): Promise<void> {
  const { state } = ctx;
  const person = actingUser(state.world, user);
  const entry = state.views.modalStack(person.id).find((e) => e.view.id === viewId);
  if (!entry) return;
  state.views.close(person.id, 'all');
  if (!entry.view.notify_on_close) return;
  const payload = {
    type: 'view_closed',
    team: teamPart(state.world),
    user: userPart(state.world, person),
    api_app_id: state.world.appId,
    token: VERIFICATION_TOKEN,
    view: entry.view,
    is_cleared: true,
    is_enterprise_install: false,
    enterprise: null,
  };
  await ctx.link.post(formPayload(payload), FORM);
}
