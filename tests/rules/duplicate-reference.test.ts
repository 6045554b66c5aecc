import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/duplicate-reference.js';
import { journalArticle, runRule } from '../helpers/lint.js';

const niesters = (id: string, year: number, extra = {}) =>
  journalArticle(id, {
    title: 'Ketamine for chronic pain: risks and benefits',
    author: [{ family: 'Niesters', given: 'Marieke' }, { family: 'Martini', given: 'Christian' }],
    issued: { 'date-parts': [[year]] },
    'container-title': 'British Journal of Clinical Pharmacology',
    ...extra,
  });

describe('duplicate-reference', () => {
  it('valid: different works', () => {
    expect(runRule(rule, { items: [journalArticle('a2020'), journalArticle('b2020')] })).toEqual([]);
  });
  it('valid: same title, both with their own DOIs (an update is another work)', () => {
    const items = [niesters('n2014', 2014, { DOI: '10.1111/bcp.12094' }), niesters('n2015', 2015, { DOI: '10.1111/bcp.99999' })];
    expect(runRule(rule, { items })).toEqual([]);
  });
  it('valid: same title and author, years two apart', () => {
    expect(runRule(rule, { items: [niesters('n2012', 2012), niesters('n2014', 2014)] })).toEqual([]);
  });
  it('invalid: title reworded in case and punctuation, a year apart — names the first and the disagreement', () => {
    const items = [niesters('niesters2013ketamine', 2013), niesters('niesters2014ketamine', 2014, { title: 'KETAMINE FOR CHRONIC PAIN - RISKS & BENEFITS' })];
    const findings = runRule(rule, { items });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'duplicate-reference', file: 'references/niesters2014ketamine.yaml', line: 1 });
    expect(findings[0]!.message).toContain('Same work as `niesters2013ketamine` (references/niesters2013ketamine.yaml:1)');
    expect(findings[0]!.message).toContain('`issued: 2013 vs 2014`');
  });
  it('invalid: the same DOI written differently', () => {
    const items = [
      journalArticle('x1', { DOI: '10.1111/BCP.12094' }),
      journalArticle('x2', { DOI: 'https://doi.org/10.1111/bcp.12094', title: 'Another title entirely' }),
    ];
    const [finding] = runRule(rule, { items });
    expect(finding!.message).toMatch(/^Same work as `x1` .* by DOI; they disagree on `title: /);
  });
});
