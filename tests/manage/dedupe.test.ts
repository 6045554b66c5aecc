import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chooseKept, completeness, expandPageRange, mergeGroup } from '../../src/bibliography/merge.js';
import type { CslItem } from '../../src/bibliography/schema.js';
import { lintProject } from '../../src/lint/project.js';
import { fixDuplicates, listDuplicates } from '../../src/manage/dedupe.js';
import { nodeAtomicFs, type AtomicFs } from '../../src/util/atomic.js';
import { cli, copyProject, FIXTURES, snapshot } from './helpers.js';

const item = (id: string, extra: Partial<CslItem> = {}): CslItem => ({
  id,
  type: 'article-journal',
  title: 'Ketamine for chronic pain: risks and benefits',
  author: [{ family: 'Niesters', given: 'M.' }],
  issued: { 'date-parts': [[2014]] },
  ...extra,
});
const entry = (i: CslItem) => ({ item: i });

describe('chooseKept and mergeGroup', () => {
  it('keeps the most complete record, ties to the first', () => {
    const a = entry(item('a'));
    const b = entry(item('b', { volume: '77', DOI: '10.1111/bcp.12094' }));
    expect(chooseKept([a, b])).toBe(b);
    expect(chooseKept([a, entry(item('c'))])).toBe(a);
    expect(completeness(b.item)).toBeGreaterThan(completeness(a.item));
  });

  it('keeps the record with the identifier, fills its gaps from the other, notes the value that lost', () => {
    const plain = entry(item('plain', { volume: '77', issue: '2', page: '357–67', 'container-title': 'Br J Clin Pharmacol', PMCID: 'PMC4014022', author: [{ family: 'Niesters', given: 'Marieke' }] }));
    const withDoi = entry(item('doi', { issued: { 'date-parts': [[2013]] }, DOI: '10.1111/bcp.12094', page: '357-367' }));
    const merged = mergeGroup([plain, withDoi]);
    // The more complete record lacks the DOI: the one with the identifier survives.
    expect(merged.kept).toBe(withDoi);
    expect(merged.item.id).toBe('doi');
    expect(merged.item.DOI).toBe('10.1111/bcp.12094');
    expect(merged.item.volume).toBe('77');
    // 357–67 and 357-367 are one range: no conflict, the full form is kept.
    expect(merged.item.page).toBe('357-367');
    expect(merged.item.issued).toEqual({ 'date-parts': [[2013]] });
    expect(merged.conflicts).toEqual([{ field: 'issued', kept: { id: 'doi', value: '2013' }, dropped: { id: 'plain', value: '2014' } }]);
    expect(merged.item.note).toContain('`issued` was 2014 in `plain`');
    expect(merged.item.author).toEqual([{ family: 'Niesters', given: 'Marieke' }]);
  });

  it('without identifiers the kept value stays; topics are united', () => {
    const a = entry(item('a', { topics: ['ketamine'], evidence: 'narrative-review' }));
    const b = entry(item('b', { topics: ['side-effects'], evidence: 'systematic-review' }));
    const merged = mergeGroup([a, b]);
    expect(merged.item.evidence).toBe('narrative-review');
    expect(merged.item.topics).toEqual(['ketamine', 'side-effects']);
    expect(merged.item.note).toContain('`evidence` was systematic-review in `b`');
  });

  it('expands abbreviated page ranges', () => {
    expect(expandPageRange('1048–67')).toBe('1048-1067');
    expect(expandPageRange('e34253')).toBe('e34253');
    expect(expandPageRange('241-254')).toBe('241-254');
  });
});

