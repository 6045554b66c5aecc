import { describe, expect, it } from 'vitest';
import { cslItemSchema } from '../../src/bibliography/schema.js';
import { createTagger, defaultVocabulary, normalizeWord, tokenize } from '../../src/topics/index.js';

const tagger = createTagger(defaultVocabulary());
const topicsOf = (text: string, context?: string) => tagger.tagSentence(text, context === undefined ? {} : { context });

describe('normalising words', () => {
  it('folds plurals and inflections onto one stem', () => {
    expect(normalizeWord('blocks')).toBe(normalizeWord('block'));
    expect(normalizeWord('injections')).toBe(normalizeWord('injection'));
    expect(normalizeWord('stimulators')).toBe(normalizeWord('stimulation'));
    expect(normalizeWord('Migraines')).toBe(normalizeWord('migraine'));
  });

  it('folds British spellings and keeps -fulness words whole', () => {
    expect(normalizeWord('anaesthesia')).toBe(normalizeWord('anesthesia'));
    expect(normalizeWord('behavioural')).toBe(normalizeWord('behavioral'));
    expect(normalizeWord('mindfulness')).not.toBe(normalizeWord('mind'));
  });

  it('drops possessive s and splits hyphenated words', () => {
    expect(tokenize('ketamine’s non-opioid').map((t) => t.raw)).toEqual(['ketamine', 'non', 'opioid']);
  });
});

describe('tagging a sentence', () => {
  it('finds inflected and multi-word terms', () => {
    expect(topicsOf('Two spinal cord stimulators were implanted.').topics).toEqual(['spinal-cord-stimulation']);
    expect(topicsOf('Repeated nerve blocks eased the pain.').specific).toEqual(['nerve-block']);
    expect(topicsOf('Cognitive behavioural therapies help.').specific).toEqual(['cbt']);
  });

  it('prefers the longest term', () => {
    const r = topicsOf('Non-steroidal anti-inflammatory drugs are not steroid injections.');
    expect(r.specific).toEqual(['nsaids', 'steroid-injection']);
    expect(r.matches[0]).toMatchObject({ topic: 'nsaids', start: 0, term: 'non-steroidal anti-inflammatory' });
  });

  it('matches acronyms only in capitals', () => {
    expect(topicsOf('TENS units are cheap.').specific).toEqual(['neuromodulation']);
    expect(topicsOf('tens of patients').specific).toEqual([]);
    expect(topicsOf('NSAIDs and CRPS').specific).toEqual(['nsaids', 'crps']);
  });

  it('does not read non-opioid as opioid', () => {
    expect(topicsOf('Non-opioid treatments are growing.').topics).not.toContain('opioids');
    expect(topicsOf('Non-opioid analgesics such as paracetamol.').specific).toEqual(['non-opioid-analgesics', 'acetaminophen']);
  });

  it('sets aside what a contrast excludes', () => {
    const r = topicsOf('Unlike spinal cord stimulation, nerve blocks need no implant.');
    expect(r.specific).toEqual(['nerve-block']);
    expect(r.matches.find((m) => m.topic === 'spinal-cord-stimulation')?.negated).toBe(true);
    expect(topicsOf('Gabapentin acts on calcium channels rather than NMDA receptors.').specific).toEqual(['gabapentinoids']);
    expect(topicsOf('Cannabinoids, not opioids, were chosen.').specific).toEqual(['cannabinoids']);
    expect(topicsOf('Relief came without opioids.').specific).toEqual([]);
  });

  it('keeps a plain negated predicate: the sentence is still about it', () => {
    expect(topicsOf('Ketamine is not effective for migraine.').specific).toEqual(['ketamine', 'migraine']);
    expect(topicsOf('Ketamine works better than opioids.').specific).toEqual(['ketamine', 'opioids']);
  });

  it('uses the context only when the claim names no specific topic', () => {
    const context = 'Epidural steroid injections reach the inflamed nerve root.';
    const borrowed = topicsOf('The benefit fades after three months.', context);
    expect(borrowed.fromContext).toBe(true);
    expect(borrowed.specific).toEqual(['steroid-injection']);
    expect(borrowed.matches.every((m) => m.inContext)).toBe(true);
    const own = topicsOf('Acupuncture helps some people.', context);
    expect(own.fromContext).toBe(false);
    expect(own.specific).toEqual(['acupuncture']);
    const generic = topicsOf('This pain fades.', context);
    expect(generic.fromContext).toBe(true);
    expect(generic.topics).toEqual(['pain', 'steroid-injection']);
  });

  it('tries several contexts in order', () => {
    const r = tagger.tagSentence('It helps.', { context: ['Nothing here.', 'Virtual reality distracts.'] });
    expect(r.specific).toEqual(['virtual-reality']);
  });
});

describe('topics of a reference', () => {
  it('uses explicit topics as given', () => {
    const item = cslItemSchema.parse({ id: 'a', type: 'article-journal', title: 'Acupuncture', topics: ['nerve-block'] });
    expect(tagger.topicsOfItem(item)).toMatchObject({ topics: ['nerve-block'], inferred: false, evidence: [{ topic: 'nerve-block', field: 'topics' }] });
  });

  it('infers from title, abstract and keywords', () => {
    const item = cslItemSchema.parse({
      id: 'b',
      type: 'article-journal',
      title: 'Spinal Cord Stimulation: Clinical Efficacy and Potential Mechanisms',
      abstract: 'An alternative to opioids for neuropathic pain.',
      keyword: 'complex regional pain syndrome; fibromyalgia',
    });
    const topics = tagger.topicsOfItem(item);
    expect(topics).toMatchObject({ topics: ['spinal-cord-stimulation', 'opioids', 'neuropathic-pain', 'crps', 'fibromyalgia'], inferred: true });
    expect(topics.evidence[0]).toEqual({ topic: 'spinal-cord-stimulation', field: 'title', words: 'Spinal Cord Stimulation' });
    expect(topics.evidence.find((e) => e.topic === 'crps')).toEqual({ topic: 'crps', field: 'keyword', words: 'complex regional pain syndrome' });
  });
});
