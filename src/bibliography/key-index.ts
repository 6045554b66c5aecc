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
    const scored: { index: number; score: number }[] = [];
    for (const index of this.candidates(lower, budget)) {
      const score = suggestionScore(lower, budget, this.lowered[index]!);
      if (score <= budget) scored.push({ index, score });
    }
    const keys = this.keys;
    scored.sort((a, b) => a.score - b.score || keys[a.index]!.localeCompare(keys[b.index]!) || a.index - b.index);
    return scored.slice(0, limit).map((s) => keys[s.index]!);
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
    for (let p = 0; p + Q <= lower.length; p++) {
      const byPosition = this.postings.get(lower.slice(p, p + Q));
      if (!byPosition) continue;
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
    const out: number[] = [];
    for (let t = 0; t < touchedCount; t++) {
      const index = touched[t]!;
      const found = hits[index]!;
      if (found < needed) continue;
      const other = this.lowered[index]!.length;
      const wholeNeeds = other > length + budget ? Infinity : Math.max(length, other) - (Q - 1) - Q * budget;
      if (found >= (other > length ? Math.min(wholeNeeds, prefixNeeds) : wholeNeeds)) out.push(index);
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
