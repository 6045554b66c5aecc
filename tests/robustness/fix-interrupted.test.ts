/**
 * `--fix` interrupted: a rename that fails, and a process killed between two
 * renames. Every article must end up either as it was or fully fixed, never
 * half-written, and the next run must not trip over what was left behind.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commitFiles, nodeAtomicFs, type AtomicFs } from '../../src/util/atomic.js';
import { makeProject, parseJsonReport, removeProjects, runCli, STACK_TRACE, yamlItem } from './helpers.js';

/** Loaded with `--import` into the CLI: makes the Nth rename of a temporary file fail (EIO) or kill the process. */
const PRELOAD = join(tmpdir(), `citemark-robust-rename-${process.pid}.mjs`);
writeFileSync(
  PRELOAD,
  `import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const original = fs.promises.rename;
let renames = 0;
fs.promises.rename = async function (from, to) {
  if (String(from).endsWith('.tmp') && ++renames === Number(process.env.CITEMARK_TEST_FAIL_AT)) {
    if (process.env.CITEMARK_TEST_FAIL_MODE === 'kill') process.kill(process.pid, 'SIGKILL');
    throw Object.assign(new Error(\`EIO: i/o error, rename '\${from}' -> '\${to}'\`), { code: 'EIO', syscall: 'rename' });
  }
  return original.call(this, from, to);
};
syncBuiltinESMExports();
`,
);

afterAll(() => {
  removeProjects();
  rmSync(PRELOAD, { force: true });
});

const ARTICLES = {
  'articles/a.md': 'First [@GOOD2020] claim.\n',
  'articles/b.md': 'Second [@Good2020] claim.\n',
  'articles/c.md': 'Third [@gOOD2020] claim.\n',
};
const FIXED = 'First [@good2020] claim.\n';

function fixProject(): string {
  return makeProject({ 'references/good.yaml': yamlItem('good2020'), ...ARTICLES });
}

const read = (root: string, file: string) => readFileSync(join(root, file), 'utf8');
const leftovers = (root: string) => readdirSync(join(root, 'articles')).filter((f) => !f.endsWith('.md'));

describe('commitFiles (library) when a rename fails', () => {
  it('puts every target back and leaves no temporary or backup file', async () => {
    const root = fixProject();
    let renames = 0;
    const failing: AtomicFs = {
      ...nodeAtomicFs,
      rename: async (from, to) => {
        if (from.endsWith('.tmp') && ++renames === 2) throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
        return nodeAtomicFs.rename(from, to);
      },
    };
    const changes = Object.keys(ARTICLES).map((f) => ({ path: join(root, f), content: 'REPLACED\n' }));
    await expect(commitFiles(changes, failing)).rejects.toThrow(/EIO/);
    for (const [file, text] of Object.entries(ARTICLES)) expect(read(root, file)).toBe(text);
    expect(leftovers(root)).toEqual([]);
  });
});

describe('citemark lint --fix interrupted', () => {
  it('sanity: an uninterrupted --fix rewrites the three keys', async () => {
    const root = fixProject();
    const result = await runCli(['lint', '--cwd', root, '--fix', '--format', 'json'], { timeoutMs: 120_000 });
    expect(result.code).toBe(0);
    expect(read(root, 'articles/a.md')).toBe(FIXED);
    expect(read(root, 'articles/c.md')).toBe('Third [@good2020] claim.\n');
  });

  it('a failed rename: no article changes and no temporary file is left', async () => {
    const root = fixProject();
    const result = await runCli(['lint', '--cwd', root, '--fix', '--format', 'json'], {
      timeoutMs: 120_000,
      nodeArgs: ['--import', PRELOAD],
      env: { CITEMARK_TEST_FAIL_AT: '2', CITEMARK_TEST_FAIL_MODE: 'throw' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/EIO/);
    for (const [file, text] of Object.entries(ARTICLES)) expect(read(root, file)).toBe(text);
    expect(leftovers(root)).toEqual([]);
  });

  // Was a bug: a write failure during `--fix` was an "internal error" with its whole stack; `run.ts` now prints one line.
  it('a failed rename is reported in one line, without a stack trace', async () => {
    const root = fixProject();
    const result = await runCli(['lint', '--cwd', root, '--fix'], {
      timeoutMs: 120_000,
      nodeArgs: ['--import', PRELOAD],
      env: { CITEMARK_TEST_FAIL_AT: '2', CITEMARK_TEST_FAIL_MODE: 'throw' },
    });
    expect(result.stderr).not.toMatch(STACK_TRACE);
  });

  it('killed between two renames: each article is whole (old or fixed), and the next runs finish the job', async () => {
    const root = fixProject();
    const killed = await runCli(['lint', '--cwd', root, '--fix', '--format', 'json'], {
      timeoutMs: 120_000,
      nodeArgs: ['--import', PRELOAD],
      env: { CITEMARK_TEST_FAIL_AT: '2', CITEMARK_TEST_FAIL_MODE: 'kill' },
    });
    expect(killed.signal).toBe('SIGKILL');
    const states = Object.entries(ARTICLES).map(([file, text]) => {
      const now = read(root, file);
      expect([file, now === text || now === text.replace(/\[@\w+\]/, '[@good2020]')]).toEqual([file, true]);
      return now === text ? 'old' : 'fixed';
    });
    // The kill came after the first rename and before the second: a partly applied commit, each file whole.
    expect(states).toEqual(['fixed', 'old', 'old']);

    // What the killed run left (temporaries, hard-link backups) is not taken for an article or a reference.
    const relint = await runCli(['lint', '--cwd', root, '--format', 'json'], { timeoutMs: 120_000 });
    expect(relint.stderr).not.toMatch(STACK_TRACE);
    const files = [...parseJsonReport(relint).keys()];
    expect(files.every((f) => f.endsWith('.md') || f.endsWith('.yaml'))).toBe(true);
    expect(files.filter((f) => f.startsWith('articles/'))).toEqual(['articles/a.md', 'articles/b.md', 'articles/c.md']);

    const again = await runCli(['lint', '--cwd', root, '--fix', '--format', 'json'], { timeoutMs: 120_000 });
    expect(again.code).toBe(0);
    for (const file of Object.keys(ARTICLES)) expect(read(root, file)).not.toMatch(/GOOD|Good|gOOD/);
  });
});
