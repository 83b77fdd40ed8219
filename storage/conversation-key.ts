/** One string per conversation (channel and conversation id), for in-process maps and batch keys. */
export function conversationKey(channelId: string, conversationId: string): string {
  return `${channelId}\u0000${conversationId}`;
}
