/**
 * Suggesting bibliography items that cover a claim's topics. The index is
 * built once per bibliography (minisearch, BM25-style, over title,
 * abstract, keywords and topics, stemmed the same way as the tagger);
 * suggestions are the items whose topics are compatible with the claim's,
 * ranked by the search score of the claim's topic labels (computed once per
 * topic and summed).
 */
import MiniSearch from 'minisearch';
import type { CslItem } from '../bibliography/schema.js';
import { compareTopics } from './match.js';
import type { ItemTopics, SentenceTopics, Tagger } from './tagger.js';
import { normalizeWord, wordsOf } from './text.js';
import type { Vocabulary } from './vocabulary.js';

export interface SuggestionIndex {
  vocabulary: Vocabulary;
  /**
   * Searched only for topics' words (see `topicText`), so it holds only
   * those: every other word still counts towards a field's length, and the
   * BM25 scores are those of a full index, at a fraction of its build time
   * and memory.
   */
  search: MiniSearch<IndexedDoc>;
  /** Topics of each item (explicit or inferred), by citekey. */
  topicsById: ReadonlyMap<string, readonly string[]>;
  /** Citekeys in bibliography order, for stable ties. */
  order: ReadonlyMap<string, number>;
  /** Items grouped by their topic set (sorted, joined by a space): far fewer sets than items. */
  groups: ReadonlyMap<string, { topics: readonly string[]; ids: string[] }>;
  /** Ranked answers by claim topic set, so a claim repeated across articles is ranked once. */
  memo: Map<string, RankedAnswer>;
  /** Per topic: every compatible item with its search score for the topic's words. */
  byTopic: Map<string, ReadonlyMap<string, number>>;
  /** Per topic: the same items as suggestions, best first. */
  rankedByTopic: Map<string, readonly Suggestion[]>;
  /** The search's own term processing, for splitting a topic's text into the terms it searches. */
  processTerm: (term: string) => string | null;
  /** Citekeys by bibliography position (the inverse of `order`). */
  ids: readonly string[];
  /** Per search term: the items containing it (by bibliography position) and their scores for that term alone (see {@link topicSearchScores}). */
  byTerm: Map<string, TermScores>;
}

/** One term's search results as parallel arrays: item positions and scores, in the search's order. */
interface TermScores {
  positions: Int32Array;
  scores: Float64Array;
}

export interface RankedAnswer {
  ranked: Suggestion[];
  /** True when `ranked` holds every candidate, not just the best few. */
  complete: boolean;
}

/** How many ranked candidates to keep per query, so a few excluded keys can be skipped without ranking again. */
const MEMO_DEPTH = 16;
/** Distinct queries remembered per index before the memo starts over (bounds memory on huge, varied corpora). */
const MEMO_LIMIT = 50_000;

export interface Suggestion {
  id: string;
  score: number;
  /** The claim topics this item covers. */
  covers: string[];
}

export interface SuggestOptions {
  /** How many to return (default 3). */
  k?: number;
  /** Citekeys never to suggest, e.g. the reference already cited. */
  exclude?: Iterable<string>;
}

interface IndexedDoc {
  id: string;
  title: string;
  abstract: string;
  keyword: string;
  topics: string;
}

/** Field weights for topic searches. */
export const SEARCH_BOOST = { topics: 3, title: 2, keyword: 1.5, abstract: 1 } as const;

