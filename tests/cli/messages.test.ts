/**
 * Messages that teach (issue 19): a mistyped command, option, value, style or
 * rule id gets the nearest real one; style names are read in any case; every
 * command's `--help` lists every option on one line, with examples; a path
 * or `--cwd` mistake says what was wrong for that command.
 */
import { describe, expect, it } from 'vitest';
import { COMMANDS, COMMON_OPTIONS, commandHelp } from '../../src/cli/run.js';
import { closestName, didYouMean } from '../../src/util/did-you-mean.js';
import { REPO, tempProject } from '../helpers/cli.js';
import { balancedQuotes, cli } from './helpers.js';

describe('did you mean', () => {
  it('offers the nearest name only when it is a plausible typo', () => {
    expect(closestName('lnt', ['lint', 'render', 'import'])).toBe('lint');
    expect(closestName('formt', ['format', 'max-warnings'])).toBe('format');
    expect(closestName('vancuver', ['apa', 'vancouver', 'ama'])).toBe('vancouver');
    expect(closestName('topic_mismatch', ['topic-mismatch', 'unknown-key'])).toBe('topic-mismatch');
    expect(closestName('APA', ['apa'])).toBe('apa');
    expect(closestName('frobnicate', ['lint', 'render', 'import', 'add', 'dedupe', 'report'])).toBeUndefined();
    expect(closestName('xyz', ['add'])).toBeUndefined();
    expect(didYouMean('nothing-like-it', ['lint'])).toBe('');
  });
});

describe('mistakes on the command line', () => {
  it.each([
    [['lnt'], /^citemark: unknown command `lnt`; did you mean `lint`\? Run `citemark --help` to see the commands\.\n$/],
    [['frobnicate'], /^citemark: unknown command `frobnicate`\. Run `citemark --help`/],
    [['--format', 'json'], /`--format` is not a command; the command comes first, e.g\. `citemark lint --format`/],
    [['lint', '--formt', 'json'], /^citemark lint: unknown option `--formt`; did you mean `--format`\? Usage: citemark lint \[paths…\] \[options\]; `citemark lint --help` lists every option\.\n$/],
    [['lint', '--no-such-option'], /^citemark lint: unknown option `--no-such-option`\. Usage: citemark lint/],
    [['lint', '-x'], /unknown option `-x`\. Usage: citemark lint/],
    [['lint', '--format'], /`--format` needs a value: `--format stylish\|json\|sarif\|github`/],
    [['lint', '--format', '--quiet'], /`--format` needs a value/],
    [['lint', '--format', 'jsn'], /`--format jsn` is not one of `stylish`, `json`, `sarif`, `github`; did you mean `json`\?/],
    [['lint', '--quiet=yes'], /`--quiet` takes no value \(got `--quiet=yes`\); write just `--quiet`/],
    [['render', '--stlye', 'apa'], /unknown option `--stlye`; did you mean `--style`\?/],
    [['render', '--style', 'vancuver'], /Unknown style `vancuver`; did you mean `vancouver`\? .*\(The style comes from `--style`\.\)/],
    [['render', '--to', 'pdf'], /`--to pdf` is not one of `html`, `md`\./],
    [['report', '--fromat', 'html'], /did you mean `--format`\?/],
    [['lint', '--shard', '5/4'], /`--shard` takes I\/N, .*\(got `5\/4`\)/],
    [['lint', '--shard', 'two'], /`--shard` takes I\/N/],
  ])('%j', async (args, expected) => {
    const run = await cli(args, REPO);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(expected);
    expect(balancedQuotes(run.stderr)).toBe(true);
  });

  it('the unknown-option message has no unbalanced quote (node printed `\'-- "--formt"` before)', async () => {
    const run = await cli(['lint', '--formt'], REPO);
    expect(run.stderr).not.toContain("'");
    expect(balancedQuotes(run.stderr)).toBe(true);
  });

  it('a value in another case is read as the value: `--format JSON`, `--to HTML`', async () => {
    const root = tempProject({ 'articles/a.md': 'Plain text.\n', 'references/.keep': '' });
    const run = await cli(['lint', '--format', 'JSON'], root);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([expect.objectContaining({ filePath: 'articles/a.md', messages: [] })]);
  });

  it('`--style APA` renders with APA, as `--style apa` does', async () => {
    const root = tempProject({ 'articles/a.md': 'Pain [@doe2020].\n', 'references/doe2020.yaml': 'id: doe2020\ntype: book\ntitle: Pain\nauthor: [{family: Doe, given: Jane}]\nissued: {date-parts: [[2020]]}\n' });
    const upper = await cli(['render', '--style', 'APA', '--to', 'md', '--out', 'upper'], root);
    const lower = await cli(['render', '--style', 'apa', '--to', 'md', '--out', 'lower'], root);
    expect([upper.code, upper.stderr]).toEqual([0, '']);
    expect(lower.code).toBe(0);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(`${root}/upper/a.md`, 'utf8')).toBe(readFileSync(`${root}/lower/a.md`, 'utf8'));
    expect(readFileSync(`${root}/upper/a.md`, 'utf8')).toContain('(Doe, 2020)');
  });

  it('`render articles/nope.md` does not tell the user to lint', async () => {
    const run = await cli(['render', 'articles/nope.md'], REPO);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/No such file or folder: `articles\/nope\.md`/);
    expect(run.stderr).not.toMatch(/lint/);
  });

  it('`--cwd some-file.md` says it is a file, not a folder', async () => {
    const run = await cli(['lint', '--cwd', 'articles/ketamine-pain-relief.md'], REPO);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/`--cwd articles\/ketamine-pain-relief\.md` is a file, not a folder; pass the project folder/);
    expect(run.stderr).toContain('`citemark lint articles/ketamine-pain-relief.md`');
    expect(run.stderr).not.toMatch(/ENOTDIR|topics\.yaml/);
  });
});

