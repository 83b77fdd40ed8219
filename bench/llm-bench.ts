/**
 * Prompt tokens per generated answer: Madoguchi's LLM path vs. a plain LangChain stuff-documents
 * chain, on the same questions.
 *
 * - ours: the real answer service (knowledge/answer/llm-answer-service.ts) over the real retriever
 *   (BM25 + glossary + document bridge over the documents' sections). The prompt carries the
 *   section(s) the question asks about — the same selection the extractive answer quotes (see
 *   knowledge/answer/section-selector.ts) — not whole retrieved chunks.
 * - ours_retrieved_chunks: the same answer chain given the retriever's passages as they come
 *   (the top document's best sections and runner-ups), to show what the selection saves.
 * - plain_stuff_documents: the LangChain tutorial recipe — RecursiveCharacterTextSplitter with
 *   1,000-character chunks and 200 overlap, the top 4 chunks (ranked by the same retriever built
 *   over those chunks) joined with blank lines into the `rlm/rag-prompt` template and piped to
 *   ChatOllama, which is what `createStuffDocumentsChain` does (page_content joined by "\n\n").
 *
 * All run through the real `ChatOllama` against the Ollama wire-protocol TEST DOUBLE
 * (test/helpers/ollama-test-server.ts) over loopback. The token figures are the double's
 * `prompt_eval_count`, computed by its documented estimator (1 per CJK character, ceil(len/4) per
 * Latin word, 1 per digit or punctuation mark, 4 per message + 3) — not a real tokenizer; our own
 * pessimistic estimator (knowledge/llm/token-estimator.ts) is reported alongside.
 *
 * Questions: the `answer` cases of ../shared/eval-sample (when present) and of eval/dev/cases.jsonl;
 * documents: the public sample's KB plus the bundled sample KB.
 */
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { ChatOllama } from '@langchain/ollama';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { OllamaTestServer } from '../test/helpers/ollama-test-server';
import { OllamaPool } from '../knowledge/llm/ollama-pool';
import { OllamaLlmClient } from '../knowledge/llm/llm-client';
import { AnswerChain } from '../knowledge/chains/answer-chain';
import { LlmAnswerService, type AnswerMetrics } from '../knowledge/answer/llm-answer-service';
import { readKbDir } from '../knowledge/ingest/read-kb-dir';
import type { KbDocument } from '../knowledge/ingest/kb-document';
import { chunksFromDocuments } from '../knowledge/retrieval/chunks-from-documents';
import { Glossary } from '../knowledge/retrieval/glossary';
import { HybridRetriever } from '../knowledge/retrieval/hybrid-retriever';
import type { KbChunk } from '../knowledge/retrieval/kb-chunk';
import { estimateTokens } from '../knowledge/llm/token-estimator';
import { isLang, type Lang } from '../locales/lang';

const RAG_PROMPT =
  "You are an assistant for question-answering tasks. Use the following pieces of retrieved context to answer the question. If you don't know the answer, just say that you don't know. Use three sentences maximum and keep the answer concise.\nQuestion: {question} \nContext: {context} \nAnswer:";

const stats = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mean = xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
  return { n: xs.length, mean: Math.round(mean), p50: sorted[Math.floor(sorted.length / 2)] ?? 0, max: sorted.at(-1) ?? 0 };
};

/** The answer cases of a JSONL case file (none when it is missing). */
function questionsOf(file: string): { text: string; lang: Lang }[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { text: string; lang: string; expect: string })
    .filter((c) => c.expect === 'answer' && isLang(c.lang))
    .map((c) => ({ text: c.text, lang: c.lang as Lang }));
}

/** The plain recipe's chunks: 1,000 characters with 200 overlap, each keeping its document's fields. */
async function plainChunks(docs: readonly KbDocument[]): Promise<KbChunk[]> {
  const splitter = new RecursiveCharacterTextSplitter({ chunkSize: 1000, chunkOverlap: 200 });
  const out: KbChunk[] = [];
  for (const d of docs) {
    (await splitter.splitText(d.body)).forEach((text, ordinal) => out.push({ docId: d.id, ordinal, title: d.title, lang: d.lang, domain: d.domain, region: d.region, tags: d.tags, text }));
  }
  return out;
}

