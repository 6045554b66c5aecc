/**
 * Citations read where pandoc 2.17 reads them (SPEC §3): character references, image alt
 * text, inline notes, math and raw TeX, metadata blocks, keys outside the BMP, `[@a]: text`,
 * and `;` inside quotes, emphasis or a comment. Expected values are pandoc's (checked with
 * `pandoc -f markdown -t native`); the differential test compares with pandoc itself.
 */
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/document/article.js';
import { frontMatterOf } from '../../src/document/front-matter.js';

interface Read {
  key: string;
  mode: string;
  suffix?: string;
}

function read(markdown: string): Read[] {
  return parseArticle('a.md', markdown).citations.flatMap((c) =>
    c.items.map((item, i) => {
      const mode = item.suppressAuthor ? 'suppress' : c.mode === 'in-text' && i === 0 ? 'in-text' : 'normal';
      const suffix = [item.locator, item.suffix].filter(Boolean).join(' ');
      return suffix ? { key: item.key, mode, suffix } : { key: item.key, mode };
    }),
  );
}

describe('character references', () => {
  it.each([
    ['[@a, p.&nbsp;3]', [{ key: 'a', mode: 'normal', suffix: 'p.\u00a03' }]],
    ['[@a, &sect; 4]', [{ key: 'a', mode: 'normal', suffix: '§ 4' }]],
    ['[@a, x &amp; y; @b]', [{ key: 'a', mode: 'normal', suffix: ', x & y' }, { key: 'b', mode: 'normal' }]],
    ['[@a, 1&ndash;3]', [{ key: 'a', mode: 'normal', suffix: '1–3' }]],
    ['@a [p.&nbsp;3] says', [{ key: 'a', mode: 'in-text', suffix: 'p.\u00a03' }]],
  ])('%s', (markdown, expected) => {
    expect(read(markdown)).toEqual(expected);
  });

  it('does not split at the `;` of `&#59;`', () => {
    // pandoc nests `@b` in `@a`'s suffix; citemark reads both keys (a documented deviation), never a list split at the entity.
    const citations = parseArticle('a.md', '[@a&#59; @b]').citations;
    expect(citations.every((c) => c.items.length === 1)).toBe(true);
    expect(citations.map((c) => c.items[0]!.key)).toEqual(['a', 'b']);
  });
});

describe('figures, notes, math and raw TeX', () => {
  it('reads a citation in image alt text, and makes the caption a claim', () => {
    const article = parseArticle('a.md', '![Pain scores [@smith2020]](fig1.png)\n');
    expect(article.citations.map((c) => c.items[0]!.key)).toEqual(['smith2020']);
    expect(article.sentences.find((s) => s.citations.length > 0)?.text).toBe('Pain scores');
  });

  it('reads a citation in an inline note as in-text, inside the note', () => {
    expect(read('Hi^[@a].')).toEqual([{ key: 'a', mode: 'in-text' }]);
    expect(read('Hi^[see @a, p. 3].')).toEqual([{ key: 'a', mode: 'in-text' }]);
    expect(read('Hi^[Some [@a; @b].]')).toEqual([{ key: 'a', mode: 'normal' }, { key: 'b', mode: 'normal' }]);
  });

  it('lends a note of bare citations to the sentence of its mark; a note with prose is its own sentence', () => {
    const bare = parseArticle('a.md', 'Pain fell by half.^[@a] Then it rose.').sentences;
    expect(bare.find((s) => s.citations.length)?.text).toBe('Pain fell by half.');
    const prose = parseArticle('a.md', 'Pain fell.^[As the trial shows [@a].] Then it rose.').sentences;
    expect(prose.find((s) => s.citations.length)?.text).toBe('As the trial shows.');
  });

  it.each(['$@a$', '$$ @a $$', 'x $\\frac{@a}{2}$ y', '\\textit{@a}', '\\cite[@a]{b}', '\\begin{x}@a\\end{x}'])('reads no citation in %s', (markdown) => {
    expect(read(markdown)).toEqual([]);
  });

  it('reads raw TeX whose group spans lines as one piece, with its text whole', () => {
    const tree = parseArticle('a.md', 'a \\emph{x\ny @b} c @d\n').tree!;
    const paragraph = tree.children[0] as { children: Array<{ type: string; value?: string }> };
    expect(paragraph.children.find((n) => n.type === 'rawTex')?.value).toBe('\\emph{x\ny @b}');
    expect(read('a \\emph{x\ny @b} c @d\n')).toEqual([{ key: 'd', mode: 'in-text' }]);
    expect(read('\\begin{x}\n@a\n\\end{x} @d\n')).toEqual([{ key: 'd', mode: 'in-text' }]);
  });

  it('keeps dollar amounts as text, as pandoc does', () => {
    expect(read('Costs $400 to $ 1000, or $5 to $10 @a.')).toEqual([{ key: 'a', mode: 'in-text' }]);
    expect(parseArticle('a.md', 'Costs $5 and $10 per dose [@a].').sentences[0]!.text).toBe('Costs $5 and $10 per dose.');
  });
});

