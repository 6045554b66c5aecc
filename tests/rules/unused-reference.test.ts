import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/unused-reference.js';
import { journalArticle, makeBibliography, runRule } from '../helpers/lint.js';

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
  it('in a file that holds other records too, says to remove the record, never to delete the file', () => {
    const bibliography = makeBibliography(items);
    for (const [i, entry] of bibliography.entries.entries()) entry.source = { file: 'references/export.ris', line: 1 + 10 * i, column: 1 };
    const findings = runRule(rule, { articles: ['A [@used2020].'], bibliography });
    expect(findings.map((f) => [f.messageId, f.line])).toEqual([['unusedShared', 11]]);
    expect(findings[0]!.message).toBe('`unused2021` is not cited by any article; cite it or remove its record from `references/export.ris`, which holds other records too.');
  });
  it('is silent when only some articles are linted', () => {
    expect(runRule(rule, { articles: ['A [@used2020].'], items, allArticles: false })).toEqual([]);
  });
});
