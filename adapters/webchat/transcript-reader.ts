/**
 * Read access to the conversation transcript (implemented by the lead over the transcript
 * table), used to restore the widget's history after a page reload.
 */

/** One stored line of a conversation. */
export interface TranscriptLine {
  direction: 'in' | 'out';
  /** Who wrote it (optional: readers that do not know say nothing, and direction decides). */
  author?: 'resident' | 'bot' | 'officer' | 'system';
  text: string;
  createdAt: Date | string;
}

/** Reads recent transcript lines, oldest first. */
export interface TranscriptReader {
  list(channelId: string, conversationId: string, limit: number): Promise<TranscriptLine[]>;
}
