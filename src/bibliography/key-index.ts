/**
 * The bibliography's citekeys, folded and indexed once, for the unknown-key
 * rule: which keys differ from a cited key only in case, and which are within
 * a typo's reach of it.
 *
 * Comparing an unknown key with every key of a 20,000-item bibliography (and
 * folding every key again each time) made suggestions cost unknown keys ×
 * bibliography size. Here each lower-cased key is stored once with its
 * bigrams by position; a query counts, per key, the query's bigrams found
 * within the edit budget of the same position, and only keys with enough of
 * them are scored exactly.
 *
 * Why bigrams and not a library: the edit budget grows with the key (a third
 * of it: 6 edits for a 20-letter key), so SymSpell's deletes (mnemonist's
 * `SymSpell`) would store tens of thousands of variants per key, and a
 * passjoin index (mnemonist's `PassjoinIndex`) is built for one fixed budget;
 * a BK-tree answers metric queries only, and the prefix score below is not a
 * metric on whole keys. The count filter covers both scores with one index.
 */
import { distance } from 'fastest-levenshtein';

const Q = 2;

export class KeyIndex {
  /** Keys in the order they were given (ties in ranking keep it). */
  private readonly keys: string[];
  /** `keys[i].toLowerCase()`. */
  private readonly lowered: string[];
  private readonly byFold = new Map<string, string[]>();
  /** bigram → position in the lower-cased key → indices of the keys that have it there (ascending). */
  private readonly postings = new Map<string, number[][]>();
  /** Scratch for a query: bigram hits per key, and the last query position that counted for each key. */
  private readonly hits: Int32Array;
  private readonly stamp: Int32Array;
  private readonly touched: Int32Array;
  private queryCount = 0;

  constructor(keys: Iterable<string>) {
    this.keys = [...keys];
    this.lowered = this.keys.map((k) => k.toLowerCase());
    this.lowered.forEach((lower, i) => {
      const same = this.byFold.get(lower);
      if (same) same.push(this.keys[i]!);
      else this.byFold.set(lower, [this.keys[i]!]);
      for (let p = 0; p + Q <= lower.length; p++) {
        const gram = lower.slice(p, p + Q);
        let byPosition = this.postings.get(gram);
        if (!byPosition) this.postings.set(gram, (byPosition = []));
        (byPosition[p] ??= []).push(i);
      }
    });
    this.hits = new Int32Array(this.keys.length);
    this.stamp = new Int32Array(this.keys.length).fill(-1);
    this.touched = new Int32Array(this.keys.length);
  }

  get size(): number {
    return this.keys.length;
  }

  /** The keys equal to `key` after lower-casing, in the order given. */
  sameFold(key: string): readonly string[] {
    return this.byFold.get(key.toLowerCase()) ?? [];
  }

  /**
   * Keys within a typo's reach, best first, at most `limit`. A misspelt key
   * is usually a typo in a prefix of the real key (`niesters2104` for
   * `niesters2014ketamine`), so a candidate is scored by its full edit
   * distance and by the distance to its prefix of the same length (plus a
   * half), whichever is smaller; scores over the budget (a third of the key,
   * at least 2) are dropped; ties go by `localeCompare`, then by the order the
   * keys were given.
   */
  closest(key: string, limit: number): string[] {
    const lower = key.toLowerCase();
    const budget = Math.max(2, Math.floor(lower.length * 0.34));
    // Most typos are an edit or two from their key: a search within a small reach has a much stronger bigram bound
    // (reading a few rare bigrams' postings, not thousands of keys), and when it finds `limit` keys they are the
    // answer, since every key that scores less than or as much as the last of them is within that reach too.
    let scored: { index: number; score: number }[] = [];
    for (const reach of [2, 4, 6, budget]) {
      if (reach > budget) continue;
      scored = this.within(lower, reach, limit);
      if (scored.length >= limit || reach === budget) break;
    }
    const keys = this.keys;
    scored.sort((a, b) => a.score - b.score || collator.compare(keys[a.index]!, keys[b.index]!) || a.index - b.index);
    return scored.slice(0, limit).map((s) => keys[s.index]!);
  }

