import type { CommandResult } from '../domain/message.js';
import type { CommandPorts } from './command-context.js';

/** Where help lists a command: look at the data, judge a gate, act on it, or schedule what is posted. */
export type CommandGroup = 'look' | 'judge' | 'act' | 'schedule';

/** The groups in the order help shows them. */
export const COMMAND_GROUPS: readonly CommandGroup[] = ['look', 'judge', 'act', 'schedule'];

/** A /backfill subcommand: parse words into a request, run it against the ports, return a message. */
export interface Command<Request = unknown, Data = unknown> {
  name: string;
  group: CommandGroup;
  /** Grammar line, e.g. "status [range]". */
  usage: string;
  summary: string;
  example: string;
  parse(args: string[], ports: CommandPorts): Request;
  run(request: Request, ports: CommandPorts): Promise<CommandResult<Data>>;
  /** `--explain`: what the command would read and scan, instead of running it (commands that read coverage). */
  explain?(request: Request, ports: CommandPorts): Promise<CommandResult>;
}

/** Lets a registry hold commands of different request types. */
export const defineCommand = <Request, Data>(command: Command<Request, Data>): Command<unknown, unknown> =>
  command as Command<unknown, unknown>;
