/**
 * Compares our reading of tricky citation cases with pandoc's (`pandoc -f markdown -t json`)
 * where pandoc is installed. The expected keys are written out, so the corpus is checked even
 * without pandoc.
 *
 * Known, deliberate differences kept out of the corpus (all listed in docs/pandoc-deviations.md):
 * - a GFM URL literal (`https://medium.com/@author`) is a link to us; pandoc reads `@author`;
 * - a key inside a bracketed citation's prefix or suffix (`[@a @b]`, `[see [@b] @a]`) nests a
 *   citation in pandoc; we read the keys as separate citations (same keys, other modes);
 * - `(@label)` and `@label.` at the start of a line are pandoc example lists.
 * The larger differential test is `pandoc-differential.test.ts`.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { collectCitations } from '../../src/citations/index.js';
import { parse } from './helpers.js';

const run = promisify(execFile);

function hasPandoc(): boolean {
  try {
    execFileSync('pandoc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const pandocAvailable = hasPandoc();
if (!pandocAvailable) {
  console.warn('pandoc is not on PATH: skipping the comparison with pandoc (the corpus is still checked).');
}

const corpus: Array<{ markdown: string; keys: string[] }> = [
  { markdown: 'Pain fell [@a; @b].', keys: ['a', 'b'] },
  { markdown: 'Pain fell [see @key, pp. 33-35].', keys: ['key'] },
  { markdown: 'Smith says [-@smith04].', keys: ['smith04'] },
  { markdown: 'As @smith04 showed.', keys: ['smith04'] },
  { markdown: 'As @key [p. 33] says.', keys: ['key'] },
  { markdown: 'As @key\n[p. 33] says.', keys: ['key'] },
  { markdown: 'As @key [@b] show.', keys: ['key', 'b'] },
  { markdown: 'As @key [x; @y] show.', keys: ['key', 'y'] },
  { markdown: 'As @key [x; y] show.', keys: ['key'] },
  { markdown: 'As @key [x](https://x.org) show.', keys: ['key'] },
  { markdown: 'See @smith04.', keys: ['smith04'] },
  { markdown: 'Keys @a.b.c. and @doe:2020/x-y, then @a//b.', keys: ['a.b.c', 'doe:2020/x-y', 'a//b'] },
  { markdown: 'Colon [@a:] and [@a:b].', keys: ['a', 'a:b'] },
  { markdown: 'Braced @{https://x.org/a?b=c&d} key.', keys: ['https://x.org/a?b=c&d'] },
  { markdown: 'Starts @_a and @1a and @Çelik2020.', keys: ['_a', '1a', 'Çelik2020'] },
  { markdown: 'Escaped @a\\_b here.', keys: ['a'] },
  { markdown: 'Write to me@x.org or first.last@health.example.com.', keys: [] },
  { markdown: 'Not after a stop a.@b or a digit 1@b or é@b.', keys: [] },
  { markdown: 'After symbols x (@a) "@b" _@c /@d.', keys: ['a', 'b', 'c', 'd'] },
  { markdown: 'Code `[@a]` and `@b` here.', keys: [] },
  { markdown: 'Text.\n\n```\n[@a] @b\n```\n', keys: [] },
  { markdown: 'Link <https://x.org/@a> and [a](https://x.org/@b).', keys: [] },
  { markdown: 'Nested [@a [b] c] here.', keys: ['a'] },
  { markdown: 'Prefix [see [x] @key here].', keys: ['key'] },
  { markdown: 'Code [@a, `a]b` c] here.', keys: ['a'] },
  { markdown: 'Code [see `@x` @key] here.', keys: ['key'] },
  { markdown: 'Double [[@a]] here.', keys: ['a'] },
  { markdown: 'A link [@key](https://x.org) here.', keys: ['key'] },
  { markdown: 'A [link [@key] text](https://x.org) here.', keys: ['key'] },
  { markdown: 'Emphasis *@b* and **[@c]** here.', keys: ['b', 'c'] },
  { markdown: 'Spaced [ @key ] and [@a;@b] here.', keys: ['key', 'a', 'b'] },
  { markdown: 'Dash [- @a] and [@a; -@b] here.', keys: ['a', 'a', 'b'] },
  { markdown: 'Locators [@a, chap. 3; @b, fig. 2; @c, 45] here.', keys: ['a', 'b', 'c'] },
  { markdown: 'Suffix [@a, p. 33, and elsewhere] here.', keys: ['a'] },
  { markdown: 'Broken [@] and [@ key] here.', keys: [] },
  { markdown: 'Broken [@"smith"] and [@-a] here.', keys: [] },
  { markdown: 'Unclosed [@key and more.', keys: ['key'] },
  { markdown: 'Unclosed [see @a; @b\n\nNext [@c].', keys: ['a', 'b', 'c'] },
  { markdown: 'Text [pre; @a] here.', keys: ['a'] },
  { markdown: 'Span [@a]{.c} here.', keys: ['a'] },
  { markdown: '- item @a\n  [p. 3] and [@b;\n  @c]\n- next [@d]', keys: ['a', 'b', 'c', 'd'] },
  { markdown: '| a | b |\n|---|---|\n| x [@d] | @e |\n', keys: ['d', 'e'] },
  { markdown: 'Text[^1].\n\n[^1]: Note [@f].', keys: ['f'] },
  { markdown: 'CRLF\r\n[see\r\n@key]\r\n', keys: ['key'] },
  { markdown: '> Quoted [see\n> @key, p. 3].', keys: ['key'] },
  { markdown: '# Heading @h\n\nBody [@b].', keys: ['h', 'b'] },
  { markdown: 'Unicode [siehe @Müller2019, S. 3] und @Øberg.', keys: ['Müller2019', 'Øberg'] },
  { markdown: 'Wildcard @* here.', keys: ['*'] },
  { markdown: 'Pain. [@a] More.[@b] End [@c].', keys: ['a', 'b', 'c'] },
];

type Tuple = string;

function squash(text: string): string {
  return text.normalize('NFC').replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();
}

function ours(markdown: string): Tuple[] {
  return collectCitations(parse(markdown)).flatMap((citation) =>
    citation.items.map((item, i) => {
      const mode = item.suppressAuthor
        ? 'SuppressAuthor'
        : citation.mode === 'in-text' && i === 0
          ? 'AuthorInText'
          : 'NormalCitation';
      return [item.key, mode, squash(item.prefix), squash(item.locator + item.suffix)].join(' | ');
    }),
  );
}

interface PandocNode {
  t?: string;
  c?: unknown;
}

function inlineText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(inlineText).join('');
  if (value && typeof value === 'object') {
    const node = value as PandocNode;
    if (node.t === 'Space' || node.t === 'SoftBreak' || node.t === 'LineBreak') return ' ';
    if (node.t === 'Cite') return '';
    if (node.t === 'Code') return inlineText((node.c as unknown[])[1]);
    return inlineText(node.c);
  }
  return '';
}

interface PandocCitation {
  citationId: string;
  citationPrefix: unknown;
  citationSuffix: unknown;
  citationMode: { t: string };
}

function pandocTuples(value: unknown, out: Tuple[] = []): Tuple[] {
  if (Array.isArray(value)) {
    for (const child of value) pandocTuples(child, out);
  } else if (value && typeof value === 'object') {
    const node = value as PandocNode;
    if (node.t === 'Cite') {
      const [citations, content] = node.c as [PandocCitation[], unknown];
      for (const citation of citations) {
        out.push(
          [
            citation.citationId,
            citation.citationMode.t,
            squash(inlineText(citation.citationPrefix)),
            squash(inlineText(citation.citationSuffix)),
          ].join(' | '),
        );
        // Citations nested in a prefix or suffix.
        pandocTuples(citation.citationPrefix, out);
        pandocTuples(citation.citationSuffix, out);
      }
      pandocTuples(content, out);
      return out;
    }
    for (const child of Object.values(node)) pandocTuples(child, out);
  }
  return out;
}

describe('pandoc corpus', () => {
  it('has at least 40 cases', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(40);
  });

  it.each(corpus)('reads the keys of $markdown', ({ markdown, keys }) => {
    expect(collectCitations(parse(markdown)).flatMap((c) => c.items.map((i) => i.key))).toEqual(keys);
  });
});

describe('comparison with pandoc', () => {
  it.skipIf(!pandocAvailable)('finds the same citations as pandoc', { timeout: 60_000 }, async () => {
    const results = await Promise.all(
      corpus.map(async ({ markdown }) => {
        const child = run('pandoc', ['-f', 'markdown', '-t', 'json'], { encoding: 'utf8' });
        child.child.stdin?.end(markdown);
        const { stdout } = await child;
        const json = JSON.parse(stdout) as { blocks: unknown };
        return { markdown, pandoc: pandocTuples(json.blocks).sort(), ours: ours(markdown).sort() };
      }),
    );
    const differences = results.filter((r) => JSON.stringify(r.pandoc) !== JSON.stringify(r.ours));
    expect(differences).toEqual([]);
  });
});