/** Builds the search index over a bibliography's items; `topicsOf` may answer from a memo the caller shares (cited items are tagged anyway). */
export function buildSuggestionIndex(tagger: Tagger, items: Iterable<CslItem>, topicsOf: (item: CslItem) => ItemTopics = (item) => tagger.topicsOfItem(item)): SuggestionIndex {
  const vocabulary = tagger.vocabulary;
  const queried = new Set<string>();
  for (const id of vocabulary.byId.keys()) for (const word of wordsOf(topicText(vocabulary, id))) queried.add(normalizeWord(word));
  const processTerm = (term: string): string | null => {
    const norm = normalizeWord(term);
    return queried.has(norm) ? norm : null;
  };
  const search = new MiniSearch<IndexedDoc>({
    fields: ['title', 'abstract', 'keyword', 'topics'],
    idField: 'id',
    tokenize: wordsOf,
    processTerm,
  });
  const topicsById = new Map<string, readonly string[]>();
  const order = new Map<string, number>();
  const groups = new Map<string, { topics: readonly string[]; ids: string[] }>();
  const docs: IndexedDoc[] = [];
  for (const item of items) {
    if (topicsById.has(item.id)) continue;
    const topics = topicsOf(item).topics;
    topicsById.set(item.id, topics);
    order.set(item.id, order.size);
    const setKey = [...topics].sort().join(' ');
    let group = groups.get(setKey);
    if (!group) groups.set(setKey, (group = { topics, ids: [] }));
    group.ids.push(item.id);
    docs.push({
      id: item.id,
      title: [item.title, item['title-short']].filter(Boolean).join(' '),
      abstract: item.abstract ?? '',
      keyword: item.keyword ?? '',
      topics: topics.map((t) => topicText(vocabulary, t)).join(' '),
    });
  }
  search.addAll(docs);
  return { vocabulary, search, topicsById, order, ids: [...order.keys()], groups, memo: new Map(), byTopic: new Map(), rankedByTopic: new Map(), processTerm, byTerm: new Map() };
}

/** The text searched for a topic: its id as words, then its label. */
export function topicText(vocabulary: Vocabulary, id: string): string {
  const topic = vocabulary.byId.get(id);
  return [id.replace(/-/g, ' '), topic?.label ?? ''].join(' ');
}

/**
 * Up to `k` items that cover the claim's specific topics, best first.
 * `claim` is a tagger result or a list of topic ids.
 */
export function suggest(index: SuggestionIndex, claim: SentenceTopics | readonly string[], options: SuggestOptions = {}): Suggestion[] {
  return suggestWithMemo(index.memo, () => index, claim, options);
}

/** Ranked answers by claim topic set; see {@link suggestWithMemo}. */
export type SuggestionMemo = Map<string, RankedAnswer>;

/**
 * {@link suggest} with the answers kept in `memo`, which may outlive the
 * index (the lint cache stores it with the bibliography's fingerprint): a
 * claim whose topic set has been ranked before is answered without
 * building the index at all.
 */
export function suggestWithMemo(
  memo: SuggestionMemo,
  getIndex: () => SuggestionIndex,
  claim: SentenceTopics | readonly string[],
  options: SuggestOptions = {},
): Suggestion[] {
  const k = options.k ?? 3;
  if (k <= 0) return [];
  const exclude = new Set(options.exclude ?? []);
  const claimTopics = isTopicList(claim) ? [...claim] : claim.topics;
  // Ranked by the claim's topics, not its other words: one ranking per topic set serves every claim that has it
  // (ranking each sentence searched the whole index per mismatch, most of a large lint's time).
  const memoKey = [...claimTopics].sort().join(' ');
  const depth = Math.max(MEMO_DEPTH, k + exclude.size);
  let answer = memo.get(memoKey);
  if (answer === undefined || (!answer.complete && answer.ranked.length < depth)) {
    answer = rank(getIndex(), claimTopics, depth);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(memoKey, answer);
  }
  const out = answer.ranked.filter((s) => !exclude.has(s.id)).slice(0, k);
  if (out.length < k && !answer.complete) {
    // More of the kept candidates were excluded than the memo holds: rank this one in full.
    return rank(getIndex(), claimTopics, Number.POSITIVE_INFINITY).ranked.filter((s) => !exclude.has(s.id)).slice(0, k);
  }
  return out.map((s) => ({ ...s, covers: [...s.covers] }));
}

/**
 * The best `depth` items whose topics match the claim's, by search score,
 * then topics covered, then bibliography order. An item matches when it is
 * compatible with at least one of the claim's specific topics, so the
 * candidates and their scores are built per topic (one search each, shared
 * by every claim naming that topic) and summed: the same BM25 total as one
 * search for all the topics' words together.
 */