describe('keys, line starts and separators', () => {
  it('reads keys outside the Basic Multilingual Plane whole', () => {
    expect(read('@𝔘ber and @key𠀀x and [@Ωmega𝔘]')).toEqual([
      { key: '𝔘ber', mode: 'in-text' },
      { key: 'key𠀀x', mode: 'in-text' },
      { key: 'Ωmega𝔘', mode: 'normal' },
    ]);
  });

  it('reads `[@a]: text` at a line start as a citation, not a link definition', () => {
    expect(read('[@a]: text')).toEqual([{ key: 'a', mode: 'normal' }]);
    expect(read('[see @a]: x')).toEqual([{ key: 'a', mode: 'normal' }]);
    expect(parseArticle('a.md', '[a]: https://x.org\n\n[a] @b').citations.length).toBe(1);
  });

  it.each([
    ['[@a, "x; y"; @b]', 2],
    ["[@a, 'x; y'; @b]", 2],
    ['[@a, *x; y*; @b]', 2],
    ['[@a, **x; y**; @b]', 2],
    ['[@a, _x; y_; @b]', 2],
    ['[@a, <!-- x; y --> z; @b]', 2],
    ['[@a, <span title="a;b">x</span>; @b]', 2],
    ['[@a, $x; y$; @b]', 2],
    ['[@a, \\emph{x; y}; @b]', 2],
    ['[@a, x_y; @b]', 2],
    ["[@a, don't; @b]", 2],
  ])('a `;` inside %s does not end the item', (markdown, items) => {
    const citations = parseArticle('a.md', markdown).citations;
    expect(citations).toHaveLength(1);
    expect(citations[0]!.items).toHaveLength(items);
  });

  it('reads a bracket followed by `[` as a reference link\'s text, defined or not: its keys are in-text', () => {
    expect(read('[@a][x] y')).toEqual([{ key: 'a', mode: 'in-text' }]);
    expect(read('[@a, p. 3][x y] z')).toEqual([{ key: 'a', mode: 'in-text' }]);
    expect(read('[@a][@b]')).toEqual([{ key: 'a', mode: 'in-text' }, { key: 'b', mode: 'normal' }]);
    expect(read('[@a][x]\n\n[x]: https://x.org')).toEqual([{ key: 'a', mode: 'in-text' }]);
  });

  it('reads a citation right after a shortcut reference as one, whatever follows it, as pandoc looks ahead for it', () => {
    expect(read('[x][@a][y]')).toEqual([{ key: 'a', mode: 'normal' }]);
    expect(read('[x][@a](y)')).toEqual([{ key: 'a', mode: 'normal' }]);
    expect(read('[@a][@b][@c][x]')).toEqual([
      { key: 'a', mode: 'in-text' },
      { key: 'b', mode: 'normal' },
      { key: 'c', mode: 'in-text' },
    ]);
    expect(read('[x](u)[@a][y]')).toEqual([{ key: 'a', mode: 'in-text' }]);
  });

  it('reads an `@` after a word as text, and one after an `@label` pandoc reads as an example reference as a citation', () => {
    expect(read('me@x.org and x@a')).toEqual([]);
    expect(read('x@a@b')).toEqual([{ key: 'b', mode: 'in-text' }]);
    expect(read('x@a-b_c@d@e')).toEqual([{ key: 'd', mode: 'in-text' }, { key: 'e', mode: 'in-text' }]);
    expect(read('x@a.b@c me@x.org@b')).toEqual([]);
  });

  it('an emphasis opener with no closer takes the bracket with it, as in pandoc', () => {
    expect(read('[@a, *x] y')).toEqual([{ key: 'a', mode: 'in-text' }]);
  });
});

// Spans nest and an unclosed one reads to the paragraph's end: these took time exponential in
// their length (an article with such a paragraph never finished linting). The per-test timeout
// is a hang guard, far above what a busy machine needs, not a speed check.
describe('unclosed nested spans are read in bounded time', () => {
  it.each([
    ['inline notes', '^['.repeat(60) + 'x @a'],
    ['notes holding raw TeX', '^[\\a{'.repeat(60) + ' @a'],
    ['notes holding raw HTML', '^[<a '.repeat(60) + ' @a'],
    ['citations and notes', '[@a '.repeat(40) + '^['.repeat(40)],
    ['alt text holding notes', '![^[@a '.repeat(40)],
    ['everything at once', '[@a ^[$x \\b{ <c &amp; `'.repeat(40)],
  ])('%s', { timeout: 120_000 }, (_name, markdown) => {
    expect(parseArticle('a.md', markdown + '\n').citations.length).toBeGreaterThan(0);
  });
});

