/**
 * The robustness catalogue's hostile inputs, timed: each case is one whole
 * `citemark` process over a small project holding one pathological file
 * (plus a good article and reference, which must still be processed). The
 * target is under 1 s per case, node's own start included.
 *
 *   node tests/bench/tasks/pathological.mjs DIST_CLI [WORK_DIR]
 *
 * Prints one JSON line: [{ label, command, seconds, exit }].
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const cli = resolve(process.argv[2]);
const work = mkdtempSync(join(process.argv[3] ?? tmpdir(), 'citemark-pathological-'));

const goodReference = 'id: good2020\ntype: article-journal\ntitle: Ketamine for chronic pain\nauthor: [{family: Smith, given: Ann}]\nissued: {date-parts: [[2020]]}\n';
const goodArticle = 'Ketamine eased pain in one trial [@good2020].\n';
const style = (body) => `<?xml version="1.0" encoding="utf-8"?>\n${body}\n`;
const minimalStyle = (extra = '') =>
  `<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"${extra}><info><title>x</title><id>x</id><updated>2020-01-01T00:00:00+00:00</updated></info>` +
  '<citation><layout><text variable="title"/></layout></citation><bibliography><layout><text variable="title"/></layout></bibliography></style>';

/** label, files to write, command arguments (after the CLI). */
const CASES = [
  ['article: 10,000 nested brackets', { 'articles/x.md': `${'['.repeat(10_000)}@k${']'.repeat(10_000)}\n` }, ['lint']],
  ['article: 8,000 nested list items', { 'articles/x.md': `${'* '.repeat(8_000)}a\n` }, ['lint']],
  ['article: 8,000 nested block quotes', { 'articles/x.md': `${'> '.repeat(8_000)}a\n` }, ['lint']],
  ['article: 100,000 citations', { 'articles/x.md': `${'Pain [@good2020]. '.repeat(100_000)}\n` }, ['lint']],
  ['article: 100,000 unknown keys', { 'articles/x.md': `${Array.from({ length: 100_000 }, (_, i) => `[@k${i}]`).join(' ')}\n` }, ['lint']],
  ['article: a 10,000-character key', { 'articles/x.md': `[@${'k'.repeat(10_000)}]\n\n[@{${'k'.repeat(10_000)}}]\n` }, ['lint']],
  ['article: 50 MB (refused by size)', { 'articles/x.md': 'a'.repeat(50 * 1024 * 1024) }, ['lint']],
  ['article: 1 MB sentence without a full stop', { 'articles/x.md': `${'word '.repeat(200_000)}\n` }, ['lint']],
  ['article: 200,000 unclosed `[@`', { 'articles/x.md': `${'[@a '.repeat(200_000)}\n` }, ['lint']],
  ['article: 500,000 `@`', { 'articles/x.md': `${'@'.repeat(500_000)}\n` }, ['lint']],
  ['article: 20,000 `[a]` in one paragraph', { 'articles/x.md': `${'[a] '.repeat(20_000)}\n` }, ['lint']],
  ['article: 20,000 lazy lines in a block quote', { 'articles/x.md': `> a\n${'b\n'.repeat(20_000)}` }, ['lint']],
  ['article: just under the limits (327 KB, 3,500 citations)', { 'articles/x.md': `${'Ketamine reduced pain scores in adults with chronic back pain over twelve weeks [@good2020]. '.repeat(5)}\n\n`.repeat(700) }, ['lint']],
  ['article: 100,000 digits and commas (number patterns)', { 'articles/x.md': `${'1,'.repeat(50_000)} dollarsx\n` }, ['lint']],
  ['references: YAML billion laughs', { 'references/x.yaml': `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n${Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`).join('\n')}\nid: laughs\n` }, ['lint']],
  ['references: JSON nested 20,000 deep', { 'references/x.json': `{"id":"deep","x":${'['.repeat(20_000)}${']'.repeat(20_000)}}` }, ['lint']],
  ['references: BibTeX 1 MB abstract', { 'references/x.bib': `@article{big2020, title={Big}, author={Doe, Jane}, year={2020}, abstract={${'word '.repeat(200_000)}}}\n` }, ['lint']],
  ['references: BibTeX unbalanced braces', { 'references/x.bib': `@article{brace2020, title={${'{'.repeat(20_000)}}\n` }, ['lint']],
  ['references: citation-js type-detection trap', { 'references/x.bib': `[a]${'\n a: b'.repeat(24)}\n[` }, ['lint']],
  ['references: RIS without `ER`', { 'references/x.ris': `TY  - JOUR\nTI  - ${'word '.repeat(100_000)}\n` }, ['lint']],
  ['style: 100,000 spaces inside a tag', { 'styles/x.csl': style(minimalStyle(' '.repeat(100_000))) }, ['render', '--style', 'styles/x.csl', '--out', 'out']],
  ['style: attribute named `a(`', { 'styles/x.csl': style(minimalStyle(' a(="1"')) }, ['render', '--style', 'styles/x.csl', '--out', 'out']],
  ['style: DOCTYPE with an external entity', { 'styles/x.csl': `<?xml version="1.0"?>\n<!DOCTYPE style [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n${minimalStyle()}` }, ['render', '--style', 'styles/x.csl', '--out', 'out']],
  ['import: HTML with 200,000 `<`', { 'in/x.html': `<html><body><p>${'<'.repeat(200_000)}</p><h2>References</h2><ol><li>Smith A. Pain. J Pain. 2020;1:1-2.</li></ol></body></html>` }, ['import', 'in/x.html', '--dry-run']],
  ['import: reference list line of 20,000 spaces and dots', { 'in/x.md': `Pain fell [1].\n\n## References\n\n1. Smith A${' .'.repeat(10_000)} 2020.\n` }, ['import', 'in/x.md', '--dry-run']],
];

const results = [];
for (const [label, files, args] of CASES) {
  const root = join(work, String(results.length));
  const all = { 'articles/good.md': goodArticle, 'references/good.yaml': goodReference, ...files };
  for (const [path, content] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [cli, ...args, '--cwd', root], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  results.push({ label, command: `citemark ${args[0]}`, seconds, exit: run.status ?? run.signal, stackTrace: /\n\s+at /.test(String(run.stderr)) });
  rmSync(root, { recursive: true, force: true });
}
rmSync(work, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify(results)}\n`);
