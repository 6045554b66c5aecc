/**
 * MeSH headings of a work from PubMed: `efetch` in MEDLINE text format (its
 * `MH  -` lines; a `*` marks a major topic), found by PMID, or for a DOI
 * through `esearch` (`10.1000/x[doi]`) first. Both answers are cached beside
 * the other look-ups (`.citemark/cache/pubmed-medline/`, `doi-pmid/`); as in
 * `resolveIdentifier`, nothing here writes: fresh answers come back as file
 * changes for the caller to commit with its other files.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileChange } from '../util/atomic.js';
import { CACHE_DIR } from './cache.js';
import { httpGet, LookupError } from './http.js';
import { withoutTrailingSlashes } from './pubmed.js';
import { userAgent, type LookupSettings } from './index.js';

export interface MeshHeading {
  name: string;
  /** The heading is a major topic of the work (`*` in MEDLINE). */
  major?: boolean;
}

export interface MeshResult {
  /** Undefined when PubMed has no record of the work. */
  pmid?: string;
  headings: MeshHeading[];
  /** PubMed's publication types (`Retracted Publication`, `Randomized Controlled Trial`). */
  publicationTypes: string[];
  /** `Retraction in: …` comments. */
  retractionIn: string[];
  /** Cache entries to write, for fresh answers. */
  cache: FileChange[];
  fetched: number;
}

/** The MeSH headings, publication types and retraction comments of a MEDLINE record. */
export function parseMedline(text: string): { headings: MeshHeading[]; publicationTypes: string[]; retractionIn: string[] } {
  const headings: MeshHeading[] = [];
  const publicationTypes: string[] = [];
  const retractionIn: string[] = [];
  let tag = '';
  let value = '';
  const flush = () => {
    const v = value.replace(/\s+/g, ' ').trim();
    if (tag === 'MH' && v) {
      // `*Pain, Intractable/drug therapy`: the descriptor is before the first `/`; `*` on it or a qualifier marks a major topic.
      const [descriptor = ''] = v.split('/');
      const name = descriptor.replace(/^\*/, '').trim();
      if (name) headings.push({ name, ...(v.includes('*') ? { major: true } : {}) });
    } else if (tag === 'PT' && v) publicationTypes.push(v);
    else if (tag === 'RIN' && v) retractionIn.push(v);
  };
  for (const line of text.split(/\r?\n/)) {
    const m = /^([A-Z]{2,4})\s*-\s?(.*)$/.exec(line);
    if (m) {
      flush();
      tag = m[1]!;
      value = m[2]!;
    } else if (/^\s{2,}\S/.test(line)) value += ` ${line.trim()}`;
  }
  flush();
  return { headings, publicationTypes, retractionIn };
}

interface CachedText {
  url: string;
  fetchedAt: string;
  body: string;
  /** 404: PubMed has no such record, an answer worth keeping too. */
  status?: number;
}

function cacheFile(kind: 'pubmed-medline' | 'doi-pmid', key: string): string {
  return `${CACHE_DIR}/${kind}/${encodeURIComponent(key).replace(/^\./, '%2E')}.json`;
}

async function readCachedText(root: string, file: string): Promise<CachedText | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(join(root, file), 'utf8'));
    const c = parsed as Partial<CachedText>;
    return typeof c?.body === 'string' && typeof c.url === 'string' ? (c as CachedText) : undefined;
  } catch {
    return undefined;
  }
}

/** The answer's body, or undefined when the service has no such record (HTTP 404, cached as such). */
async function cachedGet(root: string, file: string, url: string, accept: string, settings: LookupSettings, out: MeshResult): Promise<string | undefined> {
  const cached = await readCachedText(root, file);
  if (cached) return cached.status === 404 ? undefined : cached.body;
  if (settings.offline) throw new LookupError('network', `\`${url}\` is not in the cache and look-ups are offline`, { url });
  const response = await httpGet(url, accept, { ...settings.http, userAgent: userAgent(settings) });
  const missing = response.status === 404 || response.status === 410;
  if (!missing && (response.status < 200 || response.status >= 300)) throw new LookupError('http', `\`${url}\` answered HTTP ${response.status}`, { url, status: response.status });
  out.fetched++;
  const entry: CachedText = { url: response.url, fetchedAt: new Date().toISOString(), body: missing ? '' : response.body, ...(missing ? { status: 404 } : {}) };
  out.cache.push({ path: join(root, file), content: `${JSON.stringify(entry, null, 2)}\n` });
  return missing ? undefined : response.body;
}

