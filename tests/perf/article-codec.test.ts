/**
 * Parse workers and the parse cache hand articles over packed
 * (src/lint/article-codec.ts). Unpacking must rebuild exactly the article
 * that was packed: same citations, sentences and positions, and a sentence's
 * citations the very objects of the article's list.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/document/article.js';
import { packArticle, unpackArticle } from '../../src/lint/article-codec.js';
import { articleFromEntry, encodeArticle } from '../../src/lint/cache.js';

function roundTrip(file: string, source: string): void {
  const { tree: _tree, ...article } = parseArticle(file, source);
  const back = unpackArticle(packArticle(article), source);
  expect(back).toEqual(article);
  for (const sentence of back.sentences) for (const citation of sentence.citations) expect(back.citations).toContain(citation);
  expect(articleFromEntry(encodeArticle(parseArticle(file, source)), source)).toEqual(article);
}

describe('packed articles', () => {
  it('rebuild the bundled articles exactly', () => {
    const dir = join(import.meta.dirname, '../../articles');
    const names = readdirSync(dir).filter((n) => n.endsWith('.md'));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) roundTrip(name, readFileSync(join(dir, name), 'utf8'));
  });

  it.each([
    ['CRLF', 'Line one [@a].\r\nLine two [see @b, p. 3; -@c].\r\n\r\n# Head [@d]\r\n'],
    ['CR only', 'One [@a].\rTwo @b [p. 4].\r\r- item [@c]\r'],
    ['a table and a footnote', '| a | b |\n|---|---|\n| x [@a] | y |\n\nText.[^1]\n\n[^1]: Note [@b].\n'],
    ['front matter and malformed citations', '---\ntitle: x\n---\n\nBroken [@] and [@ key] and [@open.\n'],
    ['astral characters', '😀 Pain 😀 eased [@a]. 𝔸 second [@b; @c].\n'],
  ])('rebuild %s exactly', (_name, source) => {
    roundTrip('a.md', source);
  });

  it('keep a point whose line and column are not its offset’s', () => {
    const { tree: _tree, ...article } = parseArticle('a.md', 'Pain [@a].\n');
    const sentence = article.sentences[0]!;
    sentence.position = { start: { line: 7, column: 3, offset: 0 }, end: { line: 1, column: 5 } };
    expect(unpackArticle(packArticle(article), article.source)).toEqual(article);
  });

  it('rebuild arbitrary Markdown with citations exactly', () => {
    const key = fc.constantFrom('a', 'b2', 'doe:x', 'k.y');
    const cite = fc.oneof(key.map((k) => `[@${k}]`), fc.tuple(key, key).map(([a, b]) => `[see @${a}, p. 3; @${b}]`), key.map((k) => `@${k}`), fc.constantFrom('[@]', '[@ x]', '[@open'));
    const part = fc.oneof(
      cite,
      fc.constantFrom('Pain eased', 'Studies show 40%', 'Dr. Smith', 'e.g. this', '. ', ' ', '\n', '\r\n', '\r', '\n\n', '# ', '> ', '- ', '| a | b |\n|---|---|\n| ', '**', '`', '\t', '😀'),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 30 }).map((p) => p.join('')), (source) => roundTrip('a.md', source)),
      { seed: 20261123, numRuns: 500 },
    );
  });

  it('refuse a pack with data missing', () => {
    const { tree: _tree, ...article } = parseArticle('a.md', 'Pain [@a]. More [@b].\n');
    const packed = packArticle(article);
    expect(() => unpackArticle({ ...packed, numbers: packed.numbers.subarray(0, packed.numbers.length - 1) }, article.source)).toThrow();
  });
});
