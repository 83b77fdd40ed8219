/**
 * Masks personal data in every incoming activity before the bot, the logs, the transcript or the
 * LLM see it: `text`, and every string inside `value` and `channelData` (where adapters keep the
 * raw platform payload), and the names the platform gives the resident and the conversation (a
 * display name such as "Resident 010-3333-4444" would otherwise be stored with the conversation
 * reference). Control characters other than line breaks and tabs are removed first, on every
 * channel: PostgreSQL refuses a NUL, and one in a crisis message once failed the escalation.
 * Identifier-like fields (ids, tokens, signatures, URLs) are left alone so the adapters still work. What was masked (types and count, never the values) is put in
 * `turnState` for metrics and evaluation. Outgoing text is not masked: the bot's own replies carry
 * hotline and office numbers that must reach the resident.
 */
import type { Middleware, TurnContext } from 'botbuilder';
import type { PiiMasker, PiiType } from '../../safety/pii/pii-masker';
import { stripControlCharacters } from '../../safety/text/control-characters';

/** Turn-state key holding {@link MaskedTurnInfo}. */
export const PII_TURN_KEY = 'madoguchi.pii';

/** What the masking middleware found in this turn's activity. */
export interface MaskedTurnInfo {
  /** Distinct kinds masked, in order of first appearance. */
  types: PiiType[];
  /** How many items were masked in all. */
  count: number;
}

// Keys whose values are identifiers, not resident text.
const SKIP_KEY = /(?:^id$|id$|Id$|_id$|token|signature|secret|url$|uri$|^type$|timestamp|^mode$|^channel$)/i;
const MAX_DEPTH = 8;

/** The masking middleware; register it first on every channel. */
export class MaskingMiddleware implements Middleware {
  /**
   * @param masker the personal-data masker
   * @param observe optional timing hook (seconds spent masking this turn), e.g. for metrics
   */
  constructor(
    private readonly masker: Pick<PiiMasker, 'mask'>,
    private readonly observe?: (seconds: number, channelId: string) => void,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const started = performance.now();
    const info: MaskedTurnInfo = { types: [], count: 0 };
    const maskString = (text: string): string => {
      const result = this.masker.mask(stripControlCharacters(text));
      for (const f of result.found) if (!info.types.includes(f.type)) info.types.push(f.type);
      info.count += result.found.length;
      return result.text;
    };
    const activity = context.activity;
    if (typeof activity.text === 'string') activity.text = maskString(activity.text);
    if (activity.value !== undefined) activity.value = maskDeep(activity.value, maskString, 0);
    if (activity.channelData !== undefined) activity.channelData = maskDeep(activity.channelData, maskString, 0);
    // New objects: the adapter may share the originals between activities.
    if (typeof activity.from?.name === 'string') activity.from = { ...activity.from, name: maskString(activity.from.name) };
    if (typeof activity.conversation?.name === 'string') activity.conversation = { ...activity.conversation, name: maskString(activity.conversation.name) };
    context.turnState.set(PII_TURN_KEY, info);
    this.observe?.((performance.now() - started) / 1000, activity.channelId);
    await next();
  }
}

/** Masks every string in a JSON-like value, skipping identifier-like keys; returns a new value. */
export function maskDeep(value: unknown, maskString: (s: string) => string, depth: number): unknown {
  if (typeof value === 'string') return maskString(value);
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, maskString, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) out[key] = SKIP_KEY.test(key) ? v : maskDeep(v, maskString, depth + 1);
  return out;
}
