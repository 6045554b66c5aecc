/**
 * The caches behind `lint --cache`, under `.citemark/cache/`.
 *
 * The parse cache: `articles/<key>.bin`, one entry per parsed article,
 * keyed by a hash of citemark's version, the article's path and its text.
 * An entry is the article's `ParsedArticle` (without tree and text) packed
 * by `article-codec.ts`, in V8's serialization format; parse workers hand
 * articles to the main thread in the same form. The lint results are
 * further down.
 *
 * The folder is safe to delete at any time. An entry that is missing,
 * truncated, from another version or (however unlikely) from a hash
 * collision is a miss: every hit is checked against the path and text it
 * stands for before it is used.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { readCacheFile, writeCacheFile } from '../util/cache-file.js';
import { VERSION } from '../version.js';
import type { SuggestionMemo } from '../topics/index.js';
import type { Vocabulary } from '../topics/vocabulary.js';
import { packArticle, unpackArticle, type PackedArticle } from './article-codec.js';
import type { CitemarkConfig } from '../document/config.js';
import type { StoredDuplicates } from '../bibliography/duplicate-index.js';
import type { Finding, ParsedArticle } from './types.js';

/** Relative to the project root. */
export const CACHE_DIR = '.citemark/cache';

/** Bumped when the shape of a cached entry changes within one citemark version. */
const ENTRY_FORMAT = 5;

export function articleCacheDir(root: string): string {
  return join(root, CACHE_DIR, 'articles');
}

/** The entry name for an article: changes with its path, its text and citemark's version. */
export function articleCacheKey(file: string, source: string, version: string = VERSION): string {
  return createHash('sha256').update(`citemark ${version} ${ENTRY_FORMAT}\0${file}\0`).update(source).digest('hex');
}

/**
 * An entry: the article without its tree (see `ParsedArticle.tree`) and
 * without its text, which the reader already has, under the key it was
 * stored for. The key (a hash of path, text and version) is checked on
 * every read, so a misnamed or colliding entry is never used.
 */
export function encodeArticle(article: ParsedArticle, key: string = articleCacheKey(article.file, article.source)): Uint8Array {
  return serialize({ key, article: packArticle(article) });
}

/** The article an entry holds, or undefined when the bytes are not a readable entry for exactly this path, text and version. */
export function decodeArticleEntry(bytes: Uint8Array, file: string, source: string, version: string = VERSION): ParsedArticle | undefined {
  const entry = readEntry(bytes);
  if (entry === undefined || entry.key !== articleCacheKey(file, source, version) || entry.article.file !== file) return undefined;
  try {
    return unpackArticle(entry.article, source);
  } catch {
    return undefined;
  }
}

/** The article of an entry just made by a worker thread for `source` (no key check: it never touched the disk). */
export function articleFromEntry(bytes: Uint8Array, source: string): ParsedArticle {
  const entry = readEntry(bytes);
  if (entry === undefined) throw new Error('a parse worker returned an unreadable entry');
  return unpackArticle(entry.article, source);
}

