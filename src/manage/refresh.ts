/**
 * `citemark refresh`: asks the services again about every item with a DOI or
 * a PMID, for what can change after a work is added: a retraction, a
 * correction, its MeSH indexing. Answers are cached (an answer younger than
 * `maxAgeDays` is not asked again), requests go one at a time at most one per
 * `intervalMs`, and all changes are written at once or not at all. Only items
 * in files that hold just them are rewritten; for the rest the change is
 * reported, to be made by hand.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import { loadBibliography } from '../bibliography/load.js';
import { cslItemSchema } from '../bibliography/schema.js';
import { serializeItem } from '../bibliography/write.js';
import type { CitemarkConfig } from '../document/config.js';
import { DEFAULT_REFERENCE_PATTERNS } from '../document/project.js';
import {
  cacheChange,
  cachePath,
  correctionsFromCrossref,
  httpGet,
  identifierLabel,
  LookupError,
  retractionFromCrossref,
  retractionFromEsummary,
  userAgent,
  withMesh,
  type CachedResponse,
  type Identifier,
  type LookupSettings,
  type Retraction,
} from '../lookup/index.js';
import { esummaryUrl, withoutTrailingSlashes } from '../lookup/pubmed.js';
import { commitFiles, nodeAtomicFs, type AtomicFs, type FileChange } from '../util/atomic.js';
import { displayText } from '../util/text.js';

/** Crossref's REST API root (the config's `lookup.crossrefBaseUrl`); a work is read at `<root>/works/<DOI>`. */
export const DEFAULT_CROSSREF_BASE_URL = 'https://api.crossref.org';

export interface RefreshOptions {
  root: string;
  lookup: LookupSettings;
  config?: CitemarkConfig;
  /** Only these citekeys (default: every item with a DOI or PMID). */
  keys?: string[];
  /** Crossref's REST API root; its `works` records carry retractions (`updated-by`). */
  crossrefBaseUrl?: string;
  /** An answer cached more recently than this is used as it is (default 7 days; 0 asks again every time). */
  maxAgeDays?: number;
  /** At least this long between two requests (default 350 ms: NCBI allows three a second without a key). */
  intervalMs?: number;
  /** Read MeSH headings too (default true). */
  mesh?: boolean;
  dryRun?: boolean;
  fs?: AtomicFs;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface RefreshChange {
  id: string;
  /** Relative to the root. */
  file: string;
  /** What changed, in words: `retracted (2021-03-04: Retraction notice …)`, `MeSH headings (12)`, `correction 10.…`. */
  changes: string[];
  /** False when the item's file holds other items too, so the change was not written. */
  written: boolean;
}

export interface RefreshResult {
  checked: number;
  changed: RefreshChange[];
  /** Items with no DOI or PMID, or whose look-up failed. */
  problems: { id: string; message: string }[];
  fetched: number;
  files: string[];
  written: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readCacheEntry(root: string, id: Identifier): Promise<CachedResponse | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(join(root, cachePath(id)), 'utf8'));
    return isRecord(parsed) && typeof parsed.body === 'string' && typeof parsed.fetchedAt === 'string' ? (parsed as unknown as CachedResponse) : undefined;
  } catch {
    return undefined;
  }
}

