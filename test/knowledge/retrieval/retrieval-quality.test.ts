import assert from 'node:assert/strict';
import path from 'node:path';
import { BUNDLED_KB_DIR } from '../../../bot/config';
import { loadEvalCases } from '../../../knowledge/eval/eval-cases';
import { evaluateRetrieval } from '../../../knowledge/eval/retrieval-eval';
import { readKbDir } from '../../../knowledge/ingest/read-kb-dir';
import { chunksFromDocuments } from '../../../knowledge/retrieval/chunks-from-documents';
import { DEFAULT_CONFIDENCE_THRESHOLD } from '../../../knowledge/retrieval/confidence';
import { Glossary } from '../../../knowledge/retrieval/glossary';
import { HybridRetriever, NON_TOPICAL_CONFIDENCE } from '../../../knowledge/retrieval/hybrid-retriever';

const SHARED = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'eval-sample');
const HELDOUT = path.join(__dirname, '..', '..', 'fixtures', 'kb', 'heldout-cases.jsonl');

// The merged KB: the public sample's documents plus the bundled ones, so every case has close
// distractors in three languages. No embeddings, no LLM.
function mergedRetriever(glossary: Glossary | null = Glossary.load()): HybridRetriever {
  const docs = [...readKbDir(path.join(SHARED, 'kb')).documents, ...readKbDir(BUNDLED_KB_DIR).documents];
  return new HybridRetriever(chunksFromDocuments(docs), { glossary });
}

describe('retrieval quality (keyword + glossary, no embeddings, no LLM)', () => {
  const retriever = mergedRetriever();

  for (const [name, file] of [
    ['public sample cases', path.join(SHARED, 'cases.jsonl')],
    ['held-out cases', HELDOUT],
  ] as const) {
    it(`when the ${name} are asked, then same-language hit@1 ≥ 0.95, hit@3 ≥ 0.98 and cross-lingual hit@3 ≥ 0.75`, async () => {
      const { report, details } = await evaluateRetrieval(retriever, loadEvalCases(file));
      const misses = details.filter((d) => d.ranked[0] !== d.expected).map((d) => `${d.id}: ${d.ranked.join(',')}`);
      assert.ok(report.retrieval.n >= 30, 'enough same-language cases');
      assert.ok(report.retrieval['hit@1'] >= 0.95, `hit@1 ${report.retrieval['hit@1']}; misses ${misses.join(' | ')}`);
      assert.ok(report.retrieval['hit@3'] >= 0.98, `hit@3 ${report.retrieval['hit@3']}`);
      assert.ok(report.xling.n >= 3);
      assert.ok(report.xling['hit@3'] >= 0.75, `xling hit@3 ${report.xling['hit@3']}`);
    });
  }

  it('when the held-out set is used, then it has at least 60 answer cases in all three languages with typos and cross-lingual ones', () => {
    const cases = loadEvalCases(HELDOUT).filter((c) => c.expect === 'answer');
    assert.ok(cases.length >= 60);
    for (const lang of ['ko', 'ja', 'en'] as const) assert.ok(cases.filter((c) => c.lang === lang).length >= 12, lang);
    assert.ok(cases.filter((c) => c.xling).length >= 8);
  });

  it('when the glossary is removed, then cross-lingual retrieval gets worse (the glossary is what carries it)', async () => {
    const cases = [...loadEvalCases(HELDOUT), ...loadEvalCases(path.join(SHARED, 'cases.jsonl'))];
    const withG = (await evaluateRetrieval(retriever, cases)).report.xling['hit@3'];
    const without = (await evaluateRetrieval(mergedRetriever(null), cases)).report.xling['hit@3'];
    assert.ok(without < withG, `without ${without} vs with ${withG}`);
  });

  it('when questions are off-topic, then confidence is under the threshold for most of them, and answerable ones are above it', async () => {
    const all = [...loadEvalCases(HELDOUT), ...loadEvalCases(path.join(SHARED, 'cases.jsonl'))];
    const offTopic = all.filter((c) => c.expect === 'out_of_scope' && !c.injection);
    const answers = all.filter((c) => c.expect === 'answer');
    const conf = async (c: (typeof all)[number]): Promise<number> => (await retriever.retrieve({ text: c.text, lang: c.lang })).confidence;
    const low = (await Promise.all(offTopic.map(conf))).filter((x) => x < DEFAULT_CONFIDENCE_THRESHOLD).length;
    const high = (await Promise.all(answers.map(conf))).filter((x) => x >= DEFAULT_CONFIDENCE_THRESHOLD).length;
    assert.ok(low / offTopic.length >= 0.75, `${low}/${offTopic.length} off-topic under the threshold`);
    assert.ok(high / answers.length >= 0.95, `${high}/${answers.length} answerable over the threshold`);
  });

  it('when results come back, then the top results are distinct documents and the top document leads with up to three passages', async () => {
    const r = await retriever.retrieve({ text: '粗大ごみの出し方', lang: 'ja', limit: 6 });
    assert.equal(r.passages[0].docId, 'sakuradai-bulky-waste');
    const docs = r.passages.map((p) => p.docId);
    const top = docs.filter((d) => d === docs[0]).length;
    assert.ok(top >= 1 && top <= 3);
    assert.equal(new Set(docs.slice(top)).size, docs.length - top, 'after the top document, one passage per document');
    assert.ok(r.passages.every((p) => p.title && p.text && p.lang));
  });

  it('when filters are given, then only documents of those languages and domains are returned', async () => {
    const r = await retriever.retrieve({ text: 'bus fare', lang: 'en', filter: { langs: ['ja'], domains: ['transportation'] } });
    assert.ok(r.passages.length > 0);
    assert.ok(r.passages.every((p) => p.lang === 'ja' && p.domain === 'transportation'));
    const none = await retriever.retrieve({ text: 'bus fare', lang: 'en', filter: { domains: ['no-such-domain'] } });
    assert.deepEqual([none.passages.length, none.confidence], [0, 0]);
  });

  it('when the knowledge base is empty, then retrieval returns nothing with zero confidence', async () => {
    const r = await new HybridRetriever([]).retrieve({ text: '기초연금', lang: 'ko' });
    assert.deepEqual(r, { passages: [], confidence: 0 });
  });
});

describe('topicality of a match (what the document is about, not only words in its body)', () => {
  const doc = (id: string, title: string, tags: string[], body: string) => ({ docId: id, ordinal: 0, title, lang: 'en' as const, domain: 'civil', region: 'XX', tags, section: 'What to bring', text: body });
  const retriever = new HybridRetriever(
    [
      doc('library-card', 'Library Card (Town of Example)', ['library', 'card'], 'Bring photo ID such as a passport or driving licence and proof of address. Renew your card every two years.'),
      doc('bulky-waste', 'Bulky Waste Pickup (Town of Example)', ['bulky waste', 'sofa'], 'Book a pickup online. Fees start at 20 dollars per item.'),
    ],
    { glossary: null },
  );

  it('when a question shares words only with a document body, then its confidence is capped; one naming the document topic is not', async () => {
    const stray = await retriever.retrieve({ text: 'how do i renew my passport', lang: 'en' });
    assert.equal(stray.passages[0]?.docId, 'library-card');
    assert.ok(stray.confidence <= NON_TOPICAL_CONFIDENCE, `${stray.confidence}`);
    const topical = await retriever.retrieve({ text: 'how do i renew my library card', lang: 'en' });
    assert.equal(topical.passages[0]?.docId, 'library-card');
    assert.ok(topical.confidence > NON_TOPICAL_CONFIDENCE, `${topical.confidence}`);
  });
});
