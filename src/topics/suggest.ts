/**
 * Suggesting bibliography items that cover a claim's topics. The index is
 * built once per bibliography (minisearch, BM25-style, over title,
 * abstract, keywords and topics, stemmed the same way as the tagger);
 * suggestions are the items whose topics are compatible with the claim's,
 * ranked by the search score of the claim's topic labels and words.
 */
import MiniSearch from 'minisearch';
import type { CslItem } from '../bibliography/schema.js';
import { compareTopics } from './match.js';
import type { SentenceTopics, Tagger } from './tagger.js';
import { normalizeWord, tokenize } from './text.js';
import type { Vocabulary } from './vocabulary.js';

export interface SuggestionIndex {
  vocabulary: Vocabulary;
  search: MiniSearch<IndexedDoc>;
  /** Topics of each item (explicit or inferred), by citekey. */
  topicsById: ReadonlyMap<string, readonly string[]>;
  /** Citekeys in bibliography order, for stable ties. */
  order: ReadonlyMap<string, number>;
}

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

const BOOST = { topics: 3, title: 2, keyword: 1.5, abstract: 1 } as const;

/** Builds the search index over a bibliography's items. */
export function buildSuggestionIndex(tagger: Tagger, items: Iterable<CslItem>): SuggestionIndex {
  const vocabulary = tagger.vocabulary;
  const search = new MiniSearch<IndexedDoc>({
    fields: ['title', 'abstract', 'keyword', 'topics'],
    idField: 'id',
    tokenize: (text) => tokenize(text).map((t) => t.raw),
    processTerm: (term) => normalizeWord(term),
  });
  const topicsById = new Map<string, readonly string[]>();
  const order = new Map<string, number>();
  const docs: IndexedDoc[] = [];
  for (const item of items) {
    if (topicsById.has(item.id)) continue;
    const topics = tagger.topicsOfItem(item).topics;
    topicsById.set(item.id, topics);
    order.set(item.id, order.size);
    docs.push({
      id: item.id,
      title: [item.title, item['title-short']].filter(Boolean).join(' '),
      abstract: item.abstract ?? '',
      keyword: item.keyword ?? '',
      topics: topics.map((t) => topicText(vocabulary, t)).join(' '),
    });
  }
  search.addAll(docs);
  return { vocabulary, search, topicsById, order };
}

function topicText(vocabulary: Vocabulary, id: string): string {
  const topic = vocabulary.byId.get(id);
  return [id.replace(/-/g, ' '), topic?.label ?? ''].join(' ');
}

/**
 * Up to `k` items that cover the claim's specific topics, best first.
 * `claim` is a tagger result (its matched words join the query) or a list
 * of topic ids.
 */
export function suggest(index: SuggestionIndex, claim: SentenceTopics | readonly string[], options: SuggestOptions = {}): Suggestion[] {
  const k = options.k ?? 3;
  const exclude = new Set(options.exclude ?? []);
  const claimTopics = isTopicList(claim) ? [...claim] : claim.topics;
  const candidates = new Map<string, string[]>();
  for (const [id, topics] of index.topicsById) {
    if (exclude.has(id)) continue;
    const comparison = compareTopics(index.vocabulary, claimTopics, topics);
    if (comparison.decision === 'match') candidates.set(id, comparison.covered);
  }
  if (candidates.size === 0 || k <= 0) return [];

  const claimSpecific = compareTopics(index.vocabulary, claimTopics, claimTopics).claimSpecific;
  const queryParts = claimSpecific.map((t) => topicText(index.vocabulary, t));
  if (!isTopicList(claim)) {
    for (const m of claim.matches) if (!m.negated && claimSpecific.includes(m.topic)) queryParts.push(m.term);
  }
  const scores = new Map<string, number>();
  for (const result of index.search.search(queryParts.join(' '), {
    boost: BOOST,
    combineWith: 'OR',
    filter: (r) => candidates.has(String(r.id)),
  })) {
    scores.set(String(result.id), result.score);
  }
  return [...candidates]
    .map(([id, covers]) => ({ id, covers, score: scores.get(id) ?? 0 }))
    .sort(
      (a, b) =>
        b.score - a.score || b.covers.length - a.covers.length || (index.order.get(a.id) ?? 0) - (index.order.get(b.id) ?? 0),
    )
    .slice(0, k);
}

function isTopicList(claim: SentenceTopics | readonly string[]): claim is readonly string[] {
  return Array.isArray(claim);
}
