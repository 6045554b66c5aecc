/**
 * Differential test against pandoc (`pandoc -f markdown -t json`, pandoc's default
 * extensions): for each input, the citations citemark's lint parser reads and the ones
 * pandoc reads are compared item by item on key and mode, and on prefix and suffix
 * (letters and digits only, so markup and spacing do not count); see `pandoc-compare.ts`.
 * Four corpora: cases after the kinds of input pandoc's own citation tests use, realistic
 * hand-made cases, random snippets from a fixed seed (`pandoc-snippets.ts`), and
 * article-shaped passages from a second, independent generator (`pandoc-articles.ts`).
 * Prints the agreement per corpus; fails below 0.99 (keys and modes) on the first two and
 * 0.97 on the generated ones.
 *
 * An input whose citations differ only by a documented deviation (docs/pandoc-deviations.md:
 * a citation nested in another's prefix or suffix; a bare URL or email, which GFM reads) is
 * counted as agreeing and reported apart; any other difference counts against.
 *
 * Other seeds measure inputs the reading was not studied on:
 *   CITEMARK_PANDOC_SEED=… CITEMARK_ARTICLE_SEED=… npx vitest run tests/citations/pandoc-differential.test.ts
 * `CITEMARK_PANDOC_DIFFERENCES=file` appends every difference to `file`, one JSON line each.
 * Skipped, with a printed notice, when pandoc is not installed.
 */
import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { articlePassages } from './pandoc-articles.js';
import { compare, keyAndMode, type Outcome } from './pandoc-compare.js';
import { pandocStyleCases, randomSnippets, realisticCases } from './pandoc-snippets.js';
const run = promisify(execFile);

