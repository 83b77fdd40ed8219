/**
 * Ports of the officer side: what `bot/container.ts` wires from other modules (LLM summaries,
 * knowledge-base reply drafts, the audit log, masking, proactive senders).
 */
import type { Lang } from '../locales/lang';
import type { ProactiveSender } from '../adapters/shared/channel-endpoint';
import type { AuditEntry, AuditQuery, StoredAuditEntry } from '../safety/audit/audit-log';

export type { Lang } from '../locales/lang';
export type { ProactiveSender } from '../adapters/shared/channel-endpoint';
// The audit log's entry types are the safety module's; the ports below say what officers need of it.
export type { AuditEntry, AuditQuery, StoredAuditEntry } from '../safety/audit/audit-log';

/** Writes a short case summary with the LLM; `null` when the LLM is unavailable. Never throws. */
export interface CaseSummarizer {
  summarize(lines: string[], lang: Lang): Promise<string | null>;
}

/** A reply drafted from the knowledge base, which the officer edits before sending. */
export interface SuggestedReply {
  text: string;
  /** Sources; `n` matches the answer's `[n]` markers. */
  citations: { title: string; url?: string; n?: number; updated?: string }[];
  /** How the answer was written (`llm`, or the `extractive` quote). */
  mode?: 'llm' | 'extractive' | 'cache';
}

/** Drafts a reply to a resident's question from the knowledge base; `null` when nothing fits. */
export interface ReplySuggester {
  suggest(question: string, lang: Lang): Promise<SuggestedReply | null>;
}

/** Append-only audit log (implemented by the safety module). */
export interface AuditSink {
  append(entry: AuditEntry): Promise<void>;
}

/** The audit log as supervisors read it: append plus list (and export built from list). */
export interface AuditTrail extends AuditSink {
  list(query: AuditQuery): Promise<StoredAuditEntry[]>;
}

/**
 * Login back-off per client (its address) and account (the e-mail as typed, whether or not it
 * exists), implemented over the rate-limit counters by the safety module.
 */
export interface LoginThrottle {
  /** Milliseconds `client` must still wait before trying `account` again (0 = go ahead). */
  wait(client: string, account: string): Promise<number>;
  /** Counts a failed attempt and sets the next wait. */
  failed(client: string, account: string): Promise<void>;
}

/** Masks personal data in text an officer writes (the resident's side is masked by middleware). */
export interface TextMasker {
  mask(text: string): string;
}

/** Finds the proactive sender of a channel (`line`, `webchat`, …). */
export type SenderLookup = (channelId: string) => ProactiveSender | undefined;