function eutilsUrl(settings: LookupSettings, tool: 'efetch' | 'esearch', params: Record<string, string>): string {
  const url = new URL(`${withoutTrailingSlashes(settings.pubmedBaseUrl)}/${tool}.fcgi`);
  url.searchParams.set('db', 'pubmed');
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  url.searchParams.set('tool', 'citemark');
  if (settings.contact) url.searchParams.set('email', settings.contact);
  return url.toString();
}

/**
 * The MeSH headings of a work, by its PMID or, failing that, its DOI. Throws
 * LookupError when PubMed cannot be reached; a work PubMed does not index
 * comes back with no PMID and no headings.
 */
export async function lookupMesh(root: string, ids: { pmid?: string; doi?: string }, settings: LookupSettings): Promise<MeshResult> {
  const out: MeshResult = { headings: [], publicationTypes: [], retractionIn: [], cache: [], fetched: 0 };
  let pmid = ids.pmid;
  if (!pmid && ids.doi) {
    const url = eutilsUrl(settings, 'esearch', { term: `${ids.doi}[doi]`, retmode: 'json' });
    const body = await cachedGet(root, cacheFile('doi-pmid', ids.doi.toLowerCase()), url, 'application/json', settings, out);
    let list: unknown;
    try {
      list = body === undefined ? [] : (JSON.parse(body) as { esearchresult?: { idlist?: unknown } }).esearchresult?.idlist;
    } catch {
      throw new LookupError('malformed', `\`${url}\` did not answer with esearch JSON`, { url });
    }
    // Only an unambiguous answer: a DOI that finds several records names none of them.
    if (Array.isArray(list) && list.length === 1 && /^\d+$/.test(String(list[0]))) pmid = String(list[0]);
  }
  if (!pmid) return out;
  out.pmid = pmid;
  const url = eutilsUrl(settings, 'efetch', { id: pmid, rettype: 'medline', retmode: 'text' });
  const text = await cachedGet(root, cacheFile('pubmed-medline', pmid), url, 'text/plain', settings, out);
  if (text === undefined) return out;
  if (!/^PMID-\s*\d+/m.test(text)) throw new LookupError('malformed', `\`${url}\` did not answer with a MEDLINE record`, { url });
  Object.assign(out, parseMedline(text));
  return out;
}

/**
 * `record` with the MeSH headings PubMed gives the work (`mesh`), and
 * `retracted` when PubMed lists it as retracted and the record does not say
 * so yet. A failed look-up leaves the record as it was and says why in `note`;
 * a work PubMed does not index is not a failure.
 */
export async function withMesh(
  root: string,
  record: Record<string, unknown>,
  settings: LookupSettings,
): Promise<{ record: Record<string, unknown>; cache: FileChange[]; fetched: number; note?: string }> {
  const pmid = typeof record.PMID === 'string' || typeof record.PMID === 'number' ? String(record.PMID) : undefined;
  const doi = typeof record.DOI === 'string' ? record.DOI : undefined;
  if (!pmid && !doi) return { record, cache: [], fetched: 0 };
  let found: MeshResult;
  try {
    found = await lookupMesh(root, { ...(pmid ? { pmid } : {}), ...(doi ? { doi } : {}) }, settings);
  } catch (error) {
    if (!(error instanceof LookupError)) throw error;
    // A work PubMed does not index, or a run that may not ask the network: nothing to say.
    if (error.kind === 'not-found' || settings.offline) return { record, cache: [], fetched: 0 };
    return { record, cache: [], fetched: 0, note: `MeSH headings not read (${error.message})` };
  }
  const out: Record<string, unknown> = { ...record };
  if (found.headings.length > 0) out.mesh = found.headings;
  if (!pmid && found.pmid) out.PMID = found.pmid;
  if (out.retracted === undefined && (found.retractionIn.length > 0 || found.publicationTypes.some((t) => /^retracted publication$/i.test(t)))) {
    const notice = found.retractionIn[0];
    const year = notice ? /\b((?:19|20)\d{2})\b/.exec(notice)?.[1] : undefined;
    out.retracted = { ...(year ? { date: year } : {}), notice: notice ? `Retraction in: ${notice}` : 'PubMed lists it as a Retracted Publication' };
  }
  return { record: out, cache: found.cache, fetched: found.fetched };
}
