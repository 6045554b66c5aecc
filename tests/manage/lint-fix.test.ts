import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyFixes, fixProject } from '../../src/lint/fix.js';
import { lintProject } from '../../src/lint/project.js';
import { cli } from './helpers.js';

const spinal = (id: string) =>
  `id: ${id}\ntype: article-journal\ntitle: "Spinal Cord Stimulation: Clinical Efficacy and Potential Mechanisms"\nauthor:\n  - family: Sdrulla\n    given: Andrei D.\nissued:\n  date-parts: [[2018]]\ncontainer-title: Pain Practice\n`;
const simple = (id: string, title: string) => `id: ${id}\ntype: book\ntitle: ${title}\nauthor:\n  - family: Doe\n    given: Jane\nissued:\n  date-parts: [[2020]]\n`;

const ARTICLE = [
  '---',
  'title: Fix me',
  '---',
  '',
  'Stimulators help [@sdrulla2018spinala, p. 3].',
  '',
  'Nerve blocks too [see @Sdrulla2018Spinal].',
  '',
  'In-text @SDRULLA2018SPINALA says so, and  spacing   stays.',
  '',
  'Ketamine [@Zorumski2016Ketamine; @zorumski2016ketamine].',
  '',
  'Code `[@Sdrulla2018Spinal]` stays, so does mail@Sdrulla2018Spinal.org.',
  '',
  'Ambiguous [@dup2020x] is left for a person.',
  '',
].join('\r\n');

const EXPECTED = ARTICLE.replace('[@sdrulla2018spinala, p. 3]', '[@sdrulla2018spinal, p. 3]')
  .replace('[see @Sdrulla2018Spinal]', '[see @sdrulla2018spinal]')
  .replace('In-text @SDRULLA2018SPINALA', 'In-text @sdrulla2018spinal')
  .replace('[@Zorumski2016Ketamine;', '[@zorumski2016ketamine;');

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'citemark-fix-'));
  await mkdir(join(root, 'references'));
  await mkdir(join(root, 'articles'));
  await writeFile(join(root, 'references/sdrulla2018spinal.yaml'), spinal('sdrulla2018spinal'));
  await writeFile(join(root, 'references/sdrulla2018spinala.yaml'), spinal('sdrulla2018spinala'));
  await writeFile(join(root, 'references/zorumski2016ketamine.yaml'), simple('zorumski2016ketamine', 'Ketamine and NMDA receptors'));
  await writeFile(join(root, 'references/dup2020X.yaml'), simple('dup2020X', 'First book'));
  await writeFile(join(root, 'references/Dup2020x.yaml'), simple('Dup2020x', 'Second book'));
  await writeFile(join(root, 'articles/a.md'), `\uFEFF${ARTICLE}`);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('lint --fix', () => {
  it('rewrites only the keys, keeps every other byte (BOM, CRLF, code, e-mail), and converges in one run', async () => {
    const result = await fixProject(root, await lintProject({ root }));
    expect(result.changed).toEqual(['articles/a.md']);
    const after = await readFile(join(root, 'articles/a.md'), 'utf8');
    expect(after).toBe(`\uFEFF${EXPECTED}`);
    // Idempotent: a second run finds nothing to fix and leaves the bytes alone.
    const bytes = await readFile(join(root, 'articles/a.md'));
    const second = await fixProject(root, await lintProject({ root }));
    expect(second.changed).toEqual([]);
    expect(await readFile(join(root, 'articles/a.md'))).toEqual(bytes);
  });

  it('through the CLI: what is left is reported, a second --fix changes nothing', async () => {
    const first = await cli(['lint', '--fix', '--format', 'json', '--cwd', root], root);
    const left = (JSON.parse(first.stdout) as { filePath: string; messages: { ruleId: string; message: string }[] }[]).flatMap((r) => r.messages);
    expect(left.filter((m) => m.ruleId === 'duplicate-citation')).toEqual([]);
    const unknown = left.filter((m) => m.ruleId === 'unknown-key');
    expect(unknown).toHaveLength(1);
    expect(unknown[0]!.message).toContain('`dup2020x`');
    const once = await readFile(join(root, 'articles/a.md'));
    const second = await cli(['lint', '--fix', '--format', 'json', '--cwd', root], root);
    expect(second.stdout).toBe(first.stdout);
    expect(await readFile(join(root, 'articles/a.md'))).toEqual(once);
  });

  it('moves every citation of a duplicate onto the key dedupe keeps, whichever the article cites first', async () => {
    await writeFile(join(root, 'articles/a.md'), 'One [@sdrulla2018spinala].\n\nTwo [@sdrulla2018spinal].\n\nThree @sdrulla2018spinala.\n');
    await fixProject(root, await lintProject({ root }));
    expect(await readFile(join(root, 'articles/a.md'), 'utf8')).toBe('One [@sdrulla2018spinal].\n\nTwo [@sdrulla2018spinal].\n\nThree @sdrulla2018spinal.\n');
  });

  it('does not touch an article that changed on disk after it was linted', async () => {
    const linted = await lintProject({ root });
    await writeFile(join(root, 'articles/a.md'), 'Edited meanwhile [@Sdrulla2018Spinal].\n');
    const result = await fixProject(root, linted);
    expect(result.skipped).toEqual(['articles/a.md']);
    expect(await readFile(join(root, 'articles/a.md'), 'utf8')).toBe('Edited meanwhile [@Sdrulla2018Spinal].\n');
  });
});

describe('applyFixes', () => {
  it('applies non-overlapping edits and skips overlapping ones', () => {
    const finding = (start: number, end: number, text: string) => ({ ruleId: 'x', messageId: 'x', severity: 'error' as const, message: '', file: 'a', line: 1, column: 1, fix: { start, end, text } });
    const { output, applied } = applyFixes('abcdef', [finding(1, 3, 'X'), finding(2, 4, 'Y'), finding(4, 5, 'Z')]);
    expect(output).toBe('aXdZf');
    expect(applied).toHaveLength(2);
  });
});

describe('dedupe rewrite keeps a BOM', () => {
  it('writes the BOM back', async () => {
    const { rewriteCitations } = await import('../../src/manage/dedupe.js');
    const out = await rewriteCitations(root, 'articles/a.md', new Map([['sdrulla2018spinala', 'sdrulla2018spinal']]));
    expect(out?.rewrites).toBe(1);
    expect(out?.content.startsWith('\uFEFF---\r\n')).toBe(true);
    expect(out?.content).toBe(`\uFEFF${ARTICLE.replace('[@sdrulla2018spinala, p. 3]', '[@sdrulla2018spinal, p. 3]')}`);
  });
});
