/**
 * `lint --cache`: unchanged bibliography files are read from the cache,
 * unchanged articles keep their findings without being parsed, and the
 * answer is always exactly what a run without the cache gives.
 */
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBibliography } from '../../src/bibliography/load.js';
import { findingsCacheDir, readFindingsPack } from '../../src/lint/cache.js';
import { duplicateIndex, restoreDuplicates, storeDuplicates } from '../../src/bibliography/duplicate-index.js';
import { lintProject } from '../../src/lint/project.js';
import { buildSuggestionIndex, createTagger, suggestWithMemo, type SuggestionMemo } from '../../src/topics/index.js';
import { defaultVocabulary } from '../../src/topics/vocabulary.js';
import { generateProject } from '../bench/generate.mjs';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Truth {
  plantedDuplicates: Array<[string, string]>;
}

function project(): string {
  return generated().root;
}

function generated(): { root: string; truth: Truth } {
  const root = mkdtempSync(join(tmpdir(), 'citemark-lint-cache-'));
  dirs.push(root);
  const truth = (generateProject as (dir: string, o: object) => Truth)(root, { articles: 12, items: 150, seed: 11 });
  return { root, truth };
}

const summary = (result: Awaited<ReturnType<typeof lintProject>>) => JSON.stringify(result.results);
/** The articles' findings entries: one pack per run key, each holding one entry per article. */
async function entries(root: string): Promise<string[]> {
  const packs = readdirSync(findingsCacheDir(root)).filter((n) => n.startsWith('run-') && n.endsWith('.bin'));
  expect(packs).toHaveLength(1);
  const run = packs[0]!.slice('run-'.length, -'.bin'.length);
  const pack = await readFindingsPack(join(findingsCacheDir(root), packs[0]!), run);
  return [...pack.entries.values()].map((entry) => entry.file).sort();
}

