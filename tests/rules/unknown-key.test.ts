import { describe, expect, it } from 'vitest';
import rule, { closestKeys } from '../../src/rules/unknown-key.js';
import { journalArticle, runRule } from '../helpers/lint.js';

const items = [journalArticle('niesters2014ketamine'), journalArticle('zorumski2016ketamine'), journalArticle('sdrulla2018spinal')];

describe('unknown-key', () => {
  it.each([
    ['bracketed', 'Ketamine helps [@niesters2014ketamine].'],
    ['several keys', 'Ketamine helps [@niesters2014ketamine; @zorumski2016ketamine].'],
    ['in-text', '@sdrulla2018spinal reviewed stimulation.'],
    ['suppress author', 'As shown [-@sdrulla2018spinal].'],
    ['an email address is not a citation', 'Write to niesters@example.org for details.'],
    ['code is not scanned', 'Use `[@nosuchkey]` in your text.'],
  ])('valid: %s', (_name, source) => {
    expect(runRule(rule, { articles: [source], items })).toEqual([]);
  });

  it('reports an unknown key at the key with the closest suggestion', () => {
    const [finding, ...rest] = runRule(rule, { articles: ['Ketamine helps [@niesters2104].'], items });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: 'unknown-key',
      severity: 'error',
      line: 1,
      column: 17,
      suggestions: [{ desc: 'niesters2014ketamine', fix: { start: 17, end: 29, text: 'niesters2014ketamine' } }],
    });
    expect(finding!.message).toBe('Unknown citation key `niesters2104`; did you mean `niesters2014ketamine`?');
  });

  it('reports every unknown key of a multi-key citation, keeping the valid ones', () => {
    const findings = runRule(rule, { articles: ['See [@nope1; @niesters2014ketamine; @zzz].'], items });
    expect(findings.map((f) => f.message.match(/`([^`]+)`/)![1])).toEqual(['nope1', 'zzz']);
  });

  it('offers a fix when the key differs only in case', () => {
    const source = 'Ketamine helps [@Niesters2014Ketamine].';
    const [finding] = runRule(rule, { articles: [source], items });
    expect(finding!.message).toContain('differs only in case');
    expect(finding!.fix).toEqual({ start: 17, end: 37, text: 'niesters2014ketamine' });
    expect(source.slice(finding!.fix!.start, finding!.fix!.end)).toBe('Niesters2014Ketamine');
  });

  it('says plainly when nothing is close', () => {
    const [finding] = runRule(rule, { articles: ['See [@completelydifferent].'], items });
    expect(finding!.message).toBe('Unknown citation key `completelydifferent`; add it to `references/` or fix the key.');
  });

  it('closestKeys ranks typos in a prefix and whole-key typos', () => {
    const keys = ['smith2019pain', 'smith2018pain', 'jones2019pain'];
    expect(closestKeys('smith2019pian', keys, 3)[0]).toBe('smith2019pain');
    expect(closestKeys('smtih2019', keys, 3)).toContain('smith2019pain');
    expect(closestKeys('xyz', keys, 3)).toEqual([]);
  });
});
