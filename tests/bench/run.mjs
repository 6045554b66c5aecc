/**
 * `npm run bench`: generates the corpora and times citemark against its
 * floor (a bare remark parse) and its anchors (remark-lint, pandoc
 * --citeproc, rehype-citation). Every figure is the median over `--runs`
 * whole processes; peak RSS comes from GNU time.
 *
 *   node tests/bench/run.mjs [--size small|large|both] [--runs K] [--sample S] [--dir DIR] [--keep]
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './generate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const cli = join(repo, 'dist', 'cli.js');

const SIZES = {
  small: { articles: 100, items: 1_000 },
  large: { articles: 2_000, items: 20_000 },
};

function parseArgs(argv) {
  const out = { size: 'both', runs: 3, sample: 10, dir: undefined, keep: false, timeout: 900 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--keep') out.keep = true;
    else if (a === '--size') out.size = argv[++i];
    else if (a === '--runs') out.runs = Number(argv[++i]);
    else if (a === '--sample') out.sample = Number(argv[++i]);
    else if (a === '--dir') out.dir = argv[++i];
    else if (a === '--timeout') out.timeout = Number(argv[++i]);
    else {
      process.stderr.write(`Unknown option \`${a}\`; use --size small|large|both, --runs K, --sample S, --dir DIR, --keep, --timeout SECONDS.\n`);
      process.exit(2);
    }
  }
  if (!['small', 'large', 'both'].includes(out.size)) {
    process.stderr.write(`Unknown size \`${out.size}\`; use small, large or both.\n`);
    process.exit(2);
  }
  return out;
}

const haveGnuTime = existsSync('/usr/bin/time');

/** Runs one process; wall seconds, CPU seconds (user + sys) and peak RSS in MiB. */
function measureOnce(command, args, { cwd, env = {}, timeout }) {
  const stats = join(tmpdir(), `citemark-bench-time-${process.pid}.txt`);
  const started = process.hrtime.bigint();
  const result = haveGnuTime
    ? spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', '-o', stats, command, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'], timeout: timeout * 1000 })
    : spawnSync(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'], timeout: timeout * 1000 });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.error?.code === 'ETIMEDOUT' || result.signal) return { timedOut: true, wall };
  // lint exits 1 when it finds errors, which the corpus plants on purpose.
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`\`${command} ${args.join(' ')}\` failed with exit ${result.status}: ${String(result.stderr).slice(-2000)}`);
  }
  if (!haveGnuTime) return { wall, cpu: NaN, rssMiB: NaN };
  const [, user, sys, rssKb] = readFileSync(stats, 'utf8').trim().split('\n').pop().split(/\s+/).map(Number);
  rmSync(stats, { force: true });
  return { wall, cpu: user + sys, rssMiB: rssKb / 1024 };
}

const median = (values) => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function measure(label, command, args, options, runs, before) {
  const samples = [];
  for (let k = 0; k < runs; k++) {
    before?.(k);
    const s = measureOnce(command, args, options);
    if (s.timedOut) return { label, timedOut: true, wall: s.wall };
    samples.push(s);
  }
  return {
    label,
    wall: median(samples.map((s) => s.wall)),
    cpu: median(samples.map((s) => s.cpu)),
    rssMiB: Math.max(...samples.map((s) => s.rssMiB)),
    note: options.note,
  };
}

function commandsOfCli() {
  const help = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' }).stdout ?? '';
  return new Set([...help.matchAll(/^\s{2}(\w+)\s{2,}/gm)].map((m) => m[1]));
}

