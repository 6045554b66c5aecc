/**
 * parseArticle reads plain `key: value` front matter without the yaml
 * package (see `simpleMapping` in src/document/article.ts). Whenever it does,
 * its reading must be the yaml package's.
 */
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseArticle, simpleMapping } from '../../src/document/article.js';

function viaYaml(text: string): unknown {
  try {
    return parseYaml(text, { maxAliasCount: 50, uniqueKeys: true }) ?? {};
  } catch {
    return 'error';
  }
}

describe('simple front matter', () => {
  it.each([
    ['title: "Ketamine: a review"\nlang: en-US\n', { title: 'Ketamine: a review', lang: 'en-US' }],
    ["csl: 'styles/apa.csl'\nauthor: Ann Smith\n", { csl: 'styles/apa.csl', author: 'Ann Smith' }],
    ['', {}],
  ])('reads %j as yaml does', (text, expected) => {
    expect(simpleMapping(text)).toEqual(expected);
    expect(viaYaml(text)).toEqual(expected);
  });

  it.each([
    'year: 2020\n',
    'draft: true\n',
    'value: null\n',
    'tags: [a, b]\n',
    'title: "a\\tb"\n',
    'title: x # comment\n',
    'a: b\na: c\n',
    'nested:\n  key: value\n',
    '__proto__: x\n',
    'title: it\'s\n',
    'date: 2020-01-01\n',
    'a: b\r\nc: d\r\n',
  ])('leaves %j to the yaml package', (text) => {
    expect(simpleMapping(text)).toBeUndefined();
  });

  it('agrees with the yaml package wherever it reads a block', () => {
    const key = fc.constantFrom('title', 'lang', 'csl', 'a-b', 'x_1', 'constructor', 'toString', 'A', 'title ', ' title', '1a', '<<');
    const value = fc.constantFrom(
      'en-US', 'Ann Smith', '"quoted: yes"', "'single'", '"with \\" escape"', '"tab\\there"', '"\\u0041"', "'it''s'", 'true', 'True', 'yes', 'no', 'on', 'null', '~', '',
      '12', '1e3', '0x1F', '.inf', 'NaN', 'Infinity', '2020-01-01', 'a  b', 'a #b', 'a#b', 'v1.2', 'x/y (z)', '"a" "b"', '[a]', '{a: 1}', '&a x', '*a', '!tag x', '|', '>', '- x', '"  padded  "', 'a\tb',
    );
    const sep = fc.constantFrom(': ', ':  ', ':\t', ':', ' : ');
    const trailing = fc.constantFrom('', ' ', '\t', '  ');
    const line = fc.tuple(key, sep, value, trailing).map(([k, s, v, t]) => `${k}${s}${v}${t}`);
    const block = fc.array(fc.oneof(line, fc.constant('')), { maxLength: 5 }).map((lines) => lines.join('\n'));
    fc.assert(
      fc.property(block, (text) => {
        const simple = simpleMapping(text);
        if (simple !== undefined) expect(simple).toEqual(viaYaml(text));
      }),
      { seed: 20261123, numRuns: 3000 },
    );
  });

  it('is what parseArticle reports as front matter', () => {
    expect(parseArticle('a.md', '---\ntitle: "Pain"\nlang: en-GB\n---\n\nText.\n').frontMatter).toEqual({ title: 'Pain', lang: 'en-GB' });
  });
});
