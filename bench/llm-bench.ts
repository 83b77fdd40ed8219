/**
 * Prompt tokens per generated answer: our answer chain vs. a plain LangChain RAG (the tutorial
 * recipe: RecursiveCharacterTextSplitter with 1,000-character chunks and 200 overlap, top-4 chunks
 * stuffed into the `rlm/rag-prompt` template) on the same questions and the same ranking.
 *
 * Both run through the real `ChatOllama` against the Ollama wire-protocol TEST DOUBLE
 * (test/helpers/ollama-test-server.ts) over loopback. The token figures are the double's
 * `prompt_eval_count`, computed by its documented estimator (1 per CJK character, ceil(len/4) per
 * Latin word, 1 per digit or punctuation mark, 4 per message + 3) — not a real tokenizer; our own
 * pessimistic estimator (knowledge/llm/token-estimator.ts) is reported alongside.
 *
 * Questions: the `answer` cases of ../shared/eval-sample (when present); documents: that KB plus
 * the bundled sample KB. Ranking (a stand-in until knowledge/retrieval lands, the same for both
 * sides): Latin-word and CJK-bigram overlap. Our side uses section-sized passages (≤ 600 chars).
 */
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { parse as parseYaml } from 'yaml';
import { ChatOllama } from '@langchain/ollama';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { OllamaTestServer } from '../test/helpers/ollama-test-server';
import { OllamaPool } from '../knowledge/llm/ollama-pool';
import { OllamaLlmClient } from '../knowledge/llm/llm-client';
import { AnswerChain } from '../knowledge/chains/answer-chain';
import { features } from '../knowledge/answer/extractive-answerer';
import { estimateTokens } from '../knowledge/llm/token-estimator';
import { isLang, type Lang } from '../locales/lang';
import type { Passage } from '../knowledge/ports';

interface Doc {
  id: string;
  title: string;
  lang: Lang;
  domain: string;
  body: string;
}

const RAG_PROMPT =
  "You are an assistant for question-answering tasks. Use the following pieces of retrieved context to answer the question. If you don't know the answer, just say that you don't know. Use three sentences maximum and keep the answer concise.\nQuestion: {question} \nContext: {context} \nAnswer:";

function loadDocs(dir: string): Doc[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .flatMap((f) => {
      const raw = fs.readFileSync(path.join(dir, f), 'utf8');
      const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(raw);
      if (!m) return [];
      const meta = parseYaml(m[1]) as Record<string, string | undefined>;
      const lang = meta.lang;
      if (!isLang(lang)) return [];
      return [{ id: String(meta.id ?? f.slice(0, -3)), title: String(meta.title ?? f), lang, domain: String(meta.domain ?? ''), body: m[2] }];
    });
}

function score(question: Set<string>, text: string): number {
  const f = features(text);
  let overlap = 0;
  for (const x of f) if (question.has(x)) overlap += 1;
  return overlap / Math.sqrt(f.size + 4);
}

function sections(doc: Doc): string[] {
  return doc.body
    .split(/\n(?=#{1,3} )/)
    .flatMap((s) => (s.length <= 600 ? [s] : s.match(/[\s\S]{1,600}(?=\n|$)|[\s\S]{1,600}/g) ?? [s]))
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

const stats = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mean = xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
  return { mean: Math.round(mean), p50: sorted[Math.floor(sorted.length / 2)] ?? 0, max: sorted.at(-1) ?? 0 };
};

/** Runs the comparison and returns a JSON-ready object. */
export async function runLlmBench(options: { log?: (line: string) => void } = {}): Promise<object> {
  const log = options.log ?? (() => undefined);
  const root = path.resolve(__dirname, '..');
  const evalDir = path.resolve(root, '..', 'shared', 'eval-sample');
  const docs = [...loadDocs(path.join(evalDir, 'kb')), ...loadDocs(path.join(root, 'knowledge', 'sample-kb'))];
  const casesFile = path.join(evalDir, 'cases.jsonl');
  const questions: Array<{ text: string; lang: Lang }> = fs.existsSync(casesFile)
    ? fs
        .readFileSync(casesFile, 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as { text: string; lang: string; expect: string })
        .filter((c) => c.expect === 'answer' && isLang(c.lang))
        .map((c) => ({ text: c.text, lang: c.lang as Lang }))
    : docs.map((d) => ({ text: `${d.title}?`, lang: d.lang }));
  if (docs.length === 0 || questions.length === 0) return { skipped: 'no documents or questions found' };

  const splitter = new RecursiveCharacterTextSplitter({ chunkSize: 1000, chunkOverlap: 200 });
  const plainChunks = (await Promise.all(docs.map(async (d) => (await splitter.splitText(d.body)).map((text) => ({ doc: d, text }))))).flat();
  const ourPassages: Passage[] = docs.flatMap((d) => sections(d).map((text) => ({ docId: d.id, title: d.title, lang: d.lang, domain: d.domain, text, score: 0 })));

  const double = new OllamaTestServer();
  const url = await double.start();
  const silent = pino({ level: 'silent' });
  try {
    const numCtx = 4096;
    const pool = new OllamaPool({ baseUrls: [url], hostConcurrency: 4, queueLimit: 100, healthIntervalMs: 60000, log: silent });
    const chain = new AnswerChain({ llm: new OllamaLlmClient({ pool, model: 'qwen2.5:3b', numCtx, timeoutMs: 10000, log: silent }) });
    const plainModel = new ChatOllama({ model: 'qwen2.5:3b', baseUrl: url });
    const plainChain = ChatPromptTemplate.fromTemplate(RAG_PROMPT).pipe(plainModel);
    const ours: number[] = [];
    const oursEstimated: number[] = [];
    const plain: number[] = [];
    const plainEstimated: number[] = [];
    log(`[prompt_tokens] ${questions.length} questions, ${docs.length} documents`);
    for (const q of questions) {
      const qf = features(q.text);
      const ranked = ourPassages.map((p) => ({ ...p, score: score(qf, `${p.title} ${p.text}`) })).sort((a, b) => b.score - a.score).slice(0, 6);
      const result = await chain.generate({ question: q.text, lang: q.lang, passages: ranked });
      if (result.status === 'answered' || result.status === 'not_covered') {
        ours.push(result.promptTokens);
        oursEstimated.push(result.estimatedPromptTokens);
      }
      const top4 = plainChunks.map((c) => ({ ...c, s: score(qf, c.text) })).sort((a, b) => b.s - a.s).slice(0, 4);
      const context = top4.map((c) => c.text).join('\n\n');
      const reply = await plainChain.invoke({ question: q.text, context });
      plain.push(reply.usage_metadata?.input_tokens ?? 0);
      plainEstimated.push(estimateTokens(RAG_PROMPT.replace('{question}', q.text).replace('{context}', context)));
    }
    const o = stats(ours);
    const p = stats(plain);
    return {
      questions: questions.length,
      documents: docs.length,
      token_source: 'Ollama test double prompt_eval_count (documented estimator in test/helpers/ollama-test-server.ts, not a real tokenizer)',
      num_ctx: numCtx,
      ours: { ...o, estimated_mean: stats(oursEstimated).mean, passages: 'section passages ≤ 600 chars, ≤ 4, trimmed to budget' },
      plain_langchain_rag: { ...p, estimated_mean: stats(plainEstimated).mean, over_num_ctx: plain.filter((x) => x > numCtx).length, passages: 'top-4 chunks of 1,000 chars (200 overlap)' },
      ratio_mean: p.mean > 0 ? Number((o.mean / p.mean).toFixed(3)) : null,
    };
  } finally {
    await double.stop();
  }
}
