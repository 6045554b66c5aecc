import { describe, expect, it } from 'vitest';
import { collectCitations, splitLocator } from '../../src/citations/index.js';
import { malformedOf, parse } from './helpers.js';

interface ItemExpectation {
  key: string;
  prefix?: string;
  locator?: string;
  suffix?: string;
  suppressAuthor?: boolean;
  /** Source text at the item's position. */
  at?: string;
}

interface ValidCase {
  name: string;
  markdown: string;
  /** One entry per citation node, in order. */
  citations: Array<{ mode: 'bracketed' | 'in-text'; value: string; items: ItemExpectation[] }>;
}

const valid: ValidCase[] = [
  { name: 'two keys', markdown: 'Pain fell [@a; @b].', citations: [{ mode: 'bracketed', value: '[@a; @b]', items: [{ key: 'a' }, { key: 'b' }] }] },
  { name: 'no space after semicolon', markdown: 'x [@a;@b]', citations: [{ mode: 'bracketed', value: '[@a;@b]', items: [{ key: 'a' }, { key: 'b' }] }] },
  {
    name: 'prefix and locator',
    markdown: 'x [see @key, pp. 33-35]',
    citations: [{ mode: 'bracketed', value: '[see @key, pp. 33-35]', items: [{ key: 'key', prefix: 'see', locator: 'pp. 33-35', suffix: '', at: '@key' }] }],
  },
  {
    name: 'locator then suffix, second item with bare page',
    markdown: 'x [see @a, p. 3, and elsewhere; @b 45]',
    citations: [{ mode: 'bracketed', value: '[see @a, p. 3, and elsewhere; @b 45]', items: [
      { key: 'a', prefix: 'see', locator: 'p. 3', suffix: ', and elsewhere' },
      { key: 'b', prefix: '', locator: '45', suffix: '' },
    ] }],
  },
  { name: 'chapter in roman numerals', markdown: 'x [@a, chap. iv]', citations: [{ mode: 'bracketed', value: '[@a, chap. iv]', items: [{ key: 'a', locator: 'chap. iv' }] }] },
  { name: 'suffix without locator', markdown: 'x [@a, see also]', citations: [{ mode: 'bracketed', value: '[@a, see also]', items: [{ key: 'a', locator: '', suffix: ', see also' }] }] },
  { name: 'suppress author', markdown: 'Smith says [-@smith04].', citations: [{ mode: 'bracketed', value: '[-@smith04]', items: [{ key: 'smith04', suppressAuthor: true, at: '-@smith04' }] }] },
  { name: 'suppress author second item', markdown: 'x [@a; -@b]', citations: [{ mode: 'bracketed', value: '[@a; -@b]', items: [{ key: 'a', suppressAuthor: false }, { key: 'b', suppressAuthor: true, at: '-@b' }] }] },
  { name: 'dash with space is a prefix', markdown: 'x [- @a]', citations: [{ mode: 'bracketed', value: '[- @a]', items: [{ key: 'a', prefix: '-', suppressAuthor: false }] }] },
  { name: 'in-text', markdown: 'As @smith04 showed.', citations: [{ mode: 'in-text', value: '@smith04', items: [{ key: 'smith04', at: '@smith04' }] }] },
  { name: 'in-text with locator', markdown: 'As @key [p. 33] says', citations: [{ mode: 'in-text', value: '@key [p. 33]', items: [{ key: 'key', locator: 'p. 33', suffix: '' }] }] },
  { name: 'in-text locator on next line', markdown: 'As @key\n[p. 33] says', citations: [{ mode: 'in-text', value: '@key\n[p. 33]', items: [{ key: 'key', locator: 'p. 33' }] }] },
  { name: 'in-text merged with a list', markdown: '@key [@b] t', citations: [{ mode: 'in-text', value: '@key [@b]', items: [{ key: 'key' }, { key: 'b' }] }] },
  { name: 'in-text suffix then more items', markdown: '@key [x; @y]', citations: [{ mode: 'in-text', value: '@key [x; @y]', items: [{ key: 'key', suffix: 'x' }, { key: 'y' }] }] },
  { name: 'in-text bracket with keyless second part is not a locator', markdown: '@key [x; y]', citations: [{ mode: 'in-text', value: '@key', items: [{ key: 'key' }] }] },
  { name: 'in-text then link', markdown: '@key [x](u)', citations: [{ mode: 'in-text', value: '@key', items: [{ key: 'key' }] }] },
  { name: 'trailing full stop not in key', markdown: 'See @smith04.', citations: [{ mode: 'in-text', value: '@smith04', items: [{ key: 'smith04' }] }] },
  { name: 'internal punctuation', markdown: 'x @a.b.c. and @doe:2020/x-y', citations: [
    { mode: 'in-text', value: '@a.b.c', items: [{ key: 'a.b.c' }] },
    { mode: 'in-text', value: '@doe:2020/x-y', items: [{ key: 'doe:2020/x-y' }] },
  ] },
  { name: 'double slash', markdown: 'x [@a//b]', citations: [{ mode: 'bracketed', value: '[@a//b]', items: [{ key: 'a//b' }] }] },
  { name: 'trailing colon is suffix', markdown: 'x [@a:]', citations: [{ mode: 'bracketed', value: '[@a:]', items: [{ key: 'a', suffix: ':' }] }] },
  { name: 'braced key', markdown: 'x @{https://x.org/a?b=c&d} y', citations: [{ mode: 'in-text', value: '@{https://x.org/a?b=c&d}', items: [{ key: 'https://x.org/a?b=c&d' }] }] },
  { name: 'underscore and digit starts', markdown: 'x @_a and @1a', citations: [
    { mode: 'in-text', value: '@_a', items: [{ key: '_a' }] },
    { mode: 'in-text', value: '@1a', items: [{ key: '1a' }] },
  ] },
  { name: 'unicode key', markdown: 'x @Çelik2020 y', citations: [{ mode: 'in-text', value: '@Çelik2020', items: [{ key: 'Çelik2020' }] }] },
  { name: 'escaped underscore ends the key', markdown: 'x @a\\_b', citations: [{ mode: 'in-text', value: '@a', items: [{ key: 'a' }] }] },
  { name: 'nested brackets in suffix', markdown: 'x [@a [b] c]', citations: [{ mode: 'bracketed', value: '[@a [b] c]', items: [{ key: 'a', suffix: '[b] c' }] }] },
  { name: 'brackets in prefix', markdown: 'x [see [x] @key here]', citations: [{ mode: 'bracketed', value: '[see [x] @key here]', items: [{ key: 'key', prefix: 'see [x]', suffix: 'here' }] }] },
  { name: 'code span with bracket in suffix', markdown: 'x [@a, `a]b` c]', citations: [{ mode: 'bracketed', value: '[@a, `a]b` c]', items: [{ key: 'a', suffix: ', `a]b` c' }] }] },
  { name: 'code span with key in prefix', markdown: 'x [see `@x` @key]', citations: [{ mode: 'bracketed', value: '[see `@x` @key]', items: [{ key: 'key', prefix: 'see `@x`' }] }] },
  { name: 'escaped bracket in suffix', markdown: 'x [@key\\] c]', citations: [{ mode: 'bracketed', value: '[@key\\] c]', items: [{ key: 'key', suffix: '] c' }] }] },
  { name: 'double bracket', markdown: 'x [[@a]]', citations: [{ mode: 'bracketed', value: '[@a]', items: [{ key: 'a' }] }] },
  { name: 'link stays a link, key inside is in-text', markdown: '[@key](https://x.org)', citations: [{ mode: 'in-text', value: '@key', items: [{ key: 'key' }] }] },
  { name: 'span attributes', markdown: 'x [@a]{.c}', citations: [{ mode: 'in-text', value: '@a', items: [{ key: 'a' }] }] },
  { name: 'citation inside link text', markdown: '[link [@key] text](u)', citations: [{ mode: 'bracketed', value: '[@key]', items: [{ key: 'key' }] }] },
  { name: 'emphasis', markdown: '*@b* and **[@c]**', citations: [
    { mode: 'in-text', value: '@b', items: [{ key: 'b' }] },
    { mode: 'bracketed', value: '[@c]', items: [{ key: 'c' }] },
  ] },
  { name: 'after punctuation that is not a word', markdown: 'x (@a) "@b" _@c', citations: [
    { mode: 'in-text', value: '@a', items: [{ key: 'a' }] },
    { mode: 'in-text', value: '@b', items: [{ key: 'b' }] },
    { mode: 'in-text', value: '@c', items: [{ key: 'c' }] },
  ] },
  { name: 'line break inside', markdown: 'x [see\n@key, p. 3]', citations: [{ mode: 'bracketed', value: '[see\n@key, p. 3]', items: [{ key: 'key', prefix: 'see', locator: 'p. 3' }] }] },
  { name: 'CRLF', markdown: 'x\r\n[see\r\n@key]\r\n', citations: [{ mode: 'bracketed', value: '[see\r\n@key]', items: [{ key: 'key', prefix: 'see' }] }] },
  { name: 'no key before the semicolon: bracket is text', markdown: 'x [pre; @a]', citations: [{ mode: 'in-text', value: '@a', items: [{ key: 'a' }] }] },
  { name: 'wildcard key', markdown: 'x @* y', citations: [{ mode: 'in-text', value: '@*', items: [{ key: '*' }] }] },
];

