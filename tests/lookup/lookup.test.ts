import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitFiles } from '../../src/util/atomic.js';
import {
  cachePath,
  checkUrl,
  httpGet,
  LookupError,
  lookupSettings,
  parseIdentifier,
  pubmedDateParts,
  resolveIdentifier,
  type LookupSettings,
} from '../../src/lookup/index.js';
import { deadlineOnCue, startFixtureServer, type FixtureServer } from './fixture-server.js';

let server: FixtureServer;
let root: string;

beforeAll(async () => {
  server = await startFixtureServer();
  root = await mkdtemp(join(tmpdir(), 'citemark-lookup-'));
});
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

function settings(overrides: Partial<LookupSettings> = {}): LookupSettings {
  // A generous timeout: only the held route times out, on cue (see `deadlineOnCue`), never a slow answer on a busy machine.
  const base = lookupSettings({ doiBaseUrl: `${server.url}/doi`, pubmedBaseUrl: `${server.url}/eutils`, contact: 'editor@example.org', timeoutMs: 30_000, backoffMs: 1 }, '0.0.0-test');
  return { ...base, http: { ...base.http, deadline: deadlineOnCue(server) }, ...overrides };
}

async function failure(promise: Promise<unknown>): Promise<LookupError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(LookupError);
  return error as LookupError;
}

describe('parseIdentifier', () => {
  it.each([
    ['10.1111/bcp.12094', 'doi', '10.1111/bcp.12094'],
    ['https://doi.org/10.1111/BCP.12094', 'doi', '10.1111/bcp.12094'],
    ['doi:10.1111/bcp.12094', 'doi', '10.1111/bcp.12094'],
    ['DOI: 10.1007/S11916-024-01246-2', 'doi', '10.1007/s11916-024-01246-2'],
    ['https://dx.doi.org/10.1097%2FMD.0000000000034253', 'doi', '10.1097/md.0000000000034253'],
    ['31082965', 'pmid', '31082965'],
    ['PMID:31082965', 'pmid', '31082965'],
    ['pmid 037417610', 'pmid', '37417610'],
    ['https://pubmed.ncbi.nlm.nih.gov/31082965/', 'pmid', '31082965'],
  ])('%s → %s %s', (input, kind, value) => {
    expect(parseIdentifier(input)).toEqual({ kind, value });
  });
  it.each(['', 'ketamine', '11.1111/x', 'PMID:', 'doi:', 'refs.bib', '0'])('rejects %j', (input) => {
    expect(parseIdentifier(input)).toBeUndefined();
  });
});

describe('pubmedDateParts', () => {
  it('reads year, month and day', () => {
    expect(pubmedDateParts('2023 Jul 7')).toEqual([2023, 7, 7]);
    expect(pubmedDateParts('2019 Jul-Aug')).toEqual([2019, 7]);
    expect(pubmedDateParts('2014 Winter')).toEqual([2014]);
    expect(pubmedDateParts('soon')).toBeUndefined();
  });
});

describe('checkUrl', () => {
  it('allows https and loopback http only', () => {
    expect(() => checkUrl('https://doi.org/10.1/x')).not.toThrow();
    expect(() => checkUrl('http://127.0.0.1:9/x')).not.toThrow();
    expect(() => checkUrl('http://doi.org/10.1/x')).toThrow(/only `https:`/);
    expect(() => checkUrl('file:///etc/passwd')).toThrow(/only `https:`/);
    expect(() => checkUrl('not a url')).toThrow(/not a URL/);
  });
});

