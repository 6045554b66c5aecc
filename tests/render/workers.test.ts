/**
 * Rendering many articles: on worker threads the output is byte for byte
 * what one thread gives, and an article's output never depends on which
 * articles were rendered before it (the caches behind the renderer hold only
 * what does not depend on the rest of an article).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { cslItemSchema, type CslItem } from '../../src/bibliography/schema.js';
import { builtinStyle, userStyle } from '../../src/format/csl.js';
import { renderProject } from '../../src/render/project.js';
import { ArticleRenderer, itemTextChars, planRender, renderArticles, workerHeapLimitMb, type RenderJob, type RenderSetup } from '../../src/render/workers.js';
import { generateProject } from '../bench/generate.mjs';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A generated project (shared names, so givenname and year-suffix disambiguation happen), read back as jobs. */
function project(articles: number, items: number, seed: number): { root: string; items: Map<string, CslItem>; jobs: (style: string) => RenderJob[] } {
  const root = mkdtempSync(join(tmpdir(), 'citemark-render-'));
  dirs.push(root);
  (generateProject as (dir: string, o: object) => unknown)(root, { articles, items, seed });
  const library = JSON.parse(readFileSync(join(root, 'references', 'library.json'), 'utf8')) as unknown[];
  const byId = new Map<string, CslItem>();
  for (const raw of library) {
    const parsed = cslItemSchema.safeParse(raw);
    if (parsed.success) byId.set(parsed.data.id, parsed.data);
  }
  const names = readdirSync(join(root, 'articles')).sort();
  const sources = names.map((name) => readFileSync(join(root, 'articles', name), 'utf8'));
  return { root, items: byId, jobs: (style) => names.map((name, i) => ({ file: `articles/${name}`, source: sources[i] ?? '', style })) };
}

const corpus = project(40, 160, 11);
const STYLES = { apa: 'apa', vancouver: 'vancouver', ama: 'ama', harvard: 'harvard' } as const;

describe('an article renders the same whatever was rendered before it', () => {
  test.each([
    ['apa', 'html'],
    ['vancouver', 'md'],
    ['ama', 'html'],
    ['harvard', 'md'],
  ] as const)('%s to %s: in order, in reverse, and alone', (style, to) => {
    const setup: RenderSetup = { items: corpus.items, styles: STYLES, to };
    const jobs = corpus.jobs(style);
    // Each renderer shares the process-wide caches; a fresh one per run still sees what earlier runs cached.
    const forward = jobs.map((job) => new ArticleRenderer(corpus.items, setup).render(job));
    const reversed = [...jobs].reverse().map((job) => new ArticleRenderer(corpus.items, setup).render(job)).reverse();
    expect(reversed.map((r) => r.output)).toEqual(forward.map((r) => r.output));
    // Every fifth article once more, out of order, after everything else has filled the caches.
    for (let i = jobs.length - 1; i >= 0; i -= 5) {
      expect(new ArticleRenderer(corpus.items, setup).render(jobs[i]!).output).toBe(forward[i]!.output);
    }
    // The corpus does exercise the cached paths: works cited by several articles, numbers in the margin.
    expect(forward.some((r) => r.output.includes(to === 'html' ? 'csl-entry' : 'References'))).toBe(true);
  });
});

describe('worker threads', () => {
  const worker = resolve('dist/render-worker.js');

  test('give byte for byte what one thread gives, in order', async () => {
    if (!existsSync(worker)) {
      console.warn('dist/render-worker.js is missing (run `npm run build`); skipping the worker-thread comparison.');
      return;
    }
    const fresh = project(36, 120, 5);
    for (const [style, to] of [
      ['apa', 'html'],
      ['vancouver', 'md'],
    ] as const) {
      const jobs = fresh.jobs(style);
      const setup: RenderSetup = { items: fresh.items, styles: STYLES, to };
      const options = { threads: 2, minParallelArticles: 0, workerFile: worker };
      expect(planRender(jobs, options)).toEqual({ threads: 2, worker });
      const multi = await renderArticles(jobs, fresh.items, setup, options);
      const single = await renderArticles(jobs, fresh.items, setup, { threads: 1 });
      expect(multi).toHaveLength(jobs.length);
      expect(multi).toEqual(single);
    }
  }, 120_000);

  test('that run out of memory fail the render, saying so, rather than hang', async () => {
    if (!existsSync(worker)) return;
    const fresh = project(12, 60, 7);
    const setup: RenderSetup = { items: fresh.items, styles: STYLES, to: 'html' };
    // Too small a heap for a worker to render anything.
    const starved = renderArticles(fresh.jobs('apa'), fresh.items, setup, { threads: 2, minParallelArticles: 0, workerFile: worker, workerHeapMb: 4 });
    await expect(starved).rejects.toThrow(/render worker ran out of memory.*--threads 1/);
  }, 120_000);

  test('get a heap limit that grows with the bibliography, never under 512 MB', () => {
    expect(workerHeapLimitMb(1_000, 1)).toBe(512);
    expect(workerHeapLimitMb(20_000, 1)).toBeGreaterThan(512);
    expect(workerHeapLimitMb(200_000, 1)).toBeGreaterThan(2 * workerHeapLimitMb(20_000, 1));
    expect(workerHeapLimitMb(20_000, 3)).toBeGreaterThan(workerHeapLimitMb(20_000, 1));
  });

  test('get room for items with long abstracts, counted from their text', () => {
    const short = { id: 'a', type: 'article-journal', title: 'Ketamine for pain', author: [{ family: 'Lee', given: 'A' }] };
    const long = { ...short, abstract: 'Background. '.repeat(250) };
    expect(itemTextChars([long])).toBeGreaterThan(3000);
    const plain = workerHeapLimitMb(20_000, 1, 20_000 * itemTextChars([short]));
    const abstracts = workerHeapLimitMb(20_000, 1, 20_000 * itemTextChars([long]));
    // Short items are held to the count alone; 3 KB of abstract each needs hundreds of MB more.
    expect(plain).toBe(workerHeapLimitMb(20_000, 1));
    expect(abstracts - plain).toBeGreaterThan(300);
  });

  test('stay unused for a few articles or one thread', () => {
    const jobs = corpus.jobs('apa');
    expect(planRender(jobs.slice(0, 3), { threads: 2, workerFile: 'w.js' })).toEqual({ threads: 1 });
    expect(planRender(jobs, { threads: 1, minParallelArticles: 0, workerFile: 'w.js' })).toEqual({ threads: 1 });
    expect(planRender(jobs, { threads: 4, minParallelArticles: 0, workerFile: 'w.js' })).toEqual({ threads: 4, worker: 'w.js' });
  });
});

