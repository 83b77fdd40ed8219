/**
 * Tells a new question from the reason a resident gives after a 👎 (see `NewQuestionDetector`):
 * a message is a new question when the knowledge base's retrieval points confidently at a document
 * other than those the rated answer cited — "how do I get a resident certificate?" after a 👎 on
 * the basic pension. A message about the rated document ("the deadline is missing", the same
 * question again with "— deadline?") or one no document clearly answers is the reason: it is what
 * the resident was looking for, and it reaches the content team with the 👎.
 */
import type { NewQuestionDetector } from '../../dialogs/ports';
import type { Retriever } from '../../knowledge/ports';
import type { Lang } from '../../locales/lang';

/**
 * Retrieval confidence from which the best document is what the message asks about. Measured on
 * the bundled documents (2026-12-07, two retriever versions): new questions score 0.97 and more;
 * reasons whose best match is another document 0.74 at most ("申請の締め切りが知りたかった" matches
 * an unrelated 申請 passage at 0.59–0.74).
 */
const NEW_QUESTION_CONFIDENCE = 0.85;

/** Implements {@link NewQuestionDetector} over the retriever. */
export class RetrievalNewQuestionDetector implements NewQuestionDetector {
  constructor(
    private readonly retriever: Retriever,
    private readonly confidence = NEW_QUESTION_CONFIDENCE,
  ) {}

  async isNewQuestion(text: string, lang: Lang, ratedDocIds: readonly string[]): Promise<boolean> {
    const result = await this.retriever.retrieve({ text, lang, limit: 3 });
    const top = result.passages[0];
    return top !== undefined && result.confidence >= this.confidence && !ratedDocIds.includes(top.docId);
  }
}
