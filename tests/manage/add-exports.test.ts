/**
 * `citemark add` of real-shaped exports: per record, a summary, exit 1 only
 * when something needs attention, `--strict`, the source's keys kept,
 * refusals that show what differs, and `--update`.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addReferences, type AddSource } from '../../src/manage/add.js';
import { lookupSettings, type LookupSettings } from '../../src/lookup/index.js';
import { startFixtureServer, type FixtureServer } from '../lookup/fixture-server.js';
import { cli, copyProject, FIXTURES, snapshot } from './helpers.js';

const EXPORTS = join(FIXTURES, 'bibliography', 'exports');

let server: FixtureServer;
let root: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  ({ root, cleanup } = await copyProject('manage/project'));
});
afterEach(async () => {
  await cleanup();
});

function lookup(): LookupSettings {
  return lookupSettings({ doiBaseUrl: `${server.url}/doi`, pubmedBaseUrl: `${server.url}/eutils`, contact: 'editor@example.org', timeoutMs: 5000, retries: 1, backoffMs: 1 }, 'test');
}

const file = (name: string): AddSource => ({ kind: 'file', path: join(EXPORTS, name) });
const text = (name: string, body: string): AddSource => ({ kind: 'text', text: body, name });

async function configure(): Promise<void> {
  await writeFile(join(root, 'citemark.config.json'), JSON.stringify({ lookup: { doiBaseUrl: `${server.url}/doi`, pubmedBaseUrl: `${server.url}/eutils`, contact: 'editor@example.org', timeoutMs: 5000, retries: 1, backoffMs: 1 } }));
}

describe('add, record by record', () => {
  it('adds every record of a Web of Science export; the one with a bad DOI is added with the DOI in note and needs attention', async () => {
    const result = await addReferences({ root, sources: [file('wos.ris')], lookup: lookup() });
    expect(result.added.map((a) => a.id)).toEqual(['sakamoto2021lowdose', 'larsen2019spinal', 'huang2012ketamine', 'okafor2020pain', 'moreno2018acupuncture', 'okaforndwearable']);
    expect(result.attention).toEqual([{ origin: expect.stringMatching(/wos\.ris:58$/), added: true, reasons: [expect.stringContaining('10.5555/ s12875-020-0004')] }]);
    // Run-together names are warnings: listed, not a reason for attention.
    expect(result.problems.filter((p) => p.severity === 'warning').map((p) => p.messageId)).toEqual(['run-together-name', 'run-together-name']);
    const okafor = await readFile(join(root, 'references/okafor2020pain.yaml'), 'utf8');
    expect(okafor).toContain('DOI as exported: 10.5555/ s12875-020-0004');
    expect(okafor).not.toContain('\nDOI:');
  });

  it('one entry that does not parse is reported with file, line and reason; the others are added', async () => {
    const bib = `@article{good2019,\n  title = {Fine},\n  author = {Roe, R.},\n  year = {2019}\n}\n\n@article{broken2019,\n  title = {Unbalanced {brace},\n  year = {2019}\n\n@article{also2020,\n  title = {Also fine},\n  author = {Poe, P.},\n  year = {2020}\n}\n`;
    const result = await addReferences({ root, sources: [text('lib.bib', bib)], lookup: lookup() });
    expect(result.added.map((a) => a.id).sort()).toEqual(['also2020', 'good2019']);
    expect(result.attention).toEqual([{ origin: 'lib.bib:7', added: false, reasons: [expect.stringContaining('`broken2019`')] }]);
    expect(result.problems.find((p) => p.messageId === 'parse-error')).toMatchObject({ file: 'lib.bib', line: 7 });
  });

  it('reads PubMed MEDLINE and EndNote XML', async () => {
    const result = await addReferences({ root, sources: [file('pubmed.nbib')], lookup: lookup() });
    expect(result.added.map((a) => [a.id, a.item.PMID])).toEqual([
      ['brennan2019mindfulness', '31234567'],
      ['dubois2020ketamine', '30000001'],
      ['nguyen2018pain', '29000002'],
    ]);
    const endnote = await addReferences({ root, sources: [file('endnote.xml')], lookup: lookup(), dryRun: true });
    // The EndNote copy of Brennan 2019 is the same work (same DOI): refused, naming the file it was just written to.
    expect(endnote.refused.map((r) => r.duplicates[0]?.file)).toEqual(['references/brennan2019mindfulness.yaml']);
    expect(endnote.added.map((a) => a.id)).toEqual(['whitfield2015opioid']);
  });

  it('a file of a format it cannot read is reported with the formats that work', async () => {
    await writeFile(join(root, 'export.csv'), 'title,year\nA,2019\n');
    const result = await addReferences({ root, sources: [{ kind: 'file', path: join(root, 'export.csv') }], lookup: lookup() });
    expect(result.attention).toHaveLength(1);
    expect(result.problems[0]?.message).toMatch(/export it as .*RIS \(`\.ris`\).*PubMed MEDLINE \(`\.nbib`\).*EndNote XML/);
  });
});

describe('keys', () => {
  it('keeps the keys of a BibTeX export; --rekey makes citemark’s own', async () => {
    const kept = await addReferences({ root, sources: [file('zotero.bib')], lookup: lookup(), dryRun: true });
    expect(kept.added.map((a) => a.id)).toEqual(['madany_canine_2006', 'huang_ketamine_2012']);
    const rekeyed = await addReferences({ root, sources: [file('zotero.bib')], lookup: lookup(), dryRun: true, rekey: true });
    expect(rekeyed.added.map((a) => [a.originalId, a.id])).toEqual([
      ['madany_canine_2006', 'madany2006canine'],
      ['huang_ketamine_2012', 'huang2012ketamine'],
    ]);
  });

  it('a source key taken by another work gets citemark’s key, with a warning naming both', async () => {
    await writeFile(join(root, 'references/Brennan2019.yaml'), 'id: Brennan2019\ntype: article-journal\ntitle: A different paper\nauthor: [{family: Brennan, given: T.}]\nissued: {date-parts: [[2019]]}\n');
    const result = await addReferences({ root, sources: [file('mendeley.bib')], lookup: lookup(), dryRun: true });
    expect(result.added.map((a) => a.id)).toEqual(['brennan2019mindfulness']);
    expect(result.problems).toEqual([expect.objectContaining({ severity: 'warning', messageId: 'key-taken', message: expect.stringContaining('`Brennan2019`') })]);
  });
});

describe('a later copy of a known work', () => {
  const badHuang = 'id: huang16ketamine\ntype: article-journal\ntitle: "Ketamine and cognition in older adults: a randomized trial"\nauthor: [{family: Huang, given: Wei}]\nissued: {date-parts: [[16, 5]]}\nDOI: 10.5555/jpr.2012.0003\n';

  it('is refused with the fields that differ, naming its own place, never an internal marker', async () => {
    await writeFile(join(root, 'references/huang16ketamine.yaml'), badHuang);
    await configure();
    const run = await cli(['add', join(EXPORTS, 'wos.ris'), join(EXPORTS, 'zotero.bib')], root);
    expect(run.stderr).toMatch(/not added: .*wos\.ris:44 is the same work as `huang16ketamine` \(references\/huang16ketamine\.yaml:1\); they differ on [^\n]*issued: 16 vs 2012/);
    // Two copies in one run: the second names the first by its file and line.
    expect(run.stderr).toMatch(/not added: .*zotero\.bib:23 is the same work as `huang16ketamine`/);
    // eslint-disable-next-line no-control-regex -- no NUL may leak into a message
    expect(run.stderr).not.toMatch(/\uffff|\u0000|new:\d/);
    expect(run.stderr).toMatch(/Added 6, updated 0, refused 2 as duplicates; 2 records need attention \(0 not added, 2 added with a value kept in `note`\)\./);
    expect(run.code).toBe(1);
  });

  it('--update from an export fills missing fields but never replaces one', async () => {
    await writeFile(join(root, 'references/huang16ketamine.yaml'), badHuang);
    const result = await addReferences({ root, sources: [file('wos.ris')], lookup: lookup(), update: true });
    expect(result.updated).toEqual([expect.objectContaining({ id: 'huang16ketamine', filled: expect.arrayContaining(['page', 'volume', 'ISSN']), replaced: [] })]);
    const written = await readFile(join(root, 'references/huang16ketamine.yaml'), 'utf8');
    expect(written).toContain('date-parts: [[16, 5]]');
    expect(written).toContain('page: 101-108');
  });

  it('--update from a DOI look-up corrects wrong fields and notes what changed', async () => {
    await writeFile(join(root, 'references/niesters2013ketamine.yaml'), 'id: niesters2013ketamine\ntype: article-journal\ntitle: "Ketamine for chronic pain: risks and benefits"\nauthor: [{family: Niesters, given: Marieke}]\nissued: {date-parts: [[2013]]}\nDOI: 10.1111/bcp.12094\ntopics: [ketamine]\n');
    await configure();
    const run = await cli(['add', '--update', '10.1111/bcp.12094'], root);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Updated `niesters2013ketamine` \(references\/niesters2013ketamine\.yaml\) from doi:10\.1111\/bcp\.12094: filled [^\n]*`page`[^\n]*; `issued`: 2013 → 2014/);
    const written = await readFile(join(root, 'references/niesters2013ketamine.yaml'), 'utf8');
    expect(written).toMatch(/date-parts: \[\[2014/);
    expect(written).toContain('issued was 2013');
    expect(written).toContain('- ketamine');
    expect(existsSync(join(root, 'references/niesters2014ketamine.yaml'))).toBe(false);
  });

  it('--update of an item in a shared BibTeX file moves it to its own file and cuts its record, the other records kept byte for byte', async () => {
    const other = '@misc{other, title = {Other}, year = {2000}}\n';
    await writeFile(join(root, 'references/library.bib'), `@article{huang16,\n  title = {Ketamine and cognition in older adults: a randomized trial},\n  author = {Huang, Wei},\n  year = {2011},\n  doi = {10.5555/jpr.2012.0003}\n}\n\n${other}`);
    await configure();
    const run = await cli(['add', '--update', join(EXPORTS, 'wos.ris')], root);
    expect(run.stdout).toMatch(/Updated `huang16` \(references\/huang16\.yaml, moved out of references\/library\.bib, whose format cannot hold every field\) from \S+: filled [^\n]*`page`/);
    expect(await readFile(join(root, 'references/library.bib'), 'utf8')).toBe(other);
    const moved = await readFile(join(root, 'references/huang16.yaml'), 'utf8');
    expect(moved).toContain('id: huang16\n');
    expect(moved).toContain('page: 101-108');
    const lint = await cli(['lint', '--format', 'json'], root);
    expect(lint.stdout).not.toContain('duplicate-id');
  });

  it('--update replaces items where they stand in a shared CSL-JSON file, two in one run', async () => {
    const library = [
      { id: 'huang16', type: 'article-journal', title: 'Ketamine and cognition in older adults: a randomized trial', author: [{ family: 'Huang', given: 'Wei' }], issued: { 'date-parts': [[2011]] }, DOI: '10.5555/jpr.2012.0003' },
      { id: 'keep', type: 'webpage', title: 'Untouched' },
    ];
    await writeFile(join(root, 'references/library.json'), `${JSON.stringify(library, null, 2)}\n`);
    const result = await addReferences({ root, sources: [file('wos.ris')], lookup: lookup(), update: true });
    expect(result.updated.map((u) => [u.id, u.file, u.movedFrom])).toEqual([['huang16', 'references/library.json', undefined]]);
    const written = JSON.parse(await readFile(join(root, 'references/library.json'), 'utf8')) as { id: string; page?: string; title: string }[];
    expect(written.map((i) => i.id)).toEqual(['huang16', 'keep']);
    expect(written[0]?.page).toBe('101-108');
    expect(written[1]?.title).toBe('Untouched');
  });
});

describe('--strict', () => {
  it('writes nothing when a record needs attention, and exits 1', async () => {
    await configure();
    const before = await snapshot(root);
    const run = await cli(['add', '--strict', join(EXPORTS, 'wos.ris')], root);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--strict: nothing was written.');
    expect(await snapshot(root)).toEqual(before);
  });

  it('writes everything when nothing needs attention; warnings alone exit 0', async () => {
    await configure();
    const run = await cli(['add', '--strict', join(EXPORTS, 'mendeley.bib')], root);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Added 1, updated 0, refused 0 as duplicates; nothing needs attention.');
  });
});