describe('renderProject', () => {
  test('writes what the single-article renderer gives, unknown keys reported in file order', async () => {
    const root = mkdtempSync(join(tmpdir(), 'citemark-render-project-'));
    dirs.push(root);
    mkdirSync(join(root, 'articles'));
    mkdirSync(join(root, 'references'));
    const items = [
      { id: 'smith2020', type: 'article-journal', title: 'A study of pain', author: [{ family: 'Smith', given: 'Ann' }], issued: { 'date-parts': [[2020]] } },
      { id: 'jones2021', type: 'personal_communication', title: 'Email about pain', author: [{ family: 'Jones', given: 'Bob' }], issued: { 'date-parts': [[2021, 3, 4]] } },
    ];
    writeFileSync(join(root, 'references', 'lib.json'), JSON.stringify(items));
    writeFileSync(join(root, 'articles', 'a.md'), '# A\n\nPain is common [@smith2020; @nobody].\n');
    writeFileSync(join(root, 'articles', 'b.md'), '# B\n\nPain is common [@smith2020; @jones2021] [@ghost].\n');
    const result = await renderProject({ root, style: 'apa', to: 'md', outDir: 'out', threads: 1 });
    expect(result.written).toEqual(['out/a.md', 'out/b.md']);
    expect(result.unresolved.map((u) => [u.file, u.key])).toEqual([
      ['articles/a.md', 'nobody'],
      ['articles/b.md', 'ghost'],
    ]);
    const b = readFileSync(join(root, 'out', 'b.md'), 'utf8');
    // A personal communication is cited in the text only (APA): no entry, not even an empty one, whatever came before.
    expect(b).toContain('personal communication');
    expect(b).toMatch(/## References\n\nSmith, A\. \(2020\)\. \*A study of pain\*\.\n$/);
  });
});

describe('numbered entries', () => {
  test('are reused across articles only where the number is alone in the margin', () => {
    expect(builtinStyle('vancouver').numberedEntriesCacheable).toBe(true);
    expect(builtinStyle('ama').numberedEntriesCacheable).toBe(true);
    expect(builtinStyle('apa').numberedEntriesCacheable).toBe(false);
    const numbered = (bibliography: string): boolean =>
      userStyle(
        `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Numbered</title><id>numbered</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation collapse="citation-number"><layout prefix="[" suffix="]" delimiter=","><text variable="citation-number"/></layout></citation>
  ${bibliography}
</style>`,
        'numbered.csl',
      ).numberedEntriesCacheable;
    expect(numbered('<bibliography second-field-align="flush"><layout><text variable="citation-number" suffix=". "/><text variable="title"/></layout></bibliography>')).toBe(true);
    // The number also in the text, no margin, a sort that may renumber: the whole entry depends on the article.
    expect(numbered('<bibliography second-field-align="flush"><layout><text variable="citation-number" suffix=". "/><text variable="citation-number"/></layout></bibliography>')).toBe(false);
    expect(numbered('<bibliography><layout><text variable="citation-number" suffix=". "/><text variable="title"/></layout></bibliography>')).toBe(false);
    expect(
      numbered('<bibliography second-field-align="flush"><sort><key variable="title"/></sort><layout><text variable="citation-number" suffix=". "/><text variable="title"/></layout></bibliography>'),
    ).toBe(false);
    expect(numbered('<bibliography second-field-align="flush"><layout><text variable="title"/><text variable="citation-number"/></layout></bibliography>')).toBe(false);
  });
});
