/**
 * The officers' knowledge desk over the bot's own retrieval and answer service: an officer's search
 * ranks passages exactly as a resident's question would (hybrid retrieval with the cross-lingual
 * glossary), and an officer's question is answered by the same chain (LLM when reachable, the
 * extractive quote otherwise).
 */
import { randomUUID } from 'node:crypto';
import type { AnswerService, Retriever } from '../../knowledge/ports';
import type { KnowledgeDesk } from '../../officers/knowledge-desk';

/** Builds the desk the officer API and console use. */
export function knowledgeDesk(retriever: Retriever, answers: AnswerService): KnowledgeDesk {
  return {
    search: async ({ text, lang, limit }) => {
      const { passages } = await retriever.retrieve({ text, lang, limit });
      return passages.map((p) => ({
        docId: p.docId,
        title: p.title,
        section: p.section ?? null,
        text: p.text,
        url: p.url ?? null,
        updated: p.updated ?? null,
        lang: p.lang,
        score: Math.round(p.score * 1e4) / 1e4,
      }));
    },
    ask: async (question, lang) => {
      // A conversation of its own per question: the answer service's follow-up memory is per conversation.
      const answer = await answers.answer({ question, lang, channelId: 'officer-console', conversationId: `desk-${randomUUID()}` });
      if (answer.status !== 'answered') return null;
      return {
        text: answer.text,
        citations: answer.citations.map(({ n, docId, title, url, updated }) => ({ n, docId, title, ...(url ? { url } : {}), ...(updated ? { updated } : {}) })),
        mode: answer.mode,
      };
    },
  };
}
