import { describe, expect, it } from 'vitest';
import { cslItemSchema, type CslInput } from '../../src/bibliography/schema.js';
import { buildSuggestionIndex, compareTopics, createTagger, defaultVocabulary, match, suggest } from '../../src/topics/index.js';

const vocab = defaultVocabulary();
const tagger = createTagger(vocab);

describe('matching claim and reference topics', () => {
  it('matches the same topic and either direction of the hierarchy', () => {
    expect(match(vocab, ['nerve-block'], ['nerve-block'])).toBe(true);
    expect(match(vocab, ['neuropathic-pain'], ['crps'])).toBe(true);
    expect(match(vocab, ['acupuncture'], ['complementary-medicine'])).toBe(true);
    expect(match(vocab, ['migraine'], ['headache'])).toBe(true);
  });

  it('does not match siblings', () => {
    expect(match(vocab, ['nerve-block', 'steroid-injection'], ['spinal-cord-stimulation', 'neuropathic-pain', 'crps', 'opioids'])).toBe(false);
    expect(match(vocab, ['cbt'], ['mindfulness'])).toBe(false);
    expect(match(vocab, ['phantom-limb'], ['crps'])).toBe(false);
  });

  it('matches related topics', () => {
    expect(match(vocab, ['nmda-receptor'], ['ketamine'])).toBe(true);
    expect(match(vocab, ['anesthesia'], ['ketamine'])).toBe(true);
  });

  it('cannot decide on generic or unknown topics', () => {
    expect(compareTopics(vocab, ['chronic-pain'], ['crps']).decision).toBe('undecided');
    expect(compareTopics(vocab, ['crps'], ['chronic-pain', 'guidelines']).decision).toBe('undecided');
    expect(compareTopics(vocab, ['crps'], ['no-such-topic']).decision).toBe('undecided');
    expect(match(vocab, ['fibromyalgia'], ['chronic-pain'])).toBe(true);
  });

  it('lets a setting decide only when the claim names nothing else', () => {
    expect(compareTopics(vocab, ['icu-analgesia'], ['nerve-block']).decision).toBe('mismatch');
    expect(compareTopics(vocab, ['nerve-block', 'perioperative'], ['local-anesthetics', 'perioperative']).decision).toBe('mismatch');
    expect(compareTopics(vocab, ['perioperative'], ['perioperative', 'chronic-pain']).decision).toBe('match');
  });

  it('says which claim topics are covered', () => {
    expect(compareTopics(vocab, ['ketamine', 'crps'], ['ketamine']).covered).toEqual(['ketamine']);
  });
});

describe('suggesting references', () => {
  const raw: CslInput[] = [
    { id: 'scs', type: 'article-journal', title: 'Spinal cord stimulation for neuropathic pain', topics: ['spinal-cord-stimulation', 'neuropathic-pain'] },
    { id: 'block-rct', type: 'article-journal', title: 'Medial branch nerve blocks for facet pain: a randomised trial of nerve block technique', abstract: 'Nerve blocks guided by ultrasound.' },
    { id: 'block-review', type: 'article-journal', title: 'Interventional procedures for back pain', keyword: 'nerve block; epidural' },
    { id: 'regional', type: 'article-journal', title: 'Outcomes after surgery', topics: ['nerve-block'] },
    { id: 'acu', type: 'article-journal', title: 'Acupuncture for migraine' },
  ];
  const items = raw.map((r) => cslItemSchema.parse(r));
  const index = buildSuggestionIndex(tagger, items);

  it('suggests only items that cover the claim, best first, at most k', () => {
    const claim = tagger.tagSentence('Localized nerve blocks can intercept pain signals.');
    const suggestions = suggest(index, claim, { exclude: ['scs'] });
    expect(suggestions.map((s) => s.id)).toEqual(['block-rct', 'block-review', 'regional']);
    expect(suggestions[0]!.score).toBeGreaterThan(suggestions[2]!.score);
    expect(suggest(index, claim, { k: 1 }).map((s) => s.id)).toEqual(['block-rct']);
    expect(suggestions[0]!.covers).toEqual(['nerve-block']);
  });

  it('accepts a plain topic list and suggests only items carrying the topic or a narrower one', () => {
    expect(suggest(index, ['complementary-medicine']).map((s) => s.id)).toEqual(['acu']);
    expect(suggest(index, ['neuropathic-pain']).map((s) => s.id)).toEqual(['scs']);
    // A review of neuropathic pain in general is not a source on CRPS, though it would not contradict a CRPS claim.
    expect(suggest(index, ['crps'])).toEqual([]);
    expect(suggest(index, ['fibromyalgia'])).toEqual([]);
    expect(suggest(index, ['chronic-pain'])).toEqual([]);
  });
});
