/**
 * `CITEMARK_CITEPROC_PATCHES` switches citemark's citeproc patches off or
 * in part; the built `citemark render` writes the same files whichever it
 * is, in every built-in style, and says nothing about it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { generateProject } from '../bench/generate.mjs';

const STYLES = ['apa', 'vancouver', 'ama', 'harvard', 'chicago'];
const root = mkdtempSync(join(tmpdir(), 'citemark-patches-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function render(out: string, setting: string | undefined): Promise<{ code: number; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.CITEMARK_CITEPROC_PATCHES;
  if (setting !== undefined) env.CITEMARK_CITEPROC_PATCHES = setting;
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, 'render', '--cwd', join(root, 'project'), '--out', out, '--threads', '1'], { env, timeout: 300_000 }, (error, _stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 99) : 0, stderr });
    });
  });
}

function files(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

test('rendered files are the same with every patch, with none, and with the most involved ones off', async () => {
  const project = join(root, 'project');
  (generateProject as (dir: string, o: object) => unknown)(project, { articles: 15, items: 300, seed: 5 });
  // Each article names its style in its front matter, so one run renders all five.
  readdirSync(join(project, 'articles'))
    .sort()
    .forEach((name, i) => {
      const path = join(project, 'articles', name);
      writeFileSync(path, readFileSync(path, 'utf8').replace(/^---\n/, `---\ncsl: ${STYLES[i % STYLES.length]}\n`));
    });

  const runs: [string, string | undefined][] = [
    ['on', undefined],
    ['off', 'off'],
    ['part', '-sort-keys,-lone-items'],
  ];
  const outputs: Record<string, string>[] = [];
  for (const [label, setting] of runs) {
    const out = join(root, label);
    const { code, stderr } = await render(out, setting);
    expect({ label, code, stderr }).toEqual({ label, code: 0, stderr: '' });
    outputs.push(files(out));
  }
  expect(Object.keys(outputs[0] ?? {})).toHaveLength(15);
  expect(outputs[1]).toEqual(outputs[0]);
  expect(outputs[2]).toEqual(outputs[0]);
  // The front matter chose the style: numbered (AMA's superscripts) and author-date cites are both there.
  const texts = Object.values(outputs[0] ?? {});
  expect(texts.filter((text) => /<sup>\d/.test(text)).length).toBeGreaterThan(0);
  expect(texts.filter((text) => /\([A-Z][^()]*, \d{4}[a-z]?\)/.test(text)).length).toBeGreaterThan(0);
}, 600_000);
