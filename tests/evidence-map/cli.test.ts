/**
 * `citemark report` through the CLI dispatcher (src/cli/run.ts) with an
 * in-memory io: no build needed, and the real argument parsing and exit codes.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { chooseFormat } from '../../src/cli/report.js';
import { evidenceMapSchema } from '../../src/evidence-map/index.js';
import { FIXTURE } from './fixture.js';

async function report(args: string[], cwd = FIXTURE): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    cwd,
    env: {},
  };
  const code = await run(['report', ...args], io);
  return { code, stdout, stderr };
}

describe('citemark report', () => {
  it('prints the map as JSON to stdout by default, and exits 0 even though lint found errors', async () => {
    const { code, stdout, stderr } = await report([]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const map = evidenceMapSchema.parse(JSON.parse(stdout));
    expect(map.summary.errors).toBe(2);
    expect(stdout.endsWith('}\n')).toBe(true);
  });

  it('writes HTML when --out ends in .html, JSON for any other name, and names the file it wrote', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'citemark-report-'));
    const html = await report(['--cwd', FIXTURE, '--out', 'out/map.html'], dir);
    expect(html).toMatchObject({ code: 0, stdout: 'wrote out/map.html\n' });
    expect(readFileSync(join(dir, 'out/map.html'), 'utf8')).toMatch(/^<!doctype html>/u);
    const json = await report(['--cwd', FIXTURE, '--out', 'map.json'], dir);
    expect(json.code).toBe(0);
    expect(() => evidenceMapSchema.parse(JSON.parse(readFileSync(join(dir, 'map.json'), 'utf8')))).not.toThrow();
    // Atomic writes leave no temporaries behind.
    expect(readdirSync(dir).sort()).toEqual(['map.json', 'out']);
  });

  it('honours --format over the file name, and limits the map to the articles named', async () => {
    const { code, stdout } = await report(['--format', 'html', 'articles/ketamine-depression.md']);
    expect(code).toBe(0);
    expect(stdout).toContain('<h2 id="article-0-title">Ketamine and mood</h2>');
    expect(stdout).not.toContain('Ketamine for CRPS');
  });

  it('refuses an unknown format with a usage error (exit 2)', async () => {
    const { code, stderr, stdout } = await report(['--format', 'xml']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('`--format xml` is not one of `html`, `json`.');
  });

  it('chooses the format from --format, else from the --out extension', () => {
    expect(chooseFormat(undefined, undefined)).toBe('json');
    expect(chooseFormat(undefined, 'map.HTML')).toBe('html');
    expect(chooseFormat(undefined, 'map.htm')).toBe('html');
    expect(chooseFormat(undefined, 'map.html.json')).toBe('json');
    expect(chooseFormat('json', 'map.html')).toBe('json');
  });
});
