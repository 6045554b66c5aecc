/**
 * `citemark import --lookup` for references printed without a DOI: a search
 * of Crossref by the printed text (`query.bibliographic`) on a local server
 * that answers as Crossref's REST API does, with works made up for the test.
 * A candidate is accepted only when its title, first author and year agree
 * with the printing; then it fills what the printing lacks and nothing else.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { describeSearch } from '../../src/cli/import.js';
import { validateCandidate } from '../../src/import/bibliographic.js';
import { importFiles } from '../../src/import/project.js';
import { lookupSettings } from '../../src/lookup/index.js';
import { emptyProject } from '../helpers/fs.js';

function work(fields: { title: string; family: string; year: number; doi: string; volume?: string; page?: string; journal?: string }) {
  return {
    DOI: fields.doi,
    type: 'journal-article',
    title: [fields.title],
    author: [{ family: fields.family, given: 'A.', sequence: 'first' }],
    issued: { 'date-parts': [[fields.year]] },
    'container-title': [fields.journal ?? 'Journal of Invented Pain Research'],
    ...(fields.volume ? { volume: fields.volume } : {}),
    ...(fields.page ? { page: fields.page } : {}),
    score: 80,
  };
}

const INFUSIONS = work({ title: 'Infusions for nerve pain: a review', family: 'Okafor', year: 2020, doi: '10.5555/infusions.2020', volume: '8', page: '100-109' });
const SLEEP = work({ title: 'Sleep and chronic pain in older adults', family: 'Lind', year: 2015, doi: '10.5555/sleep.2015', volume: '3', page: '1-9' });
const UNRELATED = work({ title: 'Soil microbes in alpine meadows', family: 'Berg', year: 2001, doi: '10.5555/soil.2001' });

let server: Server;
let base = '';
const queries: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/crossref/works') {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const query = url.searchParams.get('query.bibliographic') ?? '';
    queries.push(query);
    // Crossref ranks by text; this stand-in answers by the first author printed.
    const items = query.startsWith('Okafor') ? [UNRELATED, INFUSIONS] : query.startsWith('Lind') ? [SLEEP] : [UNRELATED];
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok', 'message-type': 'work-list', message: { 'total-results': items.length, items } }));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
});

const settings = () =>
  lookupSettings({ doiBaseUrl: `${base}/doi`, pubmedBaseUrl: `${base}/eutils`, crossrefBaseUrl: `${base}/crossref`, contact: 'editor@example.org', retries: 0 }, 'test');

const ARTICLE = [
  'Nerve pain',
  '',
  'Infusions help some people [1]. Sleep matters too [2]. A third claim [3].',
  '',
  'References',
  '',
  '1. Okafor T, Lind P. Infusions for nerve pain: a review. J Invented Pain Res. 2020.',
  '2. Lind P. Sleep and chronic pain in older adults. J Invented Pain Res. 2019;4:1-9.',
  '3. Haddad M. A study nobody indexed. Local Bulletin. 2018;2:5-6.',
  '',
].join('\n');

describe('import --lookup without a DOI', () => {
  it('accepts a validated match and fills only what the printing lacks; reports a weak match and no match', async () => {
    const root = emptyProject('citemark-import-search-');
    writeFileSync(join(root, 'in.txt'), ARTICLE);
    const result = await importFiles(root, ['in.txt'], { lookup: settings() });
    expect(result.referenceChecks.map((c) => c.outcome)).toEqual(['matched', 'weak', 'none']);
    const [infusions, sleep, none] = result.referenceChecks;
    expect(infusions?.doi).toBe('10.5555/infusions.2020');
    expect(infusions?.filled).toEqual(expect.arrayContaining(['DOI', 'volume', 'page']));
    const item = parseYaml(readFileSync(join(root, 'references', `${infusions?.key}.yaml`), 'utf8')) as Record<string, unknown>;
    expect(item).toMatchObject({ DOI: '10.5555/infusions.2020', volume: '8', page: '100-109', 'container-title': 'J Invented Pain Res' });
    // Printed 2019, recorded 2015: the title agrees but the year does not, so nothing is taken from the record.
    expect(sleep?.disagreements).toEqual(['year `2015`']);
    expect(result.needsAttention).toBe(true);
    expect(none?.outcome).toBe('none');
    expect(describeSearch(none!)).toMatch(/no work in Crossref matches/);
    expect(queries.some((q) => q.startsWith('Okafor T, Lind P. Infusions for nerve pain'))).toBe(true);
  });
});

describe('validateCandidate', () => {
  const printed = { id: 'x', type: 'article-journal' as const, title: 'Sleep and chronic pain in older adults', author: [{ family: 'Lind', given: 'P.' }], issued: { 'date-parts': [[2015]] } };
  const text = 'Lind P. Sleep and chronic pain in older adults. J Invented Pain Res. 2015;3:1-9.';
  const record = (over: Record<string, unknown>) => ({ title: 'Sleep and chronic pain in older adults', author: [{ family: 'Lind' }], issued: { 'date-parts': [[2015]] }, ...over });

  it('accepts title, first author and year in agreement (a year either side allowed)', () => {
    expect(validateCandidate(printed, text, record({})).verdict).toBe('same');
    expect(validateCandidate(printed, text, record({ issued: { 'date-parts': [[2016]] } })).verdict).toBe('same');
  });

  it('calls a match weak when the title agrees but the author or year does not', () => {
    const other = validateCandidate(printed, text, record({ author: [{ family: 'Moreau' }] }));
    expect(other).toEqual({ verdict: 'weak', disagreements: ['first author `moreau`'] });
    expect(validateCandidate(printed, text, record({ issued: { 'date-parts': [[2009]] } })).verdict).toBe('weak');
  });

  it('rejects another title', () => {
    expect(validateCandidate(printed, text, record({ title: 'Soil microbes in alpine meadows' })).verdict).toBe('other');
  });

  it('reports a weak match in words and does not fill it', async () => {
    const root = emptyProject('citemark-import-search-');
    writeFileSync(join(root, 'in.txt'), 'Claim [1].\n\nReferences\n\n1. Lind P. Sleep and chronic pain in older adults. J Invented Pain Res. 2009;3:1-9.\n');
    const result = await importFiles(root, ['in.txt'], { lookup: settings(), dryRun: true });
    const [check] = result.referenceChecks;
    expect(check?.outcome).toBe('weak');
    expect(check?.filled).toEqual([]);
    expect(result.needsAttention).toBe(true);
    expect(describeSearch(check!)).toMatch(/weak match in Crossref, “Sleep and chronic pain in older adults” \(DOI `10\.5555\/sleep\.2015`\), which disagrees on year `2015`; nothing was filled/);
    expect(result.references[0]?.content).not.toContain('10.5555');
  });

  it('reads a second run from the cache, without asking the server', async () => {
    const root = emptyProject('citemark-import-search-');
    writeFileSync(join(root, 'in.txt'), ARTICLE);
    await importFiles(root, ['in.txt'], { lookup: settings() });
    const asked = queries.length;
    // The same references again, as new works: the bibliography and articles go, the cache stays.
    for (const dir of ['references', 'articles']) {
      rmSync(join(root, dir), { recursive: true });
      mkdirSync(join(root, dir));
    }
    const again = await importFiles(root, ['in.txt'], { lookup: settings(), dryRun: true });
    expect(queries.length).toBe(asked);
    expect(again.referenceChecks.map((c) => c.outcome)).toEqual(['matched', 'weak', 'none']);
  });
});
