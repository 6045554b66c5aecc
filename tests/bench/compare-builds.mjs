/**
 * Two builds of citemark, the same output: generates the bench corpora into a
 * temporary folder, runs `lint --format json` and `render` (every built-in
 * style the bench times, to Markdown and HTML) with each build's CLI, and
 * compares the bytes. A refactoring must leave every byte as it was.
 *
 *   node tests/bench/compare-builds.mjs BEFORE/dist/cli.js AFTER/dist/cli.js [--sizes small,medium] [--keep]
 *
 * `--ignore-suggestion-fixes` drops the `fix` of each JSON suggestion on both
 * sides before comparing, for a base built before suggestions carried fixes.
 * Exits 1 on the first difference, naming the file and the first differing line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { generateProject } from './generate.mjs';

const SIZES = {
  small: { articles: 20, items: 200 },
  medium: { articles: 120, items: 1000 },
};

const args = process.argv.slice(2);
const positional = args.filter((a, i) => !a.startsWith('--') && !(args[i - 1] ?? '').startsWith('--sizes'));
if (positional.length !== 2) {
  console.error('usage: node tests/bench/compare-builds.mjs BEFORE_CLI AFTER_CLI [--sizes small,medium] [--keep] [--ignore-suggestion-fixes]');
  process.exit(2);
}
const [before, after] = positional.map((p) => resolve(p));
const sizesAt = args.indexOf('--sizes');
const sizes = sizesAt >= 0 ? args[sizesAt + 1].split(',') : Object.keys(SIZES);
const keep = args.includes('--keep');
const ignoreSuggestionFixes = args.includes('--ignore-suggestion-fixes');

const work = mkdtempSync(join(tmpdir(), 'citemark-compare-'));
let compared = 0;

function run(cli, cwd, cliArgs) {
  const result = spawnSync(process.execPath, [cli, ...cliArgs], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`\`${cli} ${cliArgs.join(' ')}\` exited ${result.status}: ${result.stderr.slice(-2000)}`);
  }
  return { status: result.status, stdout: result.stdout };
}

function withoutSuggestionFixes(json) {
  const results = JSON.parse(json);
  for (const r of results) for (const m of r.messages) for (const s of m.suggestions ?? []) delete s.fix;
  return `${JSON.stringify(results)}\n`;
}

function same(label, a, b) {
  compared += 1;
  if (a === b) return;
  const linesA = a.split('\n');
  const linesB = b.split('\n');
  const at = linesA.findIndex((line, i) => line !== linesB[i]);
  const line = at === -1 ? linesA.length : at;
  console.error(`DIFFERENT: ${label}, line ${line + 1}\n  before: ${(linesA[line] ?? '<end>').slice(0, 400)}\n  after:  ${(linesB[line] ?? '<end>').slice(0, 400)}`);
  process.exitCode = 1;
}

function filesUnder(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out;
}

try {
  for (const size of sizes) {
    for (const bib of ['json', 'yaml']) {
      const project = join(work, `${size}-${bib}`);
      generateProject(project, { ...SIZES[size], seed: 1, bib });
      const label = `${size} corpus (${bib} bibliography)`;
      const lintA = run(before, project, ['lint', '--format', 'json']);
      const lintB = run(after, project, ['lint', '--format', 'json']);
      same(`${label}: lint exit code`, String(lintA.status), String(lintB.status));
      const json = (stdout) => (ignoreSuggestionFixes ? withoutSuggestionFixes(stdout) : stdout);
      same(`${label}: lint --format json`, json(lintA.stdout), json(lintB.stdout));
      for (const style of ['apa', 'vancouver']) {
        for (const to of ['md', 'html']) {
          const outA = join(work, `${size}-${bib}-${style}-${to}-before`);
          const outB = join(work, `${size}-${bib}-${style}-${to}-after`);
          run(before, project, ['render', '--style', style, '--to', to, '--out', outA]);
          run(after, project, ['render', '--style', style, '--to', to, '--out', outB]);
          const filesA = filesUnder(outA);
          same(`${label}: render ${style} ${to}: files written`, filesA.join('\n'), filesUnder(outB).join('\n'));
          for (const file of filesA) same(`${label}: render ${style} ${to}: ${file}`, readFileSync(join(outA, file), 'utf8'), readFileSync(join(outB, file), 'utf8'));
        }
      }
      console.log(`${label}: compared`);
    }
  }
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
}
console.log(process.exitCode ? `differences found (${compared} comparisons)` : `identical: ${compared} comparisons`);
