import type { ActionPorts } from '../actions/action-ports.js';
import type { Message } from '../domain/message.js';
import { homeFacts } from './home-facts.js';
import { homeMessage } from './home-message.js';

/**
 * The App Home of `user` as a message model, read now. `shown` is an answer the person asked for from
 * the Home itself (a button there, or what their vote did): it goes on top, the overview under it.
 */
export async function buildHome(
  user: string,
  ports: Pick<ActionPorts, 'catalog' | 'warehouse' | 'clock' | 'store' | 'directory'>,
  log: (line: string) => void,
  shown?: Message,
): Promise<Message> {
  const home = homeMessage(await homeFacts(user, ports, log));
  if (!shown) return home;
  return { ...home, summary: shown.summary, blocks: [...shown.blocks, { kind: 'divider' }, ...home.blocks] };
}