export async function refreshReferences(options: RefreshOptions): Promise<RefreshResult> {
  const { root } = options;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => delay(ms).then(() => undefined));
  const maxAgeMs = (options.maxAgeDays ?? 7) * 86_400_000;
  const interval = options.intervalMs ?? 350;
  const crossref = withoutTrailingSlashes(options.crossrefBaseUrl ?? DEFAULT_CROSSREF_BASE_URL);
  const bibliography = await loadBibliography(root, { patterns: options.config?.references ?? DEFAULT_REFERENCE_PATTERNS });
  const result: RefreshResult = { checked: 0, changed: [], problems: [], fetched: 0, files: [], written: false };
  const changes: FileChange[] = [];
  let last = -Infinity;
  const polite = async () => {
    const wait = last + interval - now();
    if (wait > 0) await sleep(wait);
    last = now();
  };
  const wanted = options.keys ? new Set(options.keys) : undefined;
  // Records per file, refused ones included: only a file that holds one record is rewritten whole.
  const recordsPerFile = new Map<string, number>();
  for (const { source } of [...bibliography.entries, ...bibliography.rejected]) recordsPerFile.set(source.file, (recordsPerFile.get(source.file) ?? 0) + 1);
  // Two items with one DOI are asked about once.
  const answered = new Map<string, CachedResponse>();
  for (const key of wanted ?? []) if (!bibliography.byId.has(key)) result.problems.push({ id: key, message: `\`${key}\` is not in the bibliography` });

  for (const entry of bibliography.entries) {
    const item = entry.item;
    if (wanted && !wanted.has(item.id)) continue;
    const doi = typeof item.DOI === 'string' && item.DOI.trim() ? item.DOI.trim() : undefined;
    const pmid = item.PMID !== undefined && String(item.PMID).trim() ? String(item.PMID).trim() : undefined;
    if (!doi && !pmid) {
      if (wanted) result.problems.push({ id: item.id, message: `\`${item.id}\` has no DOI or PMID to look up` });
      continue;
    }
    result.checked++;
    const id: Identifier = doi ? { kind: 'doi', value: doi.toLowerCase() } : { kind: 'pmid', value: pmid! };
    let retraction: Retraction | undefined;
    let corrections: string[] = [];
    try {
      const cached = answered.get(identifierLabel(id)) ?? (await readCacheEntry(root, id));
      let body: string;
      const fresh = cached && (answered.has(identifierLabel(id)) || now() - Date.parse(cached.fetchedAt) < maxAgeMs);
      if (fresh) body = cached.body;
      else {
        if (options.lookup.offline) throw new LookupError('network', `\`${identifierLabel(id)}\` needs asking again and look-ups are offline`);
        const url = id.kind === 'doi' ? `${crossref}/works/${id.value.split('/').map(encodeURIComponent).join('/')}` : esummaryUrl(options.lookup.pubmedBaseUrl, id.value, options.lookup.contact);
        await polite();
        const response = await httpGet(url, 'application/json', { ...options.lookup.http, userAgent: userAgent(options.lookup) });
        result.fetched++;
        if (response.status < 200 || response.status >= 300) throw new LookupError('http', `\`${url}\` answered HTTP ${response.status}`, { url, status: response.status });
        body = response.body;
        const entry: CachedResponse = { identifier: identifierLabel(id), url: response.url, contentType: response.contentType, fetchedAt: new Date(now()).toISOString(), body };
        answered.set(identifierLabel(id), entry);
        changes.push(cacheChange(root, id, entry));
      }
      const parsed: unknown = JSON.parse(body);
      if (id.kind === 'doi') {
        const work = isRecord(parsed) && isRecord(parsed.message) ? parsed.message : isRecord(parsed) ? parsed : {};
        retraction = retractionFromCrossref(work);
        corrections = correctionsFromCrossref(work);
      } else {
        const doc = isRecord(parsed) && isRecord(parsed.result) ? parsed.result[id.value] : undefined;
        if (isRecord(doc)) retraction = retractionFromEsummary(doc);
      }
    } catch (error) {
      if (!(error instanceof LookupError) && !(error instanceof SyntaxError)) throw error;
      result.problems.push({ id: item.id, message: error.message });
      continue;
    }

    const updated: Record<string, unknown> = { ...item };
    const said: string[] = [];
    if (retraction && item.retracted === undefined) {
      updated.retracted = retraction;
      said.push(`retracted (${retraction.date ? `${retraction.date}: ` : ''}${retraction.notice})`);
    }
    const note = typeof item.note === 'string' ? item.note : '';
    const newCorrections = corrections.filter((c) => !note.toLowerCase().includes(c.toLowerCase()));
    if (newCorrections.length > 0) {
      updated.note = [note, ...newCorrections.map((c) => `Correction: https://doi.org/${c}`)].filter(Boolean).join('\n');
      said.push(...newCorrections.map((c) => `correction ${c}`));
    }
    if (options.mesh !== false) {
      if (!options.lookup.offline) await polite();
      const indexed = await withMesh(root, { ...updated, ...(pmid ? { PMID: pmid } : {}) }, options.lookup);
      result.fetched += indexed.fetched;
      for (const change of indexed.cache) if (!changes.some((c) => c.path === change.path)) changes.push(change);
      if (indexed.note) result.problems.push({ id: item.id, message: indexed.note });
      if (indexed.record.mesh !== undefined && !isDeepStrictEqual(indexed.record.mesh, item.mesh)) {
        updated.mesh = indexed.record.mesh;
        said.push(`MeSH headings (${(indexed.record.mesh as unknown[]).length})`);
      }
      if (indexed.record.PMID !== undefined && item.PMID === undefined) {
        updated.PMID = indexed.record.PMID;
        said.push(`PMID ${displayText(indexed.record.PMID)}`);
      }
      if (indexed.record.retracted !== undefined && updated.retracted === undefined) {
        updated.retracted = indexed.record.retracted;
        said.push(`retracted (${(indexed.record.retracted as { notice?: string }).notice ?? 'PubMed'})`);
      }
    }
    if (said.length === 0) continue;
    const file = entry.source.file;
    const rewritable = /\.ya?ml$/.test(file) && recordsPerFile.get(file) === 1;
    const checked = cslItemSchema.safeParse(updated);
    if (rewritable && checked.success) changes.push({ path: join(root, file), content: serializeItem(checked.data) });
    result.changed.push({ id: item.id, file, changes: said, written: rewritable && checked.success && !options.dryRun });
  }
  result.files = [...new Set(changes.map((c) => c.path))];
  if (!options.dryRun && changes.length > 0) {
    await commitFiles(changes, options.fs ?? nodeAtomicFs);
    result.written = result.changed.some((c) => c.written);
  }
  return result;
}
