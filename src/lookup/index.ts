/**
 * Resolves a DOI or PMID to a CSL-JSON record: from the on-disk cache when
 * it holds one, else over HTTP (DOI content negotiation or Crossref's REST
 * API, PubMed E-utilities). Nothing here writes: a fresh response comes back
 * with the cache file change, for the caller to commit with its other files.
 * An engine. May import: bibliography/, citations/, adapters/, util/,
 * document/errors.ts. Imported by: manage/, import/, cli/.
 */
import { cslFromCrossrefWork, cslFromDoiRecord } from '../bibliography/doi.js';
import { cslItemSchema, DATE_FIELDS, NAME_FIELDS } from '../bibliography/schema.js';
import type { FileChange } from '../util/atomic.js';
import { cacheChange, readCached, type CachedResponse } from './cache.js';
import { DEFAULT_HTTP_OPTIONS, httpGet, LookupError, type HttpOptions } from './http.js';
import { identifierLabel, type Identifier } from './identifiers.js';
import { cslFromEsummary, esummaryUrl, withoutTrailingSlashes } from './pubmed.js';
import { retractionFromCrossref, retractionFromEsummary, type Retraction } from './retraction.js';

export { parseIdentifier, identifierLabel, type Identifier } from './identifiers.js';
export { LookupError, checkUrl, httpGet, DEFAULT_HTTP_OPTIONS, type HttpOptions, type HttpResponse, type LookupErrorKind } from './http.js';
export { cachePath, readCached, cacheChange, CACHE_DIR, type CachedResponse } from './cache.js';
export { cslFromEsummary, pubmedDateParts } from './pubmed.js';
export { lookupMesh, withMesh, parseMedline, type MeshHeading, type MeshResult } from './mesh.js';
export { retractionFromCrossref, retractionFromEsummary, correctionsFromCrossref, type Retraction } from './retraction.js';

export const DEFAULT_DOI_BASE_URL = 'https://doi.org';
export const DEFAULT_PUBMED_BASE_URL = 'https://eutils.ncbi.nlm.nih.gov/entrez/eutils';

export interface LookupSettings {
  /** DOI content negotiation (`https://doi.org`) or Crossref's `https://api.crossref.org/works`. */
  doiBaseUrl: string;
  pubmedBaseUrl: string;
  /** Crossref's REST API root (default `https://api.crossref.org`): searched by a printed reference (`query.bibliographic`) and read by `refresh` for retractions. */
  crossrefBaseUrl?: string;
  /** An e-mail address for the User-Agent and NCBI's `email` parameter, as both services ask. */
  contact?: string;
  /** Answer from the cache only; a miss is an error. */
  offline?: boolean;
  http: Omit<HttpOptions, 'userAgent'>;
  version: string;
}

export interface LookupConfig {
  contact?: string;
  doiBaseUrl?: string;
  crossrefBaseUrl?: string;
  pubmedBaseUrl?: string;
  timeoutMs?: number;
  retries?: number;
  backoffMs?: number;
}

/** Settings from the config's `lookup` section, with defaults for what it leaves out. */
export function lookupSettings(config: LookupConfig | undefined, version: string): LookupSettings {
  return {
    doiBaseUrl: config?.doiBaseUrl ?? DEFAULT_DOI_BASE_URL,
    pubmedBaseUrl: config?.pubmedBaseUrl ?? DEFAULT_PUBMED_BASE_URL,
    ...(config?.contact ? { contact: config.contact } : {}),
    ...(config?.crossrefBaseUrl ? { crossrefBaseUrl: config.crossrefBaseUrl } : {}),
    http: {
      ...DEFAULT_HTTP_OPTIONS,
      ...(config?.timeoutMs !== undefined ? { timeoutMs: config.timeoutMs } : {}),
      ...(config?.retries !== undefined ? { retries: config.retries } : {}),
      ...(config?.backoffMs !== undefined ? { backoffMs: config.backoffMs } : {}),
    },
    version,
  };
}

export function userAgent(settings: Pick<LookupSettings, 'contact' | 'version'>): string {
  const contact = settings.contact ? `; mailto:${settings.contact}` : '';
  return `citemark/${settings.version} (https://www.npmjs.com/package/citemark${contact})`;
}

export interface ResolvedRecord {
  identifier: Identifier;
  /** CSL-JSON with only CSL and citemark fields, not yet validated and without an `id`. */
  record: Record<string, unknown>;
  fromCache: boolean;
  /** The cache entry to write, for a fresh response. */
  cache?: FileChange;
}

/**
 * Replaces each `<…>` (a `<`, at least one character, the next `>`) by a space, as
 * `/<[^>]+>/g` would, in one pass: that regex re-scans the rest of the text from every unclosed `<`.
 */
function tagsToSpaces(text: string): string {
  let out = '';
  let done = 0;
  let start = text.indexOf('<');
  while (start !== -1) {
    const end = text.indexOf('>', start + 1);
    // No `>` after this `<` means none after any later `<` either.
    if (end === -1) break;
    if (end === start + 1) {
      start = text.indexOf('<', end);
      continue;
    }
    out += `${text.slice(done, start)} `;
    done = end + 1;
    start = text.indexOf('<', done);
  }
  return out + text.slice(done);
}

function doiUrl(base: string, doi: string): string {
  return `${withoutTrailingSlashes(base)}/${doi.split('/').map(encodeURIComponent).join('/')}`;
}

