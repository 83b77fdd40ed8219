/**
 * Retrieval benchmark: builds the in-process index over synthetic knowledge bases of 1k, 10k and
 * 100k chunks (Korean, Japanese and English text recombined from the bundled documents, so term
 * statistics look like a real city KB) and measures index build time, heap growth and query
 * latency (p50/p99) for questions in the three languages. No embeddings. Bounded to about two
 * minutes on two cores.
 */
import path from 'node:path';
import { readKbDir } from '../knowledge/ingest/read-kb-dir';
import { chunksFromDocuments } from '../knowledge/retrieval/chunks-from-documents';
import { Glossary } from '../knowledge/retrieval/glossary';
import { HybridRetriever } from '../knowledge/retrieval/hybrid-retriever';
import type { KbChunk } from '../knowledge/retrieval/kb-chunk';
import { percentile } from '../knowledge/eval/eval-metrics';
import { parseEvalCases } from '../knowledge/eval/eval-cases';
import fs from 'node:fs';

/** A small deterministic PRNG so every run measures the same corpus. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function pieces(text: string, lang: string): string[] {
  return lang === 'ja' ? text.split(/(?<=[。、])/).filter((p) => p.trim()) : text.split(/\s+/).filter(Boolean);
}

/** Synthetic chunks: each document of the corpus mixes sections of real documents of one language. */
export function syntheticChunks(count: number, seed = 42): KbChunk[] {
  const base = chunksFromDocuments(readKbDir(path.resolve(__dirname, '..', 'knowledge', 'sample-kb')).documents);
  const byLang = new Map<string, KbChunk[]>();
  for (const c of base) byLang.set(c.lang, [...(byLang.get(c.lang) ?? []), c]);
  const langs = [...byLang.keys()];
  const rand = rng(seed);
  const out: KbChunk[] = [];
  let doc = 0;
  while (out.length < count) {
    const lang = langs[doc % langs.length];
    const pool = byLang.get(lang)!;
    const titleSrc = pool[Math.floor(rand() * pool.length)];
    for (let ordinal = 0; ordinal < 6 && out.length < count; ordinal++) {
      const src = pool[Math.floor(rand() * pool.length)];
      const words = pieces(src.text, lang);
      const mix = pieces(pool[Math.floor(rand() * pool.length)].text, lang);
      const n = 30 + Math.floor(rand() * 40);
      const text = Array.from({ length: n }, (_, i) => (i % 3 === 2 ? mix[Math.floor(rand() * mix.length)] : words[Math.floor(rand() * words.length)])).join(lang === 'ja' ? '' : ' ');
      out.push({ ...src, docId: `syn-${doc}`, ordinal, title: `${titleSrc.title} #${doc}`, text, embedding: null });
    }
    doc++;
  }
  return out;
}

/** JS heap plus off-heap buffers (the index's typed arrays live outside the JS heap). */
function heapMb(): number {
  const m = process.memoryUsage();
  return (m.heapUsed + m.external) / 1024 / 1024;
}

/** Runs the benchmark and returns its figures. */
export async function runRetrievalBench(options: { sizes?: number[]; queries?: number } = {}): Promise<object> {
  const sizes = options.sizes ?? [1_000, 10_000, 100_000];
  const glossary = Glossary.load();
  const casesFile = path.resolve(__dirname, '..', 'test', 'fixtures', 'kb', 'heldout-cases.jsonl');
  const questions = parseEvalCases(fs.readFileSync(casesFile, 'utf8'), casesFile).map((c) => ({ text: c.text, lang: c.lang }));
  const results: Record<string, unknown>[] = [];
  for (const size of sizes) {
    const chunks = syntheticChunks(size);
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.();
    const before = heapMb();
    const started = performance.now();
    const retriever = new HybridRetriever(chunks, { glossary });
    const buildMs = performance.now() - started;
    gc?.();
    const heapDeltaMb = heapMb() - before;
    const n = options.queries ?? (size >= 100_000 ? 150 : 300);
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const q = questions[i % questions.length];
      const t0 = performance.now();
      await retriever.retrieve({ text: q.text, lang: q.lang, limit: 6 });
      times.push(performance.now() - t0);
    }
    results.push({
      chunks: size,
      documents: retriever.size.documents,
      build_ms: Math.round(buildMs),
      memory_delta_mb: Math.round(heapDeltaMb * 10) / 10,
      gc_measured: !!gc,
      latency_ms: { p50: Math.round(percentile(times, 50) * 100) / 100, p99: Math.round(percentile(times, 99) * 100) / 100 },
      queries: n,
    });
  }
  return { retrieval: results };
}

if (require.main === module) {
  runRetrievalBench()
    .then((r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`))
    .catch((err: unknown) => {
      process.stderr.write(`${String(err)}\n`);
      process.exitCode = 1;
    });
}
