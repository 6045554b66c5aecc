/**
 * A linear-chain sequence labeller: per-token feature weights for each
 * label, label-to-label transition weights, Viterbi decoding. The weights
 * are learnt by the averaged structured perceptron (Collins 2002) in
 * `labeller-train.ts`; this module only reads a model and decodes.
 *
 * The model file is compact JSON: the labels, the transitions, and for each
 * feature the labels it votes for, as `[label, weight, label, weight, …]`
 * with integer weights (the learnt weights × `scale`, rounded).
 */
import { z } from 'zod';

export const modelFileSchema = z.object({
  format: z.literal('citemark-sequence-labeller/1'),
  /** Where the training data came from and its licence. */
  notice: z.string(),
  labels: z.array(z.string()).min(1),
  scale: z.number().positive(),
  /**
   * How many kinds of gap between tokens the transitions are split by (`gapKindsOf` in tokens.ts: a label rarely
   * changes where one word runs on into the next, often after a full stop). 1 when absent.
   */
  gaps: z.number().int().positive().optional(),
  /** `gaps × (labels + 1) × labels`: a block of `(labels + 1) × labels` per gap kind; row `labels.length` of the first block is the start of a string. */
  transitions: z.array(z.number()),
  // Tens of thousands of entries: checked as an object here, entry by entry where they are read (`labellerFrom`).
  features: z.custom<Record<string, number[]>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value)),
  training: z.record(z.string(), z.unknown()).optional(),
});
export type ModelFile = z.infer<typeof modelFileSchema>;

export interface Labeller {
  labels: readonly string[];
  /**
   * Best label sequence for tokens described by `features` (one feature list per token). `fixed[i]`, where
   * given, is the only label token `i` may take (an exact rule), and the rest of the path is decoded around it.
   * `gaps[i]` is the kind of gap before token `i` (`gapKindsOf`); without it every gap is of the first kind.
   */
  decode(features: readonly (readonly string[])[], fixed?: readonly (number | undefined)[], gaps?: readonly number[]): number[];
}

/**
 * Viterbi over per-token label scores and transition scores: block `gaps[t]` of `transitions` scores the step
 * into token `t` (row `L` of the first block is the start).
 */
export function viterbi(scores: readonly Float64Array[], transitions: Float64Array, labelCount: number, gaps?: readonly number[]): number[] {
  const n = scores.length;
  if (n === 0) return [];
  const L = labelCount;
  const block = (L + 1) * L;
  const best = new Float64Array(n * L);
  const back = new Int32Array(n * L);
  const first = scores[0] as Float64Array;
  for (let y = 0; y < L; y += 1) best[y] = (first[y] ?? 0) + (transitions[L * L + y] ?? 0);
  for (let t = 1; t < n; t += 1) {
    const s = scores[t] as Float64Array;
    const offset = (gaps?.[t] ?? 0) * block;
    for (let y = 0; y < L; y += 1) {
      let max = -Infinity;
      let arg = 0;
      for (let p = 0; p < L; p += 1) {
        const v = (best[(t - 1) * L + p] ?? 0) + (transitions[offset + p * L + y] ?? 0);
        if (v > max) {
          max = v;
          arg = p;
        }
      }
      best[t * L + y] = max + (s[y] ?? 0);
      back[t * L + y] = arg;
    }
  }
  let arg = 0;
  for (let y = 1; y < L; y += 1) if ((best[(n - 1) * L + y] ?? 0) > (best[(n - 1) * L + arg] ?? 0)) arg = y;
  const path = new Array<number>(n);
  path[n - 1] = arg;
  for (let t = n - 1; t > 0; t -= 1) {
    arg = back[t * L + arg] ?? 0;
    path[t - 1] = arg;
  }
  return path;
}

/** A labeller from a model file's contents (already checked against `modelFileSchema`). */
export function labellerFrom(model: ModelFile): Labeller {
  const L = model.labels.length;
  const transitions = Float64Array.from(model.transitions, (w) => w / model.scale);
  // Sparse rows: most features vote for a few labels, so a token's scores add only those.
  const weights = new Map<string, { labels: Int32Array; values: Float64Array }>();
  const gapKinds = model.gaps ?? 1;
  if (model.transitions.length !== gapKinds * (L + 1) * L) {
    throw new Error(`The labeller model has ${model.transitions.length} transition weights; expected ${gapKinds * (L + 1) * L}`);
  }
  for (const [feature, pairs] of Object.entries(model.features)) {
    if (!Array.isArray(pairs) || pairs.length % 2 !== 0) throw new Error(`The labeller model's feature \`${feature}\` is not a list of label and weight pairs`);
    const labels = new Int32Array(pairs.length / 2);
    const values = new Float64Array(pairs.length / 2);
    for (let k = 0; k + 1 < pairs.length; k += 2) {
      const label = pairs[k];
      const weight = pairs[k + 1];
      if (!Number.isInteger(label) || (label as number) < 0 || (label as number) >= L || typeof weight !== 'number') {
        throw new Error(`The labeller model's feature \`${feature}\` names a label or weight that does not exist`);
      }
      labels[k / 2] = label as number;
      values[k / 2] = weight / model.scale;
    }
    weights.set(feature, { labels, values });
  }
  return {
    labels: model.labels,
    decode(features, fixed, gaps) {
      const scores = features.map((list, i) => {
        const s = new Float64Array(L);
        for (const f of list) {
          const row = weights.get(f);
          if (!row) continue;
          for (let k = 0; k < row.labels.length; k += 1) {
            const y = row.labels[k] as number;
            s[y] = (s[y] ?? 0) + (row.values[k] ?? 0);
          }
        }
        const only = fixed?.[i];
        if (only !== undefined) for (let y = 0; y < L; y += 1) if (y !== only) s[y] = -1e9;
        return s;
      });
      // A model trained without gap kinds has one block: every gap reads it.
      return viterbi(scores, transitions, L, gapKinds > 1 ? gaps?.map((g) => Math.min(g, gapKinds - 1)) : undefined);
    },
  };
}
