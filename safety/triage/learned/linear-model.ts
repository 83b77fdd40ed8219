/**
 * A multinomial logistic-regression (softmax) model over hashed text features: one weight per
 * feature bucket and label, plus a bias per label. Small (only buckets seen in training are kept,
 * weights quantised to 8 bits), deterministic, and fast on CPU: scoring a message is a few hundred
 * multiply-adds. Trained by `madoguchi triage train` (see `train-linear-model.ts`).
 */
import { FEATURE_BUCKETS, extractFeatures, type SparseFeatures } from './text-features';

/** The serialised model (JSON). */
export interface LinearModelFile {
  format: 'madoguchi-triage-linear/1';
  labels: string[];
  buckets: number;
  bias: number[];
  /** Buckets that carry weights, ascending, as base64 of little-endian uint32. */
  rows: string;
  /** Weights row by row (`labels.length` per row), base64 of int8, times `scale`. */
  weights: string;
  scale: number;
}

/** Label probabilities of one message, in the model's label order. */
export type LabelProbabilities = ReadonlyMap<string, number>;

/** A trained model, ready to score messages. */
export class LinearModel {
  private readonly rowOf: Int32Array;

  constructor(
    readonly labels: readonly string[],
    private readonly bias: Float32Array,
    rows: Uint32Array,
    private readonly weights: Float32Array,
  ) {
    if (bias.length !== labels.length || weights.length !== rows.length * labels.length) throw new Error('linear model: inconsistent sizes');
    this.rowOf = new Int32Array(FEATURE_BUCKETS).fill(-1);
    rows.forEach((bucket, row) => {
      if (bucket >= FEATURE_BUCKETS) throw new Error(`linear model: bucket ${bucket} outside the feature space`);
      this.rowOf[bucket] = row;
    });
  }

  /** Probabilities of every label for one message. */
  predict(text: string): LabelProbabilities {
    return this.predictFeatures(extractFeatures(text));
  }

  /** Probabilities of every label for already extracted features. */
  predictFeatures(features: SparseFeatures): LabelProbabilities {
    const k = this.labels.length;
    const scores = Float64Array.from(this.bias);
    for (let i = 0; i < features.index.length; i++) {
      const row = this.rowOf[features.index[i]];
      if (row < 0) continue;
      const v = features.value[i];
      const base = row * k;
      for (let c = 0; c < k; c++) scores[c] += v * this.weights[base + c];
    }
    const probs = softmax(scores);
    return new Map(this.labels.map((label, c) => [label, probs[c]]));
  }

  /** Reads a serialised model, checking its shape. */
  static fromFile(file: LinearModelFile): LinearModel {
    if (file.format !== 'madoguchi-triage-linear/1') throw new Error(`linear model: unknown format ${String(file.format)}`);
    if (file.buckets !== FEATURE_BUCKETS) throw new Error(`linear model: made for ${file.buckets} buckets, this build hashes into ${FEATURE_BUCKETS}`);
    const rowBytes = Buffer.from(file.rows, 'base64');
    const rows = new Uint32Array(rowBytes.length / 4);
    for (let i = 0; i < rows.length; i++) rows[i] = rowBytes.readUInt32LE(i * 4);
    const q = Buffer.from(file.weights, 'base64');
    const weights = new Float32Array(q.length);
    for (let i = 0; i < q.length; i++) weights[i] = q.readInt8(i) * file.scale;
    return new LinearModel(file.labels, Float32Array.from(file.bias), rows, weights);
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

/** Serialises dense trained weights (`FEATURE_BUCKETS × labels`), keeping only buckets in use. */
export function toModelFile(labels: readonly string[], bias: ArrayLike<number>, dense: Float32Array): LinearModelFile {
  const k = labels.length;
  const rows: number[] = [];
  let maxAbs = 0;
  for (let b = 0; b < FEATURE_BUCKETS; b++) {
    let used = false;
    for (let c = 0; c < k; c++) {
      const w = Math.abs(dense[b * k + c]);
      if (w > 1e-6) used = true;
      maxAbs = Math.max(maxAbs, w);
    }
    if (used) rows.push(b);
  }
  const scale = maxAbs > 0 ? maxAbs / 127 : 1;
  const rowBuf = Buffer.alloc(rows.length * 4);
  const q = Buffer.alloc(rows.length * k);
  rows.forEach((b, r) => {
    rowBuf.writeUInt32LE(b, r * 4);
    for (let c = 0; c < k; c++) q.writeInt8(Math.max(-127, Math.min(127, Math.round(dense[b * k + c] / scale))), r * k + c);
  });
  return {
    format: 'madoguchi-triage-linear/1',
    labels: [...labels],
    buckets: FEATURE_BUCKETS,
    bias: Array.from(bias, (x) => Math.round(x * 1e5) / 1e5),
    rows: rowBuf.toString('base64'),
    weights: q.toString('base64'),
    scale,
  };
}