/** Runs the comparison and returns a JSON-ready object. */
export async function runLlmBench(options: { log?: (line: string) => void } = {}): Promise<object> {
  const log = options.log ?? (() => undefined);
  const root = path.resolve(__dirname, '..');
  const evalDir = path.resolve(root, '..', 'shared', 'eval-sample');
  const docs = [...(fs.existsSync(path.join(evalDir, 'kb')) ? readKbDir(path.join(evalDir, 'kb')).documents : []), ...readKbDir(path.join(root, 'knowledge', 'sample-kb')).documents];
  const questions = [...questionsOf(path.join(evalDir, 'cases.jsonl')), ...questionsOf(path.join(root, 'eval', 'dev', 'cases.jsonl'))];
  if (docs.length === 0 || questions.length === 0) return { skipped: 'no documents or questions found' };

  const glossary = Glossary.load();
  const retriever = new HybridRetriever(chunksFromDocuments(docs), { glossary });
  const plainRetriever = new HybridRetriever(await plainChunks(docs), { glossary });
  const double = new OllamaTestServer();
  const url = await double.start();
  const silent = pino({ level: 'silent' });
  try {
    const numCtx = 4096;
    const pool = new OllamaPool({ baseUrls: [url], hostConcurrency: 4, queueLimit: 100, healthIntervalMs: 60000, log: silent });
    const chain = new AnswerChain({ llm: new OllamaLlmClient({ pool, model: 'qwen2.5:3b', numCtx, timeoutMs: 10000, log: silent }) });
    let last: AnswerMetrics | null = null;
    const service = new LlmAnswerService({ retriever, chain, kbVersion: () => 1, cacheSize: 0, log: silent, confidenceThreshold: 0, onMetrics: (m) => (last = m) });
    const plainModel = new ChatOllama({ model: 'qwen2.5:3b', baseUrl: url });
    const plainChain = ChatPromptTemplate.fromTemplate(RAG_PROMPT).pipe(plainModel);
    const ours: number[] = [];
    const oursEstimated: number[] = [];
    const whole: number[] = [];
    const plain: number[] = [];
    const plainEstimated: number[] = [];
    log(`[prompt_tokens] ${questions.length} questions, ${docs.length} documents`);
    for (const [i, q] of questions.entries()) {
      last = null;
      const answer = await service.answer({ question: q.text, lang: q.lang, channelId: 'bench', conversationId: `bench-${i}` });
      const m = last as AnswerMetrics | null;
      if (answer.mode === 'llm' && m && m.promptTokens > 0) {
        ours.push(m.promptTokens);
        oursEstimated.push(m.estimatedPromptTokens);
      }
      const retrieved = await retriever.retrieve({ text: q.text, lang: q.lang, limit: 6 });
      const unselected = await chain.generate({ question: q.text, lang: q.lang, passages: retrieved.passages });
      if (unselected.status === 'answered' || unselected.status === 'not_covered') whole.push(unselected.promptTokens);
      const top4 = (await plainRetriever.retrieve({ text: q.text, lang: q.lang, limit: 4 })).passages;
      const context = top4.map((c) => c.text).join('\n\n');
      const reply = await plainChain.invoke({ question: q.text, context });
      plain.push(reply.usage_metadata?.input_tokens ?? 0);
      plainEstimated.push(estimateTokens(RAG_PROMPT.replace('{question}', q.text).replace('{context}', context)));
    }
    const o = stats(ours);
    const w = stats(whole);
    const p = stats(plain);
    return {
      questions: questions.length,
      documents: docs.length,
      token_source: 'Ollama test double prompt_eval_count (documented estimator in test/helpers/ollama-test-server.ts, not a real tokenizer)',
      num_ctx: numCtx,
      ours: { ...o, estimated_mean: stats(oursEstimated).mean, passages: 'the answer service: the section(s) the question asks about, of the top document' },
      ours_retrieved_chunks: { ...w, passages: 'the same chain given the retriever\'s passages as they come (section chunks, runner-ups included)' },
      plain_stuff_documents: { ...p, estimated_mean: stats(plainEstimated).mean, over_num_ctx: plain.filter((x) => x > numCtx).length, passages: 'top-4 chunks of 1,000 chars (200 overlap), stuffed' },
      ratio_mean: p.mean > 0 ? Number((o.mean / p.mean).toFixed(3)) : null,
      ratio_mean_retrieved_chunks: p.mean > 0 ? Number((w.mean / p.mean).toFixed(3)) : null,
    };
  } finally {
    await double.stop();
  }
}
