import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/retracted-reference.js';
import { journalArticle, runRule } from '../helpers/lint.js';

const items = [
  journalArticle('sound2020'),
  journalArticle('gone2019', { retracted: true }),
  journalArticle('gone2021', { retracted: { date: '2022-03-01', notice: 'data fabrication' } }),
];

describe('retracted-reference', () => {
  it('valid: citing an item that is not retracted', () => {
    expect(runRule(rule, { articles: ['Fine [@sound2020].'], items })).toEqual([]);
  });
  it('valid: a retracted item that nobody cites', () => {
    expect(runRule(rule, { articles: ['Nothing cited here.'], items })).toEqual([]);
  });
  it('invalid: retracted: true', () => {
    const [f] = runRule(rule, { articles: ['Bad [@gone2019].'], items });
    expect(f).toMatchObject({ ruleId: 'retracted-reference', line: 1, column: 6 });
    expect(f!.message).toBe('`gone2019` has been retracted; remove the citation or cite a sound source.');
  });
  it('invalid: retracted with date and notice', () => {
    const [f] = runRule(rule, { articles: ['Bad [@sound2020; @gone2021].'], items });
    expect(f!.message).toContain('retracted on 2022-03-01 (data fabrication)');
    expect(f!.column).toBe(18);
  });
});
