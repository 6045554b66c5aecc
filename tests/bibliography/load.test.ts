import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { globToRegExp, loadBibliography } from '../../src/bibliography/load.js';

const FIXTURE = join(import.meta.dirname, '../fixtures/bibliography/project');

const temps: string[] = [];
afterEach(async () => {
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function project(files: Record<string, string | Buffer>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'citemark-load-'));
  temps.push(root);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}

const item = (id: string) => `id: ${id}\ntype: webpage\ntitle: T ${id}\n`;

describe('loadBibliography', () => {
  it('loads every format under references/, in path order, skipping topics.yaml', async () => {
    const bib = await loadBibliography(FIXTURE);
    expect(bib.files).toEqual([
      'references/a-list.yaml',
      'references/b-pandoc.yml',
      'references/c.json',
      'references/more/d.bib',
      'references/more/e.ris',
      'references/notes.txt',
    ]);
    expect(bib.entries.map((e) => `${e.item.id}@${e.source.file}:${e.source.line}`)).toEqual([
      'niesters2014ketamine@references/a-list.yaml:2',
      'zhou2011targeting@references/a-list.yaml:12',
      'chen2017management@references/b-pandoc.yml:3',
      'apnandketamine@references/c.json:2',
      'asa2019one@references/c.json:8',
      'sdrulla2018spinal@references/more/d.bib:2',
      'zhao2018effect@references/more/e.ris:1',
    ]);
    expect(bib.byId.get('zhou2011targeting')?.item.issued).toEqual({ 'date-parts': [[2011, 5]] });
    // A `.txt` is read by its content (databases save RIS and MEDLINE as `.txt`); prose is reported, never skipped.
    expect(bib.problems.map((p) => [p.messageId, `${p.source.file}:${p.source.line}`, p.id])).toEqual([
      ['duplicate-id', 'references/b-pandoc.yml:8', 'niesters2014ketamine'],
      ['not-bibliography', 'references/notes.txt:1', undefined],
    ]);
    expect(bib.problems[0]?.message).toContain('references/a-list.yaml:2');
  });

  it('keeps a record that fails validation as rejected, with its identifiers, so it can still be matched', async () => {
    const root = await project({
      'references/x.json': JSON.stringify([
        { id: 'good', type: 'webpage', title: 'Fine' },
        { id: 'bad', type: 'article-journal', DOI: '10.1000/xyz', PMID: 12345, issued: 'not a date' },
      ], null, 1),
    });
    const bib = await loadBibliography(root);
    expect(bib.entries.map((e) => e.item.id)).toEqual(['good']);
    expect(bib.rejected).toEqual([{ source: { file: 'references/x.json', line: 7, column: 2 }, fields: { id: 'bad', type: 'article-journal', DOI: '10.1000/xyz', PMID: '12345', issued: 'not a date' } }]);
    expect(bib.problems.some((p) => p.source.line === 7)).toBe(true);
  });

  it('keeps the first of two items with one id in the same file', async () => {
    const root = await project({ 'references/x.yaml': `- ${item('a').replace(/\n(?=.)/g, '\n  ')}- ${item('a').replace(/\n(?=.)/g, '\n  ')}` });
    const bib = await loadBibliography(root);
    expect(bib.entries.map((e) => e.source.line)).toEqual([1]);
    expect(bib.problems.map((p) => [p.messageId, p.source.line])).toEqual([['duplicate-id', 4]]);
    expect(bib.problems[0]?.message).toContain('references/x.yaml:1');
  });

  it('reports unreadable files at line 1 and loads the rest', async () => {
    const root = await project({
      'references/a-ok.yaml': item('ok'),
      'references/empty.yaml': '',
      'references/latin1.yaml': Buffer.from('id: caf\xe9\ntype: webpage\ntitle: T\n', 'latin1'),
      'references/notbib.json': '{"name": "package", "version": "1.0.0"}',
      'references/readme.md': '# not matched',
      'references/z-ok.bib': '@misc{zok, title = {Z}}\n',
    });
    await mkdir(join(root, 'references/dir.yaml'));
    await writeFile(join(root, 'references/dir.yaml/inside.yaml'), item('inside'));
    await symlink('loop-b.yaml', join(root, 'references/loop-a.yaml'));
    await symlink('loop-a.yaml', join(root, 'references/loop-b.yaml'));
    await symlink('missing.yaml', join(root, 'references/dangling.yaml'));
    const bib = await loadBibliography(root);
    expect(bib.entries.map((e) => e.item.id)).toEqual(['ok', 'inside', 'zok']);
    expect(bib.problems.map((p) => [p.messageId, p.source.file, p.source.line])).toEqual([
      ['unreadable-file', 'references/dangling.yaml', 1],
      ['unreadable-file', 'references/dir.yaml', 1],
      ['empty-file', 'references/empty.yaml', 1],
      ['not-utf8', 'references/latin1.yaml', 1],
      ['unreadable-file', 'references/loop-a.yaml', 1],
      ['unreadable-file', 'references/loop-b.yaml', 1],
      ['not-bibliography', 'references/notbib.json', 1],
      ['unsupported-file', 'references/readme.md', 1],
    ]);
    expect(bib.problems.find((p) => p.source.file === 'references/loop-a.yaml')?.message).toMatch(/loop/);
  });

  it('reports a file it may not read', async (ctx) => {
    if (process.getuid?.() === 0) {
      console.warn('skipping the permission test: running as root, which reads any file');
      ctx.skip();
    }
    const root = await project({ 'references/secret.yaml': item('secret'), 'references/ok.yaml': item('ok') });
    await chmod(join(root, 'references/secret.yaml'), 0o000);
    const bib = await loadBibliography(root);
    expect(bib.entries.map((e) => e.item.id)).toEqual(['ok']);
    expect(bib.problems.map((p) => [p.messageId, p.source.file, p.source.line])).toEqual([['unreadable-file', 'references/secret.yaml', 1]]);
    expect(bib.problems[0]?.message).toMatch(/permission/);
  });

  it('loads MEDLINE, EndNote XML and `.txt` exports; reports every file it cannot read with the formats that would work', async () => {
    const root = await project({
      'references/pubmed.nbib': 'PMID- 123\nTI  - A title.\nFAU - Doe, Jane\nAU  - Doe J\nDP  - 2019 Mar\n',
      'references/saved/pubmed-set.txt': 'PMID- 456\nTI  - Another title.\nFAU - Roe, Rita\nAU  - Roe R\nDP  - 2020\n',
      'references/wos.txt': 'TY  - JOUR\nTI  - Third\nAU  - Poe, P\nPY  - 2021\nER  - \n',
      'references/endnote.xml': '<?xml version="1.0"?><xml><records><record><ref-type name="Journal Article">17</ref-type><contributors><authors><author>Zoe, Z.</author></authors></contributors><titles><title>Fourth</title></titles><dates><year>2018</year></dates></record></records></xml>',
      'references/screening.csv': 'title,authors,year\nA,B,2019\n',
      'references/old.enw': '%0 Journal Article\n%T Fifth\n',
      'references/paper.pdf': Buffer.from([0x25, 0x50, 0x44, 0x46, 0xff, 0xfe]),
      'references/.gitkeep': '',
      'references/.DS_Store': Buffer.from([0, 1, 2]),
    });
    const bib = await loadBibliography(root);
    expect(bib.entries.map((e) => [e.item.title, e.item.issued])).toEqual([
      ['Fourth', { 'date-parts': [[2018]] }],
      ['A title', { 'date-parts': [[2019, 3]] }],
      ['Another title', { 'date-parts': [[2020]] }],
      ['Third', { 'date-parts': [[2021]] }],
    ]);
    expect(bib.problems.map((p) => [p.messageId, p.source.file, p.source.line])).toEqual([
      ['unsupported-file', 'references/old.enw', 1],
      ['unsupported-file', 'references/paper.pdf', 1],
      ['unsupported-file', 'references/screening.csv', 1],
    ]);
    const csv = bib.problems.find((p) => p.source.file === 'references/screening.csv')?.message;
    expect(csv).toContain('spreadsheet');
    expect(csv).toContain('RIS (`.ris`)');
    expect(csv).toContain('PubMed MEDLINE (`.nbib`)');
  });

  it('follows configured patterns and is empty without references/', async () => {
    const root = await project({ 'bib/main.bib': '@misc{m, title = {M}}\n', 'references/x.yaml': item('x') });
    expect((await loadBibliography(root, { patterns: ['bib/*.bib'] })).entries.map((e) => e.item.id)).toEqual(['m']);
    const empty = await project({ 'articles/a.md': '# A' });
    expect(await loadBibliography(empty)).toEqual({ entries: [], rejected: [], byId: new Map(), problems: [], files: [] });
  });
});

describe('globToRegExp', () => {
  it.each([
    ['references/**/*.{yaml,yml}', 'references/a.yaml', true],
    ['references/**/*.{yaml,yml}', 'references/x/y/a.yml', true],
    ['references/**/*.{yaml,yml}', 'references/a.json', false],
    ['references/*.bib', 'references/x/a.bib', false],
    ['refs/?.ris', 'refs/a.ris', true],
  ])('%s matches %s: %s', (glob, path, expected) => {
    expect(globToRegExp(glob).test(path)).toBe(expected);
  });
});
