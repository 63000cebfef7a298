import type { ActionPorts } from '../actions/action-ports.js';
import type { Message } from '../domain/message.js';
import { homeFacts } from './home-facts.js';
import { homeMessage } from './home-message.js';
import type { HomeNotices } from './home-notices.js';

/**
 * The App Home of `user` as a message model, read now. `shown` is an answer the person asked for from
 * the Home itself (a button there, or what their vote did): it goes on top, the overview under it.
 * With `notices`, it is remembered, and a later build without one (a refresh) keeps it on top for a
 * while (see HomeNotices).
 */
export async function buildHome(
  user: string,
  ports: Pick<ActionPorts, 'catalog' | 'warehouse' | 'clock' | 'store' | 'directory'>,
  log: (line: string) => void,
  answer?: Message,
  notices?: HomeNotices,
): Promise<Message> {
  if (answer) notices?.remember(user, answer);
  const shown = answer ?? notices?.current(user);
  const home = homeMessage(await homeFacts(user, ports, log));
  if (!shown) return home;
  return { ...home, summary: shown.summary, blocks: [...shown.blocks, { kind: 'divider' }, ...home.blocks] };
}