describe('metadata blocks', () => {
  it('reads a block closed by `...` as front matter, not prose', () => {
    const article = parseArticle('a.md', "---\ntitle: Pain\nnocite: '@*'\ncsl: vancouver\n...\n\nText @a.\n");
    expect(article.frontMatter).toEqual({ title: 'Pain', nocite: '@*', csl: 'vancouver' });
    expect(article.citations.map((c) => c.items[0]!.key)).toEqual(['a']);
    expect(article.sentences.map((s) => s.text)).toEqual(['Text.']);
  });

  it('reads later blocks, merged, the first value winning', () => {
    const source = "---\ntitle: First\n---\n\nText @a.\n\n---\ntitle: Second\nlang: en-GB\nnocite: '@b'\n...\n\nMore @c.\n";
    const article = parseArticle('a.md', source);
    expect(article.frontMatter).toEqual({ title: 'First', lang: 'en-GB', nocite: '@b' });
    expect(read(source).map((c) => c.key)).toEqual(['a', 'c']);
    expect(frontMatterOf(source)).toEqual(article.frontMatter);
  });

  it('leaves `---` that is not metadata to Markdown: a list, a blank line after, under a paragraph', () => {
    expect(read('---\n- a\n- b\n---\n\n@z').map((c) => c.key)).toEqual(['z']);
    expect(parseArticle('a.md', '---\n\ntitle: x @y\n---\n').citations.map((c) => c.items[0]!.key)).toEqual(['y']);
    expect(parseArticle('a.md', 'Text\n---\ntitle: @y\n---\n').frontMatter).toEqual({});
  });

  it('reports a block that does not parse, with its line, and reads none of it as prose', () => {
    const article = parseArticle('a.md', 'Intro.\n\n---\ntitle: [x\n---\n\nText.\n');
    expect(article.problems?.[0]?.line).toBe(4);
    expect(article.sentences.map((s) => s.text)).toEqual(['Intro.', 'Text.']);
  });

  it('allows spaces after the fences', () => {
    expect(parseArticle('a.md', '--- \ntitle: x\n...  \n\nText @a.\n').frontMatter).toEqual({ title: 'x' });
    expect(read('--- \n\n@a')).toEqual([{ key: 'a', mode: 'in-text' }]);
  });

  it('reads front matter from text the way the parser does', () => {
    expect(frontMatterOf('---\ntitle: x\ncsl: apa\n...\nBody')).toEqual({ title: 'x', csl: 'apa' });
    expect(frontMatterOf('---\n- a\n---\n')).toEqual({});
    expect(frontMatterOf('No front matter.\n\n---\n\nText')).toEqual({});
  });
});

// Found by the differential test against pandoc; expected values are pandoc 2.17's.
describe('what the differential test found', () => {
  it('reads a bracket with a broken item as text and its keys as in-text citations; the broken item alone is malformed', () => {
    expect(read('x [@a; @ b] y')).toEqual([{ key: 'a', mode: 'in-text' }]);
    expect(read('x [@{b draft}; see @a, p. 3] y')).toEqual([{ key: 'a', mode: 'in-text' }]);
    expect(parseArticle('a.md', 'x [@a; @ b] y').malformed.map((m) => [m.reason, m.value])).toEqual([['space-after-at', '@ b']]);
    expect(parseArticle('a.md', 'x [@ b] y').malformed.map((m) => m.value)).toEqual(['[@ b]']);
  });

  it('ends raw TeX where pandoc does: `[…]` options and spaces before the first `{…}`, then `{…}` back to back', () => {
    expect(read('x \\emph{y}[see @a, p. 3] z')).toEqual([{ key: 'a', mode: 'normal', suffix: 'p. 3' }]);
    expect(read('x \\foo{y} {@a} z')).toEqual([{ key: 'a', mode: 'in-text' }]);
    expect(read('x \\foo [y] {@a} z')).toEqual([]);
    expect(read('x \\foo{y}{@a} z')).toEqual([]);
  });

  it('reads an `@` right after a key inside a bracket as another key, as pandoc does', () => {
    // pandoc nests `@b` in `@a`'s suffix (a documented deviation): both keys are read.
    expect(read('x [@a@b] y').map((c) => c.key)).toEqual(['a', 'b']);
  });

  it('reads `-@x.y` in text as a citation: an address with no letter or digit is not an email', () => {
    expect(read('as shown -@x.y here')).toEqual([{ key: 'x.y', mode: 'in-text' }]);
    expect(read('e.g.,-@x.y')).toEqual([{ key: 'x.y', mode: 'in-text' }]);
    expect(read('write to a_b@x.org')).toEqual([]);
  });

  it('reads no citation in a note marker `[^@a]` (text when the note is not defined), but `[^ @a]` is a citation', () => {
    expect(read('Pain fell [^@a].')).toEqual([]);
    expect(read('Pain fell [^ @a].')).toEqual([{ key: 'a', mode: 'normal' }]);
  });

  it('reads an example reference with letters outside the BMP, so an `@` right after it starts a citation', () => {
    expect(read('2@𝔘ber@a-b')).toEqual([{ key: 'a-b', mode: 'in-text' }]);
  });
});
