import { describe, expect, it } from 'vitest';
import citationNeeded from '../../src/rules/citation-needed.js';
import topicMismatch from '../../src/rules/topic-mismatch.js';
import weakEvidence from '../../src/rules/weak-evidence.js';
import type { CslInput } from '../../src/bibliography/schema.js';
import { journalArticle, runRule } from '../helpers/lint.js';

const items: CslInput[] = [
  journalArticle('scs2018', { title: 'Spinal cord stimulation: clinical efficacy and mechanisms', topics: ['spinal-cord-stimulation', 'neuropathic-pain'], evidence: 'narrative-review' }),
  journalArticle('blocks2019', { title: 'Peripheral nerve blocks for chronic pain', topics: ['nerve-block'], evidence: 'systematic-review' }),
  journalArticle('cbt2020', { title: 'Cognitive behavioural therapy for chronic pain', topics: ['cbt', 'chronic-pain'], evidence: 'rct' }),
  { id: 'clinic2021', type: 'webpage', title: 'Why our ketamine clinic works', author: [{ literal: 'Example Clinic' }], topics: ['ketamine'], evidence: 'web-page' },
];

describe('topic-mismatch', () => {
  it.each([
    ['matching topics', 'A spinal cord stimulator interrupts pain signals [@scs2018].'],
    ['contrast names the cited side', 'Unlike nerve blocks, spinal cord stimulation can give lasting relief [@scs2018].'],
    ['a general claim citing a specific paper', 'Chronic pain can be treated in several ways [@cbt2020].'],
    ['two interventions, one paper each', 'Nerve blocks [@blocks2019] and spinal cord stimulation [@scs2018] are options.'],
  ])('valid: %s', (_n, source) => {
    expect(runRule(topicMismatch, { articles: [source], items })).toEqual([]);
  });
  it('invalid: a nerve-block claim citing a stimulation review, with a suggestion', () => {
    const [finding, ...rest] = runRule(topicMismatch, { articles: ['Localized nerve blocks can intercept pain signals [@scs2018].'], items });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ ruleId: 'topic-mismatch', severity: 'error', line: 1, column: 52, suggestions: [{ desc: 'blocks2019' }] });
    expect(finding!.suggestions?.[0]?.fix?.text).toBe('blocks2019');
    expect(finding!.message).toContain('Claim is about `nerve-block`');
    expect(finding!.message).toContain('`scs2018` covers `spinal-cord-stimulation`');
    expect(finding!.message).toContain('such as `blocks2019`');
  });
});

describe('citation-needed', () => {
  it.each([
    ['advice', 'Talk to your doctor before an infusion.'],
    ['a question', 'How many sessions will I need?'],
    ['a cited statistic', '1 in 5 adults live with chronic pain [@cbt2020].'],
    ['a heading with a number', '## 5 things to know'],
  ])('valid: %s', (_n, source) => {
    expect(runRule(citationNeeded, { articles: [source], items })).toEqual([]);
  });
  it.each([
    ['a ratio', 'One survey says that 1 in 5 American adults live with chronic pain.'],
    ['a percentage', 'People with critical limb ischemia are at a 13% risk of amputation.'],
    ['studies show', 'Studies show that ketamine relieves neuropathic pain.'],
  ])('invalid: %s', (_n, source) => {
    const findings = runRule(citationNeeded, { articles: [source], items });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'citation-needed', severity: 'warn', line: 1, column: 1 });
  });
});

describe('weak-evidence', () => {
  it('valid: strong wording backed by a study', () => {
    expect(runRule(weakEvidence, { articles: ['CBT has been shown to reduce pain [@cbt2020].'], items })).toEqual([]);
  });
  it('valid: soft wording backed by a web page', () => {
    expect(runRule(weakEvidence, { articles: ['Ketamine may ease pain [@clinic2021].'], items })).toEqual([]);
  });
  it('invalid: strong wording backed only by a web page', () => {
    const [finding] = runRule(weakEvidence, { articles: ['Ketamine has been proven to ease pain [@clinic2021].'], items });
    expect(finding).toMatchObject({ ruleId: 'weak-evidence', severity: 'warn', line: 1 });
    expect(finding!.message).toContain('`clinic2021` (web-page)');
  });
});