describe('mistakes in the config name the config file and line', () => {
  it.each([
    ['citemark.config.yaml', 'rules:\n  unknown-key: warn\nstyle: vancuver\n', /^citemark lint: citemark\.config\.yaml:3: `style`: Unknown style `vancuver`; did you mean `vancouver`\?/],
    ['citemark.config.json', '{\n  "style": "mla"\n}\n', /citemark\.config\.json:2: `style`: Unknown style `mla`; use `apa`/],
    ['citemark.config.yaml', 'rules:\n  topic-mismach: off\n', /citemark\.config\.yaml:2: unknown rule `topic-mismach`; did you mean `topic-mismatch`\? Known rules: /],
    ['citemark.config.yaml', 'styel: apa\n', /citemark\.config\.yaml:1: unknown option `styel`; did you mean `style`\? Allowed: /],
  ])('%s: %j', async (name, text, expected) => {
    const root = tempProject({ [name]: text, 'articles/a.md': 'Hello.\n', 'references/.keep': '' });
    for (const command of [['lint'], ['render', '--out', 'out']]) {
      const run = await cli(command, root);
      expect(run.code).toBe(2);
      expect(run.stderr.replace(/^citemark render:/, 'citemark lint:')).toMatch(expected);
    }
  });

  it('a config style in another case, or a .csl path, is accepted', async () => {
    const root = tempProject({ 'citemark.config.yaml': 'style: Vancouver\n', 'articles/a.md': 'Hello.\n', 'references/.keep': '' });
    expect((await cli(['lint'], root)).code).toBe(0);
    const missing = tempProject({ 'citemark.config.yaml': 'style: styles/journal.csl\n', 'articles/a.md': 'Hello.\n', 'references/.keep': '' });
    expect((await cli(['lint'], missing)).code).toBe(0);
    const render = await cli(['render', '--out', 'out'], missing);
    expect(render.code).toBe(2);
    expect(render.stderr).toMatch(/Cannot read the style file `styles\/journal\.csl` named by the config's `style`/);
  });

  it("an article's front matter `csl` that is not a style names the article", async () => {
    const root = tempProject({ 'articles/a.md': '---\ncsl: vancover\n---\nHello.\n', 'references/.keep': '' });
    const run = await cli(['render', '--out', 'out'], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Unknown style `vancover`; did you mean `vancouver`\? .*\(The style comes from the front matter `csl` of `articles\/a\.md`\.\)/);
  });
});

describe('--help', () => {
  it('every option of every command has a one-line description, and every command an example', () => {
    for (const [name, command] of Object.entries(COMMANDS)) {
      for (const [option, spec] of Object.entries({ ...COMMON_OPTIONS, ...command.options })) {
        expect(spec.description, `${name} --${option}`).toMatch(/^\S.*$/);
        if (spec.type === 'string') expect(spec.value, `${name} --${option} value placeholder`).toBeTruthy();
      }
      expect(command.examples?.length ?? 0, `${name} examples`).toBeGreaterThan(0);
      for (const example of command.examples ?? []) expect(example).toMatch(new RegExp(`^npx citemark ${name}\\b|^npx citemark merge-reports\\b`));
    }
  });

  it.each(Object.keys(COMMANDS))('`citemark %s --help` prints every option on one line, and examples', async (name) => {
    const run = await cli([name, '--help'], REPO);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(commandHelp(name, COMMANDS[name]!));
    const lines = run.stdout.split('\n');
    for (const [option, spec] of Object.entries({ ...COMMON_OPTIONS, ...COMMANDS[name]!.options })) {
      const line = lines.find((l) => new RegExp(`^\\s+(-\\w, )?--${option}\\b`).test(l));
      expect(line, `--${option}`).toBeDefined();
      expect(line).toContain(spec.description!);
    }
    expect(run.stdout).toMatch(/\nExamples:\n {2}npx citemark /);
    expect(run.stdout).toMatch(/\nUsage: citemark /);
  });

  it('`citemark help render` is `citemark render --help`; `citemark help lnt` suggests lint', async () => {
    expect((await cli(['help', 'render'], REPO)).stdout).toBe((await cli(['render', '--help'], REPO)).stdout);
    const wrong = await cli(['help', 'lnt'], REPO);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/did you mean `lint`\?/);
  });

  it('the top-level help lists every command', async () => {
    const run = await cli(['--help'], REPO);
    for (const name of Object.keys(COMMANDS)) expect(run.stdout).toMatch(new RegExp(`\\n  ${name} +\\S`));
  });
});

describe('typo distance', () => {
  it('counts a swap of neighbouring letters as one edit', async () => {
    const { typoDistance } = await import('../../src/util/did-you-mean.js');
    expect(typoDistance('stlye', 'style')).toBe(1);
    expect(typoDistance('lnt', 'lint')).toBe(1);
    expect(typoDistance('', 'abc')).toBe(3);
    expect(typoDistance('kitten', 'sitting')).toBe(3);
  });
});