function requestFor(id: Identifier, settings: LookupSettings): { url: string; accept: string } {
  if (id.kind === 'doi') {
    return { url: doiUrl(settings.doiBaseUrl, id.value), accept: 'application/vnd.citationstyles.csl+json, application/json;q=0.5' };
  }
  return { url: esummaryUrl(settings.pubmedBaseUrl, id.value, settings.contact), accept: 'application/json' };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Turns a response body into a CSL record; throws LookupError('malformed') when it is not what the service sends. */
function convert(id: Identifier, response: CachedResponse): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    throw new LookupError('malformed', `\`${response.url}\` did not answer with JSON (content type \`${response.contentType || 'none'}\`); check the base URL in \`lookup\``, { url: response.url });
  }
  if (id.kind === 'pmid') return cslFromEsummary(body, id.value, response.url);
  if (!isRecord(body)) throw new LookupError('malformed', `\`${response.url}\` answered with JSON that is not a record`, { url: response.url });
  // Crossref's REST API wraps the work: {"status":"ok","message-type":"work","message":{…}}.
  if (isRecord(body.message) && body['message-type'] === 'work') return cslFromCrossrefWork(body.message);
  if (typeof body.type !== 'string' || (typeof body.title !== 'string' && !Array.isArray(body.title))) {
    throw new LookupError('malformed', `\`${response.url}\` answered with JSON that is neither CSL-JSON nor a Crossref work`, { url: response.url });
  }
  return cslFromDoiRecord(body);
}

/** Fetches (or reads from the cache) one identifier's record. */
export async function resolveIdentifier(root: string, id: Identifier, settings: LookupSettings): Promise<ResolvedRecord> {
  const cached = await readCached(root, id);
  if (cached) return { identifier: id, record: withRetraction(cleanRecord(convert(id, cached)), id, cached), fromCache: true };
  if (settings.offline) {
    throw new LookupError('network', `\`${identifierLabel(id)}\` is not in the cache and look-ups are offline; run without \`--offline\``);
  }
  const { url, accept } = requestFor(id, settings);
  const response = await httpGet(url, accept, { ...settings.http, userAgent: userAgent(settings) });
  if (response.status === 404 || response.status === 410) {
    const what = id.kind === 'doi' ? `DOI \`${id.value}\`` : `PMID \`${id.value}\``;
    throw new LookupError('not-found', `${what} was not found (HTTP ${response.status} from \`${url}\`); check the identifier`, { url, status: response.status });
  }
  if (response.status < 200 || response.status >= 300) {
    throw new LookupError('http', `\`${url}\` answered HTTP ${response.status}; check the identifier and the base URL in \`lookup\``, { url, status: response.status });
  }
  const entry: CachedResponse = {
    identifier: identifierLabel(id),
    url: response.url,
    contentType: response.contentType,
    fetchedAt: new Date().toISOString(),
    body: response.body,
  };
  const record = withRetraction(cleanRecord(convert(id, entry)), id, entry);
  return { identifier: id, record, fromCache: false, cache: cacheChange(root, id, entry) };
}

/** The record with `retracted` set when the service's answer records a retraction (the one citemark field a service may set). */
function withRetraction(record: Record<string, unknown>, id: Identifier, response: CachedResponse): Record<string, unknown> {
  let retraction: Retraction | undefined;
  try {
    const body: unknown = JSON.parse(response.body);
    if (id.kind === 'pmid') {
      const doc = isRecord(body) && isRecord(body.result) ? body.result[id.value] : undefined;
      if (isRecord(doc)) retraction = retractionFromEsummary(doc);
    } else if (isRecord(body)) {
      retraction = retractionFromCrossref(isRecord(body.message) ? body.message : body);
    }
  } catch {
    return record;
  }
  return retraction ? { ...record, retracted: retraction } : record;
}

const KNOWN_FIELDS: ReadonlySet<string> = new Set(Object.keys(cslItemSchema.shape));
const NAME_FIELD_SET: ReadonlySet<string> = new Set(NAME_FIELDS);
const DATE_FIELD_SET: ReadonlySet<string> = new Set(DATE_FIELDS);
const NAME_PARTS = ['family', 'given', 'literal', 'suffix', 'dropping-particle', 'non-dropping-particle'] as const;
/** Metadata from a service never decides citemark's own judgements, or the citekey. */
const NEVER_FROM_SERVICE = new Set(['id', 'topics', 'retracted', 'custom', 'note']);

/**
 * Keeps the CSL fields of a service's record and drops the rest (Crossref's
 * reference lists, licences, funders…); lists where CSL wants one string
 * become their first entry; JATS markup in abstracts becomes plain text.
 */
export function cleanRecord(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (!KNOWN_FIELDS.has(key) || NEVER_FROM_SERVICE.has(key) || value === undefined || value === null) continue;
    if (NAME_FIELD_SET.has(key)) {
      if (!Array.isArray(value)) continue;
      const names = value.filter(isRecord).map((n) => Object.fromEntries(NAME_PARTS.filter((p) => typeof n[p] === 'string' && n[p] !== '').map((p) => [p, n[p]])));
      if (names.length > 0) out[key] = names.filter((n) => Object.keys(n).length > 0);
      continue;
    }
    if (DATE_FIELD_SET.has(key)) {
      if (isRecord(value) && Array.isArray(value['date-parts'])) out[key] = { 'date-parts': value['date-parts'] };
      continue;
    }
    if (key === 'evidence') {
      if (typeof value === 'string') out[key] = value;
      continue;
    }
    let scalar: unknown = Array.isArray(value) ? value.find((v) => typeof v === 'string' || typeof v === 'number') : value;
    if (typeof scalar !== 'string' && typeof scalar !== 'number') continue;
    if (key === 'abstract' && typeof scalar === 'string') scalar = tagsToSpaces(scalar).replace(/\s+/g, ' ').trim();
    if (typeof scalar === 'string') scalar = scalar.trim();
    if (scalar !== '') out[key] = scalar;
  }
  return out;
}
