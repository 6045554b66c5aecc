/**
 * The GitHub Action (`action.yml`) and the pre-commit hooks
 * (`.pre-commit-hooks.yaml`), tested as far as this machine allows: their
 * shape is checked, and the command steps run here as GitHub and pre-commit
 * would run them — the Action's shell steps with its inputs, outputs and
 * environment; each hook's entry with the files pre-commit would pass. The
 * Action's `npm ci` step and the SARIF upload (GitHub's own action) are the
 * parts that only GitHub runs.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { CLI, REPO, tempProject } from '../helpers/cli.js';

interface Step {
  id?: string;
  name?: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface ActionFile {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parseYaml(readFileSync(join(REPO, 'action.yml'), 'utf8')) as ActionFile;
const REFERENCE = 'id: doe2020\ntype: book\ntitle: Ketamine and pain\nauthor: [{family: Doe, given: Jane}]\nissued: {date-parts: [[2020]]}\n';
const UNUSED = 'id: roe2019\ntype: book\ntitle: Nerve blocks\nauthor: [{family: Roe, given: Rick}]\nissued: {date-parts: [[2019]]}\n';

describe('action.yml', () => {
  it('is a composite action with described inputs for paths, format and fail level, and outputs from real steps', () => {
    expect(action.name).toBe('citemark');
    expect(action.description.length).toBeGreaterThan(20);
    expect(action.runs.using).toBe('composite');
    for (const input of ['paths', 'format', 'fail-level', 'working-directory']) {
      expect(action.inputs[input]?.description, input).toBeTruthy();
      expect(typeof action.inputs[input]?.default, input).toBe('string');
    }
    const ids = action.runs.steps.map((s) => s.id);
    for (const step of action.runs.steps) {
      expect(step.id, step.name).toBeTruthy();
      if (step.run !== undefined) expect(step.shell, step.id).toBe('bash');
      else expect(step.uses, step.id).toMatch(/^github\/codeql-action\/upload-sarif@v\d+$/);
    }
    // Every expression names a declared input or an earlier step.
    const text = readFileSync(join(REPO, 'action.yml'), 'utf8');
    for (const [, name] of text.matchAll(/inputs\.([\w-]+)/g)) expect(Object.keys(action.inputs), name).toContain(name);
    for (const [, id] of text.matchAll(/steps\.([\w-]+)\.outputs/g)) expect(ids, id).toContain(id);
    for (const output of Object.values(action.outputs)) expect(output.value).toMatch(/^\$\{\{ steps\.lint\.outputs\.[\w-]+ \}\}$/);
    const upload = action.runs.steps.find((s) => s.uses)!;
    expect(upload.if).toContain("inputs.format == 'sarif'");
    expect(upload.with?.sarif_file).toBe('${{ steps.lint.outputs.sarif-file }}');
  });

  /** Runs the lint and verdict steps as GitHub would: expressions in `env` and `working-directory` filled in, outputs through $GITHUB_OUTPUT. */
  function runAction(project: string, inputs: Record<string, string>) {
    const values = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, inputs[k] ?? v.default ?? '']));
    const outputs: Record<string, string> = {};
    const expand = (text: string) =>
      text.replace(/\$\{\{\s*(inputs|steps)\.([\w-]+)(?:\.outputs\.([\w-]+))?\s*\}\}/g, (_m, kind: string, name: string, output: string | undefined) =>
        kind === 'inputs' ? values[name]! : (outputs[`${name}.${output}`] ?? ''),
      );
    const logs: Record<string, { code: number | null; stdout: string }> = {};
    const temp = mkdtempSync(join(tmpdir(), 'citemark-action-'));
    for (const step of action.runs.steps) {
      if (step.id === 'install' || step.uses) continue;
      const file = join(temp, `${step.id}.out`);
      writeFileSync(file, '');
      const env = { ...process.env, NO_COLOR: '1', GITHUB_ACTION_PATH: REPO, GITHUB_OUTPUT: file, RUNNER_TEMP: temp, GITHUB_RUN_ID: '1', GITHUB_JOB: 'lint' };
      for (const [k, v] of Object.entries(step.env ?? {})) (env as Record<string, string>)[k] = expand(v);
      const cwd = join(project, expand(step['working-directory'] ?? '.'));
      const result = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', step.run!], { cwd, env, encoding: 'utf8', timeout: 60_000 });
      logs[step.id!] = { code: result.status, stdout: result.stdout + result.stderr };
      for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
        const at = line.indexOf('=');
        outputs[`${step.id}.${line.slice(0, at)}`] = line.slice(at + 1);
      }
    }
    return { logs, outputs };
  }

  const project = () => tempProject({ 'articles/a.md': 'Pain fell [@doe2020] and [@nobody2020].\n', 'articles/b.md': 'Clean [@doe2020].\n', 'references/doe2020.yaml': REFERENCE });

  it('format github: annotations on the run, and the step fails on an error', () => {
    expect(existsSync(CLI)).toBe(true);
    const { logs, outputs } = runAction(project(), {});
    expect(logs.lint!.code).toBe(0);
    expect(logs.lint!.stdout).toMatch(/^::error file=articles\/a\.md,line=1,col=\d+,[^:]*::Unknown citation key `nobody2020`/m);
    expect(outputs['lint.exit-code']).toBe('1');
    expect(logs.verdict!.code).toBe(1);
  });

  it('fail-level none lets findings pass; warning fails on warnings alone', () => {
    expect(runAction(project(), { 'fail-level': 'none' }).logs.verdict!.code).toBe(0);
    const warnings = tempProject({ 'articles/a.md': 'Clean [@doe2020].\n', 'references/doe2020.yaml': REFERENCE, 'references/roe2019.yaml': UNUSED });
    expect(runAction(warnings, {}).logs.verdict!.code).toBe(0);
    const strict = runAction(warnings, { 'fail-level': 'warning' });
    expect(strict.logs.lint!.stdout).toMatch(/^::warning file=references\/roe2019\.yaml,line=1/m);
    expect(strict.outputs['lint.exit-code']).toBe('1');
    expect(strict.logs.verdict!.code).toBe(1);
  });

  it('format sarif: writes a SARIF file for the upload step and names it as an output', () => {
    const { logs, outputs } = runAction(project(), { format: 'sarif' });
    expect(logs.lint!.code).toBe(0);
    const sarif = JSON.parse(readFileSync(outputs['lint.sarif-file']!, 'utf8')) as { version: string; runs: { results: { ruleId: string }[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results.map((r) => r.ruleId)).toEqual(['unknown-key']);
    expect(logs.verdict!.code).toBe(1);
  });

  it('paths and working-directory reach the command', () => {
    const root = mkdtempSync(join(tmpdir(), 'citemark-action-repo-'));
    const inner = join(root, 'site');
    mkdirSync(join(inner, 'articles'), { recursive: true });
    mkdirSync(join(inner, 'references'));
    writeFileSync(join(inner, 'articles', 'a.md'), 'Bad [@nobody2020].\n');
    writeFileSync(join(inner, 'articles', 'b.md'), 'Clean [@doe2020].\n');
    writeFileSync(join(inner, 'references', 'doe2020.yaml'), REFERENCE);
    const one = runAction(root, { 'working-directory': 'site', paths: 'articles/b.md' });
    expect([one.outputs['lint.exit-code'], one.logs.verdict!.code]).toEqual(['0', 0]);
    const both = runAction(root, { 'working-directory': 'site', paths: 'articles/b.md\narticles/a.md' });
    expect(both.outputs['lint.exit-code']).toBe('1');
  });

  it('a bad input or a folder that is not a project fails the step, whatever the fail level', () => {
    const bad = runAction(project(), { format: 'xml' });
    expect(bad.logs.lint!.code).toBe(2);
    expect(bad.logs.lint!.stdout).toContain('::error title=citemark::format must be github or sarif');
    const empty = runAction(mkdtempSync(join(tmpdir(), 'citemark-action-empty-')), { 'fail-level': 'none' });
    expect(empty.outputs['lint.exit-code']).toBe('2');
    expect(empty.logs.lint!.stdout).toContain('is not a citemark project');
    expect(empty.logs.verdict!.code).toBe(2);
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parseYaml(readFileSync(join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as {
    id: string;
    name: string;
    entry: string;
    language: string;
    files?: string;
    types?: string[];
    pass_filenames?: boolean;
  }[];

  it('declares the hooks as pre-commit reads them (id, name, entry, language node)', () => {
    expect(hooks.map((h) => h.id)).toEqual(['citemark', 'citemark-project']);
    for (const hook of hooks) {
      expect(hook.language).toBe('node');
      expect(hook.entry).toBe('citemark lint');
      expect(hook.name).toBeTruthy();
    }
  });

  const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
  if (!preCommit) console.warn('[citemark] pre-commit not installed: skipping `pre-commit validate-manifest` on .pre-commit-hooks.yaml (pip or apt-get install pre-commit to run it).');
  it.skipIf(!preCommit)('passes `pre-commit validate-manifest`', () => {
    const result = spawnSync('pre-commit', ['validate-manifest', join(REPO, '.pre-commit-hooks.yaml')], { encoding: 'utf8' });
    expect([result.status, result.stdout + result.stderr]).toEqual([0, '']);
  });

  /** Runs a hook as pre-commit does: its entry, then (unless pass_filenames is false) the staged files its filters select. */
  function runHook(id: string, project: string, staged: string[]) {
    const hook = hooks.find((h) => h.id === id)!;
    const bin = mkdtempSync(join(tmpdir(), 'citemark-hook-bin-'));
    writeFileSync(join(bin, 'citemark'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    chmodSync(join(bin, 'citemark'), 0o755);
    const selected = staged.filter((f) => (!hook.files || new RegExp(hook.files).test(f)) && (!hook.types?.includes('markdown') || /\.(md|markdown)$/.test(f)));
    if (hook.pass_filenames !== false && selected.length === 0) return { ran: false, code: 0, output: '' };
    const [command, ...args] = hook.entry.split(' ');
    const result = spawnSync(command!, [...args, ...(hook.pass_filenames === false ? [] : selected)], {
      cwd: project,
      env: { ...process.env, NO_COLOR: '1', PATH: `${bin}:${process.env.PATH}` },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { ran: true, code: result.status, output: result.stdout + result.stderr };
  }

  it('`citemark` lints only the staged articles: it fails on a bad one and passes a clean one', () => {
    const root = tempProject({ 'articles/a.md': 'Bad [@nobody2020].\n', 'articles/b.md': 'Clean [@doe2020].\n', 'references/doe2020.yaml': REFERENCE, 'references/roe2019.yaml': UNUSED, 'README.md': '# Notes\n' });
    const bad = runHook('citemark', root, ['articles/a.md', 'README.md']);
    expect(bad.code).toBe(1);
    expect(bad.output).toContain('`nobody2020`');
    const clean = runHook('citemark', root, ['articles/b.md', 'README.md', 'references/roe2019.yaml']);
    expect([clean.ran, clean.code]).toEqual([true, 0]);
    // Only some articles are linted, so an unused reference is not reported.
    expect(clean.output).not.toContain('unused-reference');
    expect(runHook('citemark', root, ['README.md']).ran).toBe(false);
  });

  it('`citemark-project` lints the whole project when a reference changes', () => {
    const root = tempProject({ 'articles/b.md': 'Clean [@doe2020].\n', 'references/doe2020.yaml': REFERENCE, 'references/roe2019.yaml': UNUSED });
    const run = runHook('citemark-project', root, ['references/roe2019.yaml']);
    expect(run.ran).toBe(true);
    expect(run.code).toBe(0);
    expect(run.output).toMatch(/references\/roe2019\.yaml\n\s+1:1\s+warning\s+`roe2019` is not cited by any article/);
  });
});