const noCitations: Array<{ name: string; markdown: string }> = [
  { name: 'email', markdown: 'Write to me@x.org or first.last@health.example.com.' },
  { name: 'email autolink', markdown: 'Write to <me@x.org>.' },
  { name: 'after a full stop', markdown: 'x a.@b' },
  { name: 'after a digit', markdown: 'x 1@b' },
  { name: 'after a letter with diacritic', markdown: 'é@b' },
  { name: 'code span', markdown: 'Use `[@a]` and `@b`.' },
  { name: 'fenced code', markdown: '```\n[@a] @b\n```' },
  { name: 'indented code', markdown: 'x\n\n    [@a] @b' },
  { name: 'autolink', markdown: '<https://x.org/@a>' },
  { name: 'link destination', markdown: '[a](https://x.org/@b)' },
  { name: 'GFM URL literal', markdown: 'See https://medium.com/@author/post and www.x.org/@a.' },
  { name: 'front matter', markdown: '---\ntitle: "@a [@b]"\n---\n' },
  { name: 'footnote call', markdown: 'x[^1]\n\n[^1]: plain' },
  { name: 'empty brackets', markdown: 'x [] [x] [ ]' },
  { name: 'HTML', markdown: '<div>[@a]</div>' },
];

function sliceOf(markdown: string, start: number | undefined, end: number | undefined): string {
  return markdown.slice(start ?? -1, end ?? -1);
}

