/**
 * Inputs that the benchmark's hostile cases (`tests/bench/tasks/pathological.mjs`)
 * found slow or crashing, pinned here by what they must produce. Each was
 * quadratic or overflowed the stack, so a regression shows up as a test
 * that runs into vitest's timeout or throws, not as a timing assertion.
 */
import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/citations/index.js';
import { assertsEvidence } from '../../src/evidence/index.js';
import { parseArticle } from '../../src/document/article.js';
import type { Finding } from '../../src/lint/types.js';
import { stylish } from '../../src/report/stylish.js';
import { parse } from '../citations/helpers.js';

describe('hostile sizes', () => {
  it('a paragraph of 40,000 sentences is split into 40,000 sentences (V8 segments long text quadratically)', () => {
    const text = 'Pain eased. '.repeat(40_000);
    const sentences = splitSentences(parse(text), text);
    expect(sentences).toHaveLength(40_000);
    expect(sentences[39_999]?.text).toBe('Pain eased.');
  });

  it('a long block is cut between sentences where it can, and an abbreviation at a cut still joins', () => {
    const text = `${'Pain eased. '.repeat(300)}See Fig. 2 for doses. ${'Pain eased. '.repeat(300)}`;
    const texts = splitSentences(parse(text), text).map((s) => s.text);
    expect(texts).toContain('See Fig. 2 for doses.');
    expect(texts).toHaveLength(601);
  });

  it('one 200,000-word sentence without a full stop stays one sentence', () => {
    const text = `${'word '.repeat(200_000).trim()}.`;
    const sentences = splitSentences(parse(text), text);
    expect(sentences).toHaveLength(1);
    expect(sentences[0]?.text.length).toBe(text.length);
  });

  it('50,000 numbers joined by commas are one statistic check, not a quadratic scan', () => {
    const result = assertsEvidence(`${'1,'.repeat(50_000)} dollarsx`);
    expect(result.asserts).toBe(false);
  });

  it('20,000 unclosed `[@` on one line parse into malformed citations', () => {
    const article = parseArticle('articles/x.md', '[@a '.repeat(20_000));
    expect(article.malformed.length).toBeGreaterThan(0);
  });

  it('the stylish report of 200,000 findings in one file does not overflow the stack', () => {
    const findings: Finding[] = Array.from({ length: 200_000 }, (_, i) => ({
      ruleId: 'malformed-citation',
      messageId: 'malformed',
      severity: 'error',
      message: 'Malformed citation',
      file: 'articles/x.md',
      line: 1,
      column: i + 1,
    }));
    const out = stylish([{ filePath: 'articles/x.md', findings }], { color: false, cwd: '/', toolVersion: '0', rules: [] });
    expect(out).toContain('200000 problems');
  });
});
