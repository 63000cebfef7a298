import type { StandinFile } from '../file-store.js';
import { botAuthor } from '../message-json.js';
import { memberChannel } from './bot-channel.js';
import { SlackApiError } from './method-args.js';
import type { MethodTable } from './method-context.js';

export const fileMethods = {
  'files.getUploadURLExternal': (args, state) => {
    const filename = args.required('filename');
    const length = Number(args.required('length'));
    if (!Number.isInteger(length) || length <= 0) {
      throw new SlackApiError('invalid_arguments', ['[ERROR] length must be a positive integer']);
    }
    const { fileId, uploadUrl } = state.files.reserve(
      filename,
      length,
      args.str('alt_txt') ?? args.str('alt_text'),
    );
    return { upload_url: uploadUrl, file_id: fileId };
  },

  'files.completeUploadExternal': (args, state) => {
    const list = args.json('files');
    if (!Array.isArray(list) || list.length === 0) {
      throw new SlackApiError('invalid_arguments', ['[ERROR] missing required field: files']);
    }
    const channelRef = args.str('channel_id') ?? args.str('channels')?.split(',')[0];
    const channel = channelRef ? memberChannel(state, channelRef) : undefined;
    const files: StandinFile[] = list.map((entry: unknown) => {
      const { id, title } = (entry ?? {}) as { id?: unknown; title?: unknown };
      const file =
        typeof id === 'string'
          ? state.files.complete(id, typeof title === 'string' ? title : undefined, state.world.bot.userId)
          : undefined;
      if (!file) throw new SlackApiError('file_not_found');
      return file;
    });
    if (channel) {
      const threadTs = args.str('thread_ts');
      state.messages.add(channel.id, {
        ...botAuthor(state.world),
        text: args.str('initial_comment') ?? '',
        files,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        via: 'files.completeUploadExternal',
      });
    }
    return { files };
  },
} satisfies MethodTable;