function pandocVersion(): string | undefined {
  try {
    return execFileSync('pandoc', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  } catch {
    return undefined;
  }
}

const version = pandocVersion();
if (!version) console.warn('[citemark] pandoc is not on PATH: skipping the differential test against pandoc (install pandoc to run it).');

const RANDOM_COUNT = 2000;
/** Studied while fixing the reading: 20261207, 1 and 7 (0.995-0.996 on keys and modes). */
const RANDOM_SEED = Number(process.env.CITEMARK_PANDOC_SEED ?? 20261207);
const ARTICLE_COUNT = 1000;
const ARTICLE_SEED = Number(process.env.CITEMARK_ARTICLE_SEED ?? 5);
/** The issue asks 0.95 on random snippets; unseen seeds of both generators give 0.99 and more (docs/pandoc-deviations.md). */
const GENERATED_FLOOR = 0.97;

interface Agreement {
  cases: number;
  keysAndModes: number;
  affixes: number;
  deviationCases: Outcome[];
  differences: Outcome[];
}

function agreement(outcomes: Outcome[]): Agreement {
  const count = Math.max(1, outcomes.length);
  return {
    cases: outcomes.length,
    keysAndModes: outcomes.filter((o) => o.keysAndModes).length / count,
    affixes: outcomes.filter((o) => o.keysAndModes && o.affixes).length / count,
    deviationCases: outcomes.filter((o) => o.deviation),
    differences: outcomes.filter((o) => !o.keysAndModes),
  };
}

const outcome = compare;

interface PandocNode {
  t?: string;
  c?: unknown;
}

/** Each case in its own pandoc process (cases may hold metadata blocks and notes), a few at a time. */
async function oneByOne(cases: string[]): Promise<Outcome[]> {
  const outcomes = new Array<Outcome>(cases.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const index = next++;
      const markdown = cases[index]!;
      const child = run('pandoc', ['-f', 'markdown', '-t', 'json'], { encoding: 'utf8' });
      child.child.stdin?.end(markdown);
      const { stdout } = await child;
      outcomes[index] = outcome(markdown, (JSON.parse(stdout) as { blocks: unknown }).blocks);
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  return outcomes;
}

const SEPARATOR = 'CITEMARKCASEBREAK';

/** One-paragraph snippets, a batch through each pandoc process, separated by a marker paragraph. */
async function batched(cases: string[], size = 100): Promise<Outcome[]> {
  const batches: string[][] = [];
  for (let i = 0; i < cases.length; i += size) batches.push(cases.slice(i, i + size));
  const results = new Array<Outcome[]>(batches.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length) {
      const index = next++;
      results[index] = await batch(batches[index]!);
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  return results.flat();
}

async function batch(cases: string[]): Promise<Outcome[]> {
  const child = run('pandoc', ['-f', 'markdown', '-t', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  child.child.stdin?.end(cases.join(`\n\n${SEPARATOR}\n\n`));
  const { stdout } = await child;
  const blocks = (JSON.parse(stdout) as { blocks: PandocNode[] }).blocks;
  const groups: PandocNode[][] = [[]];
  for (const block of blocks) {
    const isSeparator = block.t === 'Para' && JSON.stringify(block.c) === JSON.stringify([{ t: 'Str', c: SEPARATOR }]);
    if (isSeparator) groups.push([]);
    else groups[groups.length - 1]!.push(block);
  }
  if (groups.length === cases.length) return cases.map((markdown, i) => outcome(markdown, groups[i]));
  // A snippet ran into the next (pandoc reads an unclosed `\emph{` or `^[` past a blank line): halve the batch.
  if (cases.length === 1) return [outcome(cases[0]!, blocks)];
  const half = Math.ceil(cases.length / 2);
  return [...(await batch(cases.slice(0, half))), ...(await batch(cases.slice(half)))];
}

const shown = (items: Outcome['pandoc']): string => items.map(keyAndMode).sort().join(', ') || '(none)';

function report(name: string, result: Agreement): void {
  const byKind = new Map<string, number>();
  for (const d of result.deviationCases) for (const kind of d.deviation ?? []) byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  const kinds = [...byKind].map(([kind, n]) => `${n} ${kind}`).join(', ') || 'none';
  const lines = [
    `[citemark] pandoc agreement, ${name}: keys and modes ${result.keysAndModes.toFixed(4)}, with prefixes and suffixes ${result.affixes.toFixed(4)} ` +
      `(${result.cases} cases; agreeing only by documented deviations: ${kinds}; ${version})`,
  ];
  const deviations = result.deviationCases.map((d) => `${d.deviation?.join('+')}: ${JSON.stringify(d.markdown)}`);
  if (deviations.length > 0) lines.push(`  documented deviations (first 5): ${deviations.slice(0, 5).join(' | ')}`);
  for (const d of result.differences.slice(0, 15)) {
    lines.push(`  ${JSON.stringify(d.markdown)}\n    pandoc: ${shown(d.pandoc)}\n    ours:   ${shown(d.ours)}`);
  }
  console.log(lines.join('\n'));
  // For study: every difference, one JSON line each, appended to the file this names.
  const dump = process.env.CITEMARK_PANDOC_DIFFERENCES;
  if (dump) {
    for (const d of result.differences) {
      appendFileSync(dump, JSON.stringify({ corpus: name, markdown: d.markdown, pandoc: d.pandoc.map(keyAndMode).sort(), ours: d.ours.map(keyAndMode).sort() }) + '\n');
    }
  }
}

describe.skipIf(!version)('agreement with pandoc on where citations are', () => {
  it("pandoc's kinds of test input: at least 0.99 on keys and modes", { timeout: 300_000 }, async () => {
    const result = agreement(await oneByOne(pandocStyleCases));
    report("cases after pandoc's citation tests", result);
    expect(result.keysAndModes).toBeGreaterThanOrEqual(0.99);
  });

  it('realistic hand-made cases: at least 0.99 on keys and modes', { timeout: 300_000 }, async () => {
    const result = agreement(await oneByOne(realisticCases));
    report('realistic cases', result);
    expect(result.keysAndModes).toBeGreaterThanOrEqual(0.99);
  });

  it(`${RANDOM_COUNT} random snippets (seed ${RANDOM_SEED}): at least ${GENERATED_FLOOR} on keys and modes`, { timeout: 900_000 }, async () => {
    const result = agreement(await batched(randomSnippets(RANDOM_COUNT, RANDOM_SEED)));
    report(`${RANDOM_COUNT} random snippets (seed ${RANDOM_SEED})`, result);
    expect(result.keysAndModes).toBeGreaterThanOrEqual(GENERATED_FLOOR);
  });

  it(`${ARTICLE_COUNT} article-shaped passages, a second generator (seed ${ARTICLE_SEED}): at least ${GENERATED_FLOOR} on keys and modes`, { timeout: 900_000 }, async () => {
    const result = agreement(await batched(articlePassages(ARTICLE_COUNT, ARTICLE_SEED)));
    report(`${ARTICLE_COUNT} article-shaped passages (seed ${ARTICLE_SEED})`, result);
    expect(result.keysAndModes).toBeGreaterThanOrEqual(GENERATED_FLOOR);
  });
});
