/**
 * parseArticle parses with GFM minus autolink literals (for speed) and falls
 * back to full GFM only where a citation sits in a bare URL or email. Its
 * citations and sentences must equal those of the full-GFM pipeline.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { collectCitations, splitSentences } from '../../src/citations/index.js';
import { remarkCitations } from '../../src/citations/plugin.js';
import { parseArticle } from '../../src/document/article.js';

const fullGfm = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkCitations).freeze();

function viaFullGfm(source: string): { citations: unknown; sentences: unknown } {
  const tree = fullGfm.parse(source);
  return { citations: collectCitations(tree), sentences: splitSentences(tree, source) };
}

function viaParseArticle(source: string): { citations: unknown; sentences: unknown } {
  const { citations, sentences } = parseArticle('a.md', source);
  return { citations, sentences };
}

const literalCases = [
  'See https://medium.com/@author/post for more [@a].',
  'See www.x.org/@a. Then [@b].',
  'HTTPS://X.ORG/@a and WWW.X.ORG/@b are links [@c].',
  'Mail a_b@x.org or a+b@x.org or first-last@x.org about [@a].',
  'Mail me@x.org or first.last@health.example.com [@a].',
  'A link https://x.org/[@a] and https://x.org/a [@b].',
  'mailto:me@x.org xmpp:me@x.org/@res [@a]',
  'A URL ends at space https://x.org/ @a says so.',
  '<https://x.org/@a> and [see @b, p. 3; -@c].',
  'Text [-@a] and x-[@b] and @c [p. 3].',
  '| a | b |\n| --- | --- |\n| https://x.org/@a | [@b] |\n',
  '- [ ] task with [@a]\n- [x] done ~~struck [@b]~~\n',
  'Footnote[^1].\n\n[^1]: Cited there [@a]. And https://x.org/@q.\n',
];

function articleFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...articleFiles(path));
    else if (name.endsWith('.md')) out.push(path);
  }
  return out;
}

describe('parseArticle without autolink literals', () => {
  it.each(literalCases)('reads the citations and sentences full GFM reads in %j', (source) => {
    expect(viaParseArticle(source)).toEqual(viaFullGfm(source));
  });

  it('reads the bundled articles and fixtures as full GFM does', () => {
    const files = [...articleFiles('articles'), ...articleFiles('tests/fixtures')];
    expect(files.length).toBeGreaterThan(2);
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      expect(viaParseArticle(source), file).toEqual(viaFullGfm(source));
    }
  });

  it('still finds the citations a bare URL would have hidden without the fallback', () => {
    // Guards the fallback itself: without it, `@author/post` would become a citation.
    expect(parseArticle('a.md', 'See https://medium.com/@author/post.').citations).toEqual([]);
    expect(parseArticle('a.md', 'Write to a_b@x.org.').citations).toEqual([]);
    expect(parseArticle('a.md', 'Cited [@a] near https://x.org/.').citations).toHaveLength(1);
  });
});