function benchSize(name, size, opts, commands, lines) {
  const dir = join(opts.dir, name);
  process.stderr.write(`\n== ${name}: generating ${size.articles} articles, ${size.items} items in ${dir}\n`);
  const truth = generateProject(dir, { ...size, seed: 1 });
  const rows = [];
  const notes = [];
  const run = (label, command, args, options = {}, before) => {
    process.stderr.write(`   ${label} …`);
    const row = measure(label, command, args, { cwd: dir, timeout: opts.timeout, ...options }, options.runs ?? opts.runs, before);
    process.stderr.write(row.timedOut ? ' timed out\n' : ` ${row.wall.toFixed(2)} s\n`);
    rows.push(row);
    return row;
  };
  const node = process.execPath;
  const env = {};

  const floor = run('bare remark parse (floor)', node, [join(here, 'tasks', 'bare-parse.mjs'), dir]);
  run('remark-lint + preset-lint-recommended', node, [join(here, 'tasks', 'remark-lint.mjs'), dir]);
  run('citemark lint, all rules', node, [cli, 'lint', '--format', 'json'], { env });
  run('citemark lint, all rules, 1 thread', node, [cli, 'lint', '--format', 'json', '--threads', '1'], { env });

  const cacheDir = join(dir, '.citemark');
  run('citemark lint --cache, cold', node, [cli, 'lint', '--format', 'json', '--cache'], { env }, () => rmSync(cacheDir, { recursive: true, force: true }));
  const edited = join(dir, 'articles', readdirSync(join(dir, 'articles')).sort()[0]);
  const original = readFileSync(edited, 'utf8');
  // Warm the cache once, then each run edits one article, so exactly one article misses.
  measureOnce(node, [cli, 'lint', '--format', 'json', '--cache'], { cwd: dir, env, timeout: opts.timeout });
  run('citemark lint --cache, warm, 1 article edited', node, [cli, 'lint', '--format', 'json', '--cache'], { env }, (k) =>
    appendFileSync(edited, `\nAn added sentence, edit ${k}, cites nothing.\n`),
  );
  writeFileSync(edited, original);
  rmSync(cacheDir, { recursive: true, force: true });

  if (commands.has('render')) {
    for (const style of ['apa', 'vancouver']) {
      const out = mkdtempSync(join(tmpdir(), 'citemark-bench-render-'));
      run(`citemark render --style ${style}`, node, [cli, 'render', '--style', style, '--out', out], { env, runs: Math.min(opts.runs, name === 'large' ? 1 : opts.runs) });
      rmSync(out, { recursive: true, force: true });
    }
  } else notes.push('`citemark render` is not a command of this build: skipped.');
  if (commands.has('dedupe')) run('citemark dedupe', node, [cli, 'dedupe'], { env });
  else notes.push('`citemark dedupe` is not a command of this build: skipped (duplicate detection is timed in-process below).');

  const sample = Math.min(opts.sample, size.articles);
  const pandoc = spawnSync('pandoc', ['--version'], { encoding: 'utf8' });
  if (pandoc.status === 0) {
    const names = readdirSync(join(dir, 'articles')).sort().slice(0, sample);
    const per = names.map((n) =>
      measureOnce('pandoc', ['--citeproc', '--bibliography', 'references/library.json', '-t', 'html', '-o', '/dev/null', join('articles', n)], { cwd: dir, timeout: opts.timeout }),
    );
    const wall = per.reduce((s, p) => s + p.wall, 0) / per.length;
    const cpu = per.reduce((s, p) => s + p.cpu, 0) / per.length;
    rows.push({
      label: `pandoc --citeproc, 1 process per article (${sample} sampled, ×${size.articles / sample})`,
      wall: wall * size.articles,
      cpu: cpu * size.articles,
      rssMiB: Math.max(...per.map((p) => p.rssMiB)),
      extrapolated: true,
    });
    notes.push(`pandoc ${pandoc.stdout.split('\n')[0].split(' ')[1]}: ${sample} articles timed one process each; the row is their mean × ${size.articles}.`);
  } else notes.push('pandoc is not installed: its row is skipped.');

  const rehype = spawnSync(node, [join(here, 'tasks', 'rehype-citation.mjs'), dir, String(sample)], { encoding: 'utf8', timeout: opts.timeout * 1000 });
  if (rehype.status === 0) {
    const { setupMs, perArticleMs } = JSON.parse(rehype.stdout);
    rows.push({
      label: `rehype-citation (APA), 1 process (${sample} sampled)`,
      wall: (setupMs + perArticleMs * (size.articles - 1)) / 1000,
      cpu: NaN,
      rssMiB: NaN,
      extrapolated: true,
    });
    notes.push(`rehype-citation: ${sample} articles in one process; the row is setup and first article (${(setupMs / 1000).toFixed(2)} s) + ${perArticleMs.toFixed(0)} ms × the other ${size.articles - 1} (it reloads the bibliography for every file).`);
  } else notes.push(`rehype-citation failed: ${rehype.stderr.slice(0, 300)}`);

  const bib = JSON.parse(spawnSync(node, [join(here, 'tasks', 'bibliography.mjs'), dir, join(repo, 'dist', 'index.js')], { encoding: 'utf8' }).stdout);

  const ratio = (v, base) => (Number.isFinite(v) && Number.isFinite(base) && base > 0 ? `${(v / base).toFixed(2)}×` : '–');
  const fmt = (v, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : '–');
  lines.push(`### ${name}: ${size.articles} articles, ${size.items} items`, '');
  lines.push(`Corpus: ${truth.articles} articles (~1,200 words, 10–40 citations each), ${truth.items} items with ${truth.plantedDuplicates.length} planted duplicates and ${truth.updatesWithOwnDoi.length} same-title updates with their own DOI; seed ${truth.seed}; runs per row: ${opts.runs} (median).`, '');
  lines.push('| task | wall s | CPU s | peak RSS MiB | wall ÷ floor | RSS ÷ floor |', '|---|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    if (r.timedOut) {
      lines.push(`| ${r.label} | timed out (${opts.timeout} s) | | | | |`);
      continue;
    }
    lines.push(`| ${r.label}${r.extrapolated ? ' *' : ''} | ${fmt(r.wall)} | ${fmt(r.cpu)} | ${fmt(r.rssMiB, 0)} | ${ratio(r.wall, floor.wall)} | ${ratio(r.rssMiB, floor.rssMiB)} |`);
  }
  lines.push('', '\\* extrapolated from a sample.', '');
  lines.push(
    `Bibliography, in one process: load and validate ${bib.items} items in ${bib.loadMs} ms (${bib.problems} problems); duplicate detection ${bib.dedupeMs} ms, ${bib.groups} groups: ` +
      `${bib.planted - bib.missed} of ${bib.planted} planted duplicates found, ${bib.wronglyMerged} of ${bib.updates} same-title updates merged, ${bib.extraGroups} groups beyond the planted ones; peak RSS ${bib.rssMiB} MiB.`,
    '',
  );
  for (const n of notes) lines.push(`- ${n}`);
  lines.push('');
  if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  return { rows, bib };
}

