import { describe, expect, it } from 'vitest';
import { cslItemSchema, type CslInput } from '../../src/bibliography/schema.js';
import { assertsEvidence, evidenceLevelOf, isWeakSupport, strongWording } from '../../src/evidence/index.js';

const asserts = (s: string) => assertsEvidence(s).asserts;
const kinds = (s: string) => assertsEvidence(s).signals.map((g) => g.kind);

describe('assertsEvidence', () => {
  it.each([
    ['One survey says that 1 in 5 American adults live with chronic pain.', 'ratio'],
    ['People with critical limb ischemia are at a 13% risk of limb amputation.', 'percentage'],
    ['Some studies and patient surveys report that the average remission time is about three months.', 'research'],
    ['The average remission time is about three months.', 'statistic'],
    ['Research has found that sleep matters.', 'research'],
    ['It has been shown to reduce pain.', 'research'],
    ['Ketamine is FDA-approved for anesthesia.', 'regulatory'],
    ['A study by researchers from Dartmouth looked at opioid use.', 'attribution'],
    ['Of 297 patients, many had side effects.', 'count'],
    ['Women are diagnosed seven times more often than men.', 'multiplier'],
    ['Prescriptions fell by a third between 2012 and 2020.', 'statistic'],
    ['Migraine costs employers $13 billion a year.', 'count'],
    ['According to the CDC, chronic pain is common.', 'attribution'],
  ])('flags %s', (sentence, kind) => {
    expect(asserts(sentence)).toBe(true);
    expect(kinds(sentence)).toContain(kind);
  });

  it.each([
    'Don’t eat anything 4-6 hours before treatment.',
    'Avoid driving for 24 hours after an infusion.',
    'Call 555-201-3344 to book a consultation.',
    'The Ketamine Wellness Centers – $ 889 per infusion.',
    'Healing Maps- $300-800 per infusion, with $1000 per infusion being extreme case.',
    'Ketamine was introduced in the 1960s and approved in 1970.',
    'The clinic opened on June 3, 2021.',
    'Like any medication, relief is not 100% guaranteed.',
    'Patients rate their pain from 0 to 10 every four hours.',
    'Is ketamine right for 1 in 5 people?',
    'An integrative approach merges these practices with scientifically proven treatments.',
    'Research on ketamine for chronic pain is still ongoing.',
  ])('does not flag %s', (sentence) => {
    expect(asserts(sentence)).toBe(false);
  });

  it('gives offsets of its reasons and exempts headings and questions', () => {
    const s = 'Roughly 20% of adults have chronic pain.';
    const [signal] = assertsEvidence(s).signals;
    expect(signal).toMatchObject({ kind: 'percentage', text: '20%' });
    expect(s.slice(signal!.start, signal!.end)).toBe('20%');
    expect(assertsEvidence('1 in 5 adults', { kind: 'heading' })).toMatchObject({ asserts: false, exemption: 'heading' });
    expect(assertsEvidence('Do 1 in 5 adults have pain?')).toMatchObject({ asserts: false, exemption: 'question' });
  });
});

describe('strongWording', () => {
  it('finds strong claims', () => {
    expect(strongWording('It has been shown to be effective.').map((m) => m.phrase)).toEqual(['has been shown']);
    expect(strongWording('CBT is a proven treatment.')).toHaveLength(1);
    expect(strongWording('Studies show it works.')).toHaveLength(1);
    expect(strongWording('Ketamine infusions are effective for nerve pain.')).toHaveLength(1);
    expect(strongWording('Ketamine is an effective pain reliever.')).toHaveLength(1);
  });

  it('ignores hedged wording', () => {
    expect(strongWording('Ketamine may be effective for some.')).toEqual([]);
    expect(strongWording('The benefit is unproven.')).toEqual([]);
    expect(strongWording('It is not effective for migraine.')).toEqual([]);
  });
});

describe('weak support', () => {
  const item = (extra: Partial<CslInput>) => cslItemSchema.parse({ id: 'x', type: 'article-journal', title: 'T', ...extra });

  it('reads the evidence level, or the type and genre when it is missing', () => {
    expect(evidenceLevelOf(item({ evidence: 'rct' }))).toBe('rct');
    expect(evidenceLevelOf(item({ type: 'webpage' }))).toBe('web-page');
    expect(evidenceLevelOf(item({ type: 'article', genre: 'Press release' }))).toBe('press-release');
    expect(evidenceLevelOf(item({}))).toBeUndefined();
  });

  it('is weak only when every source is weak', () => {
    expect(isWeakSupport([item({ evidence: 'web-page' }), item({ evidence: 'press-release' })])).toBe(true);
    expect(isWeakSupport([item({ evidence: 'web-page' }), item({ evidence: 'meta-analysis' })])).toBe(false);
    expect(isWeakSupport([item({})])).toBe(false);
    expect(isWeakSupport([])).toBe(false);
  });
});
