/**
 * Hands the bot's outgoing web chat events to whichever instance holds the resident's SSE
 * connection. The in-process bus serves one instance; SqlWebchatBus (LISTEN/NOTIFY) serves many.
 */
import type { Citation, QuickAction } from '../shared/outgoing-activity';

/** What the widget receives over SSE. */
export type WebchatEvent =
  | {
      type: 'message';
      id: string;
      text: string;
      citations: Citation[];
      actions: QuickAction[];
      streamId?: string;
      timestamp: string;
      /**
       * Who wrote it: the widget labels and styles officers' messages apart from the bot's.
       * Optional (absent = the bot), as events from an instance that predates it lack it.
       */
      author?: 'bot' | 'officer' | 'system';
    }
  | { type: 'typing' }
  | { type: 'partial'; streamId: string; text: string; seq: number };

/** A subscriber callback. */
export type WebchatListener = (event: WebchatEvent) => void;

/** Publish/subscribe by conversation id. */
export interface WebchatBus {
  /** Delivers an event to every subscriber of the conversation, on any instance. */
  publish(conversationId: string, event: WebchatEvent): Promise<void>;
  /** Subscribes on this instance; returns the unsubscribe function. */
  subscribe(conversationId: string, listener: WebchatListener): () => void;
}

/** Single-process bus. */
export class InProcessWebchatBus implements WebchatBus {
  private readonly listeners = new Map<string, Set<WebchatListener>>();

  /** @inheritdoc */
  publish(conversationId: string, event: WebchatEvent): Promise<void> {
    this.deliver(conversationId, event);
    return Promise.resolve();
  }

  /** Calls local listeners (also used by SqlWebchatBus when a notification arrives). */
  deliver(conversationId: string, event: WebchatEvent): void {
    for (const listener of this.listeners.get(conversationId) ?? []) {
      try {
        listener(event);
      } catch {
        // One broken connection must not stop delivery to the others.
      }
    }
  }

  /** @inheritdoc */
  subscribe(conversationId: string, listener: WebchatListener): () => void {
    let set = this.listeners.get(conversationId);
    if (!set) this.listeners.set(conversationId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(conversationId);
    };
  }

  /** Subscribers of a conversation on this instance (limits connections per conversation). */
  count(conversationId: string): number {
    return this.listeners.get(conversationId)?.size ?? 0;
  }
}
