/**
 * Checks that two builds of citemark print the same thing on one project:
 * `lint --format json` byte for byte, and with `--render STYLE` every file
 * `render` writes. For a change meant to be invisible (a faster index, less
 * garbage), run the build before it and the build after it on each corpus:
 *
 *   node tests/bench/compare-output.mjs BEFORE/dist/cli.js dist/cli.js PROJECT_DIR [--render apa] [--threads N]
 *
 * Prints one line per comparison with both outputs' SHA-256, exits 1 at the
 * first difference (naming the file and the first differing byte).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const [before, after, project, ...rest] = process.argv.slice(2);
if (!before || !after || !project) {
  process.stderr.write('Usage: node tests/bench/compare-output.mjs BEFORE_CLI AFTER_CLI PROJECT_DIR [--render STYLE] [--threads N]\n');
  process.exit(2);
}
const flag = (name) => {
  const i = rest.indexOf(`--${name}`);
  return i === -1 ? undefined : rest[i + 1];
};
const threads = flag('threads');
const style = flag('render');
const extra = threads ? ['--threads', threads] : [];
const sha = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

function run(cli, args) {
  const result = spawnSync(process.execPath, [resolve(cli), ...args, ...extra], { cwd: project, maxBuffer: 1 << 30 });
  if (result.status !== 0 && result.status !== 1) {
    process.stderr.write(`\`${cli} ${args.join(' ')}\` exited ${result.status}: ${String(result.stderr).slice(-2000)}\n`);
    process.exit(2);
  }
  return result.stdout;
}

function firstDifference(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

function compare(label, a, b) {
  const at = firstDifference(a, b);
  process.stdout.write(`${at === -1 ? 'same' : 'DIFFERENT'}  ${label}: ${sha(a)} (${a.length} bytes) vs ${sha(b)} (${b.length} bytes)\n`);
  if (at !== -1) {
    process.stdout.write(`  first difference at byte ${at}:\n  before: ${JSON.stringify(a.subarray(Math.max(0, at - 80), at + 80).toString())}\n  after:  ${JSON.stringify(b.subarray(Math.max(0, at - 80), at + 80).toString())}\n`);
    process.exit(1);
  }
}

compare('lint --format json', run(before, ['lint', '--format', 'json']), run(after, ['lint', '--format', 'json']));

if (style) {
  const outs = [before, after].map((cli) => {
    const out = mkdtempSync(join(tmpdir(), 'citemark-compare-render-'));
    run(cli, ['render', '--style', style, '--out', out]);
    return out;
  });
  const list = (dir) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath ?? e.path, e.name).slice(dir.length + 1)).sort();
  const [filesA, filesB] = outs.map(list);
  compare(`render --style ${style}: file list`, Buffer.from(filesA.join('\n')), Buffer.from(filesB.join('\n')));
  const hashA = createHash('sha256');
  const hashB = createHash('sha256');
  for (const file of filesA) {
    const a = readFileSync(join(outs[0], file));
    const b = readFileSync(join(outs[1], file));
    if (firstDifference(a, b) !== -1) compare(`render --style ${style}: ${file}`, a, b);
    hashA.update(a);
    hashB.update(b);
  }
  compare(`render --style ${style}: all ${filesA.length} files`, Buffer.from(hashA.digest('hex')), Buffer.from(hashB.digest('hex')));
  for (const out of outs) rmSync(out, { recursive: true, force: true });
}
