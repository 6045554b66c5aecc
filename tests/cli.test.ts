/**
 * The built `citemark` bin, run as users and CI run it: over the bundled
 * articles, the raw seeds, bad input and bad usage.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import { VERSION } from '../src/version.js';
import { citemark, REPO, tempProject, type JsonResult } from './helpers/cli.js';
import { generateProject } from './bench/generate.mjs';

const messages = (results: JsonResult[], ruleId: string) =>
  results.flatMap((r) => r.messages.filter((m) => m.ruleId === ruleId).map((m) => ({ file: r.filePath, ...m })));

const lineOf = (file: string, line: number) => readFileSync(join(REPO, file), 'utf8').split('\n')[line - 1] ?? '';

describe('citemark lint on the bundled articles', () => {
  it('finds the real mistakes and nothing false', async () => {
    const run = await citemark(['lint', '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const results = JSON.parse(run.stdout) as JsonResult[];
    expect(results.map((r) => r.filePath)).toContain('articles/ketamine-pain-relief.md');

    const unused = messages(results, 'unused-reference').map((m) => m.file).sort();
    expect(unused).toEqual(
      [
        'cohen2018consensus', 'medicarebenefitssolutions2023medicare', 'meisner2019ketamine', 'nindsndperipheral', 'orhurhu2019ketamine',
        'yang2020emerging', 'yildirimguclu2022ketamine', 'zhao2018effect', 'zhou2011targeting',
      ].map((id) => `references/${id}.yaml`),
    );

    const mismatches = messages(results, 'topic-mismatch');
    expect(mismatches).toHaveLength(1);
    expect(mismatches[0]!.file).toBe('articles/ketamine-pain-relief.md');
    expect(lineOf(mismatches[0]!.file, mismatches[0]!.line)).toContain('pinched nerve [@sdrulla2018spinal]');
    expect(mismatches[0]!.message).toContain('`nerve-block`');

    const needed = messages(results, 'citation-needed').filter((m) => m.file === 'articles/ketamine-infusion-chronic-pain.md');
    const neededLines = needed.map((m) => lineOf(m.file, m.line));
    for (const statistic of ['1 in 5 American adults', '13% risk of limb amputation', 'about three months']) {
      expect(neededLines.some((l) => l.includes(statistic)), statistic).toBe(true);
    }
    // The clean bibliography has no errors of its own.
    for (const rule of ['invalid-reference', 'duplicate-reference', 'duplicate-citation', 'unknown-key', 'malformed-citation']) {
      expect(messages(results, rule), rule).toEqual([]);
    }
  });

  it('stylish output names file, position, severity, message and rule', async () => {
    const run = await citemark(['lint']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/articles\/ketamine-pain-relief\.md\n(?:.*\n)*?\s+\d+:\d+\s+error\s+Claim is about .*topic-mismatch/);
    expect(run.stdout).toMatch(/✖ \d+ problems \(1 error, \d+ warnings\)/);
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('--quiet shows errors only, and a rule turned off in the config goes quiet', async () => {
    const quiet = await citemark(['lint', '--quiet', '--format', 'json']);
    const results = JSON.parse(quiet.stdout) as JsonResult[];
    expect(results.flatMap((r) => r.messages).every((m) => m.severity === 2)).toBe(true);

    const root = tempProject({ 'citemark.config.json': JSON.stringify({ rules: { 'topic-mismatch': 'off' } }) }, REPO + 'articles/..');
    const off = await citemark(['lint', '--cwd', root, '--quiet', '--format', 'json']);
    expect(off.code).toBe(0);
    expect(messages(JSON.parse(off.stdout) as JsonResult[], 'topic-mismatch')).toEqual([]);
  }, 120_000);

  it('--max-warnings turns too many warnings into exit 1', async () => {
    const root = tempProject({ 'citemark.config.yaml': 'rules:\n  topic-mismatch: warn\n' }, REPO + 'articles/..');
    expect((await citemark(['lint', '--cwd', root, '--format', 'json'])).code).toBe(0);
    const strict = await citemark(['lint', '--cwd', root, '--max-warnings', '0', '--format', 'json']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('too many warnings');
  }, 120_000);

  it('--cache fills .citemark/cache/ and reports the same; --threads 1 reports the same as the default', async () => {
    const root = tempProject({}, REPO + 'articles/..');
    const plain = await citemark(['lint', '--cwd', root, '--format', 'json']);
    const cold = await citemark(['lint', '--cwd', root, '--format', 'json', '--cache']);
    expect(existsSync(join(root, '.citemark', 'cache'))).toBe(true);
    const warm = await citemark(['lint', '--cwd', root, '--format', 'json', '--cache']);
    const single = await citemark(['lint', '--cwd', root, '--format', 'json', '--threads', '1']);
    for (const run of [cold, warm, single]) {
      expect(run.code).toBe(plain.code);
      expect(run.stdout).toBe(plain.stdout);
    }
  }, 120_000);
});

describe('citemark lint on worker threads', () => {
  it('reports what one thread reports, with 2 or 3 threads, and when one huge article keeps the parse on the main thread', async () => {
    // About 480 KB of articles: parsed on workers.
    const root = tempProject({});
    (generateProject as (dir: string, o: object) => unknown)(root, { articles: 60, items: 300, seed: 4 });
    const single = await citemark(['lint', '--cwd', root, '--format', 'json', '--threads', '1']);
    for (const threads of [[], ['--threads', '2'], ['--threads', '3']]) {
      const run = await citemark(['lint', '--cwd', root, '--format', 'json', ...threads]);
      expect(run.code, threads.join(' ')).toBe(single.code);
      expect(run.stdout, threads.join(' ')).toBe(single.stdout);
    }
    // One article is nearly all the text: the parse stays on the main thread.
    const big = tempProject({
      'articles/big.md': `# Big\n\n${'Ketamine reduced pain in adults over twelve weeks. '.repeat(5200)}\n`,
      'articles/small.md': '# Small\n\nA short article.\n',
    });
    const bigSingle = await citemark(['lint', '--cwd', big, '--format', 'json', '--threads', '1']);
    const bigDefault = await citemark(['lint', '--cwd', big, '--format', 'json', '--threads', '2']);
    expect(bigDefault.stderr).toBe('');
    expect(bigDefault.stdout).toBe(bigSingle.stdout);
    expect(bigDefault.code).toBe(bigSingle.code);
  }, 120_000);
});

describe('citemark lint on the raw seeds (their own numbered lists, keyed as printed)', () => {
  it('reports the duplicate Sdrulla and Niesters entries and the duplicate citation in article A', async () => {
    const run = await citemark(['lint', 'tests/fixtures/seeds-raw', '--format', 'json']);
    expect(run.code).toBe(1);
    const results = JSON.parse(run.stdout) as JsonResult[];
    const dupRefs = messages(results, 'duplicate-reference');
    const sdrulla = dupRefs.find((m) => m.message.includes('`sdrulla2018spinal`'));
    const niesters = dupRefs.find((m) => m.message.includes('`niesters2013ketamine`'));
    expect(sdrulla?.file).toBe('references/sdrulla2018spinala.yaml');
    expect(niesters?.file).toBe('references/niesters2014ketamine.yaml');
    expect(niesters?.message).toContain('issued: 2013 vs 2014');
    const dupCites = messages(results, 'duplicate-citation');
    expect(dupCites).toHaveLength(1);
    expect(dupCites[0]!.file).toBe('articles/article-a.md');
    // --cwd gives the same answer.
    const viaCwd = await citemark(['lint', '--cwd', 'tests/fixtures/seeds-raw', '--format', 'json']);
    expect(JSON.parse(viaCwd.stdout)).toEqual(results);
  });

  it('SARIF output carries rules with help text and physical locations', async () => {
    const run = await citemark(['lint', 'tests/fixtures/seeds-raw', '--format', 'sarif']);
    const log = JSON.parse(run.stdout) as { version: string; runs: { tool: { driver: { rules: { id: string; help?: { text: string } }[] } }; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    expect(log.version).toBe('2.1.0');
    const rules = log.runs[0]!.tool.driver.rules;
    expect(rules.map((r) => r.id)).toContain('duplicate-reference');
    expect(rules.every((r) => (r.help?.text ?? '').length > 0)).toBe(true);
    const dup = log.runs[0]!.results.find((r) => r.ruleId === 'duplicate-citation');
    expect(dup?.locations[0]?.physicalLocation.artifactLocation.uri).toBe('articles/article-a.md');
  });

  it('github format prints workflow annotations', async () => {
    const run = await citemark(['lint', 'tests/fixtures/seeds-raw', '--format', 'github']);
    expect(run.stdout).toMatch(/^::error file=articles\/article-a\.md,line=\d+,col=\d+.*::.*same work/m);
  });
});

describe('bad input: a clear finding with file:line, and the other files still linted', () => {
  it('reports each broken file and keeps going', async () => {
    const root = tempProject({
      'articles/good.md': 'Ketamine eases pain [@good2020].\n',
      'articles/latin1.md': Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x5b, 0x40, 0x78, 0x5d, 0x0a]),
      'articles/empty.md': '',
      'references/good.yaml': 'id: good2020\ntype: article-journal\ntitle: Good\nauthor: [{family: Doe, given: J.}]\nissued: {date-parts: [[2020]]}\n',
      'references/syntax.yaml': 'id: broken\ntitle: [unclosed\n',
      'references/bad.bib': '@article{ok2019,\n  title = {Fine},\n  author = {Roe, R.},\n  year = {2019}\n}\n\n@article{broken2019,\n  title = {Unbalanced {brace},\n  year = {2019}\n',
      'references/zdup.yaml': 'id: good2020\ntype: article-journal\ntitle: Another\nauthor: [{family: Poe, given: E.}]\nissued: {date-parts: [[2021]]}\n',
      'references/notbib.json': '{"hello": "world"}\n',
      'references/empty.yaml': '',
    });
    const run = await citemark(['lint', '--cwd', root, '--format', 'json']);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const results = JSON.parse(run.stdout) as JsonResult[];
    const byFile = new Map(results.map((r) => [r.filePath, r.messages]));
    expect(byFile.get('articles/latin1.md')).toEqual([expect.objectContaining({ ruleId: 'unreadable-article', fatal: true, line: 1, column: 4 })]);
    expect(byFile.get('articles/latin1.md')![0]!.message).toContain('not valid UTF-8');
    expect(byFile.get('articles/good.md')).toEqual([]);
    const invalid = (file: string) => (byFile.get(file) ?? []).filter((m) => m.ruleId === 'invalid-reference');
    expect(invalid('references/syntax.yaml')[0]!.line).toBeGreaterThanOrEqual(2);
    expect(invalid('references/bad.bib')[0]).toMatchObject({ line: 7 });
    expect(invalid('references/zdup.yaml')[0]!.message).toContain('references/good.yaml:1');
    expect(invalid('references/notbib.json')).toHaveLength(1);
    expect(invalid('references/empty.yaml')).toHaveLength(1);
    // The good BibTeX entry still loaded: nothing reports `ok2019` as unknown, and it is unused.
    expect((byFile.get('references/bad.bib') ?? []).some((m) => m.ruleId === 'unused-reference' && m.message.includes('ok2019'))).toBe(true);
  });
});

describe('bad usage exits 2 with a message that says what to do', () => {
  it.each([
    [['lint', '--no-such-option'], /unknown option `--no-such-option`\. Usage: citemark lint/],
    [['frobnicate'], /unknown command `frobnicate`.*citemark --help/],
    [['lint', '--format', 'xml'], /`--format xml` is not one of `stylish`, `json`, `sarif`, `github`\./],
    [['lint', '--max-warnings', 'many'], /--max-warnings` takes a whole number/],
    [['lint', '--threads', '0'], /--threads` takes a whole number from 1 to 64/],
    [['lint', 'articles/nope.md'], /No such file or folder: `articles\/nope.md`/],
    [['render', '--style', 'mla'], /Unknown style `mla`/],
    [['render', '--threads', 'two'], /--threads` takes a whole number from 1 to 64/],
  ])('%j', async (args, expected) => {
    const run = await citemark(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(expected);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['citemark.config.json', '{"rules": {"no-such-rule": "error"}}', /citemark.config.json:1: unknown rule `no-such-rule`; known rules: `unknown-key`/],
    ['citemark.config.yaml', 'rules:\n  unknown-key: loud\n', /citemark.config.yaml:2: rule `unknown-key` has an invalid setting/],
    ['citemark.config.yaml', 'rules: {\n', /citemark.config.yaml:\d+(:\d+)?: the config does not parse/],
    ['citemark.config.json', '{"colour": true}', /unknown option `colour`/],
  ])('a bad %s', async (name, text, expected) => {
    const root = tempProject({ [name]: text, 'articles/a.md': 'Hello.\n', 'references/.keep': '' });
    const run = await citemark(['lint', '--cwd', root]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(expected);
  });
});

describe('citemark render', () => {
  it('renders every article and exits 0 when every key resolves', async () => {
    const out = tempProject({});
    const run = await citemark(['render', '--style', 'vancouver', '--to', 'md', '--out', out, '--threads', '1']);
    expect(run.code).toBe(0);
    const a = readFileSync(join(out, 'ketamine-pain-relief.md'), 'utf8');
    expect(a).toContain('Niesters M, Martini C, Dahan A. Ketamine for chronic pain: risks and benefits.');
  });

  it('keeps an unknown key visible, marked, and exits 1 with unknown-key', async () => {
    const root = tempProject({
      'articles/a.md': 'Known [@good2020] and unknown [@nosuch2020] and known again [@good2020].\n',
      'references/good.yaml': 'id: good2020\ntype: article-journal\ntitle: Good\nauthor: [{family: Doe, given: J.}]\nissued: {date-parts: [[2020]]}\n',
    });
    const run = await citemark(['render', '--cwd', root, '--to', 'md']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/articles\/a.md:1:\d+ +error +Unknown citation key `nosuch2020`.*unknown-key/);
    const out = readFileSync(join(root, 'rendered/a.md'), 'utf8');
    expect(out).toContain('nosuch2020');
    expect(out.match(/Doe/g)?.length).toBeGreaterThanOrEqual(2);
  });
});

it('the version the CLI prints is the package version', async () => {
  expect(VERSION).toBe(pkg.version);
  expect((await citemark(['--version'])).stdout.trim()).toBe(pkg.version);
});

describe('citemark render style choice', () => {
  it('uses the front matter `csl` unless --style says otherwise', async () => {
    const item = 'id: good2020\ntype: article-journal\ntitle: Good work\nauthor: [{family: Doe, given: Jane}]\nissued: {date-parts: [[2020]]}\ncontainer-title: Pain\n';
    const root = tempProject({
      'articles/numbered.md': '---\ncsl: vancouver\n---\n\nClaim [@good2020].\n',
      'articles/plain.md': 'Claim [@good2020].\n',
      'references/good2020.yaml': item,
    });
    expect((await citemark(['render', '--cwd', root, '--to', 'md'])).code).toBe(0);
    expect(readFileSync(join(root, 'rendered/numbered.md'), 'utf8')).toMatch(/Claim \(1\)\./);
    expect(readFileSync(join(root, 'rendered/plain.md'), 'utf8')).toMatch(/Claim \(Doe, 2020\)\./);
    expect((await citemark(['render', '--cwd', root, '--to', 'md', '--style', 'apa'])).code).toBe(0);
    expect(readFileSync(join(root, 'rendered/numbered.md'), 'utf8')).toMatch(/Claim \(Doe, 2020\)\./);
  });

  it('refuses a .csl file that is not a CSL style, before rendering anything', async () => {
    const root = tempProject({ 'articles/a.md': 'Claim.\n', 'references/.keep': '', 'bad.csl': '<?xml version="1.0"?><html/>' });
    const run = await citemark(['render', '--cwd', root, '--style', 'bad.csl']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.csl/);
  });
});