describe('lint --cache', () => {
  it('keeps the duplicate groups: an edited article citing a duplicate pair is reported as without the cache', async () => {
    const { root, truth } = generated();
    const [a, b] = truth.plantedDuplicates[0]!;
    const lint = (cache: boolean) => lintProject({ root, cache, threads: 1 });
    await lint(true);
    expect(readdirSync(findingsCacheDir(root)).filter((n) => n.startsWith('duplicates-'))).toHaveLength(1);
    const article = join(root, 'articles', readdirSync(join(root, 'articles')).sort()[0]!);
    appendFileSync(article, `\nPain fell [@${a}]. It fell again [@${b}].\n`);
    const warm = await lint(true);
    expect(warm.articles).toHaveLength(1);
    expect(JSON.stringify(warm.results)).toContain('duplicate-citation');
    expect(summary(warm)).toBe(summary(await lint(false)));
  });

  it('stored duplicate groups come back as found, and data that does not fit the bibliography is refused', async () => {
    const { root } = generated();
    const found = await loadBibliography(root);
    expect(storeDuplicates(found)).toBeUndefined();
    const groups = duplicateIndex(found).groups;
    const stored = storeDuplicates(found)!;
    const fresh = await loadBibliography(root);
    expect(restoreDuplicates(fresh, stored)).toBe(true);
    const ids = (g: typeof groups) => g.map((group) => group.members.map((m) => [m.entry.item.id, m.reason, m.differences]));
    expect(ids(duplicateIndex(fresh).groups)).toEqual(ids(groups));
    const other = await loadBibliography(root);
    expect(restoreDuplicates(other, [{ members: [{ entry: 10_000, differences: [] }, { entry: 0, differences: [] }] }])).toBe(false);
    expect(restoreDuplicates(other, [{ members: [{ entry: 0, differences: [] }] }])).toBe(false);
    // The shape written before broken copies took part (a list of member lists) is found again, not restored.
    expect(restoreDuplicates(other, [[{ entry: 0, differences: [] }, { entry: 1, differences: [] }]] as never)).toBe(false);
  });

  it('gives what a run without the cache gives, cold, warm, after an article edit and after a bibliography edit', async () => {
    const root = project();
    const lint = (cache: boolean) => lintProject({ root, cache, threads: 1 });
    const plain = await lint(false);
    expect(summary(await lint(true))).toBe(summary(plain));
    expect(await entries(root)).toHaveLength(12);

    const warm = await lint(true);
    expect(summary(warm)).toBe(summary(plain));
    // Every article came from the findings cache: none was parsed.
    expect(warm.articles).toEqual([]);

    const article = join(root, 'articles', readdirSync(join(root, 'articles')).sort()[3]!);
    appendFileSync(article, '\nNearly 40% of patients improved, and [@no-such-key] says so.\n');
    const edited = await lint(true);
    expect(edited.articles.map((a) => a.file)).toEqual([`articles/${article.split('/').pop()}`]);
    // The edited article's entry replaced its old one.
    expect(await entries(root)).toHaveLength(12);
    expect(summary(edited)).toBe(summary(await lint(false)));
    expect(JSON.stringify(edited.results)).toContain('no-such-key');

    // A bibliography change can change any article's findings: all are linted again.
    const library = join(root, 'references', 'library.json');
    const items = JSON.parse(readFileSync(library, 'utf8')) as Array<{ id: string }>;
    writeFileSync(library, JSON.stringify(items.slice(1), null, 1));
    const afterBibliography = await lint(true);
    expect(afterBibliography.articles).toHaveLength(12);
    expect(summary(afterBibliography)).toBe(summary(await lint(false)));
  }, 120_000);

  it('a run over some articles keeps the others in the pack; a full run drops the deleted; a damaged pack is a miss', async () => {
    const root = project();
    const names = readdirSync(join(root, 'articles')).sort();
    const lint = (paths?: string[]) => lintProject({ root, cache: true, threads: 1, ...(paths ? { paths } : {}) });
    await lint();
    const all = await entries(root);
    expect(all).toHaveLength(12);

    // Editing one article and linting only it replaces that entry and keeps the eleven others.
    appendFileSync(join(root, 'articles', names[0]!), '\nAbout 30% of patients relapsed.\n');
    const one = await lint([join(root, 'articles', names[0]!)]);
    expect(one.articles.map((a) => a.file)).toEqual([`articles/${names[0]}`]);
    expect(await entries(root)).toEqual(all);
    const full = await lint();
    expect(full.articles).toEqual([]);

    // A deleted article's entry goes at the next full run.
    rmSync(join(root, 'articles', names[1]!));
    await lint();
    expect(await entries(root)).toEqual(all.filter((file) => file !== `articles/${names[1]}`));

    // A damaged pack is read as empty: every article is linted again, with the same answer as without the cache.
    const pack = readdirSync(findingsCacheDir(root)).find((n) => n.startsWith('run-'))!;
    writeFileSync(join(findingsCacheDir(root), pack), 'not a pack');
    const again = await lint();
    expect(again.articles).toHaveLength(11);
    expect(summary(again)).toBe(summary(await lintProject({ root, threads: 1 })));
  }, 120_000);

  it('needArticles parses every article even when all findings are cached', async () => {
    const root = project();
    await lintProject({ root, cache: true, threads: 1 });
    const again = await lintProject({ root, cache: true, threads: 1, needArticles: true });
    expect(again.articles).toHaveLength(12);
  });

  it('a bibliography read from the cache equals one parsed, and a damaged entry is a miss', async () => {
    const root = project();
    const cacheDir = join(root, '.citemark', 'cache', 'bibliography');
    const parsed = await loadBibliography(root);
    expect(await loadBibliography(root, { cacheDir })).toEqual(parsed);
    expect(await loadBibliography(root, { cacheDir })).toEqual(parsed);
    for (const name of readdirSync(cacheDir)) writeFileSync(join(cacheDir, name), 'not an entry');
    expect(await loadBibliography(root, { cacheDir })).toEqual(parsed);
  });
});

describe('suggestion rankings kept across runs', () => {
  it('a seeded memo answers without building the index; a new topic set builds it once', () => {
    const vocabulary = defaultVocabulary();
    const tagger = createTagger(vocabulary);
    const items = [
      { id: 'nb', type: 'article-journal' as const, title: 'Nerve blocks for chronic pain', topics: ['nerve-block'] },
      { id: 'scs', type: 'article-journal' as const, title: 'Spinal cord stimulation outcomes', topics: ['spinal-cord-stimulation'] },
    ];
    let builds = 0;
    const getIndex = () => {
      builds++;
      return buildSuggestionIndex(tagger, items);
    };
    const first: SuggestionMemo = new Map();
    const fresh = suggestWithMemo(first, getIndex, ['nerve-block']);
    expect(fresh.map((s) => s.id)).toEqual(['nb']);
    expect(builds).toBe(1);

    const saved: SuggestionMemo = structuredClone(first);
    const never = () => {
      throw new Error('the index should not be needed');
    };
    expect(suggestWithMemo(saved, never, ['nerve-block'])).toEqual(fresh);
    expect(suggestWithMemo(saved, getIndex, ['spinal-cord-stimulation']).map((s) => s.id)).toEqual(['scs']);
    expect(builds).toBe(2);
  });
});
