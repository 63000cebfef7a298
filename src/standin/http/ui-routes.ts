import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StandinState } from '../standin-state.js';
import type { Standin, SubmitViewInput } from '../start-standin.js';
import { readBody } from './read-body.js';
import { sendJson } from './send.js';
import { uiState } from './ui-state.js';

type Obj = Record<string, unknown>;

const str = (body: Obj, key: string): string => {
  const v = body[key];
  if (typeof v !== 'string' || v === '') throw new Error(`missing ${key}`);
  return v;
};
const opt = (body: Obj, key: string): string | undefined =>
  typeof body[key] === 'string' ? body[key] : undefined;

/** `/backfill status 2023-24` -> command `/backfill`, text `status 2023-24`, as Slack's composer splits it. */
export function splitCommandLine(line: string): { command: string; text: string } {
  const trimmed = line.trim();
  const space = trimmed.search(/\s/);
  return space < 0
    ? { command: trimmed, text: '' }
    : { command: trimmed.slice(0, space), text: trimmed.slice(space + 1).trim() };
}

/**
 * The page's JSON endpoints. Each one calls the same Standin operation a test calls, so the page
 * and the tests exercise one code path.
 */
const POSTS: Record<string, (standin: Standin, body: Obj) => Promise<unknown>> = {
  '/ui/command': (s, b) =>
    s.slashCommand({ user: str(b, 'user'), channel: str(b, 'channel'), ...splitCommandLine(str(b, 'text')) }),
  '/ui/message': async (s, b) =>
    s.postAsUser({ user: str(b, 'user'), channel: str(b, 'channel'), text: str(b, 'text') }),
  '/ui/action': (s, b) => {
    const ref = {
      user: str(b, 'user'),
      actionId: str(b, 'actionId'),
      ...(opt(b, 'value') !== undefined ? { value: opt(b, 'value') } : {}),
      ...(opt(b, 'blockId') !== undefined ? { blockId: opt(b, 'blockId') } : {}),
    };
    const viewId = opt(b, 'viewId');
    return viewId
      ? s.clickButton({ ...ref, viewId })
      : s.clickButton({ ...ref, channel: str(b, 'channel'), messageTs: str(b, 'messageTs') });
  },
  '/ui/submit': (s, b) =>
    s.submitView({
      user: str(b, 'user'),
      viewId: str(b, 'viewId'),
      values: (b.values ?? {}) as SubmitViewInput['values'],
    }),
  '/ui/close': async (s, b) => {
    await s.closeView(str(b, 'user'), str(b, 'viewId'));
    return { ok: true };
  },
  '/ui/home': (s, b) => s.openHome(str(b, 'user')),
};

/** Server-Sent Events: one `change` event per state version, so the page refetches its state. */
function streamChanges(
  state: StandinState,
  req: IncomingMessage,
  res: ServerResponse,
  streams: Set<ServerResponse>,
) {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  res.write(`retry: 1000\nevent: change\ndata: ${state.version}\n\n`);
  let pending = false;
  const unsubscribe = state.subscribe(() => {
    // Several changes in one tick (a reply replacing a message) become one event.
    if (pending) return;
    pending = true;
    setImmediate(() => {
      pending = false;
      res.write(`event: change\ndata: ${state.version}\n\n`);
    });
  });
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  streams.add(res);
  req.on('close', () => {
    clearInterval(keepAlive);
    unsubscribe();
    streams.delete(res);
  });
}

export async function handleUi(
  standin: Standin,
  state: StandinState,
  streams: Set<ServerResponse>,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  if (req.method === 'GET' && url.pathname === '/ui/events') {
    streamChanges(state, req, res, streams);
    return true;
  }
  try {
    if (req.method === 'GET' && url.pathname === '/ui/state') {
      sendJson(res, 200, uiState(state, url.searchParams.get('user') ?? state.world.users[0]?.id ?? ''));
      return true;
    }
    const post = POSTS[url.pathname];
    if (req.method !== 'POST' || !post) return false;
    const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as Obj;
    sendJson(res, 200, await post(standin, body));
  } catch (error) {
    sendJson(res, 400, { error: error instanceof Error ? error.message : String(error) });
  }
  return true;
}
