/**
 * citation-needed classes found in real articles (sentences written for
 * these tests, modelled on them), and the detector word lists as data.
 */
import { describe, expect, it } from 'vitest';
import { assertsEvidence } from '../../src/evidence/index.js';
import { mergeEvidenceWords } from '../../src/evidence/words.js';
import citationNeeded from '../../src/rules/citation-needed.js';
import { parseVocabulary } from '../../src/topics/vocabulary.js';
import { runRule } from '../helpers/lint.js';

describe('evidence classes', () => {
  it.each([
    ['money and growth', 'The clinic market was worth $3.4 billion in 2019 and could reach $7.8 billion by 2026.'],
    ['research has established', 'Earlier headache research has established that poor sleep lowers pain thresholds.'],
    ['a passive result', 'A fall in opioid use was observed in the infusion group.'],
    ['a passive result at the end of a clause', 'Changes in descending inhibition have been described, although none explains the symptoms.'],
    ['an association', 'Long-term use is associated with kidney injury.'],
    ['an estimated count', 'An estimated 40,000 veterans use the programme each year.'],
  ])('flags %s', (_name, sentence) => {
    expect(assertsEvidence(sentence).asserts).toBe(true);
  });

  it.each([
    ['a hedge', 'Acupuncture may help some people.'],
    ['advice', 'Ask about the cost before the first session.'],
    ['an association that is only possible', 'Poor sleep can be linked to many things.'],
  ])('does not flag %s', (_name, sentence) => {
    expect(assertsEvidence(sentence).asserts).toBe(false);
  });

  it('reads weaker signals only in a paragraph whose other sentences cite sources', () => {
    const sentence = 'Infusions significantly reduced pain at rest.';
    expect(assertsEvidence(sentence).asserts).toBe(false);
    expect(assertsEvidence(sentence, { paragraphCited: true }).asserts).toBe(true);
    const cited = runRule(citationNeeded, { articles: [`${sentence} The higher dose cut opioid use [@a].`], items: [{ id: 'a', type: 'article-journal', title: 'A trial', author: [{ family: 'X' }] }] });
    expect(cited).toHaveLength(1);
    expect(runRule(citationNeeded, { articles: [`${sentence}\n\nThe higher dose cut opioid use [@a].`], items: [{ id: 'a', type: 'article-journal', title: 'A trial', author: [{ family: 'X' }] }] })).toEqual([]);
  });
});

describe('word lists as data', () => {
  it('extends the built-in lists from the project vocabulary file', () => {
    const vocabulary = parseVocabulary('extends: default\ntopics: []\nevidence:\n  people: [dentists]\n  researchWords: [audit]\n', 'references/topics.yaml');
    expect(vocabulary.evidenceWords.people).toContain('adults');
    expect(assertsEvidence('About 12,000 dentists took part.', { words: vocabulary.evidenceWords }).asserts).toBe(true);
    expect(assertsEvidence('Our audit showed fewer referrals.', { words: vocabulary.evidenceWords }).asserts).toBe(true);
    expect(assertsEvidence('Our audit showed fewer referrals.').asserts).toBe(false);
  });

  it('replaces a list without extends', () => {
    const words = mergeEvidenceWords({ reportingVerbs: ['proves'] }, false);
    expect(words.reportingVerbs).toEqual(['proves']);
    expect(words.people).toContain('adults');
  });
});

describe('more passive results and reports', () => {
  it.each([
    ['a negated passive result', 'Former users were not found to differ from controls on memory tests.'],
    ['case reports', 'In case reports of three patients, liver enzymes rose after repeated infusions.'],
  ])('flags %s', (_name, sentence) => {
    expect(assertsEvidence(sentence).asserts).toBe(true);
  });
});
