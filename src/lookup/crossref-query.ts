/**
 * Crossref's search by a printed reference (`/works?query.bibliographic=…`):
 * the candidates Crossref ranks for a free-text reference, as CSL records.
 * Choosing among them is the caller's job (Crossref's own advice: search,
 * then validate the title, first author and year before accepting a match).
 *
 * Goes through the same HTTP client (https only, timeout, size limit,
 * retries with back-off, polite User-Agent and `mailto`) as every other
 * look-up; responses are cached under `.citemark/cache/crossref-query/`,
 * keyed by a hash of the query, and come back as a file change to commit.
 */
import { createHash } from 'node:crypto';
import { cslFromCrossrefWork } from '../bibliography/doi.js';
import type { FileChange } from '../util/atomic.js';
import { CACHE_DIR, cacheChangeAt, readCachedAt, type CachedResponse } from './cache.js';
import { httpGet, LookupError } from './http.js';
import { cleanRecord, userAgent, type LookupSettings } from './index.js';
import { withoutTrailingSlashes } from './pubmed.js';

export const DEFAULT_CROSSREF_BASE_URL = 'https://api.crossref.org';

export interface BibliographicCandidate {
  /** CSL fields of the work, as `resolveIdentifier` returns them. */
  record: Record<string, unknown>;
  /** Crossref's relevance score. */
  score: number;
}

export interface BibliographicSearch {
  query: string;
  candidates: BibliographicCandidate[];
  fromCache: boolean;
  cache?: FileChange;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where a query's response is cached, relative to the project root. */
export function bibliographicCachePath(query: string): string {
  const hash = createHash('sha256').update(query.normalize('NFC').trim().toLowerCase()).digest('hex').slice(0, 32);
  return `${CACHE_DIR}/crossref-query/${hash}.json`;
}

export function bibliographicQueryUrl(settings: Pick<LookupSettings, 'crossrefBaseUrl' | 'contact'>, query: string, rows: number): string {
  const base = withoutTrailingSlashes(settings.crossrefBaseUrl ?? DEFAULT_CROSSREF_BASE_URL);
  const mailto = settings.contact ? `&mailto=${encodeURIComponent(settings.contact)}` : '';
  return `${base}/works?query.bibliographic=${encodeURIComponent(query)}&rows=${rows}${mailto}`;
}

function candidatesOf(response: CachedResponse): BibliographicCandidate[] {
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    throw new LookupError('malformed', `\`${response.url}\` did not answer with JSON; check \`lookup.crossrefBaseUrl\``, { url: response.url });
  }
  const message = isRecord(body) && isRecord(body.message) ? body.message : undefined;
  if (!message || !Array.isArray(message.items)) {
    throw new LookupError('malformed', `\`${response.url}\` answered without a list of works; check \`lookup.crossrefBaseUrl\``, { url: response.url });
  }
  return message.items.filter(isRecord).map((work) => ({
    record: cleanRecord(cslFromCrossrefWork(work)),
    score: typeof work.score === 'number' ? work.score : 0,
  }));
}

/** Crossref's best-ranked works for a printed reference. Throws `LookupError` when the search fails. */
export async function searchBibliographic(root: string, query: string, settings: LookupSettings, rows = 5): Promise<BibliographicSearch> {
  const path = bibliographicCachePath(query);
  const cached = await readCachedAt(root, path);
  if (cached) return { query, candidates: candidatesOf(cached), fromCache: true };
  if (settings.offline) throw new LookupError('network', 'The reference search is not in the cache and look-ups are offline; run without `--offline`');
  const url = bibliographicQueryUrl(settings, query, rows);
  const response = await httpGet(url, 'application/json', { ...settings.http, userAgent: userAgent(settings) });
  if (response.status < 200 || response.status >= 300) {
    throw new LookupError('http', `\`${url}\` answered HTTP ${response.status}; check \`lookup.crossrefBaseUrl\``, { url, status: response.status });
  }
  const entry: CachedResponse = { identifier: `query:${query}`, url: response.url, contentType: response.contentType, fetchedAt: new Date().toISOString(), body: response.body };
  return { query, candidates: candidatesOf(entry), fromCache: false, cache: cacheChangeAt(root, path, entry) };
}
