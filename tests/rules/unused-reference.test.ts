import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/unused-reference.js';
import { journalArticle, runRule } from '../helpers/lint.js';

const items = [journalArticle('used2020'), journalArticle('unused2021')];

describe('unused-reference', () => {
  it('valid: every item cited somewhere', () => {
    expect(runRule(rule, { articles: ['A [@used2020].', 'B @unused2021 says so.'], items })).toEqual([]);
  });
  it('invalid: an item nobody cites, reported at its file', () => {
    const findings = runRule(rule, { articles: ['A [@used2020].'], items });
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: 'unused-reference', severity: 'warn', file: 'references/unused2021.yaml', line: 1 }),
    ]);
    expect(findings[0]!.message).toBe('`unused2021` is not cited by any article; cite it or delete `references/unused2021.yaml`.');
  });
  it('is silent when only some articles are linted', () => {
    expect(runRule(rule, { articles: ['A [@used2020].'], items, allArticles: false })).toEqual([]);
  });
});
