import { describe, expect, it } from 'vitest';
import { containerDepth, parseArticle } from '../src/document/article.js';

describe('containerDepth', () => {
  it.each([
    ['plain text', 'Hello world.\n', 0],
    ['a list', '- a\n- b\n', 1],
    ['nested quote and list', '> > * 1. deep\n', 4],
    ['an emphasis is not a list', '*emphasis* here\n', 0],
    ['a number without a marker', '2020 was a year\n', 0],
    ['indentation then a marker', '    - nested\n', 1],
  ])('%s', (_name, source, depth) => {
    expect(containerDepth(source)).toBe(depth);
  });

  it('parseArticle refuses absurd nesting at once (reported as a finding by the project linter)', () => {
    expect(() => parseArticle('a.md', `${'* '.repeat(500)}a\n`)).toThrow(RangeError);
    expect(parseArticle('a.md', `${'* '.repeat(20)}a\n`).sentences).toHaveLength(1);
  });
});
