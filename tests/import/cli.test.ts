/**
 * `citemark import` through the command dispatcher (`run` from
 * src/cli/run.ts) with an in-memory io, so the test needs no build and covers
 * the registration, argument parsing and exit codes. The built bin runs the
 * same `run`; tests/cli.test.ts covers the bin itself.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { emptyProject, snapshot } from '../helpers/fs.js';
import { run } from '../../src/cli/run.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/import/articles/', import.meta.url));
const SEED_A = join(FIXTURES, 'seed-a.txt');
const SEED_B = join(FIXTURES, 'seed-b.txt');


async function citemark(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    cwd,
    env: {},
  });
  return { code, stdout, stderr };
}

describe('citemark import', () => {
  it('imports both seeds, reports what it did and exits 0', async () => {
    const root = emptyProject('citemark-import-cli-');
    const r = await citemark(['import', SEED_A, SEED_B], root);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('→ articles/how-long-does-ketamine-pain-relief-last.md');
    expect(r.stdout).toContain('Reference 7 repeats reference 6 (`sdrulla2018spinal`); kept as its own item `sdrulla2018spinala`');
    expect(r.stdout).toContain('`issued` printed 2014, recorded 2013');
    expect(r.stdout).toContain('Wrote 2 articles and 26 reference files.');
    expect(existsSync(join(root, 'references/niesters2014ketamine.yaml'))).toBe(true);
    expect(existsSync(join(root, 'references/niesters2013ketamine.yaml'))).toBe(true);
  });

  it('importing the same file again reports the article already there and writes nothing', async () => {
    const root = emptyProject('citemark-import-cli-');
    expect((await citemark(['import', SEED_A], root)).code).toBe(0);
    const before = snapshot(root);
    const again = await citemark(['import', SEED_A], root);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('was imported before as articles/how-long-does-ketamine-pain-relief-last.md');
    expect(again.stdout).toContain('Wrote 0 articles and 0 reference files.');
    expect(snapshot(root)).toEqual(before);
  });

  it('--dry-run --format json prints the would-be files and writes nothing', async () => {
    const root = emptyProject('citemark-import-cli-');
    const before = snapshot(root);
    const r = await citemark(['import', '--dry-run', '--format', 'json', SEED_A], root);
    expect(r.code).toBe(0);
    expect(snapshot(root)).toEqual(before);
    const out = JSON.parse(r.stdout) as {
      dryRun: boolean;
      articles: { path: string; content: string; report: { imported: string[] } }[];
      references: { id: string; path: string; content: string }[];
      written: string[];
    };
    expect(out.dryRun).toBe(true);
    expect(out.written).toEqual([]);
    expect(out.articles[0]?.content).toContain('[@sdrulla2018spinala]');
    expect(out.references.map((x) => x.id)).toEqual(out.articles[0]?.report.imported);
    expect(out.references.find((x) => x.id === 'sdrulla2018spinal')?.content).toMatch(/^id: sdrulla2018spinal\ntype: article-journal\n/);
  });

  it('--dry-run in text prints every would-be file', async () => {
    const root = emptyProject('citemark-import-cli-');
    const r = await citemark(['import', '-n', SEED_A], root);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('──── would write articles/how-long-does-ketamine-pain-relief-last.md ────\n---\ntitle: How Long Does Ketamine Pain Relief Last?');
    expect(r.stdout).toContain('──── would write references/moreau2024virtual.yaml ────\nid: moreau2024virtual');
    expect(r.stdout).toContain('Dry run: would write 1 article and 13 reference files; nothing was written.');
    expect(readdirSync(join(root, 'references'))).toEqual([]);
  });

  it('exits 1 when an entry could not be read (the files are still written)', async () => {
    const root = emptyProject('citemark-import-cli-');
    const r = await citemark(['import', join(FIXTURES, 'bare-chicago.md')], root);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Reference 6 could not be read');
    expect(readdirSync(join(root, 'articles'))).toHaveLength(1);
  });

  it('resolves files against --cwd and writes into --out', async () => {
    const root = emptyProject('citemark-import-cli-');
    writeFileSync(join(root, 'draft.txt'), readFileSync(SEED_A));
    const r = await citemark(['import', '--cwd', root, '--out', 'drafts', 'draft.txt'], tmpdir());
    expect(r.code).toBe(0);
    expect(existsSync(join(root, 'drafts/how-long-does-ketamine-pain-relief-last.md'))).toBe(true);
  });

  it.each([
    [['import'], /Name at least one article/],
    [['import', 'missing.txt'], /`missing\.txt`: no such file/],
    [['import', 'notes.pdf'], /`\.pdf` is not an article format/],
    [['import', '--format', 'xml', 'a.txt'], /`--format xml` is not a report format/],
    [['import', '--frobnicate', 'a.txt'], /Usage: citemark import/],
  ])('exits 2 on a usage error: %j', async (args, message) => {
    const root = emptyProject('citemark-import-cli-');
    writeFileSync(join(root, 'notes.pdf'), 'x');
    const before = snapshot(root);
    const r = await citemark(args, root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(snapshot(root)).toEqual(before);
  });

  it('exits 2 and writes nothing when the article names are taken', async () => {
    const root = emptyProject('citemark-import-cli-');
    writeFileSync(join(root, 'articles/how-long-does-ketamine-pain-relief-last.md'), 'mine\n');
    writeFileSync(join(root, 'articles/seed-a.md'), 'mine too\n');
    const before = snapshot(root);
    const r = await citemark(['import', SEED_A], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('would overwrite');
    expect(r.stderr).toContain('`--out DIR`');
    expect(snapshot(root)).toEqual(before);
  });

  it('is listed in `citemark --help`', async () => {
    const r = await citemark(['--help'], tmpdir());
    expect(r.stdout).toMatch(/import\s+Turn articles with numbered references/);
  });
});