function readEntry(bytes: Uint8Array): { key: string; article: PackedArticle } | undefined {
  let value: unknown;
  try {
    value = deserialize(bytes);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const { key, article } = value as { key?: unknown; article?: Partial<PackedArticle> };
  if (typeof key !== 'string' || !article || typeof article.file !== 'string') return undefined;
  if (!(article.numbers instanceof Int32Array) || !Array.isArray(article.strings) || !Array.isArray(article.malformed)) return undefined;
  if (typeof article.citationCount !== 'number' || typeof article.sentenceCount !== 'number') return undefined;
  return { key, article: article as PackedArticle };
}

export async function readCachedArticle(dir: string, file: string, source: string, version: string = VERSION): Promise<ParsedArticle | undefined> {
  const bytes = await readCacheFile(join(dir, `${articleCacheKey(file, source, version)}.bin`));
  return bytes === undefined ? undefined : decodeArticleEntry(bytes, file, source, version);
}

/** Stores an entry under the key it was encoded with (see `util/cache-file.ts`: atomic rename, not flushed, failures ignored). */
export async function writeCachedArticle(dir: string, key: string, bytes: Uint8Array): Promise<void> {
  await writeCacheFile(join(dir, `${key}.bin`), bytes);
}

// ---------------------------------------------------------------- lint results

/**
 * The lint cache: `.citemark/cache/findings/run-<run>.bin`, an entry per
 * article with the findings of the article rules and what the project
 * rules need (its citations), and `.citemark/cache/suggestions/<run>.bin`,
 * the suggestion rankings of topic-mismatch. A key covers everything a
 * finding depends on: citemark's version, the config, `--quiet`, the topic
 * vocabulary, the bibliography's files (see `bibliographyFingerprint`),
 * and the article's path and text. Editing one article therefore re-lints
 * that article only; editing the bibliography re-lints all of them.
 */
export interface RunFingerprintInput {
  bibliography: string;
  vocabulary: Vocabulary;
  config: CitemarkConfig;
  quiet: boolean;
}

export function runFingerprint(input: RunFingerprintInput): string {
  return createHash('sha256')
    .update(`citemark ${VERSION} lint ${ENTRY_FORMAT}\0${input.bibliography}\0${input.quiet}\0`)
    .update(JSON.stringify(input.config))
    .update('\0')
    .update(JSON.stringify(input.vocabulary.topics))
    .digest('hex');
}

export interface CachedFindings {
  findings: Finding[];
  /** What the project rules need of the article. */
  citedKeys: string[];
}

export function findingsCacheDir(root: string): string {
  return join(root, CACHE_DIR, 'findings');
}

/** One article's entry in the findings pack: changes with the run and the article's path and text. */
function findingsKey(run: string, file: string, source: string): string {
  return createHash('sha256').update(`${run}\0${file}\0`).update(source).digest('hex');
}

/**
 * Every article's findings for one run, in one file
 * (`findings/run-<run>.bin`): a warm run reads one file, not one per
 * article (2,000 opens and reads were a tenth of a warm run). Each entry
 * stays in its own serialized bytes, so a run that re-lints one article
 * rewrites the pack without decoding or encoding the others again.
 */
export interface FindingsPack {
  /** The pack's entries by key (see `findingsKey`), each with its article's path. */
  entries: Map<string, PackedFindings>;
}

export interface PackedFindings {
  file: string;
  bytes: Uint8Array;
}

export function findingsPackPath(root: string, run: string): string {
  return join(findingsCacheDir(root), `run-${run}.bin`);
}

/** The pack stored for `run`; empty when there is none or it is unreadable. */
export async function readFindingsPack(path: string, run: string): Promise<FindingsPack> {
  const entries = new Map<string, PackedFindings>();
  const bytes = await readCacheFile(path);
  if (bytes === undefined) return { entries };
  try {
    const value = deserialize(bytes) as { run?: unknown; keys?: unknown; files?: unknown; blobs?: unknown };
    const { keys, files, blobs } = value;
    if (value.run !== run || !Array.isArray(keys) || !Array.isArray(files) || !Array.isArray(blobs)) return { entries };
    if (keys.length !== files.length || keys.length !== blobs.length) return { entries };
    keys.forEach((key, i) => {
      const file: unknown = files[i];
      const blob: unknown = blobs[i];
      if (typeof key === 'string' && typeof file === 'string' && blob instanceof Uint8Array) entries.set(key, { file, bytes: blob });
    });
  } catch {
    entries.clear();
  }
  return { entries };
}

export async function writeFindingsPack(path: string, run: string, pack: FindingsPack): Promise<void> {
  const keys: string[] = [];
  const files: string[] = [];
  const blobs: Uint8Array[] = [];
  for (const [key, { file, bytes }] of pack.entries) {
    keys.push(key);
    files.push(file);
    blobs.push(bytes);
  }
  await writeCacheFile(path, serialize({ run, keys, files, blobs }));
}

/** An article's findings as a pack entry, under its key. */
export function packFindings(run: string, file: string, source: string, entry: CachedFindings): { key: string; packed: PackedFindings } {
  const key = findingsKey(run, file, source);
  return { key, packed: { file, bytes: serialize({ key, ...entry }) } };
}

/** The findings the pack holds for this article's path and text in this run, or undefined (also for a damaged entry). */
export function unpackFindings(pack: FindingsPack, run: string, file: string, source: string): { key: string; packed: PackedFindings; findings: CachedFindings } | undefined {
  const key = findingsKey(run, file, source);
  const packed = pack.entries.get(key);
  if (packed === undefined || packed.file !== file) return undefined;
  try {
    const value = deserialize(packed.bytes) as Partial<CachedFindings> & { key?: unknown };
    if (value.key !== key || !Array.isArray(value.findings) || !Array.isArray(value.citedKeys)) return undefined;
    return { key, packed, findings: { findings: value.findings, citedKeys: value.citedKeys } };
  } catch {
    return undefined;
  }
}

/** The bibliography rules' findings for a run: they depend on nothing an article edit changes. */
export function bibliographyFindingsPath(root: string, run: string): string {
  return join(root, CACHE_DIR, 'findings', `bibliography-${run}.bin`);
}

export async function readBibliographyFindings(path: string, run: string): Promise<Finding[] | undefined> {
  const bytes = await readCacheFile(path);
  if (bytes === undefined) return undefined;
  try {
    const value = deserialize(bytes) as { run?: unknown; findings?: unknown };
    return value.run === run && Array.isArray(value.findings) ? (value.findings as Finding[]) : undefined;
  } catch {
    return undefined;
  }
}

export async function writeBibliographyFindings(path: string, run: string, findings: Finding[]): Promise<void> {
  await writeCacheFile(path, serialize({ run, findings }));
}

export function duplicatesPath(root: string, run: string): string {
  return join(root, CACHE_DIR, 'findings', `duplicates-${run}.bin`);
}

/** The duplicate groups stored for this run (see `bibliography/duplicate-index.ts`), or undefined. */
export async function readStoredDuplicates(path: string, run: string): Promise<StoredDuplicates | undefined> {
  const bytes = await readCacheFile(path);
  if (bytes === undefined) return undefined;
  try {
    const value = deserialize(bytes) as { run?: unknown; groups?: unknown };
    return value.run === run && Array.isArray(value.groups) ? (value.groups as StoredDuplicates) : undefined;
  } catch {
    return undefined;
  }
}

export async function writeStoredDuplicates(path: string, run: string, groups: StoredDuplicates): Promise<void> {
  await writeCacheFile(path, serialize({ run, groups }));
}

export function suggestionMemoPath(root: string, run: string): string {
  return join(root, CACHE_DIR, 'suggestions', `${run}.bin`);
}

export async function readSuggestionMemo(path: string): Promise<SuggestionMemo | undefined> {
  const bytes = await readCacheFile(path);
  if (bytes === undefined) return undefined;
  try {
    const value = deserialize(bytes) as unknown;
    return value instanceof Map ? (value as SuggestionMemo) : undefined;
  } catch {
    return undefined;
  }
}

export async function writeSuggestionMemo(path: string, memo: SuggestionMemo): Promise<void> {
  await writeCacheFile(path, serialize(memo));
}
