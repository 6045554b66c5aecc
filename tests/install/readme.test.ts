/**
 * The README a new user follows: it opens with the two set-up commands, its
 * commands for users' repositories are written `npx citemark …`, every option
 * it names exists, and its CI examples are valid YAML that runs what it says.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { COMMANDS, COMMON_OPTIONS } from '../../src/cli/run.js';
import { REPO } from '../helpers/cli.js';

const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
const blocks = (lang: string) => [...readme.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);

describe('README', () => {
  it('opens with exactly the two set-up commands', () => {
    const [first] = blocks('sh');
    expect(readme.startsWith('# citemark\n\n```sh\n')).toBe(true);
    expect(first!.split('\n').filter(Boolean).map((l) => l.replace(/\s+#.*$/, ''))).toEqual(['npm ci && npm start', 'npm ci && npm test']);
  });

  it('writes every citemark command for users as `npx citemark …`', () => {
    const bare = [...readme.matchAll(/(?<!npx )\bcitemark (lint|render|add|dedupe|import|report|merge-reports)\b/g)].map((m) => readme.slice(Math.max(0, m.index - 30), m.index + m[0].length));
    expect(bare).toEqual([]);
    for (const name of Object.keys(COMMANDS)) expect(readme, name).toContain(`npx citemark ${name}`);
  });

  it('names only options that exist', () => {
    const known = new Set(Object.values(COMMANDS).flatMap((c) => Object.keys(c.options)).concat(Object.keys(COMMON_OPTIONS)));
    const named = [...readme.matchAll(/`--([a-z][a-z-]*)/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((n) => !known.has(n))).toEqual([]);
  });

  it('the CI examples are valid YAML; the matrix lints every shard and merges them', () => {
    const yamls = blocks('yaml').map((text) => parseYaml(text) as Record<string, unknown>);
    const matrix = yamls.find((y) => JSON.stringify(y).includes('merge-reports')) as { jobs: Record<string, { strategy?: { matrix: { shard: number[] } }; steps: { run?: string; uses?: string }[] }> };
    const shards = matrix.jobs.shard!.strategy!.matrix.shard;
    const lint = matrix.jobs.shard!.steps.find((s) => s.run?.includes('--shard'))!.run!;
    expect(lint).toContain(`--shard \${{ matrix.shard }}/${shards.length}`);
    expect(shards).toEqual(Array.from({ length: shards.length }, (_, i) => i + 1));
    expect(matrix.jobs.merge!.steps.some((s) => s.run?.includes('npx citemark merge-reports shards/*.json'))).toBe(true);
    const action = yamls.find((y) => JSON.stringify(y).includes('citemark@v1')) as { jobs: { citemark: { steps: { uses?: string; with?: Record<string, string> }[] } } };
    const step = action.jobs.citemark.steps.find((s) => s.uses?.includes('citemark@'))!;
    const inputs = Object.keys((parseYaml(readFileSync(join(REPO, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> }).inputs);
    for (const input of Object.keys(step.with ?? {})) expect(inputs).toContain(input);
  });
});
