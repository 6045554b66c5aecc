/**
 * What each citeproc patch saves, in instructions: a fixed render workload
 * counted by valgrind's callgrind with every patch, with none, and with all
 * but one. An instruction count is the same for the same input however busy
 * the machine is, where a timing is not. Each run also prints a hash of
 * everything it rendered: they must all agree.
 *
 * The workload formats the citations and bibliography of every generated
 * article in one style, on one thread, in a fresh process: the articles are
 * parsed beforehand (outside the count), and loading the modules and the
 * bibliography is not counted either (callgrind starts counting at the first
 * article, by `callgrind_control`), so the count is citemark's formatting
 * and citeproc's work, engine building and JIT compilation included.
 *
 *   npm run build
 *   node tests/bench/citeproc-patches.mjs [--articles 50] [--items 300] [--seed 7] [--style apa] [--jobs 1] [--settings on,off,-casing]
 *
 * Under callgrind node runs some 50 times slower: 50 APA articles take about
 * five minutes of CPU a run. Not part of `npm run bench`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateProject } from './generate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const library = () => import(pathToFileURL(join(repo, 'dist', 'index.js')).href);

/** Parses every article of `dir` once, natively, into `trees.json`. */
async function prepare(dir) {
  const { parseMarkdown } = await library();
  const articles = join(dir, 'articles');
  const trees = readdirSync(articles)
    .sort()
    .map((name) => parseMarkdown(readFileSync(join(articles, name), 'utf8')));
  writeFileSync(join(dir, 'trees.json'), JSON.stringify(trees));
}

/** The workload itself: format every article's citations in `style`, counted; print the outputs' hash. */
async function workload(dir, style) {
  const { itemLookup, renderCitationsInTree, resolveStyle } = await library();
  const lookup = itemLookup(JSON.parse(readFileSync(join(dir, 'references', 'library.json'), 'utf8')));
  const trees = JSON.parse(readFileSync(join(dir, 'trees.json'), 'utf8'));
  const resolved = resolveStyle(style);
  const hash = createHash('sha256');
  execFileSync('callgrind_control', ['--instr=on', String(process.pid)], { stdio: 'ignore' });
  for (const tree of trees) {
    renderCitationsInTree(tree, { style: resolved, lookup, to: 'md' });
    hash.update(JSON.stringify(tree));
  }
  execFileSync('callgrind_control', ['--instr=off', String(process.pid)], { stdio: 'ignore' });
  process.stdout.write(`${hash.digest('hex')}\n`);
}

function option(args, name, fallback) {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
}

/** One counted run: instructions and the outputs' hash. */
function counted(dir, style, setting) {
  const env = { ...process.env };
  env.CITEMARK_CITEPROC_PATCHES = setting;
  const args = ['--tool=callgrind', '--instr-atstart=no', '--callgrind-out-file=/dev/null', '--collect-jumps=no', '--dump-instr=no', process.execPath, '--single-threaded', fileURLToPath(import.meta.url), '--workload', dir, '--style', style];
  return new Promise((resolve, reject) => {
    const child = spawn('valgrind', args, { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const collected = /Collected : (\d+)/.exec(stderr);
      if (code !== 0 || !collected) reject(new Error(`callgrind run (${setting}) failed with ${code}:\n${stderr.slice(-2000)}`));
      else resolve({ instructions: Number(collected[1]), hash: stdout.trim() });
    });
  });
}

async function main(args) {
  if (args.includes('--workload')) return workload(option(args, 'workload'), option(args, 'style', 'apa'));
  const articles = Number(option(args, 'articles', '50'));
  const items = Number(option(args, 'items', '300'));
  const seed = Number(option(args, 'seed', '7'));
  const style = option(args, 'style', 'apa');
  const jobs = Number(option(args, 'jobs', '1'));
  // Each patch module under src/adapters/citeproc/patches/ declares its name.
  const patchDir = join(repo, 'src', 'adapters', 'citeproc', 'patches');
  const names = readdirSync(patchDir)
    .sort()
    .map((file) => /^\s+name: '([a-z-]+)',$/m.exec(readFileSync(join(patchDir, file), 'utf8'))?.[1])
    .filter((name) => name !== undefined);
  const settings = option(args, 'settings', undefined)?.split(',') ?? ['on', 'off', ...names.map((name) => `-${name}`)];

  const dir = mkdtempSync(join(tmpdir(), 'citemark-citeproc-patches-'));
  try {
    generateProject(dir, { articles, items, seed });
    await prepare(dir);
    const results = new Map();
    const queue = [...settings];
    const run = async () => {
      while (queue.length > 0) {
        const setting = queue.shift();
        const result = await counted(dir, style, setting);
        results.set(setting, result);
        process.stderr.write(`${setting}: ${result.instructions} instructions, output ${result.hash.slice(0, 12)}\n`);
      }
    };
    await Promise.all(Array.from({ length: jobs }, run));
    const all = results.get('on');
    const hashes = new Set([...results.values()].map((result) => result.hash));
    console.log(`| setting | instructions | vs all patches |`);
    console.log(`|---|---:|---:|`);
    for (const label of settings) {
      const result = results.get(label);
      const delta = all ? result.instructions - all.instructions : 0;
      console.log(`| ${label} | ${result.instructions.toLocaleString('en-US')} | ${all ? `${delta >= 0 ? '+' : ''}${delta.toLocaleString('en-US')} (${((100 * delta) / all.instructions).toFixed(2)}%)` : ''} |`);
    }
    console.log(hashes.size === 1 ? `\nEvery run rendered the same output (${[...hashes][0]?.slice(0, 16)}).` : `\nOUTPUTS DIFFER: ${[...hashes].join(', ')}`);
    if (hashes.size !== 1) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main(process.argv.slice(2));