describe('resolveIdentifier against the local server', () => {
  it('resolves a DOI by content negotiation, with a polite User-Agent', async () => {
    const before = server.requests.length;
    const r = await resolveIdentifier(root, { kind: 'doi', value: '10.1111/bcp.12094' }, settings());
    expect(r.fromCache).toBe(false);
    expect(r.record).toMatchObject({
      type: 'article-journal',
      title: 'Ketamine for chronic pain: risks and benefits',
      'container-title': 'British Journal of Clinical Pharmacology',
      volume: '77',
      issue: '2',
      page: '357-367',
      DOI: '10.1111/bcp.12094',
      ISSN: '0306-5251',
    });
    expect(r.record.author).toEqual([
      { family: 'Niesters', given: 'Marieke' },
      { family: 'Martini', given: 'Christian' },
      { family: 'Dahan', given: 'Albert' },
    ]);
    // Crossref's extras (reference lists, licences, links) are not CSL and are dropped.
    for (const extra of ['reference', 'license', 'link', 'indexed', 'member', 'published-print']) expect(r.record).not.toHaveProperty(extra);
    const request = server.requests[before]!;
    expect(request.accept).toContain('application/vnd.citationstyles.csl+json');
    expect(request.userAgent).toMatch(/^citemark\/0\.0\.0-test .*mailto:editor@example\.org/);
    expect(r.cache?.path).toBe(join(root, cachePath({ kind: 'doi', value: '10.1111/bcp.12094' })));
  });

  it('follows doi.org’s redirect to a Crossref REST record and reads its envelope', async () => {
    const r = await resolveIdentifier(root, { kind: 'doi', value: '10.1007/s11916-024-01246-2' }, settings());
    expect(r.record).toMatchObject({
      type: 'article-journal',
      title: 'Virtual Reality in Acute and Chronic Pain Medicine: An Updated Review',
      'container-title': 'Current Pain and Headache Reports',
      'container-title-short': 'Curr Pain Headache Rep',
      page: '893-928',
    });
    expect((r.record.author as unknown[]).length).toBe(15);
    expect((r.record.author as { family: string }[])[1]!.family).toBe('Thérond');
  });

  it('reads a Crossref REST base URL too', async () => {
    const r = await resolveIdentifier(root, { kind: 'doi', value: '10.1007/s11916-024-01246-2' }, settings({ doiBaseUrl: `${server.url}/crossref/works` }));
    expect(r.record.title).toBe('Virtual Reality in Acute and Chronic Pain Medicine: An Updated Review');
  });

  it('resolves a PMID through esummary, with tool and email parameters', async () => {
    const r = await resolveIdentifier(root, { kind: 'pmid', value: '31082965' }, settings());
    expect(r.record).toMatchObject({
      type: 'article-journal',
      title: 'Ketamine Infusions for Chronic Pain: A Systematic Review and Meta-analysis of Randomized Controlled Trials',
      issued: { 'date-parts': [[2019, 7]] },
      'container-title-short': 'Anesth Analg',
      volume: '129',
      page: '241-254',
      DOI: '10.1213/ANE.0000000000004185',
      PMID: '31082965',
      evidence: 'meta-analysis',
    });
    expect((r.record.author as unknown[])[1]).toEqual({ family: 'Orhurhu', given: 'M. S.' });
    const t = await resolveIdentifier(root, { kind: 'pmid', value: '37417610' }, settings());
    expect(t.record).toMatchObject({ PMCID: 'PMC10328660', issued: { 'date-parts': [[2023, 7, 7]] }, evidence: 'cohort' });
  });

  it('reports an unknown DOI (404) and an unknown PMID as not found', async () => {
    const doi = await failure(resolveIdentifier(root, { kind: 'doi', value: '10.9999/missing' }, settings()));
    expect(doi.kind).toBe('not-found');
    expect(doi.message).toContain('DOI `10.9999/missing` was not found (HTTP 404');
    const pmid = await failure(resolveIdentifier(root, { kind: 'pmid', value: '99999999' }, settings()));
    expect(pmid.kind).toBe('not-found');
    expect(pmid.message).toContain('PMID `99999999`');
  });

  it('gives up after the timeout', async () => {
    const before = server.hits('/doi/10.9999/slow');
    const error = await failure(resolveIdentifier(root, { kind: 'doi', value: '10.9999/slow' }, settings()));
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('within 30000 ms');
    expect(error.message).toContain('raise `lookup.timeoutMs`');
    // The request reached the server, which never answered: the give-up came from the deadline.
    expect(server.hits('/doi/10.9999/slow')).toBe(before + 1);
  });

  it('without a deadline of its own, an attempt is bounded by `timeoutMs`', async () => {
    const { deadline: _cue, ...http } = settings().http;
    const error = await failure(resolveIdentifier(root, { kind: 'doi', value: '10.9999/slow' }, settings({ http: { ...http, timeoutMs: 1 } })));
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('within 1 ms');
  });

  it('rejects malformed JSON and non-JSON answers', async () => {
    expect((await failure(resolveIdentifier(root, { kind: 'doi', value: '10.9999/broken' }, settings()))).kind).toBe('malformed');
    const html = await failure(resolveIdentifier(root, { kind: 'doi', value: '10.9999/html' }, settings()));
    expect(html.message).toContain('`text/html`');
  });

  it('retries 429 and 5xx with back-off, then succeeds', async () => {
    const waits: number[] = [];
    const r = await resolveIdentifier(root, { kind: 'doi', value: '10.9999/busy' }, settings({ http: { ...settings().http, sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    } } }));
    expect(r.record.title).toBe('Ketamine for chronic pain: risks and benefits');
    expect(waits).toEqual([1, 2]);
  });

  it('reports a rate limit that does not lift', async () => {
    const waits: number[] = [];
    const error = await failure(resolveIdentifier(root, { kind: 'doi', value: '10.9999/limited' }, settings({ http: { ...settings().http, retries: 2, sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    } } })));
    expect(error.kind).toBe('rate-limited');
    expect(error.message).toContain('HTTP 429 after 3 attempts');
    // Retry-After: 0 wins over the computed back-off.
    expect(waits).toEqual([0, 0]);
  });

  it('refuses oversized bodies and redirects off loopback to plain http', async () => {
    const big = await failure(resolveIdentifier(root, { kind: 'doi', value: '10.9999/huge' }, settings({ http: { ...settings().http, maxBytes: 100_000 } })));
    expect(big.kind).toBe('too-large');
    const offsite = await failure(resolveIdentifier(root, { kind: 'doi', value: '10.9999/offsite' }, settings()));
    expect(offsite.kind).toBe('url');
  });

  it('gives up on a redirect loop after a bounded number of hops', async () => {
    const loop = await failure(resolveIdentifier(root, { kind: 'doi', value: '10.9999/loop' }, settings()));
    expect(loop.kind).toBe('http');
    expect(loop.message).toMatch(/Too many redirects/);
    expect(server.requests.filter((r) => r.path === '/doi/10.9999/loop' || r.path === '/loop/back').length).toBeLessThanOrEqual(6);
  });

  it('answers from the cache with the server stopped', async () => {
    const cacheRoot = await mkdtemp(join(tmpdir(), 'citemark-cache-'));
    try {
      const live = await resolveIdentifier(cacheRoot, { kind: 'pmid', value: '37417610' }, settings());
      await commitFiles([live.cache!]);
      const dead = settings({ pubmedBaseUrl: 'http://127.0.0.1:9/eutils' });
      const cached = await resolveIdentifier(cacheRoot, { kind: 'pmid', value: '37417610' }, dead);
      expect(cached.fromCache).toBe(true);
      expect(cached.cache).toBeUndefined();
      expect(cached.record).toEqual(live.record);
      // Without the cache the same settings fail, so the hit above did not touch the network.
      const miss = await failure(resolveIdentifier(cacheRoot, { kind: 'pmid', value: '31082965' }, dead));
      expect(miss.kind).toBe('network');
    } finally {
      await rm(cacheRoot, { recursive: true, force: true });
    }
  });

  it('httpGet returns 4xx to the caller and refuses plain http off loopback before connecting', async () => {
    const r = await httpGet(`${server.url}/nowhere`, 'application/json', { ...settings().http, userAgent: 'x' });
    expect(r.status).toBe(404);
    await expect(httpGet('http://example.com/', 'application/json', { ...settings().http, userAgent: 'x' })).rejects.toThrow(/only `https:`/);
  });
});
