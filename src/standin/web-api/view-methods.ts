import { viewProblems } from '../block-limits.js';
import type { StandinState } from '../standin-state.js';
import { findUser } from '../world.js';
import { type MethodArgs, SlackApiError } from './method-args.js';
import type { MethodTable } from './method-context.js';

type Obj = Record<string, unknown>;

function viewArg(args: MethodArgs, expected: 'modal' | 'home'): Obj {
  const view = args.json('view');
  if (view === undefined)
    throw new SlackApiError('invalid_arguments', ['[ERROR] missing required field: view']);
  const problems = viewProblems(view, expected);
  if (problems.length > 0) throw new SlackApiError('invalid_arguments', problems);
  return view as Obj;
}

function takeTrigger(args: MethodArgs, state: StandinState): string {
  const taken = state.triggers.take(args.required('trigger_id'));
  if ('error' in taken) throw new SlackApiError(taken.error);
  return taken.user;
}

export const viewMethods = {
  'views.open': (args, state) => {
    const input = viewArg(args, 'modal');
    const user = takeTrigger(args, state);
    const view = state.views.build(input);
    state.views.open(user, view);
    return { view };
  },

  'views.push': (args, state) => {
    const input = viewArg(args, 'modal');
    const user = takeTrigger(args, state);
    if (state.views.modalStack(user).length === 0) throw new SlackApiError('not_found');
    const view = state.views.push(user, input);
    if (!view) throw new SlackApiError('push_limit_reached');
    return { view };
  },

  'views.update': (args, state) => {
    const viewId = args.str('view_id');
    const externalId = args.str('external_id');
    if (!viewId && !externalId) {
      throw new SlackApiError('invalid_arguments', ['[ERROR] either view_id or external_id is required']);
    }
    const entry = state.views.find({ ...(viewId ? { viewId } : {}), ...(externalId ? { externalId } : {}) });
    if (!entry) throw new SlackApiError('not_found');
    const input = viewArg(args, entry.view.type);
    const hash = args.str('hash');
    if (hash && hash !== entry.view.hash) throw new SlackApiError('hash_conflict');
    return { view: state.views.replace(entry, input) };
  },

  'views.publish': (args, state) => {
    const user = findUser(state.world, args.required('user_id'));
    if (!user || user.isBot) throw new SlackApiError('user_not_found');
    const input = viewArg(args, 'home');
    const hash = args.str('hash');
    const current = state.views.home(user.id);
    if (hash && current && hash !== current.view.hash) throw new SlackApiError('hash_conflict');
    return { view: state.views.publishHome(user.id, input) };
  },
} satisfies MethodTable;