  /** Keys scoring within `reach`, with their scores: at least the best `limit` of them (ties included), or all. */
  private within(lower: string, reach: number, limit: number): { index: number; score: number }[] {
    const found = this.candidates(lower, reach);
    // With no bigram bound every key is a candidate, and none has a count to bound its score.
    const bounded = lower.length - (Q - 1) - Q * reach > 0;
    // Candidates by the least score their bigram count allows (in halves, as scores are), so that the exact scoring
    // can stop once `limit` keys score less than any candidate left could: a key shares some of its year's and its
    // topic word's bigrams with hundreds of others, which would otherwise all be scored.
    const byBound: number[][] = [];
    for (const index of found) {
      const least = bounded ? this.leastScore(lower, reach, index) : 0;
      if (least <= reach) (byBound[2 * least] ??= []).push(index);
    }
    const scored: { index: number; score: number }[] = [];
    for (let half = 0; half < byBound.length; half++) {
      const bucket = byBound[half];
      if (bucket === undefined) continue;
      if (scored.length >= limit && worstOfBest(scored, limit) < half / 2) break;
      for (const index of bucket) {
        // Within the reach, a key's score is the same whatever the budget: only scores over the reach differ.
        const score = suggestionScore(lower, reach, this.lowered[index]!);
        if (score <= reach) scored.push({ index, score });
      }
    }
    return scored;
  }

  /**
   * The least suggestion score key `index` can have, from its bigram count
   * (`hits`, set by the last {@link candidates} call): a key within d ≤
   * budget edits keeps at least `max(|query|, |key|) - 1 - 2d` of the
   * query's bigrams within the window counted, so d is at least half of what
   * is missing; a prefix of the query's length keeps at least `|query| - 1 -
   * 2d` of them, plus the half its score adds. Every candidate that scores
   * within the budget scores at least this (a bound over the budget means it cannot).
   */
  private leastScore(lower: string, budget: number, index: number): number {
    const found = this.hits[index]!;
    const other = this.lowered[index]!.length;
    const whole = other > lower.length + budget ? Infinity : Math.max(0, Math.ceil((Math.max(lower.length, other) - (Q - 1) - found) / Q));
    const prefix = other > lower.length && lower.length >= 4 ? Math.max(0, Math.ceil((lower.length - (Q - 1) - found) / Q)) + 0.5 : Infinity;
    return Math.min(whole, prefix);
  }

