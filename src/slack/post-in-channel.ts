import type { ChatPort } from '../chat/chat.js';
import type { FileAttachment, Message } from '../domain/message.js';

/**
 * An answer that comes with files (the heatmap's picture) is for everyone in the channel where it
 * was asked, like a gate card: the files first, then the message with its buttons under them, both
 * through the chat port. A channel the bot is not in is refused before anything is uploaded
 * (ChatError NOT_IN_CHANNEL, which the caller tells the person privately: "invite @backfill-bot").
 */
export async function postInChannel(
  chat: ChatPort,
  channel: string,
  answer: { message: Message; files: FileAttachment[] },
  key: string,
): Promise<void> {
  await chat.checkCanPost(channel);
  for (const file of answer.files) await chat.upload(channel, file);
  await chat.post(channel, answer.message, { key: `answer:${key}` });
}
