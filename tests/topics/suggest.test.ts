import { describe, expect, it } from 'vitest';
import { cslItemSchema } from '../../src/bibliography/schema.js';
import { SEARCH_BOOST, topicSearchScores, topicText } from '../../src/topics/suggest.js';
import { buildSuggestionIndex, compareTopics, createTagger, defaultVocabulary, parseVocabulary, suggest } from '../../src/topics/index.js';
import { generateBibliography } from '../bench/generate.mjs';

/** MiniSearch's own answer: the topic's whole text as one query, its words combined by OR. */
function searchedWhole(index: ReturnType<typeof buildSuggestionIndex>, topic: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const result of index.search.search(topicText(index.vocabulary, topic), { boost: SEARCH_BOOST, combineWith: 'OR' })) out.set(String(result.id), result.score);
  return out;
}

describe('topic search scores from per-term searches', () => {
  it('equal, to the last bit, one search of the topic text for every default topic', () => {
    const vocabulary = defaultVocabulary();
    const { items } = (generateBibliography as (count: number, seed: number) => { items: unknown[] })(3000, 5);
    const index = buildSuggestionIndex(createTagger(vocabulary), items.map((item) => cslItemSchema.parse(item)));
    let compared = 0;
    for (const topic of vocabulary.byId.keys()) {
      const expected = searchedWhole(index, topic);
      const actual = topicSearchScores(index, topic);
      expect([...actual.keys()].sort(), topic).toEqual([...expected.keys()].sort());
      for (const [id, score] of expected) expect(Object.is(actual.get(id), score), `${topic} ${id}: ${actual.get(id)} vs ${score}`).toBe(true);
      compared += expected.size;
    }
    expect(compared).toBeGreaterThan(3000);
  });

  it('count a repeated word each time and a word matched in several fields once per term', () => {
    const vocabulary = parseVocabulary(
      ['topics:', '  - { id: knee-pain, label: Knee pain knee, terms: [knee pain] }', '  - { id: hip, label: Hip, terms: [hip] }'].join('\n'),
      'topics.yaml',
    );
    const items = [
      { id: 'a', type: 'article-journal', title: 'Knee pain in runners', abstract: 'Knee pain and knee swelling.' },
      { id: 'b', type: 'article-journal', title: 'Hip pain', keyword: 'pain, knee' },
      { id: 'c', type: 'article-journal', title: 'Pain' },
      { id: 'd', type: 'article-journal', title: 'Nothing here' },
    ].map((item) => cslItemSchema.parse(item));
    const index = buildSuggestionIndex(createTagger(vocabulary), items);
    for (const topic of ['knee-pain', 'hip']) {
      const expected = searchedWhole(index, topic);
      const actual = topicSearchScores(index, topic);
      expect(actual.size, topic).toBe(expected.size);
      for (const [id, score] of expected) expect(actual.get(id), `${topic} ${id}`).toBe(score);
    }
    expect(topicSearchScores(index, 'knee-pain').has('d')).toBe(false);
  });
});

describe('suggestions for claims naming several topics', () => {
  /**
   * The definition, computed the slow way: every item compatible with one of the claim's specific topics, its score
   * the sum (in the claim's topic order) of MiniSearch's own scores for each topic it covers, ranked by score, then
   * topics covered, then bibliography order.
   */
  function oracle(index: ReturnType<typeof buildSuggestionIndex>, claimTopics: string[], exclude: Set<string>, k: number): string[] {
    const specific = compareTopics(index.vocabulary, claimTopics, claimTopics).claimSpecific;
    const rows = new Map<string, { covers: number; score: number }>();
    for (const topic of specific) {
      const narrower = index.vocabulary.descendants.get(topic) ?? new Set([topic]);
      const scores = searchedWhole(index, topic);
      for (const [id, topics] of index.topicsById) {
        if (!topics.some((t) => narrower.has(t))) continue;
        const score = scores.get(id) ?? 0;
        const row = rows.get(id);
        if (row) {
          row.covers++;
          row.score += score;
        } else rows.set(id, { covers: 1, score });
      }
    }
    return [...rows]
      .filter(([id]) => !exclude.has(id))
      .sort(([a, x], [b, y]) => y.score - x.score || y.covers - x.covers || index.order.get(a)! - index.order.get(b)!)
      .slice(0, k)
      .map(([id]) => id);
  }

  it('are the best k by the definition, for many topic sets, depths and exclusions', () => {
    const vocabulary = defaultVocabulary();
    const { items } = (generateBibliography as (count: number, seed: number) => { items: unknown[] })(4000, 11);
    const index = buildSuggestionIndex(createTagger(vocabulary), items.map((item) => cslItemSchema.parse(item)));
    // Topics the items carry, and a few they do not.
    const carried = new Set([...index.topicsById.values()].flat());
    const topics = [...carried, ...[...vocabulary.byId.keys()].filter((t) => !carried.has(t)).slice(0, 5)];
    let random = 7;
    const next = (n: number): number => {
      random = (random * 1103515245 + 12345) % 2147483648;
      return (random >>> 16) % n;
    };
    let compared = 0;
    for (let round = 0; round < 150; round++) {
      const claim = Array.from({ length: 1 + next(4) }, () => topics[next(topics.length)]!);
      const k = [1, 3, 5, 20][next(4)]!;
      const ranked = oracle(index, claim, new Set(), 40);
      // Exclude some of the best, as lint excludes the reference already cited.
      const exclude = new Set(ranked.filter(() => next(3) === 0).slice(0, 1 + next(18)));
      const expected = oracle(index, claim, exclude, k);
      expect(suggest(index, claim, { k, exclude }).map((s) => s.id), claim.join(' ')).toEqual(expected);
      compared += expected.length;
    }
    expect(compared).toBeGreaterThan(200);
  });
});
