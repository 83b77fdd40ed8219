/**
 * The screening gate. Screening only runs where it can work: when the loaded knowledge base has no
 * program with `eligibility:` rules, or none of the documents relevant to the message has them,
 * the message is answered from the documents instead (a screening would end in "no matching
 * program" and never quote the documents that describe the help). Otherwise a request with no facts
 * ("what can I get?") is screened. A described
 * situation is answered from the knowledge base — with screening offered as well — when retrieval
 * points clearly at one program: either a program the screener cannot evaluate (no criteria), or,
 * very confidently and well ahead of the runner-up, any program ("월세 지원 받을 수 있는 제도 있어요?
 * 혼자 살고 소득이 적어요" is about the housing benefit). Otherwise ("67살이고 혼자 살아요") it is screened.
 */
import type { ScreeningGate } from '../../dialogs/ports';
import type { Retriever } from '../../knowledge/ports';
import { extractFacts, isEmptyFacts } from '../../eligibility/extract/extract-facts';
import type { EligibilitySettings } from '../../eligibility/references';
import type { Lang } from '../../locales/lang';

/** Confidence above which the best document is taken as what the resident is asking about. */
const CONFIDENT = 0.8;
/** Confidence and lead over the runner-up document at which even a screenable program is answered. */
const VERY_CONFIDENT = 0.9;
const CLEAR_LEAD = 1.65;

/** Implements {@link ScreeningGate} over the retriever and the screenable program ids. */
export class KnowledgeScreeningGate implements ScreeningGate {
  constructor(
    private readonly retriever: Retriever,
    private readonly screenable: () => ReadonlySet<string>,
    private readonly settings: EligibilitySettings,
  ) {}

  canScreen(): boolean {
    return this.screenable().size > 0;
  }

  async shouldScreen(text: string, lang: Lang): Promise<boolean> {
    const screenable = this.screenable();
    if (screenable.size === 0) return false;
    if (isEmptyFacts(extractFacts(text, lang, { settings: this.settings }))) return true;
    const result = await this.retriever.retrieve({ text, lang, limit: 6 });
    const top = result.passages[0];
    // A situation whose relevant documents include no screenable program: screening cannot help.
    if (top && !result.passages.some((p) => screenable.has(p.docId))) return false;
    if (!top || result.confidence < CONFIDENT) return true;
    if (!screenable.has(top.docId)) return false;
    const runnerUp = result.passages.find((p) => p.docId !== top.docId);
    const lead = runnerUp && runnerUp.score > 0 ? top.score / runnerUp.score : Infinity;
    return !(result.confidence >= VERY_CONFIDENT && lead >= CLEAR_LEAD);
  }
}
