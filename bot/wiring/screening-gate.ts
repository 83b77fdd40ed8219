/**
 * The screening gate: a generic "what can I get?" is always screened; a described situation is
 * screened unless the knowledge base confidently points to one program that has no machine-readable
 * criteria — then the resident gets that program's answer (and is offered screening as well).
 */
import type { ScreeningGate } from '../../dialogs/ports';
import type { Retriever } from '../../knowledge/ports';
import { extractFacts, isEmptyFacts } from '../../eligibility/extract/extract-facts';
import type { EligibilitySettings } from '../../eligibility/references';
import type { Lang } from '../../locales/lang';

/** Confidence above which the best document is taken as what the resident is asking about. */
const CONFIDENT = 0.8;

/** Implements {@link ScreeningGate} over the retriever and the screenable program ids. */
export class KnowledgeScreeningGate implements ScreeningGate {
  constructor(
    private readonly retriever: Retriever,
    private readonly screenable: () => ReadonlySet<string>,
    private readonly settings: EligibilitySettings,
  ) {}

  async shouldScreen(text: string, lang: Lang): Promise<boolean> {
    if (isEmptyFacts(extractFacts(text, lang, { settings: this.settings }))) return true;
    const result = await this.retriever.retrieve({ text, lang, limit: 3 });
    const top = result.passages[0];
    if (!top || result.confidence < CONFIDENT) return true;
    return this.screenable().has(top.docId);
  }
}