describe('citation syntax: valid', () => {
  it.each(valid)('$name', ({ markdown, citations }) => {
    const tree = parse(markdown);
    const found = collectCitations(tree);
    expect(found.map((c) => ({ mode: c.mode, value: c.value }))).toEqual(
      citations.map((c) => ({ mode: c.mode, value: c.value })),
    );
    found.forEach((node, n) => {
      const expected = citations[n];
      if (!expected) return;
      expect(sliceOf(markdown, node.position.start.offset, node.position.end.offset)).toBe(expected.value);
      expect(node.items).toHaveLength(expected.items.length);
      node.items.forEach((item, i) => {
        const want = expected.items[i];
        if (!want) return;
        expect(item.key).toBe(want.key);
        if (want.prefix !== undefined) expect(item.prefix).toBe(want.prefix);
        if (want.locator !== undefined) expect(item.locator).toBe(want.locator);
        if (want.suffix !== undefined) expect(item.suffix).toBe(want.suffix);
        if (want.suppressAuthor !== undefined) expect(item.suppressAuthor).toBe(want.suppressAuthor);
        const at = want.at ?? (item.suppressAuthor ? '-@' : '@') + (markdown.includes(`@{${item.key}}`) ? `{${item.key}}` : item.key);
        expect(sliceOf(markdown, item.position.start.offset, item.position.end.offset)).toBe(at);
      });
    });
    expect(malformedOf(tree)).toEqual([]);
  });
});

describe('citation syntax: not citations', () => {
  it.each(noCitations)('$name', ({ markdown }) => {
    const tree = parse(markdown);
    expect(collectCitations(tree)).toEqual([]);
    expect(malformedOf(tree)).toEqual([]);
  });
});

describe('citation syntax: positions', () => {
  it('gives line and column of the node and of each key', () => {
    const markdown = 'Intro.\n\nPain fell [see @a, p. 3; -@b].';
    const [citation] = collectCitations(parse(markdown));
    expect(citation?.position.start).toEqual({ line: 3, column: 11, offset: 18 });
    expect(citation?.position.end).toEqual({ line: 3, column: 30, offset: 37 });
    expect(citation?.items[0]?.position.start).toEqual({ line: 3, column: 16, offset: 23 });
    expect(citation?.items[1]?.position).toEqual({
      start: { line: 3, column: 26, offset: 33 },
      end: { line: 3, column: 29, offset: 36 },
    });
  });

  it('maps a citation spanning lines in a block quote onto the source', () => {
    const markdown = '> quote [see\n> @key, p. 3]';
    const [citation] = collectCitations(parse(markdown));
    expect(citation?.position.start.offset).toBe(8);
    expect(citation?.position.end.offset).toBe(markdown.length);
    expect(citation?.items[0]?.position.start).toEqual({ line: 2, column: 3, offset: 15 });
    expect(citation?.items[0]?.prefix).toBe('see');
  });

  it('finds citations in lists, tables and footnotes', () => {
    const markdown = [
      '- item @a',
      '  [p. 3] and [@b;',
      '  @c]',
      '',
      '| a | b |',
      '|---|---|',
      '| x [@d] | @e |',
      '',
      'Text[^1].',
      '',
      '[^1]: Note [@f].',
    ].join('\n');
    const keys = collectCitations(parse(markdown)).flatMap((c) => c.items.map((i) => i.key));
    expect(keys).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });
});

