/**
 * The contract every channel (Bot Framework, web chat, LINE, Kakao, Telegram) fulfils so the host can
 * mount it and the officer side can reach residents proactively. Adapters are thin: they verify,
 * map to Bot Framework Activities, run the same bot logic and render replies in the platform's form.
 */
import type { Router } from 'express';
import type { ConversationReference, Middleware, TurnContext } from 'botbuilder';

/** The bot's turn logic (the ActivityHandler's `run`). */
export type BotLogic = (context: TurnContext) => Promise<void>;

/** Sends messages to a resident outside a turn they started (officer replies, callbacks). */
export interface ProactiveSender {
  /** The Bot Framework `channelId` this sender serves (for example `line`). */
  readonly channelId: string;
  /** Runs `logic` in a turn context bound to the stored conversation reference. */
  continueConversation(reference: Partial<ConversationReference>, logic: BotLogic): Promise<void>;
}

/** One mounted channel. */
export interface ChannelEndpoint extends ProactiveSender {
  /** Express mount path, e.g. `/webhooks/line`. */
  readonly mountPath: string;
  /** False when the channel's settings are absent; the host then answers 404 with a clear body. */
  readonly enabled: boolean;
  /** Human-readable reason the channel is off (names the missing variables). */
  readonly disabledReason?: string;
  /** Registers middleware (masking, limits, transcript) that runs on every turn of this channel. */
  use(...middleware: Middleware[]): void;
  /** The Express router that receives the platform's webhooks; it parses its own body (raw for signatures). */
  router(bot: BotLogic): Router;
  /**
   * Resolves when webhooks already acknowledged have been processed (LINE and Telegram answer
   * 200 before the turn runs); the host awaits it on shutdown. Optional: synchronous channels omit it.
   */
  drain?(): Promise<void>;
}
