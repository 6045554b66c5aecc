/**
 * No silent pass, no overwritten input (SPEC §5): a folder that is not a
 * project, or a run that matches no article, exits 2 saying what was looked
 * for (as ESLint's "No files matching"), unless the user allows it; no
 * output of `render` or `report` lands on one of their inputs.
 */
import { mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/cli.js';
import { emptyProject, snapshot } from '../helpers/fs.js';
import { cli } from './helpers.js';

const REFERENCE = 'id: doe2020\ntype: book\ntitle: Ketamine and pain\nauthor: [{family: Doe, given: Jane}]\nissued: {date-parts: [[2020]]}\n';
const project = () => tempProject({ 'articles/a.md': 'Ketamine eased pain [@doe2020].\n', 'articles/sub/b.md': 'More [@doe2020].\n', 'references/doe2020.yaml': REFERENCE });

describe('no silent pass', () => {
  it.each([['lint'], ['render'], ['report']])('`citemark %s` outside a project exits 2 and says what it looked for', async (command) => {
    const root = tempProject({ 'notes.txt': 'not a project\n' });
    const run = await cli([command], root);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/is not a citemark project: looked for `articles\/`, `references\/` and a `citemark\.config\.\{json,yaml,yml\}` and found none\. Run citemark from the project folder, or pass `--cwd DIR`\./);
  });

  it('inside a project\'s `articles/`, says so and how to run it from the project', async () => {
    const root = project();
    for (const command of ['lint', 'render']) {
      const run = await cli([command], join(root, 'articles'));
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`This is the \`articles/\` folder of the project \`${root}\`: run citemark there, or pass \`--cwd ..\`.`);
    }
  });

  it('a project with no article exits 2 naming the patterns, as ESLint does; `--no-error-on-unmatched-pattern` lets it pass', async () => {
    const root = emptyProject();
    for (const command of [['lint'], ['render', '--out', 'out'], ['report']]) {
      const run = await cli(command, root);
      expect([command[0], run.code]).toEqual([command[0], 2]);
      expect(run.stderr).toMatch(/No articles matched `articles\/\*\*\/\*\.md`, `articles\/\*\*\/\*\.markdown` \(the default\) under `[^`]+`\. .*`--no-error-on-unmatched-pattern`/);
      const allowed = await cli([...command, '--no-error-on-unmatched-pattern'], root);
      expect([command[0], allowed.code, allowed.stderr]).toEqual([command[0], 0, '']);
    }
  });

  it('a named folder with no article, or articles outside the configured globs, exit 2', async () => {
    const root = project();
    mkdirSync(join(root, 'drafts'));
    const folder = await cli(['lint', 'drafts'], root);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/No articles matched `drafts`: looked for `\*\.md` and `\*\.markdown` files there/);
    const configured = tempProject({ 'citemark.config.json': '{"articles": ["posts/**/*.md"]}', 'articles/a.md': 'Hi.\n', 'references/.keep': '' });
    const run = await cli(['lint'], configured);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/No articles matched `posts\/\*\*\/\*\.md` \(`articles` in the config\)/);
  });

  it('a project that is only a config file is a project (its globs say where the articles are)', async () => {
    const root = tempProject({ 'citemark.config.yaml': 'articles: ["posts/**/*.md"]\nreferences: ["bib/**/*.yaml"]\n', 'posts/a.md': 'Pain [@doe2020].\n', 'bib/doe2020.yaml': REFERENCE });
    const run = await cli(['lint', '--format', 'json'], root);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { filePath: string }[]).map((r) => r.filePath)).toEqual(['bib/doe2020.yaml', 'posts/a.md']);
  });
});

describe('no overwritten input', () => {
  it.each([
    [['--to', 'md', '--out', 'articles'], /Refusing to write into `articles`: it is `articles\/`, where the articles are read from/],
    [['--to', 'html', '--out', 'articles'], /Refusing to write into `articles`: it is `articles\/`/],
    [['--to', 'md', '--out', 'articles/sub'], /Refusing to write into `articles\/sub`: it is inside `articles\/`/],
    [['--to', 'md', '--out', './articles/'], /Refusing to write into `articles`/],
  ])('`render %j` is refused and every file stays as it was', async (args, expected) => {
    const root = project();
    const before = snapshot(root);
    const run = await cli(['render', ...args], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(expected);
    expect(run.stderr).toContain('Choose a folder of its own, e.g. `--out rendered`.');
    expect(snapshot(root)).toEqual(before);
  });

  it('a symbolic link to `articles/` is the articles folder too', async () => {
    const root = project();
    symlinkSync(join(root, 'articles'), join(root, 'site'));
    const before = snapshot(join(root, 'articles'));
    const run = await cli(['render', '--to', 'md', '--out', 'site'], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Refusing to write into `site`: it is `articles\/`/);
    expect(snapshot(join(root, 'articles'))).toEqual(before);
  });

  it('any folder the config reads articles from is refused; so is a target that is an input where articles sit at the root', async () => {
    const configured = tempProject({ 'citemark.config.json': '{"articles": ["posts/*.md", "drafts/*.md"]}', 'posts/a.md': 'New [@doe2020].\n', 'drafts/a.md': 'Old [@doe2020].\n', 'references/doe2020.yaml': REFERENCE });
    const before = snapshot(configured);
    const drafts = await cli(['render', 'posts/a.md', '--to', 'md', '--out', 'drafts'], configured);
    expect(drafts.code).toBe(2);
    expect(drafts.stderr).toMatch(/Refusing to write into `drafts`: it is `drafts\/`, where the articles are read from/);
    expect(snapshot(configured)).toEqual(before);

    const flat = tempProject({ 'citemark.config.json': '{"articles": ["*.md"]}', 'a.md': 'Pain [@doe2020].\n', 'references/doe2020.yaml': REFERENCE });
    const flatBefore = snapshot(flat);
    const run = await cli(['render', '--to', 'md', '--out', '.'], flat);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Refusing to render `a\.md` onto `a\.md`: that is `a\.md`, an input of this project/);
    expect(snapshot(flat)).toEqual(flatBefore);
  });

  it('a rendering into its own folder still works, and writes only there', async () => {
    const root = project();
    const run = await cli(['render', '--to', 'md', '--out', 'rendered'], root);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(readdirSync(join(root, 'rendered'), { recursive: true }).sort()).toEqual(['a.md', 'sub', 'sub/b.md']);
  });

  it('`report --out` onto an article or a reference file is refused', async () => {
    const root = project();
    const before = snapshot(root);
    for (const target of ['articles/a.md', 'references/doe2020.yaml']) {
      const run = await cli(['report', '--out', target, '--format', 'html'], root);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`Refusing to write the evidence map onto \`${target}\`, an input of this project`);
    }
    expect(snapshot(root)).toEqual(before);
  });
});
