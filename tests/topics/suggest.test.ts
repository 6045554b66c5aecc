import { describe, expect, it } from 'vitest';
import { cslItemSchema } from '../../src/bibliography/schema.js';
import { SEARCH_BOOST, topicSearchScores, topicText } from '../../src/topics/suggest.js';
import { buildSuggestionIndex, createTagger, defaultVocabulary, parseVocabulary } from '../../src/topics/index.js';
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
