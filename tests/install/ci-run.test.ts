/**
 * `.ci/run` fails when pandoc or Chromium cannot be installed, so CI cannot
 * pass with the comparisons against them skipped; CITEMARK_SKIP_SYSTEM_TOOLS=1
 * (documented in the script and the README) runs without them locally. Run
 * against a copy of the script with a PATH of stand-ins: apt-get that fails
 * or does nothing, npm that only records that it was called.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';

function which(command: string): string {
  return spawnSync('bash', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout.trim();
}

interface Setup {
  uid?: number;
  /** What the stand-in apt-get does: fail, succeed without installing, or install the stand-in tools. */
  aptGet?: 'fails' | 'does-nothing' | 'installs';
  /** pandoc and chromium already there. */
  tools?: boolean;
  env?: Record<string, string>;
}

function ciRun(setup: Setup) {
  const repo = mkdtempSync(join(tmpdir(), 'citemark-ci-'));
  mkdirSync(join(repo, '.ci'));
  copyFileSync(join(REPO, '.ci', 'run'), join(repo, '.ci', 'run'));
  const bin = join(repo, 'bin');
  mkdirSync(bin);
  for (const tool of ['bash', 'dirname', 'timeout', 'head', 'cat', 'chmod']) symlinkSync(which(tool), join(bin, tool));
  const script = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!${which('bash')}\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  const tool = (name: string) => script(name, `echo "${name} 9.9"`);
  script('id', `echo ${setup.uid ?? 0}`);
  script('npm', `echo "npm $*" >> "${join(repo, 'npm.log')}"`);
  if (setup.tools) {
    tool('pandoc');
    tool('chromium');
  }
  if (setup.aptGet === 'fails') script('apt-get', 'echo "E: Unable to locate package" >&2; exit 100');
  if (setup.aptGet === 'does-nothing') script('apt-get', 'exit 0');
  if (setup.aptGet === 'installs') {
    script('apt-get', `if [ "$1" = install ]; then for t in pandoc chromium; do printf '#!${which('bash')}\\necho "%s 9.9"\\n' "$t" > "${bin}/$t"; chmod +x "${bin}/$t"; done; fi`);
  }
  const result = spawnSync(join(bin, 'bash'), [join(repo, '.ci', 'run')], { env: { PATH: bin, ...setup.env }, encoding: 'utf8', timeout: 30_000 });
  const npm = existsSync(join(repo, 'npm.log')) ? readFileSync(join(repo, 'npm.log'), 'utf8') : '';
  return { code: result.status, output: result.stdout + result.stderr, npm };
}

describe('.ci/run', () => {
  it('fails, and runs no test, when pandoc and Chromium cannot be installed', () => {
    const run = ciRun({ aptGet: 'fails' });
    expect(run.code).toBe(1);
    expect(run.output).toContain('ci: error: could not install pandoc chromium');
    expect(run.output).toContain('CITEMARK_SKIP_SYSTEM_TOOLS=1');
    expect(run.npm).toBe('');
  });

  it('fails when the install reports success but the tools are still missing', () => {
    const run = ciRun({ aptGet: 'does-nothing' });
    expect(run.code).toBe(1);
    expect(run.output).toContain('ci: error: pandoc chromium still not found after installing');
    expect(run.npm).toBe('');
  });

  it('fails without root or apt-get to install them', () => {
    const run = ciRun({ uid: 1000 });
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/ci: error: pandoc chromium not installed, and apt-get is unavailable/);
  });

  it('installs them when it can, then runs `npm ci && npm test` with CHROMIUM_PATH set', () => {
    const run = ciRun({ aptGet: 'installs' });
    expect(run.code).toBe(0);
    expect(run.output).toMatch(/ci: pandoc 9\.9; chromium at \S+\/bin\/chromium/);
    expect(run.npm).toBe('npm ci\nnpm test\n');
  });

  it('runs the tests straight away when the tools are there', () => {
    const run = ciRun({ tools: true });
    expect(run.code).toBe(0);
    expect(run.npm).toBe('npm ci\nnpm test\n');
  });

  it('CITEMARK_SKIP_SYSTEM_TOOLS=1 runs the tests without them, saying so', () => {
    const run = ciRun({ uid: 1000, env: { CITEMARK_SKIP_SYSTEM_TOOLS: '1' } });
    expect(run.code).toBe(0);
    expect(run.output).toContain('ci: notice: pandoc chromium not installed; CITEMARK_SKIP_SYSTEM_TOOLS=1');
    expect(run.npm).toBe('npm ci\nnpm test\n');
  });
});
