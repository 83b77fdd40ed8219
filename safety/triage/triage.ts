/**
 * The deterministic triage of one resident message (ko/ja/en, no LLM): crisis, then hand-off,
 * then out of scope (prompt injection first), then eligibility screening, then greeting or help,
 * and everything else goes to the knowledge base. The order is the policy: a message that is both
 * a crisis and a request for a person is a crisis; an injection attempt that also asks for a
 * person is handed to a person (who is not fooled by it).
 */
import { LRUCache } from 'lru-cache';
import type { Lang } from '../../locales/lang';
import type { CrisisCategory, MessageTriage, Route } from '../ports';
import { normalizeText, type NormalizedText } from '../text/normalize-text';
import { isGreeting, isHelpRequest } from './conversation-rules';
import { CRISIS_RULES } from './crisis-rules';
import { handoffReason } from './handoff-rules';
import { firstMatch } from './pattern-set';
import { isInjection, isOffTopic } from './scope-rules';

/** Settings of the triage. */
export interface TriageOptions {
  /** Recognises a request for eligibility screening (written by the eligibility module). */
  isEligibilityRequest?: (text: string, lang: Lang) => boolean;
  /**
   * Decisions kept for repeated messages (same text, same language), least recently used dropped
   * first. Residents ask the same questions in the same words ("児童手当の申請方法は？"), and the
   * rules are deterministic, so a repeat need not run them again. Default 0 (none kept).
   */
  memoSize?: number;
  /**
   * Changes whenever `isEligibilityRequest` may answer differently for the same text (the
   * knowledge base's program titles were reloaded); decisions kept under an older value are not
   * used. Default: never changes.
   */
  generation?: () => number;
}

/** Messages longer than this are not kept (a repeat is unlikely, and the key would be large). */
const MEMO_MAX_CHARS = 500;

/** A triage decision with the pattern that decided it (for tests, evaluation and debugging). */
export interface TriageExplanation {
  route: Route;
  /** `lang:pattern` of the deciding rule, when a pattern decided. */
  rule?: string;
}

/** Deterministic message triage; see the module comment for the order. */
export class Triage implements MessageTriage {
  private readonly isEligibilityRequest?: (text: string, lang: Lang) => boolean;
  private readonly memo: LRUCache<string, Route> | null;

  constructor(private readonly options: TriageOptions = {}) {
    this.isEligibilityRequest = options.isEligibilityRequest;
    this.memo = (options.memoSize ?? 0) > 0 ? new LRUCache({ max: options.memoSize ?? 0 }) : null;
  }

  /** Classifies one (already masked) message. */
  classify(text: string, lang: Lang): Route {
    if (!this.memo || text.length > MEMO_MAX_CHARS) return this.explain(text, lang).route;
    const key = `${this.options.generation?.() ?? 0}\u0000${lang}\u0000${text}`;
    const kept = this.memo.get(key);
    if (kept) return kept;
    // Frozen: every caller of a repeated message gets this same object.
    const route = Object.freeze(this.explain(text, lang).route);
    this.memo.set(key, route);
    return route;
  }

  /** Like `classify`, and says which rule decided. */
  explain(text: string, lang: Lang): TriageExplanation {
    const normalized = normalizeText(text);
    if (normalized.plain === '') return { route: { kind: 'help' } };
    const crisis = crisisOf(normalized);
    if (crisis) return { route: { kind: 'crisis', category: crisis.category }, rule: crisis.rule };
    const handoff = handoffReason(normalized);
    if (handoff) return { route: { kind: 'handoff', reason: handoff } };
    if (isInjection(normalized)) return { route: { kind: 'out_of_scope', reason: 'injection' } };
    if (isOffTopic(normalized)) return { route: { kind: 'out_of_scope', reason: 'off_topic' } };
    if (this.isEligibilityRequest?.(normalized.cased, lang)) return { route: { kind: 'eligibility' } };
    if (isGreeting(normalized)) return { route: { kind: 'greeting' } };
    if (isHelpRequest(normalized)) return { route: { kind: 'help' } };
    return { route: { kind: 'answer' } };
  }
}

function crisisOf(text: NormalizedText): { category: CrisisCategory; rule: string } | null {
  for (const { category, patterns } of CRISIS_RULES) {
    const rule = firstMatch(text, patterns);
    if (rule) return { category, rule };
  }
  return null;
}
