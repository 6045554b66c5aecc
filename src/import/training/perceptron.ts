/**
 * Training for `labeller.ts`: the averaged structured perceptron (Collins
 * 2002) with Viterbi decoding, a fixed seed for the order of the examples,
 * and the compact model file as output. Used by `npm run train:refparse`;
 * nothing at run time imports it.
 */
import { viterbi, type ModelFile } from '../labeller.js';

export interface LabelledSequence {
  features: string[][];
  /** Label index per token. */
  labels: number[];
  /** The kind of gap before each token (`gapKindsOf` in tokens.ts); all of the first kind when absent. */
  gaps?: number[];
}

export interface TrainOptions {
  epochs: number;
  seed: number;
  /** Features seen on fewer training tokens than this are dropped. */
  minCount: number;
  /** Weights are stored × `scale`, rounded; smaller ones are dropped. */
  scale: number;
  /** How many kinds of gap the transitions are split by (1: one transition table). */
  gapKinds?: number;
  notice: string;
  training?: Record<string, unknown>;
  /** Called after each epoch with the number of token mistakes in it. */
  onEpoch?: (epoch: number, mistakes: number, tokens: number) => void;
}

/** mulberry32: a small seeded generator, so a shuffle is the same on every machine. */
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

export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

export function trainPerceptron(data: readonly LabelledSequence[], labels: readonly string[], options: TrainOptions): ModelFile {
  const L = labels.length;
  const counts = new Map<string, number>();
  for (const seq of data) for (const list of seq.features) for (const f of list) counts.set(f, (counts.get(f) ?? 0) + 1);
  const index = new Map<string, number>();
  for (const [f, c] of counts) if (c >= options.minCount) index.set(f, index.size);
  const F = index.size;
  const examples = data.map((seq) => ({
    ids: seq.features.map((list) => Int32Array.from(list.map((f) => index.get(f) ?? -1).filter((k) => k >= 0))),
    gold: seq.labels,
    gaps: seq.gaps,
  }));

  const w = new Float64Array(F * L);
  const u = new Float64Array(F * L);
  const K = options.gapKinds ?? 1;
  const block = (L + 1) * L;
  const T = K * block;
  const tw = new Float64Array(T);
  const tu = new Float64Array(T);
  let c = 1;
  const random = seededRandom(options.seed);
  const order = examples.map((_, i) => i);

  const update = (ids: Int32Array, label: number, delta: number): void => {
    for (const f of ids) {
      w[f * L + label] = (w[f * L + label] ?? 0) + delta;
      u[f * L + label] = (u[f * L + label] ?? 0) + c * delta;
    }
  };
  // With gap kinds, a transition's weight is a shared part plus a part for its kind of gap: a step seen after one
  // kind of gap moves the shared part (every block) and its own block, so a pair rarely seen after some gap keeps the
  // shared weight there instead of a weight from one stray update.
  const updateTransition = (from: number, to: number, kind: number, delta: number): void => {
    for (let b = 0; b < K; b += 1) {
      const at = b * block + from * L + to;
      const d = K > 1 && b === kind ? 2 * delta : delta;
      tw[at] = (tw[at] ?? 0) + d;
      tu[at] = (tu[at] ?? 0) + c * d;
    }
  };

  for (let epoch = 1; epoch <= options.epochs; epoch += 1) {
    shuffle(order, random);
    let mistakes = 0;
    let tokens = 0;
    for (const k of order) {
      const { ids, gold, gaps: given } = examples[k] as (typeof examples)[number];
      const gaps = K > 1 ? given?.map((g) => Math.min(g, K - 1)) : undefined;
      const scores = ids.map((list) => {
        const s = new Float64Array(L);
        for (const f of list) for (let y = 0; y < L; y += 1) s[y] = (s[y] ?? 0) + (w[f * L + y] ?? 0);
        return s;
      });
      const predicted = viterbi(scores, tw, L, gaps);
      tokens += gold.length;
      for (let t = 0; t < gold.length; t += 1) {
        const g = gold[t] ?? 0;
        const p = predicted[t] ?? 0;
        const gPrev = t === 0 ? L : (gold[t - 1] ?? 0);
        const pPrev = t === 0 ? L : (predicted[t - 1] ?? 0);
        if (g !== p) {
          mistakes += 1;
          update(ids[t] as Int32Array, g, 1);
          update(ids[t] as Int32Array, p, -1);
        }
        if (g !== p || gPrev !== pPrev) {
          const kind = t === 0 ? 0 : (gaps?.[t] ?? 0);
          updateTransition(gPrev, g, kind, 1);
          updateTransition(pPrev, p, kind, -1);
        }
      }
      c += 1;
    }
    options.onEpoch?.(epoch, mistakes, tokens);
  }

  const features: Record<string, number[]> = {};
  for (const [f, k] of index) {
    const pairs: number[] = [];
    for (let y = 0; y < L; y += 1) {
      const avg = (w[k * L + y] ?? 0) - (u[k * L + y] ?? 0) / c;
      const stored = Math.round(avg * options.scale);
      if (stored !== 0) pairs.push(y, stored);
    }
    if (pairs.length > 0) features[f] = pairs;
  }
  const transitions = Array.from(tw, (v, i) => Math.round((v - (tu[i] ?? 0) / c) * options.scale));
  return {
    format: 'citemark-sequence-labeller/1',
    notice: options.notice,
    labels: [...labels],
    scale: options.scale,
    ...(K > 1 ? { gaps: K } : {}),
    transitions,
    features,
    ...(options.training ? { training: options.training } : {}),
  };
}
