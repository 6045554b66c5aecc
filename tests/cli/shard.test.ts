/**
 * `lint --shard i/n` and `merge-reports`: for a CI matrix, the shards'
 * merged results must be exactly what one unsharded run prints. Each
 * article is linted by one shard only; bibliography findings are in every
 * shard and kept once; `unused-reference`, which needs every article, is
 * kept only when every shard reports it — never double-reported, never lost.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { shardOf } from '../../src/lint/project.js';
import type { JsonResult } from '../helpers/cli.js';
import { generateProject } from '../bench/generate.mjs';
import { cli } from './helpers.js';

const ARTICLES = 9;
let root: string;
let whole: JsonResult[];
let wholeSarif: string;
const out = mkdtempSync(join(tmpdir(), 'citemark-shards-'));

const messages = (results: JsonResult[], ruleId: string) => results.flatMap((r) => r.messages.filter((m) => m.ruleId === ruleId).map((m) => `${r.filePath}:${m.line}`));
const articlesOf = (results: JsonResult[]) => results.map((r) => r.filePath).filter((f) => f.startsWith('articles/'));

async function shards(count: number, format: 'json' | 'sarif'): Promise<string[]> {
  const files: string[] = [];
  for (let index = 1; index <= count; index++) {
    const run = await cli(['lint', '--shard', `${index}/${count}`, '--format', format, '--threads', '1'], root);
    expect([index, run.stderr]).toEqual([index, '']);
    expect(run.code === 0 || run.code === 1).toBe(true);
    const file = join(out, `shard-${count}-${index}.${format}`);
    writeFileSync(file, run.stdout);
    files.push(file);
  }
  return files;
}

beforeAll(async () => {
  root = join(mkdtempSync(join(tmpdir(), 'citemark-shard-project-')), 'p');
  generateProject(root, { articles: ARTICLES, items: 160, seed: 11 });
  const run = await cli(['lint', '--format', 'json', '--threads', '1'], root);
  whole = JSON.parse(run.stdout) as JsonResult[];
  wholeSarif = (await cli(['lint', '--format', 'sarif', '--threads', '1'], root)).stdout;
}, 120_000);

describe('lint --shard', () => {
  it('splits the sorted article list into contiguous slices that cover it once', () => {
    const list = Array.from({ length: 10 }, (_, i) => `a${String(i).padStart(2, '0')}`);
    for (const count of [1, 3, 4, 10, 13]) {
      const slices = Array.from({ length: count }, (_, i) => shardOf(list, { index: i + 1, count }));
      expect(slices.flat()).toEqual(list);
      const sizes = slices.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });

  it('the fixture has what sharding could get wrong: unused items, duplicates, article findings', () => {
    expect(messages(whole, 'unused-reference').length).toBeGreaterThan(10);
    expect(messages(whole, 'duplicate-reference').length).toBeGreaterThan(0);
    expect(whole.filter((r) => r.filePath.startsWith('articles/') && r.messages.length > 0).length).toBeGreaterThan(3);
  });

  it('each shard lints its own articles and reports, for the merge, the items its articles do not cite', async () => {
    const files = await shards(3, 'json');
    const results = files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as JsonResult[]);
    expect(results.flatMap(articlesOf).sort()).toEqual(articlesOf(whole).sort());
    for (const shard of results) {
      // Every shard alone claims more unused items than there are: only their intersection is the truth.
      expect(messages(shard, 'unused-reference').length).toBeGreaterThan(messages(whole, 'unused-reference').length);
      expect(messages(shard, 'duplicate-reference')).toEqual(messages(whole, 'duplicate-reference'));
    }
  }, 120_000);
});

describe('merge-reports', () => {
  it.each([1, 2, 3, 5, ARTICLES + 2])('the merged JSON of %i shards is the unsharded JSON, byte for byte', async (count) => {
    const files = await shards(count, 'json');
    const merged = await cli(['merge-reports', ...files, '--format', 'json'], root);
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(1);
    expect(JSON.parse(merged.stdout)).toEqual(whole);
  }, 120_000);

  it('merged SARIF shards give the unsharded SARIF, fingerprints and all', async () => {
    const files = await shards(4, 'sarif');
    const merged = await cli(['merge-reports', ...files, '--format', 'sarif'], root);
    expect(merged.stderr).toBe('');
    expect(JSON.parse(merged.stdout)).toEqual(JSON.parse(wholeSarif));
  }, 120_000);

  it('a missing shard, or one passed twice, exits 2: findings would be lost or doubled', async () => {
    const files = await shards(3, 'json');
    const missing = await cli(['merge-reports', files[0]!, files[2]!], root);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/articles? (is|are) in no shard's results \(`articles\/[^`]+`.*\); a shard's output is missing/);
    const twice = await cli(['merge-reports', ...files, files[1]!], root);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/`articles\/[^`]+` is in both `[^`]+shard-3-2\.json` and `[^`]+shard-3-2\.json`; pass each shard's output once/);
  }, 120_000);

  it('input that is not a shard result is a usage error naming the file', async () => {
    const bad = join(out, 'bad.json');
    writeFileSync(bad, '{"hello": 1}');
    const run = await cli(['merge-reports', bad], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.json` is neither ESLint-style JSON \(an array\) nor SARIF/);
    const none = await cli(['merge-reports'], root);
    expect(none.stderr).toMatch(/name the shard results to merge/);
  });
});