function rank(index: SuggestionIndex, claimTopics: readonly string[], depth: number): RankedAnswer {
  const claimSpecific = compareTopics(index.vocabulary, claimTopics, claimTopics).claimSpecific;
  const order = (a: Suggestion, b: Suggestion): number =>
    b.score - a.score || b.covers.length - a.covers.length || (index.order.get(a.id) ?? 0) - (index.order.get(b.id) ?? 0);
  if (claimSpecific.length === 1 && Number.isFinite(depth)) {
    // One topic (most claims): its items, already ranked once for every claim that names it.
    const ranked = rankedForTopic(index, claimSpecific[0]!);
    return { ranked: ranked.slice(0, depth).map((s) => ({ ...s, covers: [...s.covers] })), complete: ranked.length <= depth };
  }
  if (claimSpecific.length === 0) return { ranked: [], complete: true };
  if (!Number.isFinite(depth)) return rankAll(index, claimSpecific, order);
  return rankBest(index, claimSpecific, depth, order);
}

/** An item's score for the claim: its scores for the topics it covers, added in the claim's topic order. */
function scoreOf(id: string, claimSpecific: readonly string[], scores: ReadonlyArray<ReadonlyMap<string, number>>): Suggestion {
  const covers: string[] = [];
  let score = 0;
  for (let t = 0; t < claimSpecific.length; t++) {
    const s = scores[t]!.get(id);
    if (s === undefined) continue;
    score = covers.length === 0 ? s : score + s;
    covers.push(claimSpecific[t]!);
  }
  return { id, covers, score };
}

/** Every candidate, ranked. */
function rankAll(index: SuggestionIndex, claimSpecific: readonly string[], order: (a: Suggestion, b: Suggestion) => number): RankedAnswer {
  const scores = claimSpecific.map((topic) => topicScores(index, topic));
  const ids = new Set<string>();
  for (const map of scores) for (const id of map.keys()) ids.add(id);
  return { ranked: [...ids].map((id) => scoreOf(id, claimSpecific, scores)).sort(order), complete: true };
}

/**
 * The best `depth` candidates, read from each topic's ranked list in step
 * (Fagin's threshold algorithm): after row `p` of every list, no item not
 * yet seen can score more than the sum of the lists' next scores, since
 * its score for each topic is at most that list's next one. Once the
 * `depth`th best scores strictly more, the rest cannot enter, so a claim
 * naming two common topics reads a few rows instead of thousands of items.
 */
function rankBest(index: SuggestionIndex, claimSpecific: readonly string[], depth: number, order: (a: Suggestion, b: Suggestion) => number): RankedAnswer {
  const lists = claimSpecific.map((topic) => rankedForTopic(index, topic));
  const scores = claimSpecific.map((topic) => topicScores(index, topic));
  const rows = Math.max(...lists.map((list) => list.length));
  const seen = new Set<string>();
  const best: Suggestion[] = [];
  for (let p = 0; p < rows; p++) {
    for (const list of lists) {
      const id = list[p]?.id;
      if (id === undefined || seen.has(id)) continue;
      seen.add(id);
      const suggestion = scoreOf(id, claimSpecific, scores);
      if (best.length >= depth && order(suggestion, best[best.length - 1]!) >= 0) continue;
      let at = best.length;
      while (at > 0 && order(suggestion, best[at - 1]!) < 0) at--;
      best.splice(at, 0, suggestion);
      if (best.length > depth) best.pop();
    }
    if (best.length < depth) continue;
    let bound = 0;
    let open = false;
    for (const list of lists) {
      const next = list[p + 1];
      if (next === undefined) continue;
      bound += next.score;
      open = true;
    }
    // Scores are never negative, so a sum of some of the next scores is at most the sum of all of them.
    if (open && best[depth - 1]!.score > bound) return { ranked: best, complete: false };
  }
  return { ranked: best, complete: seen.size <= depth };
}

/** Every item compatible with `topic` as a suggestion, best first. */
function rankedForTopic(index: SuggestionIndex, topic: string): readonly Suggestion[] {
  let ranked = index.rankedByTopic.get(topic);
  if (ranked === undefined) {
    // Every item covers this one topic, so the order is score, then bibliography position: sorted as numbers in
    // typed arrays, not by a comparator looking both ids up (thousands of items for a common topic).
    const scores = topicScores(index, topic);
    const score = new Float64Array(scores.size);
    const position = new Int32Array(scores.size);
    let n = 0;
    for (const [id, s] of scores) {
      score[n] = s;
      position[n++] = index.order.get(id)!;
    }
    const rows = Array.from({ length: n }, (_, r) => r).sort((a, b) => score[b]! - score[a]! || position[a]! - position[b]!);
    ranked = rows.map((r) => ({ id: index.ids[position[r]!]!, covers: [topic], score: score[r]! }));
    index.rankedByTopic.set(topic, ranked);
  }
  return ranked;
}

