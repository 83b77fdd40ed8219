/**
 * A multinomial logistic-regression (softmax) model over text features: one weight per vocabulary
 * feature and label, plus a bias per label. Small (weights quantised to 8 bits), deterministic, and
 * fast on CPU: scoring a message is a few hundred multiply-adds. Trained by `madoguchi triage train`
 * (see `train-linear-model.ts`).
 */
import { extractFeatures, type SparseFeatures } from './text-features';

/** The serialised model (JSON). */
export interface LinearModelFile {
  format: 'madoguchi-triage-linear/2';
  labels: string[];
  bias: number[];
  /** The vocabulary: row i of the weights belongs to `features[i]`. */
  features: string[];
  /** Weights row by row (`labels.length` per row), base64 of int8, times `scale`. */
  weights: string;
  scale: number;
}

/** Label probabilities of one message, in the model's label order. */
export type LabelProbabilities = ReadonlyMap<string, number>;

/** A trained model, ready to score messages. */
export class LinearModel {
  private readonly vocabulary: Map<string, number>;

  constructor(
    readonly labels: readonly string[],
    private readonly bias: Float32Array,
    features: readonly string[],
    private readonly weights: Float32Array,
  ) {
    if (bias.length !== labels.length || weights.length !== features.length * labels.length) throw new Error('linear model: inconsistent sizes');
    this.vocabulary = new Map(features.map((f, row) => [f, row]));
  }

  /** Probabilities of every label for one message. */
  predict(text: string): LabelProbabilities {
    return this.predictFeatures(extractFeatures(text, this.vocabulary));
  }

  /** Probabilities of every label for already extracted features (rows of this model's vocabulary). */
  predictFeatures(features: SparseFeatures): LabelProbabilities {
    const k = this.labels.length;
    const scores = Float64Array.from(this.bias);
    for (let i = 0; i < features.index.length; i++) {
      const v = features.value[i];
      const base = features.index[i] * k;
      for (let c = 0; c < k; c++) scores[c] += v * this.weights[base + c];
    }
    const probs = softmax(scores);
    return new Map(this.labels.map((label, c) => [label, probs[c]]));
  }

  /** Reads a serialised model, checking its shape. */
  static fromFile(file: LinearModelFile): LinearModel {
    if (file.format !== 'madoguchi-triage-linear/2') throw new Error(`linear model: unknown format ${String(file.format)}`);
    const q = Buffer.from(file.weights, 'base64');
    const weights = new Float32Array(q.length);
    for (let i = 0; i < q.length; i++) weights[i] = q.readInt8(i) * file.scale;
    return new LinearModel(file.labels, Float32Array.from(file.bias), file.features, weights);
  }
}

/** Numerically stable softmax. */
export function softmax(scores: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < scores.length; i++) max = Math.max(max, scores[i]);
  const out = new Float64Array(scores.length);
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    out[i] = Math.exp(scores[i] - max);
    sum += out[i];
  }
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}

/** Serialises trained weights (`features.length × labels`, row-major), dropping rows that stayed zero. */
export function toModelFile(labels: readonly string[], bias: ArrayLike<number>, features: readonly string[], dense: Float32Array): LinearModelFile {
  const k = labels.length;
  let maxAbs = 0;
  for (const w of dense) maxAbs = Math.max(maxAbs, Math.abs(w));
  const scale = maxAbs > 0 ? maxAbs / 127 : 1;
  const kept: string[] = [];
  const q: number[] = [];
  features.forEach((feature, row) => {
    const quantised = Array.from({ length: k }, (_, c) => Math.max(-127, Math.min(127, Math.round(dense[row * k + c] / scale))));
    if (quantised.every((x) => x === 0)) return;
    kept.push(feature);
    q.push(...quantised);
  });
  return {
    format: 'madoguchi-triage-linear/2',
    labels: [...labels],
    bias: Array.from(bias, (x) => Math.round(x * 1e5) / 1e5),
    features: kept,
    weights: Buffer.from(Int8Array.from(q).buffer).toString('base64'),
    scale,
  };
}
