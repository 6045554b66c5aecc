/**
 * The render task alone: `citemark render` on each corpus shape, as `npm run bench` times it, with the figures
 * issue #20 sets targets on (ms an article, peak RSS) and the CPU time, which a busy machine disturbs less than
 * the wall time.
 *
 *   node tests/bench/tasks/render.mjs [--cli dist/cli.js] [--size small|large] [--shape bench,gen-corpus,long] [--style apa] [--runs K] [--dir DIR] [--threads N]
 *
 * Corpora are generated into DIR (a temporary folder by default, removed afterwards) by the bench's own
 * generators; one given with `--dir` that already holds a shape's corpus is reused, so two builds can be timed on
 * the same files. Prints a Markdown table: per shape, median wall and CPU over `--runs` whole processes, and the
 * largest peak RSS (GNU time).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from '../generate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const SIZES = { small: { articles: 100, items: 1_000 }, large: { articles: 2_000, items: 20_000 } };
const SHAPES = ['bench', 'gen-corpus', 'long'];
/** As tests/bench/run.mjs makes the `long` shape: a tenth as many articles, ~12,000 words and 2–6 citations each. */
const LONG = { words: 12_000, cites: [2, 6] };

function parseArgs(argv) {
  const out = { cli: join(repo, 'dist', 'cli.js'), size: 'large', shapes: SHAPES, style: 'apa', runs: 1, dir: undefined, threads: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`\`${a}\` needs a value.`);
      return v;
    };
    if (a === '--cli') out.cli = resolve(value());
    else if (a === '--size') out.size = value();
    else if (a === '--shape') out.shapes = value().split(',');
    else if (a === '--style') out.style = value();
    else if (a === '--runs') out.runs = Number(value());
    else if (a === '--dir') out.dir = resolve(value());
    else if (a === '--threads') out.threads = value();
    else fail(`Unknown option \`${a}\`; use --cli FILE, --size small|large, --shape ${SHAPES.join(',')}, --style NAME, --runs K, --dir DIR, --threads N.`);
  }
  if (!(out.size in SIZES)) fail(`Unknown size \`${out.size}\`; use small or large.`);
  for (const shape of out.shapes) if (!SHAPES.includes(shape)) fail(`Unknown shape \`${shape}\`; use ${SHAPES.join(', ')}.`);
  if (!Number.isInteger(out.runs) || out.runs < 1) fail('`--runs` takes a whole number of at least 1.');
  return out;
}

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

/** The shape's corpus in `dir`, generated unless it is there already; gives its article count. */
function corpus(shape, size, dir) {
  if (!existsSync(join(dir, 'articles'))) {
    if (shape === 'gen-corpus') {
      const made = spawnSync(process.execPath, [join(here, '..', 'gen-corpus.mjs'), '--articles', String(size.articles), '--refs', String(size.items), '--seed', '42', '--out', dir], { encoding: 'utf8' });
      if (made.status !== 0) fail(`gen-corpus.mjs failed: ${made.stderr.slice(0, 500)}`);
    } else {
      const articles = shape === 'long' ? Math.max(1, Math.round(size.articles / 10)) : size.articles;
      generateProject(dir, { articles, items: size.items, seed: 1, ...(shape === 'long' ? { shape: LONG } : {}) });
    }
  }
  return readdirSync(join(dir, 'articles')).filter((name) => name.endsWith('.md')).length;
}

/** One whole `citemark render` process: wall and CPU seconds, peak RSS in MiB. */
function renderOnce(cli, dir, style, threads) {
  const out = mkdtempSync(join(tmpdir(), 'citemark-bench-render-'));
  const stats = join(tmpdir(), `citemark-bench-render-time-${process.pid}.txt`);
  const args = [process.execPath, cli, 'render', '--style', style, '--out', out, ...(threads ? ['--threads', threads] : [])];
  const started = process.hrtime.bigint();
  const result = existsSync('/usr/bin/time')
    ? spawnSync('/usr/bin/time', ['-f', '%U %S %M', '-o', stats, ...args], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] })
    : spawnSync(args[0], args.slice(1), { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  rmSync(out, { recursive: true, force: true });
  // render exits 1 when a citation key is unknown, which gen-corpus plants on purpose.
  if (result.status !== 0 && result.status !== 1) fail(`render failed with exit ${result.status}: ${String(result.stderr).slice(-1000)}`);
  if (!existsSync(stats)) return { wall, cpu: NaN, rssMiB: NaN };
  const [user, sys, rssKb] = readFileSync(stats, 'utf8').trim().split('\n').pop().split(/\s+/).map(Number);
  rmSync(stats, { force: true });
  return { wall, cpu: user + sys, rssMiB: rssKb / 1024 };
}

const median = (values) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const opts = parseArgs(process.argv.slice(2));
if (!existsSync(opts.cli)) fail(`No \`${opts.cli}\`; run \`npm run build\` first.`);
const root = opts.dir ?? mkdtempSync(join(tmpdir(), 'citemark-bench-render-corpora-'));
const fmt = (v, digits) => (Number.isFinite(v) ? v.toFixed(digits) : '–');
const lines = [
  `\`citemark render --style ${opts.style}\`, ${opts.size} corpora, ${opts.runs} run(s) each (median; RSS the largest).`,
  '',
  '| shape | articles | wall s | ms an article | CPU s | CPU ms an article | peak RSS MiB | ≤ 20 ms an article | ≤ 1 GiB |',
  '|---|---:|---:|---:|---:|---:|---:|---|---|',
];
for (const shape of opts.shapes) {
  const dir = join(root, `${shape}-${opts.size}`);
  const articles = corpus(shape, SIZES[opts.size], dir);
  process.stderr.write(`${shape} ${opts.size}: rendering ${articles} articles …`);
  const samples = Array.from({ length: opts.runs }, () => renderOnce(opts.cli, dir, opts.style, opts.threads));
  const wall = median(samples.map((s) => s.wall));
  const cpu = median(samples.map((s) => s.cpu));
  const rss = Math.max(...samples.map((s) => s.rssMiB));
  process.stderr.write(` ${wall.toFixed(1)} s\n`);
  const perArticle = (wall * 1000) / articles;
  const yes = (ok) => (ok === undefined ? '–' : ok ? 'yes' : '**no**');
  lines.push(
    `| ${shape} | ${articles} | ${fmt(wall, 2)} | ${fmt(perArticle, 1)} | ${fmt(cpu, 2)} | ${fmt((cpu * 1000) / articles, 1)} | ${fmt(rss, 0)} | ${yes(perArticle <= 20)} | ${yes(Number.isFinite(rss) ? rss <= 1024 : undefined)} |`,
  );
}
if (!opts.dir) rmSync(root, { recursive: true, force: true });
process.stdout.write(`${lines.join('\n')}\n`);