/** Every item compatible with `topic`, with its search score for the topic's words (0 when the text never names them). */
function topicScores(index: SuggestionIndex, topic: string): ReadonlyMap<string, number> {
  let scores = index.byTopic.get(topic);
  if (scores !== undefined) return scores;
  const compatible = new Map<string, number>();
  // Only items that carry the topic itself or a narrower one: a review of interventional procedures in general is
  // not a source on nerve blocks. Compared once per distinct topic set, not once per item.
  const narrower = index.vocabulary.descendants.get(topic) ?? new Set([topic]);
  for (const group of index.groups.values()) {
    if (!group.topics.some((t) => narrower.has(t))) continue;
    for (const id of group.ids) compatible.set(id, 0);
  }
  if (compatible.size > 0) {
    const { sums, found } = denseTopicScores(index, topic);
    for (const id of compatible.keys()) {
      const position = index.order.get(id)!;
      if (found[position] === 1) compatible.set(id, sums[position]!);
    }
  }
  scores = compatible;
  index.byTopic.set(topic, scores);
  return scores;
}

/**
 * Every item's search score for a topic's text, as MiniSearch scores the
 * query `topicText(topic)` with its words combined by OR: for each item,
 * the scores of the query's terms it contains, added in the query's order
 * (a term the query repeats counts each time), times the number of
 * distinct terms it contains. The topics share many words ("pain" is in a
 * third of them, and a topic's id repeats its label), so each term is
 * searched once, alone, and its scores kept: one search per distinct term
 * instead of one per term of every topic. The sums are MiniSearch's own,
 * in the same order, so the scores are equal to the last bit
 * (tests/topics/suggest.test.ts compares them).
 */
export function topicSearchScores(index: SuggestionIndex, topic: string): Map<string, number> {
  const { sums, found } = denseTopicScores(index, topic);
  const out = new Map<string, number>();
  for (let position = 0; position < found.length; position++) if (found[position] === 1) out.set(index.ids[position]!, sums[position]!);
  return out;
}

/** {@link topicSearchScores} by bibliography position: arrays, not a map of thousands of keys per topic. */
function denseTopicScores(index: SuggestionIndex, topic: string): { sums: Float64Array; found: Uint8Array } {
  const sums = new Float64Array(index.ids.length);
  const distinct = new Uint8Array(index.ids.length);
  const found = new Uint8Array(index.ids.length);
  const counted = new Set<string>();
  for (const word of wordsOf(topicText(index.vocabulary, topic))) {
    const term = index.processTerm(word);
    if (!term) continue;
    const first = !counted.has(term);
    counted.add(term);
    const { positions, scores } = termScores(index, term);
    for (let r = 0; r < positions.length; r++) {
      const position = positions[r]!;
      // 0 + x is x exactly, so starting every sum at 0 adds as MiniSearch does.
      sums[position]! += scores[r]!;
      found[position] = 1;
      if (first) distinct[position]!++;
    }
  }
  for (let position = 0; position < sums.length; position++) if (found[position] === 1) sums[position] = sums[position]! * distinct[position]!;
  return { sums, found };
}

/** Every item containing `term` (already processed), with its score for a query of that term alone. */
function termScores(index: SuggestionIndex, term: string): TermScores {
  let found = index.byTerm.get(term);
  if (found === undefined) {
    // The term is already processed: searched as it is, not tokenized or processed again.
    const results = index.search.search(term, { boost: SEARCH_BOOST, tokenize: (text) => [text], processTerm: (text) => text });
    const positions = new Int32Array(results.length);
    const scores = new Float64Array(results.length);
    results.forEach((result, r) => {
      positions[r] = index.order.get(String(result.id))!;
      scores[r] = result.score;
    });
    found = { positions, scores };
    index.byTerm.set(term, found);
  }
  return found;
}

function isTopicList(claim: SentenceTopics | readonly string[]): claim is readonly string[] {
  return Array.isArray(claim);
}