describe('citation syntax: malformed', () => {
  const cases: Array<{ markdown: string; reason: string; value: string; keys: string[] }> = [
    { markdown: 'x [@] y', reason: 'empty-key', value: '[@]', keys: [] },
    { markdown: 'x [-@] y', reason: 'empty-key', value: '[-@]', keys: [] },
    { markdown: 'x [@ key] y', reason: 'space-after-at', value: '[@ key]', keys: [] },
    // A bracket with a broken item and a key is text to pandoc, its key an in-text citation: the broken item alone is malformed.
    { markdown: 'x [@a; @ b] y', reason: 'space-after-at', value: '@ b', keys: ['a'] },
    { markdown: 'x [@a; @] y', reason: 'empty-key', value: '@', keys: ['a'] },
    { markdown: 'x [@{b x}; see @a, p. 3] y', reason: 'illegal-character', value: '@{b x}', keys: ['a'] },
    { markdown: 'x [see @a; -@ b, p. 3 ] y', reason: 'space-after-at', value: '@ b, p. 3', keys: ['a'] },
    { markdown: 'x [@"smith"] y', reason: 'illegal-character', value: '[@"smith"]', keys: [] },
    { markdown: 'x [@(smith)] y', reason: 'illegal-character', value: '[@(smith)]', keys: [] },
    { markdown: 'x [@-a] y', reason: 'illegal-character', value: '[@-a]', keys: [] },
    { markdown: 'x [@{a b}] y', reason: 'illegal-character', value: '[@{a b}]', keys: [] },
    { markdown: 'x [@key and more', reason: 'unclosed', value: '[', keys: ['key'] },
    { markdown: 'x [see @a; @b\n\nNext [@c].', reason: 'unclosed', value: '[', keys: ['a', 'b', 'c'] },
    { markdown: 'x [@a [b c]', reason: 'unclosed', value: '[', keys: ['a'] },
  ];
  it.each(cases)('$markdown → $reason', ({ markdown, reason, value, keys }) => {
    const tree = parse(markdown);
    const malformed = malformedOf(tree);
    expect(malformed.map((m) => [m.reason, m.value])).toEqual([[reason, value]]);
    const node = malformed[0];
    expect(markdown.slice(node?.position.start.offset, node?.position.end.offset)).toBe(value);
    expect(collectCitations(tree).flatMap((c) => c.items.map((i) => i.key))).toEqual(keys);
  });

  it('does not flag an @ that is not at the start of an item', () => {
    expect(malformedOf(parse('It costs [about @ 5 dollars] and [contact me@x.org].'))).toEqual([]);
  });

  it('does not flag an unclosed bracket without a key', () => {
    expect(malformedOf(parse('x [see the note'))).toEqual([]);
  });
});

describe('citation syntax: hostile input stays linear', () => {
  // micromark's own bracket handling dominates these timings; the bounds are generous on purpose.
  it('handles many unclosed citation brackets', { timeout: 60_000 }, () => {
    const tree = parse('[@a; '.repeat(20000));
    expect(collectCitations(tree).length).toBe(20000);
  });

  it('handles deeply nested brackets', { timeout: 60_000 }, () => {
    const tree = parse('['.repeat(10000) + '@a' + ']'.repeat(10000));
    expect(collectCitations(tree).map((c) => c.value)).toEqual(['[@a]']);
  });

  it('handles unmatched backticks and brackets', () => {
    const tree = parse('[@a `x '.repeat(2000) + '\n' + '[x '.repeat(2000) + '@b');
    expect(collectCitations(tree).length).toBeGreaterThan(0);
  });

  it('handles long braced keys and long in-text chains', () => {
    const tree = parse('@{'.repeat(2000) + ' ' + '@a [x '.repeat(2000));
    expect(collectCitations(tree).length).toBe(2000);
  });
});

describe('splitLocator', () => {
  it.each([
    [', pp. 33-35', 'pp. 33-35', ''],
    ['p. 33', 'p. 33', ''],
    [', 33', '33', ''],
    [', chap. 3, sec. 2', 'chap. 3', ', sec. 2'],
    [', p. 33, and elsewhere', 'p. 33', ', and elsewhere'],
    [', pages 3, 5–7', 'pages 3, 5–7', ''],
    [', fig. 2a', 'fig. 2a', ''],
    [', vol. ii', 'vol. ii', ''],
    [', para. 4', 'para. 4', ''],
    [', § 12', '§ 12', ''],
    [', see also', '', ', see also'],
    ['and more', '', 'and more'],
    [', page one', '', ', page one'],
  ])('%j → locator %j, suffix %j', (input, locator, suffix) => {
    expect(splitLocator(input)).toEqual({ locator, suffix });
  });
});
