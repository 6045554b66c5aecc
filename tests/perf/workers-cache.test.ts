/**
 * The parse cache and the worker threads must not change a lint's outcome:
 * workers give what the calling thread gives, in the same order; a cache
 * entry is used only for the exact path, text and citemark version it was
 * made from.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { articleCacheDir, articleCacheKey, encodeArticle, readCachedArticle, writeCachedArticle } from '../../src/lint/cache.js';
import { parseArticle } from '../../src/document/article.js';
import { parseArticles, planParse, splitBySize, type ArticleText } from '../../src/lint/workers.js';
import { generateProject } from '../bench/generate.mjs';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'citemark-perf-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A small generated project's articles, plus the awkward cases: too deep to parse, empty, citations in a URL. */
function corpus(articles: number): ArticleText[] {
  const root = tempDir();
  (generateProject as (dir: string, o: object) => unknown)(root, { articles, items: 200, seed: 7 });
  const texts = readdirSync(join(root, 'articles'))
    .sort()
    .map((name) => ({ file: `articles/${name}`, source: readFileSync(join(root, 'articles', name), 'utf8') }));
  texts.splice(3, 0, { file: 'articles/deep.md', source: '> '.repeat(8_000) + 'a\n' });
  texts.splice(5, 0, { file: 'articles/empty.md', source: '' });
  texts.push({ file: 'articles/url.md', source: 'See https://medium.com/@author/post and [@a].\n' });
  return texts;
}

describe('parseArticles on worker threads', () => {
  const worker = resolve('dist/parse-worker.js');

  it('gives the same outcomes, in the same order, as one thread', async () => {
    if (!existsSync(worker)) {
      console.warn('dist/parse-worker.js is missing (run `npm run build`); skipping the worker-thread comparison.');
      return;
    }
    const texts = corpus(6);
    const options = { threads: 2, minParallelChars: 0, workerFile: worker };
    expect(planParse(texts, options)).toEqual({ threads: 2, worker });
    const single = await parseArticles(texts, { threads: 1 });
    const streamed: Array<[number, unknown]> = [];
    const multi = await parseArticles(texts, { ...options, onOutcome: (i, outcome) => streamed.push([i, outcome]) });
    // Every outcome is also handed over as it arrives, exactly once, for linting while later batches parse.
    expect(streamed.map(([i]) => i).sort((a, b) => a - b)).toEqual(texts.map((_, i) => i));
    for (const [i, outcome] of streamed) expect(outcome).toBe(multi[i]);
    expect(multi.map((o) => (o.ok ? o.article.file : o.file))).toEqual(texts.map((t) => t.file));
    expect(multi.find((o) => !o.ok)).toEqual({ ok: false, file: 'articles/deep.md', reason: 'too-deep' });
    expect(multi).toEqual(single);
    // The rebuilt article keeps the sharing the rules rely on: a sentence's citation is the tree's node.
    const first = multi[0]!;
    if (!first.ok) throw new Error('the first generated article should parse');
    const shared = first.article.sentences.flatMap((s) => s.citations)[0];
    expect(first.article.citations).toContain(shared);
  });

  it('stays on the calling thread for little text or one thread', () => {
    const texts = [{ file: 'a.md', source: 'Short [@a].\n' }];
    expect(planParse(texts, { threads: 2 })).toEqual({ threads: 1 });
    expect(planParse(corpus(2), { threads: 1, minParallelChars: 0 })).toEqual({ threads: 1 });
  });

  it('stays on the calling thread when one article is nearly all the text', () => {
    const huge = { file: 'huge.md', source: 'Pain fell [@a]. '.repeat(100_000) };
    const small = { file: 'small.md', source: 'Short [@a].\n' };
    expect(planParse([huge, small], { threads: 2, workerFile: 'worker.js' })).toEqual({ threads: 1 });
    expect(planParse([huge, huge], { threads: 2, workerFile: 'worker.js' })).toEqual({ threads: 2, worker: 'worker.js' });
  });

  it('splits work into ordered runs of about equal size', () => {
    const sizes = [5, 1, 1, 1, 1, 1];
    expect(splitBySize([0, 1, 2, 3, 4, 5], (i) => sizes[i]!, 2)).toEqual([[0], [1, 2, 3, 4, 5]]);
    expect(splitBySize([0, 1, 2], () => 1, 5)).toEqual([[0], [1], [2]]);
    expect(splitBySize([], () => 1, 2)).toEqual([]);
  });
});

describe('the parse cache', () => {
  const article = { file: 'articles/a.md', source: '# Pain\n\nKetamine eased pain [@a; @b, p. 3].\n' };

  it('returns an entry only for the same path, text and version', async () => {
    const dir = articleCacheDir(tempDir());
    const { tree: _tree, ...parsed } = parseArticle(article.file, article.source);
    const stored = articleCacheKey(article.file, article.source, '1.0.0');
    await writeCachedArticle(dir, stored, encodeArticle(parsed, stored));
    expect(await readCachedArticle(dir, article.file, article.source, '1.0.0')).toEqual(parsed);
    expect(await readCachedArticle(dir, article.file, `${article.source}More.\n`, '1.0.0')).toBeUndefined();
    expect(await readCachedArticle(dir, 'articles/b.md', article.source, '1.0.0')).toBeUndefined();
    expect(await readCachedArticle(dir, article.file, article.source, '1.0.1')).toBeUndefined();
  });

  it('treats a damaged entry, or one holding another article, as a miss', async () => {
    const dir = articleCacheDir(tempDir());
    const key = (file: string, source: string) => join(dir, `${articleCacheKey(file, source, '1.0.0')}.bin`);
    const stored = articleCacheKey(article.file, article.source, '1.0.0');
    await writeCachedArticle(dir, stored, encodeArticle(parseArticle(article.file, article.source), stored));
    writeFileSync(key(article.file, article.source), readFileSync(key(article.file, article.source)).subarray(0, 40));
    expect(await readCachedArticle(dir, article.file, article.source, '1.0.0')).toBeUndefined();
    // As if two keys collided: the bytes of `b.md` stored under `a.md`'s key.
    writeFileSync(key(article.file, article.source), encodeArticle(parseArticle('articles/b.md', article.source), articleCacheKey('articles/b.md', article.source, '1.0.0')));
    expect(await readCachedArticle(dir, article.file, article.source, '1.0.0')).toBeUndefined();
  });

  it('re-parses exactly the edited article, and survives being deleted', async () => {
    const root = tempDir();
    const texts = corpus(3).filter((t) => t.file !== 'articles/deep.md');
    const cold = await parseArticles(texts, { threads: 1, cacheRoot: root });
    const entries = () => readdirSync(articleCacheDir(root)).filter((n) => n.endsWith('.bin'));
    expect(entries()).toHaveLength(texts.length);

    const edited = texts.map((t, i) => (i === 1 ? { ...t, source: t.source.replace(/\]/, '; @extra]') } : t));
    const warm = await parseArticles(edited, { threads: 1, cacheRoot: root });
    expect(entries()).toHaveLength(texts.length + 1);
    expect(warm).toEqual(await parseArticles(edited, { threads: 1 }));
    expect(warm[1]).not.toEqual(cold[1]);
    expect(warm[0]).toEqual(cold[0]);

    rmSync(join(root, '.citemark'), { recursive: true, force: true });
    expect(await parseArticles(edited, { threads: 1, cacheRoot: root })).toEqual(warm);
  });
});