const opts = parseArgs(process.argv.slice(2));
opts.dir = resolve(opts.dir ?? mkdtempSync(join(tmpdir(), 'citemark-bench-')));
if (!existsSync(cli)) {
  process.stderr.write(`No \`${cli}\`; run \`npm run build\` first (\`npm run bench\` does).\n`);
  process.exit(2);
}
const commands = commandsOfCli();
const cpu = cpus();
const lines = [
  `## Run of ${new Date().toISOString().slice(0, 10)}`,
  '',
  `Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM (${(freemem() / 2 ** 30).toFixed(0)} GiB free at start), Node ${process.version}, ${process.platform}.`,
  '',
];
const results = {};
for (const name of opts.size === 'both' ? ['small', 'large'] : [opts.size]) results[name] = benchSize(name, SIZES[name], opts, commands, lines);
if (!opts.keep) rmSync(opts.dir, { recursive: true, force: true });
if (results.small && results.large) {
  const per = (res, label, n) => res.rows.find((r) => r.label === label)?.wall / n;
  const lintLabel = 'citemark lint, all rules';
  lines.push(
    `Growth from small to large (20× the articles and items): citemark lint ${(per(results.small, lintLabel, 100) * 1000).toFixed(1)} → ${(per(results.large, lintLabel, 2000) * 1000).toFixed(1)} ms per article; ` +
      `bibliography load ${(results.small.bib.loadMs / results.small.bib.items).toFixed(3)} → ${(results.large.bib.loadMs / results.large.bib.items).toFixed(3)} ms per item.`,
    '',
  );
}
{
  // The robustness catalogue's hostile inputs, one whole process each (target: under 1 s, node's start included).
  process.stderr.write('== hostile inputs\n');
  const hostile = spawnSync(process.execPath, [join(here, 'tasks', 'pathological.mjs'), cli], { encoding: 'utf8', timeout: 30 * 60 * 1000, maxBuffer: 1 << 24 });
  if (hostile.status === 0) {
    const cases = JSON.parse(hostile.stdout);
    lines.push('### hostile inputs', '', 'One `citemark` process per case over a project holding the hostile file, a good article and a good reference; target under 1 s.', '');
    lines.push('| case | command | wall s | exit | under 1 s |', '|---|---|---:|---:|---|');
    for (const c of cases) lines.push(`| ${c.label} | \`${c.command}\` | ${c.seconds.toFixed(2)} | ${c.exit}${c.stackTrace ? ' (stack trace!)' : ''} | ${c.seconds < 1 ? 'yes' : '**no**'} |`);
    lines.push('');
  } else lines.push(`Hostile inputs: the task failed (${String(hostile.stderr).slice(0, 300)}).`, '');
}
{
  // `citemark add` of a 1,000-record RIS export into a fresh project, one whole process (target under 3 s).
  process.stderr.write('== add a 1,000-record export\n');
  const add = spawnSync(process.execPath, [join(here, 'tasks', 'add-export.mjs'), cli, '1000', String(opts.runs)], { encoding: 'utf8', timeout: 30 * 60 * 1000 });
  if (add.status === 0) {
    const r = JSON.parse(add.stdout);
    lines.push('### add a 1,000-record export', '', `\`citemark add\` of a ${r.records}-record RIS export (Web of Science and Zotero shapes) into a fresh project: ${r.seconds.toFixed(2)} s (median of ${r.runs}), ${r.added} added, exit ${r.exit}; target under 3 s: ${r.seconds < 3 ? 'yes' : '**no**'}.`, '');
  } else lines.push(`Add a 1,000-record export: the task failed (${String(add.stderr).slice(0, 300)}).`, '');
}
{
  // Reference-string parsing for `citemark import`: 1,000 generated strings in one process (target: under 2 s).
  process.stderr.write('== reference strings\n');
  const refparse = spawnSync(process.execPath, [join(here, 'tasks', 'refparse.mjs'), join(repo, 'dist', 'index.js'), '1000'], { encoding: 'utf8', timeout: 10 * 60 * 1000 });
  if (refparse.status === 0) {
    const r = JSON.parse(refparse.stdout);
    lines.push('### reference strings', '', `Parsing ${r.strings} generated reference strings (Vancouver, AMA, APA, Harvard, Nature, IEEE, Chicago, web pages) in one process: ${r.parseMs} ms wall, ${r.parseCpuMs} ms CPU (${r.perStringMs} ms a string; target under 2 s), after ${r.importMs} ms to load the library and ${r.firstParseMs} ms for the first string (the model); ${r.unparsed} left unparsed; peak RSS ${r.rssMiB} MiB.`, '');
  } else lines.push(`Reference strings: the task failed (${String(refparse.stderr).slice(0, 300)}).`, '');
}
process.stdout.write(`${lines.join('\n')}\n`);
