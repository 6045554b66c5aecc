/**
 * The parse cache: `.citemark/cache/articles/<key>.bin`, one entry per
 * parsed article, keyed by a hash of citemark's version, the article's path
 * and its text. An entry is the article's `ParsedArticle` in V8's
 * serialization format, which keeps the sharing between `tree`, `citations`
 * and `sentences` that JSON would lose.
 *
 * The folder is safe to delete at any time. An entry that is missing,
 * truncated, from another version or (however unlikely) from a hash
 * collision is a miss: every hit is checked against the path and text it
 * stands for before it is used.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { VERSION } from '../version.js';
import type { ParsedArticle } from './types.js';

/** Relative to the project root. */
export const CACHE_DIR = '.citemark/cache';

/** Bumped when the shape of a cached entry changes within one citemark version. */
const ENTRY_FORMAT = 2;

export function articleCacheDir(root: string): string {
  return join(root, CACHE_DIR, 'articles');
}

/** The entry name for an article: changes with its path, its text and citemark's version. */
export function articleCacheKey(file: string, source: string, version: string = VERSION): string {
  return createHash('sha256').update(`citemark ${version} ${ENTRY_FORMAT}\0${file}\0`).update(source).digest('hex');
}

/** The article without its tree (see `ParsedArticle.tree`). */
/**
 * An entry: the article without its tree (see `ParsedArticle.tree`) and
 * without its text, which the reader already has, under the key it was
 * stored for. The key (a hash of path, text and version) is checked on
 * every read, so a misnamed or colliding entry is never used.
 */
export function encodeArticle(article: ParsedArticle, key: string = articleCacheKey(article.file, article.source)): Uint8Array {
  const { tree: _tree, source: _source, ...rest } = article;
  return serialize({ key, article: rest });
}

/** The article an entry holds, or undefined when the bytes are not a readable entry for exactly this path, text and version. */
export function decodeArticleEntry(bytes: Uint8Array, file: string, source: string, version: string = VERSION): ParsedArticle | undefined {
  const entry = readEntry(bytes);
  if (entry === undefined || entry.key !== articleCacheKey(file, source, version) || entry.article.file !== file) return undefined;
  return { ...entry.article, source };
}

/** The article of an entry just made by a worker thread for `source` (no key check: it never touched the disk). */
export function articleFromEntry(bytes: Uint8Array, source: string): ParsedArticle {
  const entry = readEntry(bytes);
  if (entry === undefined) throw new Error('a parse worker returned an unreadable entry');
  return { ...entry.article, source };
}

function readEntry(bytes: Uint8Array): { key: string; article: Omit<ParsedArticle, 'source'> } | undefined {
  let value: unknown;
  try {
    value = deserialize(bytes);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const { key, article } = value as { key?: unknown; article?: Partial<ParsedArticle> };
  if (typeof key !== 'string' || !article || typeof article.file !== 'string') return undefined;
  if (!Array.isArray(article.sentences) || !Array.isArray(article.citations) || !Array.isArray(article.malformed)) return undefined;
  return { key, article: article as Omit<ParsedArticle, 'source'> };
}

export async function readCachedArticle(dir: string, file: string, source: string, version: string = VERSION): Promise<ParsedArticle | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(join(dir, `${articleCacheKey(file, source, version)}.bin`));
  } catch {
    return undefined;
  }
  return decodeArticleEntry(bytes, file, source, version);
}

/**
 * Stores an entry: written to a temporary name, then renamed, so a reader
 * never sees half an entry. Not flushed to disk as bibliography and article
 * writes are: a lost entry costs one parse, and flushing thousands of them
 * would cost more than the cache saves. A failure to write is ignored for
 * the same reason (a read-only checkout still lints).
 */
export async function writeCachedArticle(dir: string, bytes: Uint8Array, file: string, source: string, version: string = VERSION): Promise<void> {
  const target = join(dir, `${articleCacheKey(file, source, version)}.bin`);
  const temporary = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temporary, bytes);
    await rename(temporary, target);
  } catch {
    await unlink(temporary).catch(() => undefined);
  }
}
