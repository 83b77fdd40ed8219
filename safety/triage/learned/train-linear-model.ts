/**
 * Trains the learned triage model: softmax regression over hashed text features, fitted by
 * stochastic gradient descent with AdaGrad step sizes and L2 shrinkage, in a fixed order drawn
 * from a seeded generator (the same corpus always gives the same model). Labels are weighted by
 * inverse frequency (square-rooted) so that rare crisis kinds weigh as much as the many questions.
 */
import { softmax } from './linear-model';
import { extractFeatures, featureStrings, type SparseFeatures } from './text-features';

/** Settings of one training run. */
export interface TrainOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
  /** Features seen in fewer training messages than this are left out of the vocabulary (default 2). */
  minCount?: number;
  /** Label weighting: `sqrt` = square root of inverse frequency, `none` = as in the corpus (default sqrt). */
  classWeighting?: 'sqrt' | 'none';
}

/** One training example. */
export interface TrainExample {
  text: string;
  label: string;
}

/** A trained model's dense parameters. */
export interface TrainedWeights {
  labels: readonly string[];
  bias: Float32Array;
  /** The vocabulary, in row order. */
  features: string[];
  /** `features.length × labels.length`, row-major. */
  weights: Float32Array;
}

/** The features that occur in at least `minCount` of the messages. */
export function buildVocabulary(texts: readonly string[], minCount: number): string[] {
  const seen = new Map<string, number>();
  for (const text of texts) for (const f of new Set(featureStrings(text))) seen.set(f, (seen.get(f) ?? 0) + 1);
  return [...seen].filter(([, n]) => n >= minCount).map(([f]) => f).sort();
}

/** A small seeded generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Trains on `examples`; `labels` fixes the output order. */
export function trainLinearModel(examples: readonly TrainExample[], labels: readonly string[], options: TrainOptions = {}): TrainedWeights {
  const epochs = options.epochs ?? 20;
  const lr = options.learningRate ?? 0.4;
  const l2 = options.l2 ?? 1e-4;
  const random = seededRandom(options.seed ?? 7);
  const k = labels.length;
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const features = buildVocabulary(examples.map((e) => e.text), options.minCount ?? 2);
  const vocabulary = new Map(features.map((f, i) => [f, i]));
  const data: { x: SparseFeatures; y: number }[] = examples.map((e) => {
    const y = labelIndex.get(e.label);
    if (y === undefined) throw new Error(`unknown label ${e.label}`);
    return { x: extractFeatures(e.text, vocabulary), y };
  });
  const counts = new Float64Array(k);
  for (const d of data) counts[d.y]++;
  const present = counts.filter((c) => c > 0).length;
  const classWeight = Array.from(counts, (c) => (c === 0 ? 0 : options.classWeighting === 'none' ? 1 : Math.sqrt(data.length / (present * c))));

  const weights = new Float32Array(features.length * k);
  const gradSq = new Float32Array(features.length * k);
  const bias = new Float32Array(k);
  const biasSq = new Float32Array(k);
  const order = data.map((_, i) => i);
  const scores = new Float64Array(k);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const n of order) {
      const { x, y } = data[n];
      for (let c = 0; c < k; c++) scores[c] = bias[c];
      for (let i = 0; i < x.index.length; i++) {
        const base = x.index[i] * k;
        for (let c = 0; c < k; c++) scores[c] += x.value[i] * weights[base + c];
      }
      const p = softmax(scores);
      const cw = classWeight[y];
      for (let c = 0; c < k; c++) {
        const g = cw * (p[c] - (c === y ? 1 : 0));
        biasSq[c] += g * g;
        bias[c] -= (lr * g) / Math.sqrt(biasSq[c] + 1e-8);
        for (let i = 0; i < x.index.length; i++) {
          const at = x.index[i] * k + c;
          const gw = g * x.value[i] + l2 * weights[at];
          gradSq[at] += gw * gw;
          weights[at] -= (lr * gw) / Math.sqrt(gradSq[at] + 1e-8);
        }
      }
    }
  }
  return { labels, bias, features, weights };
}
