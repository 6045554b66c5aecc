import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadBibliography } from '../../src/bibliography/load.js';
import { addReferences, detectFormat, type AddSource } from '../../src/manage/add.js';
import { lookupSettings, type LookupSettings } from '../../src/lookup/index.js';
import type { AtomicFs } from '../../src/util/atomic.js';
import { nodeAtomicFs } from '../../src/util/atomic.js';
import { deadlineOnCue, startFixtureServer, type FixtureServer } from '../lookup/fixture-server.js';
import { cli, copyProject, FIXTURES, snapshot } from './helpers.js';

const IMPORTS = join(FIXTURES, 'manage', 'import');

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

/** A generous timeout; the held route (`10.9999/slow`) times out on cue, see `deadlineOnCue`. */
function lookup(base = server.url): LookupSettings {
  const settings = lookupSettings({ doiBaseUrl: `${base}/doi`, pubmedBaseUrl: `${base}/eutils`, contact: 'editor@example.org', timeoutMs: 30_000, retries: 1, backoffMs: 1 }, 'test');
  return { ...settings, http: { ...settings.http, deadline: deadlineOnCue(server) } };
}

const id = (text: string): AddSource => ({ kind: 'identifier', text });
const file = (name: string): AddSource => ({ kind: 'file', path: join(IMPORTS, name) });

async function configure(base = server.url): Promise<void> {
  await writeFile(
    join(root, 'citemark.config.json'),
    JSON.stringify({ lookup: { doiBaseUrl: `${base}/doi`, pubmedBaseUrl: `${base}/eutils`, contact: 'editor@example.org', timeoutMs: 30_000, retries: 1, backoffMs: 1 } }),
  );
}

describe('add by DOI and PMID through the local server', () => {
  it('adds a DOI as a canonical file with the key rule, inferred topics and a cache entry', async () => {
    const result = await addReferences({ root, sources: [id('https://doi.org/10.1111/BCP.12094')], lookup: lookup() });
    expect(result.problems).toEqual([]);
    expect(result.added.map((a) => a.id)).toEqual(['niesters2014ketamine']);
    expect(result.fetched).toBe(1);
    const text = await readFile(join(root, 'references/niesters2014ketamine.yaml'), 'utf8');
    expect(text).toMatch(/^id: niesters2014ketamine\ntype: article-journal\ntitle: "Ketamine for chronic pain: risks and benefits"\n/);
    expect(text).toContain('DOI: 10.1111/bcp.12094');
    expect(result.added[0]!.item.topics).toContain('ketamine');
    expect(result.added[0]!.topicsInferred).toBe(true);
    expect(existsSync(join(root, '.citemark/cache/doi/10.1111%2Fbcp.12094.json'))).toBe(true);
    const bib = await loadBibliography(root);
    expect(bib.problems).toEqual([]);
    expect(bib.byId.get('niesters2014ketamine')?.item.title).toBe('Ketamine for chronic pain: risks and benefits');
  });

  it('adds a PMID, keeps PubMed’s publication type as evidence', async () => {
    const result = await addReferences({ root, sources: [id('PMID:37417610')], lookup: lookup() });
    expect(result.added.map((a) => a.id)).toEqual(['tsubaki2023longterm']);
    expect(result.added[0]!.item).toMatchObject({ PMID: '37417610', PMCID: 'PMC10328660', evidence: 'cohort' });
    expect(result.added[0]!.item.topics).toContain('cbt');
  });

  it('a second add needs no network: the cache answers with the server stopped', async () => {
    const dead = 'http://127.0.0.1:9';
    await addReferences({ root, sources: [id('10.1111/bcp.12094')], lookup: lookup() });
    const again = await addReferences({ root, sources: [id('doi:10.1111/bcp.12094')], lookup: lookup(dead) });
    expect(again.cacheHits).toBe(1);
    expect(again.fetched).toBe(0);
    expect(again.problems).toEqual([]);
    // The same work is already there: refused, not added.
    expect(again.refused).toHaveLength(1);
    expect(again.refused[0]!.duplicates[0]).toMatchObject({ id: 'niesters2014ketamine', file: 'references/niesters2014ketamine.yaml' });
    const forced = await addReferences({ root, sources: [id('10.1111/bcp.12094')], lookup: lookup(dead), force: true });
    expect(forced.added.map((a) => a.id)).toEqual(['niesters2014ketaminea']);
    expect(forced.added[0]!.duplicates).toEqual(['niesters2014ketamine']);
  });

  it.each([
    ['10.9999/missing', /not found \(HTTP 404/],
    ['10.9999/slow', /within 30000 ms/],
    ['10.9999/broken', /did not answer with JSON/],
    ['10.9999/limited', /HTTP 429 after 2 attempts/],
  ])('%s: reports the failure; the other DOI of the run is still added', async (doi, message) => {
    const result = await addReferences({ root, sources: [id('10.1111/bcp.12094'), id(doi)], lookup: lookup() });
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.message).toMatch(message);
    // Per record: the failed look-up needs attention, the good one is written.
    expect(result.attention).toEqual([{ origin: `doi:${doi}`, added: false, reasons: [expect.stringMatching(message)] }]);
    expect(result.added.map((a) => a.id)).toEqual(['niesters2014ketamine']);
    expect(result.written).toBe(true);
  });

  it('--strict: a failed look-up writes nothing at all', async () => {
    const before = await snapshot(root);
    const result = await addReferences({ root, sources: [id('10.1111/bcp.12094'), id('10.9999/missing')], lookup: lookup(), strict: true });
    expect(result.attention).toHaveLength(1);
    expect(result.written).toBe(false);
    expect(await snapshot(root)).toEqual(before);
  });

  it('refuses what is not an identifier or a file', async () => {
    const result = await addReferences({ root, sources: [id('ketamine review')], lookup: lookup() });
    expect(result.problems[0]!.message).toContain('`ketamine review` is not a DOI, a PMID or a file');
  });

  it('duplicate refusal: the PMID of an item already in the bibliography', async () => {
    const result = await addReferences({ root, sources: [id('31082965')], lookup: lookup() });
    expect(result.added).toEqual([]);
    expect(result.refused[0]!.duplicates.map((d) => d.id)).toEqual(['orhurhu2019ketamine']);
    expect(existsSync(join(root, 'references/orhurhu2019ketaminea.yaml'))).toBe(false);
  });
});

