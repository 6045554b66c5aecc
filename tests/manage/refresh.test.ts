/**
 * `citemark refresh` against a server on 127.0.0.1 that answers like
 * Crossref's REST API and NCBI E-utilities (records written for this test
 * after the services' documented fields).
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { lookupSettings } from '../../src/lookup/index.js';
import { refreshReferences } from '../../src/manage/refresh.js';
import { citemark, tempProject } from '../helpers/cli.js';

const works: Record<string, unknown> = {
  '10.1000/retracted.1': { DOI: '10.1000/retracted.1', title: ['A trial'], 'updated-by': [{ type: 'retraction', DOI: '10.1000/notice.1', source: 'retraction-watch', label: 'Retraction', updated: { 'date-parts': [[2022, 5, 9]] } }] },
  '10.1000/fine.2': { DOI: '10.1000/fine.2', title: ['A review'], 'updated-by': [{ type: 'correction', DOI: '10.1000/erratum.2', updated: { 'date-parts': [[2021, 1, 2]] } }] },
};
const medline: Record<string, string> = {
  '111': 'PMID- 111\nTI  - Ketamine for pain.\nPT  - Journal Article\nPT  - Retracted Publication\nRIN - Pain Med. 2020 Jan;21(1):200. PMID: 999\nMH  - Humans\nMH  - *Ketamine/therapeutic use\nMH  - Pain, Intractable/drug therapy\n',
  '222': 'PMID- 222\nTI  - Stimulation.\nPT  - Review\nMH  - *Spinal Cord Stimulation\n',
};

let server: Server;
let base = '';
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url.pathname + url.search);
    const send = (status: number, body: string, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (url.pathname.startsWith('/crossref/')) {
      const doi = decodeURIComponent(url.pathname.slice('/crossref/'.length).replace(/^works\//, ''));
      const work = works[doi];
      return work ? send(200, JSON.stringify({ status: 'ok', 'message-type': 'work', message: work })) : send(404, 'Resource not found.', 'text/plain');
    }
    if (url.pathname === '/eutils/esummary.fcgi') {
      const id = url.searchParams.get('id')!;
      const doc = { uid: id, title: id === '111' ? 'Ketamine for pain.' : 'Stimulation.', authors: [{ name: 'Smith A', authtype: 'Author' }], pubdate: '2019 Mar', fulljournalname: 'Pain Medicine', pubtype: id === '111' ? ['Journal Article', 'Retracted Publication'] : ['Review'] };
      return send(200, JSON.stringify({ result: { uids: [id], [id]: doc } }));
    }
    if (url.pathname === '/eutils/esearch.fcgi') {
      const term = url.searchParams.get('term') ?? '';
      return send(200, JSON.stringify({ esearchresult: { idlist: term.startsWith('10.1000/fine.2') ? ['222'] : [] } }));
    }
    if (url.pathname === '/eutils/efetch.fcgi') {
      const text = medline[url.searchParams.get('id') ?? ''];
      return text ? send(200, text, 'text/plain') : send(404, 'not found', 'text/plain');
    }
    send(404, 'not found', 'text/plain');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const item = (id: string, extra: string) => `id: ${id}\ntype: article-journal\ntitle: Work ${id}\nauthor:\n  - family: Smith\n    given: Ann\nissued:\n  date-parts:\n    - [2019]\n${extra}`;

function project(): string {
  return tempProject({
    'articles/a.md': 'Text [@ret2019].\n',
    'references/ret2019.yaml': item('ret2019', 'DOI: 10.1000/retracted.1\n'),
    'references/fine2020.yaml': item('fine2020', 'DOI: 10.1000/fine.2\n'),
    'references/pm2018.yaml': item('pm2018', 'PMID: "111"\n'),
    'references/nothing.yaml': item('nothing', ''),
    'references/both.json': JSON.stringify([
      { id: 'multi1', type: 'article-journal', title: 'M1', author: [{ family: 'X' }], DOI: '10.1000/retracted.1' },
      { id: 'multi2', type: 'article-journal', title: 'M2', author: [{ family: 'Y' }] },
    ]),
    'citemark.config.json': JSON.stringify({ lookup: { crossrefBaseUrl: `${base}/crossref`, pubmedBaseUrl: `${base}/eutils`, doiBaseUrl: `${base}/doi`, retries: 0 } }),
  });
}

const settings = () => ({ ...lookupSettings({ pubmedBaseUrl: `${base}/eutils`, doiBaseUrl: `${base}/doi`, retries: 0 }, 'test') });
const readItem = (root: string, key: string) => parse(readFileSync(join(root, 'references', `${key}.yaml`), 'utf8')) as Record<string, unknown>;

describe('citemark refresh', () => {
  it('records new retractions, corrections and MeSH headings, and writes only single-item files', async () => {
    const root = project();
    const result = await refreshReferences({ root, lookup: settings(), crossrefBaseUrl: `${base}/crossref`, intervalMs: 0 });
    expect(result.checked).toBe(4);
    expect(readItem(root, 'ret2019').retracted).toEqual({ date: '2022-05-09', notice: 'Retraction notice https://doi.org/10.1000/notice.1 (Retraction Watch)' });
    const pm = readItem(root, 'pm2018');
    expect(pm.retracted).toMatchObject({ notice: expect.stringContaining('Retracted Publication') });
    expect(pm.mesh).toEqual([{ name: 'Humans' }, { name: 'Ketamine', major: true }, { name: 'Pain, Intractable' }]);
    const fine = readItem(root, 'fine2020');
    expect(fine.retracted).toBeUndefined();
    expect(fine.note).toContain('Correction: https://doi.org/10.1000/erratum.2');
    expect(fine.mesh).toEqual([{ name: 'Spinal Cord Stimulation', major: true }]);
    expect(fine.PMID).toBe('222');
    const multi = result.changed.find((c) => c.id === 'multi1')!;
    expect(multi).toMatchObject({ file: 'references/both.json', written: false });
    expect(readFileSync(join(root, 'references/both.json'), 'utf8')).not.toContain('"retracted":');
  });

  it('answers from the cache while it is fresh, and asks again once it is older than --max-age', async () => {
    const root = project();
    await refreshReferences({ root, lookup: settings(), crossrefBaseUrl: `${base}/crossref`, intervalMs: 0 });
    const again = await refreshReferences({ root, lookup: settings(), crossrefBaseUrl: `${base}/crossref`, intervalMs: 0 });
    expect(again.fetched).toBe(0);
    expect(again.changed).toEqual([expect.objectContaining({ id: 'multi1', written: false })]);
    const later = await refreshReferences({ root, lookup: settings(), crossrefBaseUrl: `${base}/crossref`, intervalMs: 0, maxAgeDays: 0, mesh: false });
    // Four items, three identifiers: the two items with one DOI are asked about once.
    expect(later.fetched).toBe(3);
  });

  it('waits between requests (rate limit), without real waiting in the test', async () => {
    const root = project();
    let clock = 0;
    const waits: number[] = [];
    await refreshReferences({
      root,
      lookup: settings(),
      crossrefBaseUrl: `${base}/crossref`,
      intervalMs: 1000,
      mesh: false,
      now: () => clock,
      sleep: (ms) => {
        waits.push(ms);
        clock += ms;
        return Promise.resolve();
      },
    });
    expect(waits).toEqual([1000, 1000]);
  });

  it('is a command: --dry-run writes nothing, and a failed look-up exits 1 naming the item', async () => {
    const root = project();
    const before = readFileSync(join(root, 'references/ret2019.yaml'), 'utf8');
    const dry = await citemark(['refresh', '--dry-run', '--interval', '0', '--cwd', root]);
    expect(dry.stdout).toContain('`ret2019` references/ret2019.yaml: retracted (2022-05-09: Retraction notice https://doi.org/10.1000/notice.1 (Retraction Watch)) — would change');
    expect(readFileSync(join(root, 'references/ret2019.yaml'), 'utf8')).toBe(before);
    const missing = await citemark(['refresh', 'nothing', '--interval', '0', '--cwd', root]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('`nothing` has no DOI or PMID to look up');
  });
});

describe('citemark add by PMID', () => {
  it('stores the MeSH headings and the retraction PubMed records', async () => {
    const root = project();
    const out = await citemark(['add', 'PMID:111', '--force', '--cwd', root]);
    expect(out.code).toBe(0);
    const added = /Added `([^`]+)`/.exec(out.stdout)![1]!;
    const written = readItem(root, added);
    expect(written.mesh).toEqual([{ name: 'Humans' }, { name: 'Ketamine', major: true }, { name: 'Pain, Intractable' }]);
    expect(written.retracted).toMatchObject({ notice: expect.stringContaining('Retracted Publication') });
    // MeSH decides the topics: ketamine (and the generic chronic pain), from the headings.
    expect(written.topics).toEqual(['ketamine', 'chronic-pain']);
  });
});

describe('import --lookup', () => {
  it('stores the MeSH headings and PMID PubMed has for a DOI, and a retraction the record shows', async () => {
    const { verifyDois } = await import('../../src/import/verify.js');
    const { cslItemSchema } = await import('../../src/bibliography/schema.js');
    const root = project();
    const lookup = lookupSettings({ pubmedBaseUrl: `${base}/eutils`, doiBaseUrl: `${base}/crossref`, retries: 0 }, 'test');
    const items = [
      cslItemSchema.parse({ id: 'printed1', type: 'article-journal', title: 'A review', author: [{ family: 'Smith', given: 'Ann' }], issued: { 'date-parts': [[2020]] }, DOI: '10.1000/fine.2' }),
      cslItemSchema.parse({ id: 'printed2', type: 'article-journal', title: 'A trial', author: [{ family: 'Lee', given: 'Bo' }], issued: { 'date-parts': [[2019]] }, DOI: '10.1000/retracted.1' }),
    ];
    const verified = await verifyDois(root, items, lookup);
    expect(verified.checks[0], JSON.stringify(verified.checks)).toMatchObject({ outcome: 'same-work' });
    expect(verified.items[0]).toMatchObject({ PMID: '222', mesh: [{ name: 'Spinal Cord Stimulation', major: true }] });
    expect(verified.items[1]!.retracted).toMatchObject({ date: '2022-05-09' });
    expect(verified.checks[1]!.filled).toContain('retracted');
  });
});