describe('dedupe on a copy of tests/fixtures/seeds-raw', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ root, cleanup } = await copyProject('seeds-raw'));
  });
  afterEach(async () => {
    await cleanup();
  });

  it('lists the Sdrulla and Niesters groups with their disagreements', async () => {
    const { groups } = await listDuplicates(root);
    expect(groups.map((g) => g.members.map((m) => m.id))).toEqual([
      ['niesters2013ketamine', 'niesters2014ketamine'],
      ['sdrulla2018spinal', 'sdrulla2018spinala'],
    ]);
    expect(groups[0]!.members[1]!.differences.map((d) => d.field)).toEqual(['issued', 'page']);
    const out = await cli(['dedupe', '--cwd', root], root);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('`issued: 2013 vs 2014`');
  });

  it('--fix merges both pairs, moves article A’s citations, and leaves lint clean of duplicates', async () => {
    const fixtureBefore = await snapshot(join(FIXTURES, 'seeds-raw'));
    const articleBefore = await readFile(join(root, 'articles/article-a.md'), 'utf8');
    const out = await cli(['dedupe', '--fix', '--cwd', root], root);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('Merged `sdrulla2018spinala` into `sdrulla2018spinal`');
    expect(out.stdout).toContain('Merged `niesters2014ketamine` into `niesters2013ketamine`');
    expect(existsSync(join(root, 'references/sdrulla2018spinala.yaml'))).toBe(false);
    expect(existsSync(join(root, 'references/niesters2014ketamine.yaml'))).toBe(false);
    const niesters = await readFile(join(root, 'references/niesters2013ketamine.yaml'), 'utf8');
    expect(niesters).toContain('page: 357–367');
    expect(niesters).toContain('`issued` was 2014 in `niesters2014ketamine`');
    const sdrulla = await readFile(join(root, 'references/sdrulla2018spinal.yaml'), 'utf8');
    expect(sdrulla).toContain('`custom.printed_in` was Article A [7] in `sdrulla2018spinala`');

    const articleAfter = await readFile(join(root, 'articles/article-a.md'), 'utf8');
    expect(articleAfter).not.toMatch(/@sdrulla2018spinala\b|@niesters2014ketamine\b/);
    // Only the key changed: the article is the old text with one key rewritten.
    expect(articleAfter).toBe(articleBefore.replace('@sdrulla2018spinala', '@sdrulla2018spinal'));

    const linted = await lintProject({ root });
    const duplicates = linted.results.flatMap((r) => r.findings).filter((f) => f.ruleId === 'duplicate-reference' || f.ruleId === 'duplicate-citation');
    expect(duplicates).toEqual([]);
    expect(linted.results.flatMap((r) => r.findings).filter((f) => f.ruleId === 'unknown-key')).toEqual([]);
    // The fixture itself is untouched.
    expect(await snapshot(join(FIXTURES, 'seeds-raw'))).toEqual(fixtureBefore);

    const again = await cli(['dedupe', '--fix', '--cwd', root], root);
    expect(again.stdout).toBe('No duplicate references.\n');
  });

  it('is all or nothing when a write fails half-way', async () => {
    const before = await snapshot(root);
    for (const failAt of [1, 2, 3]) {
      let renames = 0;
      const failing: AtomicFs = {
        ...nodeAtomicFs,
        async rename(from, to) {
          // Restoring backups must still work, so only renames of temporaries fail.
          if (from.endsWith('.tmp') && ++renames === failAt) throw Object.assign(new Error('injected write failure'), { code: 'EIO' });
          await nodeAtomicFs.rename(from, to);
        },
      };
      await expect(fixDuplicates(root, { fs: failing })).rejects.toThrow('injected write failure');
      expect(await snapshot(root)).toEqual(before);
    }
    const failingUnlink: AtomicFs = {
      ...nodeAtomicFs,
      // Deleting a removed member fails; cleaning up temporaries and backups still works.
      unlink: async (path) => (/\.(tmp|bak)$/.test(path) ? nodeAtomicFs.unlink(path) : Promise.reject(new Error('injected unlink failure'))),
    };
    await expect(fixDuplicates(root, { fs: failingUnlink })).rejects.toThrow('injected unlink failure');
    expect(await snapshot(root)).toEqual(before);
  });

  it('--interactive style confirmation: a declined group is left alone', async () => {
    const result = await fixDuplicates(root, { decide: (proposal) => Promise.resolve(proposal.report.kept === 'sdrulla2018spinal' ? proposal.decision : 'skip') });
    expect(result.merged.map((m) => m.kept)).toEqual(['sdrulla2018spinal']);
    expect(existsSync(join(root, 'references/niesters2014ketamine.yaml'))).toBe(true);
  });

  it('merges a member that shares its file with other items, cutting its record from that file only', async () => {
    const list = `- id: shared1\n  type: book\n  title: Unrelated book\n  author:\n    - family: Other\n  issued:\n    date-parts: [[2001]]\n- ${(await readFile(join(root, 'references/sdrulla2018spinala.yaml'), 'utf8')).trimEnd().split('\n').join('\n  ')}\n`;
    await writeFile(join(root, 'references/list.yaml'), list);
    await import('node:fs/promises').then((fs) => fs.unlink(join(root, 'references/sdrulla2018spinala.yaml')));
    const result = await fixDuplicates(root);
    expect(result.skipped).toEqual([]);
    // File order puts `references/list.yaml` first: its record is kept, merged in place.
    expect(result.merged.map((m) => [m.kept, m.removed, m.file, m.deletedFiles])).toEqual([
      ['sdrulla2018spinala', ['sdrulla2018spinal'], 'references/list.yaml', ['references/sdrulla2018spinal.yaml']],
      ['niesters2013ketamine', ['niesters2014ketamine'], 'references/niesters2013ketamine.yaml', ['references/niesters2014ketamine.yaml']],
    ]);
    const after = await readFile(join(root, 'references/list.yaml'), 'utf8');
    expect(after.startsWith(list.slice(0, list.indexOf('- id: sdrulla2018spinala')))).toBe(true);
    expect(after).toContain('Merged with `sdrulla2018spinal` by `citemark dedupe --fix`');
    expect(existsSync(join(root, 'references/sdrulla2018spinal.yaml'))).toBe(false);
    const linted = await lintProject({ root });
    const findings = linted.results.flatMap((r) => r.findings);
    expect(findings.filter((f) => ['duplicate-reference', 'duplicate-citation', 'unknown-key'].includes(f.ruleId ?? '') || (f.file === 'references/list.yaml' && f.severity === 'error'))).toEqual([]);
  });
});
