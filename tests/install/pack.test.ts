/**
 * Installable (issue 19): `npm pack` builds the package through its
 * `prepare` script (as a git or tarball install gets it), and the tarball
 * installs into a fresh project with no network at all — the registry
 * pointed at a closed port and `--offline` — after which `npx citemark lint`
 * works on a Markdown article and a `.bib` file with no other step.
 *
 * Everything runs in a copy of the sources, so the builds never touch this
 * clone's `dist/`, which other test files are running at the same time. The
 * copy builds with this clone's `node_modules` behind a link (`npm start`,
 * then `prepare`, exactly as npm runs it for a git install or `npm pack`);
 * for the pack itself the link is replaced by a real folder holding the
 * production dependencies, as a checkout has, since npm packs the bundled
 * dependencies of a linked `node_modules` under wrong paths.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { REPO } from '../helpers/cli.js';

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'citemark-pack-'));
/** No network: every registry request would go to a closed port, and npm is told it is offline. */
const OFFLINE = { ...process.env, npm_config_offline: 'true', npm_config_registry: 'http://127.0.0.1:9/', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', NO_COLOR: '1' };

let started: { stdout: string; stderr: string; builtAfterStart: string[] };
let tarball: string;
let files: string[];
let consumer: string;

beforeAll(async () => {
  const copy = join(work, 'source');
  mkdirSync(copy);
  for (const entry of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsup.config.ts', 'README.md', 'src', 'articles', 'references']) {
    cpSync(join(REPO, entry), join(copy, entry), { recursive: true });
  }
  symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'));
  const start = await run('npm', ['start'], { cwd: copy, env: OFFLINE, maxBuffer: 64 * 1024 * 1024 });
  started = { ...start, builtAfterStart: readdirSync(join(copy, 'dist')) };
  await run('npm', ['run', 'prepare'], { cwd: copy, env: OFFLINE, maxBuffer: 64 * 1024 * 1024 });

  unlinkSync(join(copy, 'node_modules'));
  const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path.startsWith('node_modules/') && !entry.dev && existsSync(join(REPO, path))) cpSync(join(REPO, path), join(copy, path), { recursive: true });
  }
  const out = join(work, 'out');
  mkdirSync(out);
  const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out], { cwd: copy, env: OFFLINE, maxBuffer: 64 * 1024 * 1024 });
  const [info] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  tarball = join(out, info!.filename);
  files = info!.files.map((f) => f.path);

  consumer = join(work, 'consumer');
  mkdirSync(join(consumer, 'articles'), { recursive: true });
  mkdirSync(join(consumer, 'references'));
  writeFileSync(join(consumer, 'package.json'), '{"name": "my-articles", "version": "1.0.0", "private": true}\n');
  writeFileSync(join(consumer, 'articles', 'ketamine.md'), '# Ketamine\n\nKetamine eased chronic pain for weeks [@niesters2014ketamine]. A second study agreed [@nobody2020].\n');
  writeFileSync(
    join(consumer, 'references', 'library.bib'),
    '@article{niesters2014ketamine,\n  title = {Ketamine for chronic pain: risks and benefits},\n  author = {Niesters, Marieke and Martini, Christian and Dahan, Albert},\n  journal = {British Journal of Clinical Pharmacology},\n  year = {2014},\n  volume = {77},\n  pages = {357--367},\n  doi = {10.1111/bcp.12094}\n}\n',
  );
  await run('npm', ['install', '--save-dev', '--offline', '--no-package-lock', tarball], { cwd: consumer, env: OFFLINE, maxBuffer: 64 * 1024 * 1024 });
}, 600_000);

describe('the packed package', () => {
  it('holds the built CLI, the library with its types, the README and the dependencies, and no source maps', () => {
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/cli.js', 'dist/index.js', 'dist/index.d.ts', 'dist/parse-worker.js', 'dist/render-worker.js']));
    const own = files.filter((f) => !f.startsWith('node_modules/'));
    expect(own.filter((f) => f.endsWith('.map') || f.startsWith('src/') || f.startsWith('tests/'))).toEqual([]);
    // The dependencies travel inside (bundleDependencies), so installing needs no registry.
    expect(files).toContain('node_modules/@citation-js/core/package.json');
    // npm runs `prepare` for a git install and before packing; it is the full build, type declarations included.
    expect(pkg.scripts.prepare).toBe('npm run build');
    expect(files.every((f) => !f.includes('..'))).toBe(true);
    expect(pkg.bin.citemark).toBe('dist/cli.js');
  });

  it('installs with no network: only itself is added, its dependencies come inside it', () => {
    expect(readdirSync(join(consumer, 'node_modules')).filter((n) => !n.startsWith('.'))).toEqual(['citemark']);
    expect(readdirSync(join(consumer, 'node_modules', '.bin'))).toContain('citemark');
  });

  it('`npx citemark lint` works there on a Markdown article and a .bib file', async () => {
    const lint = await run('npx', ['--offline', 'citemark', 'lint', '--format', 'json'], { cwd: consumer, env: OFFLINE }).then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(lint.stderr).toBe('');
    expect(lint.code).toBe(1);
    const results = JSON.parse(lint.stdout) as { filePath: string; messages: { ruleId: string; message: string }[] }[];
    expect(results.map((r) => r.filePath)).toEqual(['articles/ketamine.md', 'references/library.bib']);
    expect(results[0]!.messages.map((m) => m.ruleId)).toEqual(['unknown-key']);
    expect(results[0]!.messages[0]!.message).toContain('`nobody2020`');
    expect(results[1]!.messages).toEqual([]);
    const version = await run('npx', ['--offline', 'citemark', '--version'], { cwd: consumer, env: OFFLINE });
    expect(version.stdout.trim()).toBe(pkg.version);
  }, 120_000);

  it('`npm start` builds only the CLI (no type declarations) and lints the bundled articles', () => {
    expect(started.stdout).toContain('topic-mismatch');
    expect(started.builtAfterStart).toContain('cli.js');
    expect(started.builtAfterStart.filter((f) => f.endsWith('.d.ts'))).toEqual([]);
    expect(started.stderr + started.stdout).not.toMatch(/DTS Build/);
  });
});