  /**
   * Every key whose score can be within `budget`, ascending, and few others.
   *
   * The q-gram lemma: two strings within k edits share at least
   * `max(|x|, |y|) - q + 1 - k·q` q-grams, each at positions at most k apart
   * (an edit destroys at most q of them and shifts the rest by at most one).
   * A key within `budget` of the query, or whose prefix of the query's length
   * is within `budget - 1` of it (a prefix's bigrams are the key's), so shares
   * at least `|query| - 1 - 2·budget` bigrams with it within `budget`
   * positions. Counting a query bigram once per key when the key has it
   * anywhere in that window can only count more, so no key that can score
   * within the budget is missed. When the bound is not positive (keys of five
   * characters or fewer), every key is a candidate. A key is then held to the
   * bound of the ways it can be close: its whole (`max(|query|, |key|) - 1 -
   * 2·budget`, only when at most `budget` longer) or, when longer, its prefix
   * (`|query| - 1 - 2·(budget - 1)`, only for a query of 4 or more).
   */
  private candidates(lower: string, budget: number): Iterable<number> {
    const needed = lower.length - (Q - 1) - Q * budget;
    if (needed <= 0) return this.keys.keys();
    // Typed scratch arrays reused by every query: a list grown per query was most of the suggestions' garbage.
    const { hits, stamp, touched } = this;
    let touchedCount = 0;
    // The stamp is unique to each (query, query position): a key counts once per query bigram.
    if (this.queryCount > 0x3fffffff) {
      this.stamp.fill(-1);
      this.queryCount = 0;
    }
    const base = this.queryCount;
    this.queryCount += lower.length;
    // The query's bigrams, rarest (fewest keys in their window) first. A key none of the first `m - needed + 1` of
    // them touched can have at most `needed - 1` hits, so the commonest few (a year's digits, shared by most keys)
    // need not be read from their postings: each is looked for directly in the few keys still in the running.
    const grams: { p: number; byPosition: number[][]; keys: number }[] = [];
    for (let p = 0; p + Q <= lower.length; p++) {
      const byPosition = this.postings.get(lower.slice(p, p + Q));
      if (!byPosition) continue;
      let keys = 0;
      for (let at = Math.max(0, p - budget); at <= Math.min(byPosition.length - 1, p + budget); at++) keys += byPosition[at]?.length ?? 0;
      grams.push({ p, byPosition, keys });
    }
    grams.sort((a, b) => a.keys - b.keys || a.p - b.p);
    const scanned = Math.max(0, grams.length - needed + 1);
    for (let g = 0; g < scanned; g++) {
      const { p, byPosition } = grams[g]!;
      const mark = base + p;
      const last = Math.min(byPosition.length - 1, p + budget);
      for (let at = Math.max(0, p - budget); at <= last; at++) {
        const list = byPosition[at];
        if (!list) continue;
        for (const index of list) {
          if (stamp[index] === mark) continue;
          if (stamp[index]! < base) {
            hits[index] = 0;
            touched[touchedCount++] = index;
          }
          stamp[index] = mark;
          hits[index]!++;
        }
      }
    }
    // The bound above is the loosest of two; by its length, a key can often only be close one way, which needs more.
    const length = lower.length;
    const prefixNeeds = length >= 4 ? needed + Q : Infinity;
    const needs = (index: number): number => {
      const other = this.lowered[index]!.length;
      const wholeNeeds = other > length + budget ? Infinity : Math.max(length, other) - (Q - 1) - Q * budget;
      return other > length ? Math.min(wholeNeeds, prefixNeeds) : wholeNeeds;
    };
    // The commonest bigrams, looked for in each key still in the running; a key drops out once the bigrams left
    // cannot bring it to what it needs.
    for (let g = scanned; g < grams.length; g++) {
      const left = grams.length - g;
      let alive = 0;
      for (let t = 0; t < touchedCount; t++) {
        const index = touched[t]!;
        if (hits[index]! + left >= needs(index)) touched[alive++] = index;
      }
      touchedCount = alive;
      const { p } = grams[g]!;
      const gram = lower.slice(p, p + Q);
      const from = Math.max(0, p - budget);
      for (let t = 0; t < touchedCount; t++) {
        const index = touched[t]!;
        const at = this.lowered[index]!.indexOf(gram, from);
        if (at !== -1 && at <= p + budget) hits[index]!++;
      }
    }
    const out: number[] = [];
    for (let t = 0; t < touchedCount; t++) {
      const index = touched[t]!;
      if (hits[index]! >= needs(index)) out.push(index);
    }
    return out.sort((a, b) => a - b);
  }
}

/**
 * The suggestion score of candidate `c` (lower-cased) for query `lower`:
 * the smaller of its edit distance and the distance of its prefix of the
 * query's length plus a half; Infinity when neither can be within `budget`.
 */
export function suggestionScore(lower: string, budget: number, c: string): number {
  if (c.length < lower.length - budget) return Infinity;
  // A much longer candidate can only be close through its prefix.
  const whole = c.length > lower.length + budget ? Infinity : distance(lower, c);
  const prefix = c.length > lower.length && lower.length >= 4 ? distance(lower, c.slice(0, lower.length)) + 0.5 : Infinity;
  return Math.min(whole, prefix);
}

/** `localeCompare`'s own order (the default locale and options), without building a collator per comparison. */
const collator = new Intl.Collator();

/** The `limit`th smallest score in `scored` (which holds at least `limit`). */
function worstOfBest(scored: readonly { score: number }[], limit: number): number {
  return scored
    .map((s) => s.score)
    .sort((a, b) => a - b)[limit - 1]!;
}

const indexes = new WeakMap<ReadonlyMap<string, unknown>, KeyIndex>();

/** The index of a bibliography's keys (`byId`), built on first use and kept while the map lives and keeps its size. */
export function keyIndexOf(byId: ReadonlyMap<string, unknown>): KeyIndex {
  let index = indexes.get(byId);
  if (!index || index.size !== byId.size) {
    index = new KeyIndex(byId.keys());
    indexes.set(byId, index);
  }
  return index;
}
