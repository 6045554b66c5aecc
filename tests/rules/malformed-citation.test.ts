import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/malformed-citation.js';
import { journalArticle, runRule } from '../helpers/lint.js';

const items = [journalArticle('smith2019')];

describe('malformed-citation', () => {
  it.each([
    ['a citation', 'Pain eases [@smith2019].'],
    ['a locator', 'Pain eases [see @smith2019, pp. 33-35].'],
    ['brackets without @', 'Pain eases [in most cases].'],
    ['a link', 'See [the guide](https://example.org/@smith2019).'],
    ['an email', 'Mail smith@example.org [for help].'],
  ])('valid: %s', (_name, source) => {
    expect(runRule(rule, { articles: [source], items })).toEqual([]);
  });

  it.each([
    ['empty key', 'Pain eases [@].', 12],
    ['space after @', 'Pain eases [@ smith2019].', 12],
    ['unclosed', 'Pain eases [@smith2019 and more', 12],
  ])('invalid: %s', (_name, source, column) => {
    const findings = runRule(rule, { articles: [source], items });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'malformed-citation', severity: 'error', line: 1, column });
    expect(findings[0]!.message).toMatch(/^Malformed citation `\[@/);
  });
});
