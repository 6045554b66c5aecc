/**
 * Measures agreement with pandoc's citeproc: every article in `articles/`
 * and a 200-entry generated bibliography, in APA and Vancouver, entry by
 * entry after normalising whitespace and markup. Prints the agreement and
 * every difference; fails below 98%. Skipped, with a notice, without pandoc.
 * The differences that remain are explained in docs/render-agreement.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { CslItem } from '../../src/bibliography/schema.js';
import { BUILTIN_STYLE_FILES } from '../../src/format/styles/index.js';
import { createRenderer } from '../../src/render/index.js';
import { articleCiting, generateBibliography } from '../fixtures/render/generate.js';
import { extractCitations, extractEntries, hasCommand, normaliseEntry, projectReferences, ROOT, STYLE_FILES } from './helpers.js';

const pandoc = hasCommand('pandoc');
if (!pandoc) console.warn('[citemark] pandoc not found: skipping the pandoc agreement test (install pandoc to run it).');

const THRESHOLD = 0.98;
const STYLES = ['apa', 'vancouver'] as const;

interface Corpus {
  name: string;
  items: CslItem[];
  articles: { name: string; markdown: string }[];
}

function forPandoc(items: CslItem[]): unknown[] {
  return items.map(({ topics, evidence, retracted, custom, ...rest }) => {
    void topics;
    void evidence;
    void retracted;
    void custom;
    return rest;
  });
}

describe.skipIf(!pandoc)('agreement with pandoc --citeproc', () => {
  const work = mkdtempSync(join(tmpdir(), 'citemark-agreement-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test(`at least ${THRESHOLD * 100}% of bibliography entries match, per style`, async () => {
    const articlesDir = join(ROOT, 'articles');
    const corpora: Corpus[] = [
      {
        name: 'articles/',
        items: await projectReferences(),
        articles: readdirSync(articlesDir)
          .filter((f) => f.endsWith('.md'))
          .sort()
          .map((f) => ({ name: f, markdown: readFileSync(join(articlesDir, f), 'utf8') })),
      },
    ];
    const generated = generateBibliography(200);
    corpora.push({ name: 'generated-200', items: generated, articles: [{ name: 'generated.md', markdown: articleCiting(generated) }] });

    const lines: string[] = [];
    const differences: string[] = [];
    const inText: string[] = [];
    for (const style of STYLES) {
      let total = 0;
      let agree = 0;
      let orderMismatches = 0;
      let cites = 0;
      let citesAgree = 0;
      for (const corpus of corpora) {
        const refs = join(work, `${corpus.name.replace(/\W/g, '_')}.json`);
        writeFileSync(refs, JSON.stringify(forPandoc(corpus.items)));
        const renderer = createRenderer({ bibliography: corpus.items, style });
        for (const article of corpus.articles) {
          const input = join(work, article.name);
          writeFileSync(input, article.markdown);
          const theirs = execFileSync(
            'pandoc',
            ['-f', 'markdown', '-t', 'html', '--wrap=none', '--citeproc', '--csl', join(STYLE_FILES, BUILTIN_STYLE_FILES[style]), '--bibliography', refs, input],
            { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] },
          );
          const ours = renderer.renderArticle(article.markdown, { to: 'html' }).output;
          const a = extractEntries(ours);
          const b = extractEntries(theirs);
          if (a.order.join(' ') !== b.order.join(' ')) orderMismatches++;
          // In-text citations are compared for the record only (see docs/render-agreement.md).
          const oursCites = extractCitations(ours);
          const theirCites = extractCitations(theirs);
          oursCites.forEach((text, i) => {
            cites++;
            if (text === theirCites[i]) citesAgree++;
            else inText.push(`[${style}] ${corpus.name}/${article.name} citation ${i + 1}: citemark ${JSON.stringify(text)} vs pandoc ${JSON.stringify(theirCites[i] ?? '(none)')}`);
          });
          const ids = new Set([...a.order, ...b.order]);
          for (const id of ids) {
            total++;
            const mine = normaliseEntry(a.entries.get(id) ?? '(missing)');
            const pandocs = normaliseEntry(b.entries.get(id) ?? '(missing)');
            if (mine === pandocs) agree++;
            else differences.push(`[${style}] ${corpus.name}/${article.name} ${id}\n  citemark: ${mine}\n  pandoc:   ${pandocs}`);
          }
        }
      }
      const rate = total === 0 ? 0 : agree / total;
      lines.push(
        `${style}: ${agree}/${total} entries agree (${(rate * 100).toFixed(1)}%), ${orderMismatches} article(s) with a different entry order; in-text citations ${citesAgree}/${cites} agree (not asserted)`,
      );
      expect.soft(total).toBeGreaterThan(200);
      expect.soft(orderMismatches, `${style}: bibliography order differs from pandoc`).toBe(0);
      expect.soft(rate, `${style} agreement`).toBeGreaterThanOrEqual(THRESHOLD);
    }
    console.log(
      `pandoc agreement\n${lines.join('\n')}\n${differences.length} differing entries${differences.length ? `:\n${differences.join('\n')}` : ''}` +
        `\n${inText.length} differing in-text citations${inText.length ? `:\n${inText.join('\n')}` : ''}`,
    );
  });
});