describe('add from files', () => {
  it('imports a Zotero Better BibTeX export, LaTeX accents decoded, keeping its keys', async () => {
    const result = await addReferences({ root, sources: [file('zotero-better-bibtex.bib')], lookup: lookup() });
    expect(result.problems).toEqual([]);
    // Articles already cite `[@moreauVirtualRealityAcute2024]`: the source's pandoc keys are kept (SPEC §2).
    expect(result.added.map((a) => [a.originalId, a.id])).toEqual([
      ['moreauVirtualRealityAcute2024', 'moreauVirtualRealityAcute2024'],
      ['sjogrenOpioidUseChronic2009', 'sjogrenOpioidUseChronic2009'],
      ['mullerFibromyalgieUndSchmerz2021', 'mullerFibromyalgieUndSchmerz2021'],
    ]);
    const rekeyed = await addReferences({ root: (await copyProject('manage/project')).root, sources: [file('zotero-better-bibtex.bib')], lookup: lookup(), rekey: true });
    expect(rekeyed.added.map((a) => a.id)).toEqual(['moreau2024virtual', 'sjogren2009opioid', 'muller2021uber']);
    const moreau = result.added[0]!.item;
    expect(moreau.author?.[1]).toEqual({ family: 'Thérond', given: 'Alexandra' });
    expect(moreau.page).toBe('893-928');
    expect(moreau.topics).toContain('virtual-reality');
    const sjogren = result.added[1]!.item;
    expect(sjogren.author?.map((a) => a.family)).toEqual(['Sjøgren', 'Grønbæk', 'Peuckmann', 'Ekholm']);
    expect(sjogren.topics).toContain('opioids');
    const muller = result.added[2]!.item;
    expect(muller.title).toBe('Über Fibromyalgie und zentrale Sensibilisierung');
    expect(muller.author?.[1]).toMatchObject({ family: 'Ibáñez', given: 'Nuria' });
    const written = await readFile(join(root, 'references/mullerFibromyalgieUndSchmerz2021.yaml'), 'utf8');
    expect(written).toContain('Über Fibromyalgie');
  });

  it('imports RIS and CSL-JSON; the duplicate of an existing item is refused, the rest added', async () => {
    const result = await addReferences({ root, sources: [file('colleague.ris'), file('zotero-csl.json')], lookup: lookup() });
    expect(result.problems).toEqual([]);
    expect(result.added.map((a) => a.id)).toEqual(['tsubaki2023longterm', 'niesters2014ketamine']);
    expect(result.added[0]!.item).toMatchObject({ DOI: '10.1097/MD.0000000000034253', page: 'e34253', volume: '102' });
    // The Zotero item with a URL for an id gets a key by the rule, not a file named after the URL.
    expect(result.added[1]!.originalId).toMatch(/^http:\/\/zotero\.org/);
    // Zotero writes the year as a string; the canonical file holds a number.
    expect(result.added[1]!.item.issued).toEqual({ 'date-parts': [[2014, 2]] });
    expect(result.refused).toHaveLength(1);
    expect(result.refused[0]!.duplicates.map((d) => d.id)).toEqual(['orhurhu2019ketamine']);
  });

  it('two inputs for one work: the first is added, the second refused as its duplicate', async () => {
    const result = await addReferences({ root, sources: [id('10.1111/bcp.12094'), file('zotero-csl.json')], lookup: lookup() });
    expect(result.added.map((a) => a.id)).toEqual(['niesters2014ketamine']);
    expect(result.refused.map((r) => r.duplicates[0]!.id).sort()).toEqual(['niesters2014ketamine', 'orhurhu2019ketamine']);
  });

  it('an invalid item in a file is reported with its line; the others are added (--strict: none)', async () => {
    const bad = join(root, 'bad.json');
    await writeFile(bad, JSON.stringify([{ id: 'x', type: 'article-journal', title: 'Fine', author: [{ family: 'A' }], issued: { 'date-parts': [[2020]] } }, { id: 'y', type: 'jornal' }], null, 1));
    const before = await snapshot(join(root, 'references'));
    const strict = await addReferences({ root, sources: [{ kind: 'file', path: bad }], lookup: lookup(), strict: true });
    expect(strict.written).toBe(false);
    expect(await snapshot(join(root, 'references'))).toEqual(before);
    const result = await addReferences({ root, sources: [{ kind: 'file', path: bad }], lookup: lookup() });
    expect(result.problems.some((p) => p.message.includes('did you mean `article`') || p.message.includes('not a CSL type'))).toBe(true);
    expect(result.added.map((a) => a.id)).toEqual(['x']);
    expect(result.attention).toEqual([{ origin: 'bad.json:19', added: false, reasons: [expect.stringContaining('`jornal`')] }]);
  });

  it('a write failure leaves the bibliography as it was', async () => {
    let renames = 0;
    const failing: AtomicFs = {
      ...nodeAtomicFs,
      async rename(from, to) {
        if (++renames === 2) throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
        await nodeAtomicFs.rename(from, to);
      },
    };
    const before = await snapshot(root);
    await expect(addReferences({ root, sources: [file('zotero-better-bibtex.bib')], lookup: lookup(), fs: failing })).rejects.toThrow('disk full');
    expect(await snapshot(root)).toEqual(before);
  });

  it('the key rule: taken keys get a, b…; ASCII only', async () => {
    await writeFile(join(root, 'references/moreau2024virtual.yaml'), 'id: moreau2024virtual\ntype: article-journal\ntitle: Another virtual paper\nauthor:\n  - family: Moreau\n    given: Q.\nissued:\n  date-parts: [[2024]]\n');
    await writeFile(join(root, 'references/moreau2024virtuala.yaml'), 'id: moreau2024virtuala\ntype: article-journal\ntitle: Yet another virtual paper\nauthor:\n  - family: Moreau\n    given: R.\nissued:\n  date-parts: [[2024]]\n');
    const result = await addReferences({ root, sources: [file('zotero-better-bibtex.bib')], lookup: lookup(), rekey: true });
    expect(result.added[0]!.id).toBe('moreau2024virtualb');
    for (const a of result.added) expect(a.id).toMatch(/^[a-z0-9]+$/);
  });
});

describe('citemark add (CLI)', () => {
  it('--dry-run prints the canonical file and writes nothing', async () => {
    await configure();
    const before = await snapshot(root);
    const out = await cli(['add', '10.1111/bcp.12094', '--dry-run'], root);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('Would write references/niesters2014ketamine.yaml from doi:10.1111/bcp.12094:\nid: niesters2014ketamine\n');
    expect(await snapshot(root)).toEqual(before);
  });

  it('adds a file and a PMID, refuses a repeat with a hint and a summary; a refusal alone exits 0', async () => {
    await configure();
    const first = await cli(['add', join(IMPORTS, 'colleague.ris'), 'PMID 31082965'], root);
    expect(first.stdout).toMatch(/Added `tsubaki2023longterm` → references\/tsubaki2023longterm.yaml from .*colleague.ris:1\n/);
    expect(first.stderr).toContain('not added: pmid:31082965 is the same work as `orhurhu2019ketamine` (references/orhurhu2019ketamine.yaml:1)');
    expect(first.stderr).toContain('Added 1, updated 0, refused 1 as a duplicate; nothing needs attention.');
    expect(first.code).toBe(0);
  });

  it('reads BibTeX from standard input', async () => {
    await configure();
    const bib = await readFile(join(IMPORTS, 'zotero-better-bibtex.bib'), 'utf8');
    const out = await cli(['add', '-'], root, bib);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('Added `sjogrenOpioidUseChronic2009`');
  });

  it('a failed look-up needs attention: exit 1, and nothing was written', async () => {
    await configure();
    const out = await cli(['add', '10.9999/missing'], root);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('nothing was written');
  });

  it('no arguments is a usage error', async () => {
    expect((await cli(['add'], root)).code).toBe(2);
  });
});

describe('detectFormat', () => {
  it('tells BibTeX, RIS, JSON and YAML apart', () => {
    expect(detectFormat('\n@article{x,}')).toBe('bib');
    expect(detectFormat('TY  - JOUR\nER  - ')).toBe('ris');
    expect(detectFormat('[{"id":"x"}]')).toBe('json');
    expect(detectFormat('id: x\ntype: book')).toBe('yaml');
  });
});
