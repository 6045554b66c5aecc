/**
 * The on-disk cache of look-up responses, `.citemark/cache/<kind>/<id>.json`.
 * It is keyed by the normalised identifier, not the URL, so a second `add`
 * of the same work, or CI with the cache checked in, never asks the network
 * again. The raw body is kept so that a better converter can reread it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { FileChange } from '../util/atomic.js';
import type { Identifier } from './identifiers.js';

export const CACHE_DIR = '.citemark/cache';

const cachedResponseSchema = z.object({
  identifier: z.string(),
  url: z.string(),
  contentType: z.string(),
  fetchedAt: z.string(),
  body: z.string(),
});
export type CachedResponse = z.infer<typeof cachedResponseSchema>;

/** The cache file of an identifier, relative to the project root. */
export function cachePath(id: Identifier): string {
  // encodeURIComponent keeps DOIs readable and turns `/` into `%2F`, so every DOI is one file name.
  const name = encodeURIComponent(id.value).replace(/^\./, '%2E');
  return `${CACHE_DIR}/${id.kind}/${name}.json`;
}

/** The cached response, or undefined when there is none or it is unreadable (a broken entry is refetched). */
export async function readCached(root: string, id: Identifier): Promise<CachedResponse | undefined> {
  return readCachedAt(root, cachePath(id));
}

/** The cached response stored at `path` (relative to the root, under `CACHE_DIR`), as `readCached` reads it. */
export async function readCachedAt(root: string, path: string): Promise<CachedResponse | undefined> {
  let text: string;
  try {
    text = await readFile(join(root, path), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = cachedResponseSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The file change that stores a response; the caller commits it with the rest of its writes. */
export function cacheChange(root: string, id: Identifier, response: CachedResponse): FileChange {
  return cacheChangeAt(root, cachePath(id), response);
}

/** The file change that stores a response at `path` (relative to the root, under `CACHE_DIR`). */
export function cacheChangeAt(root: string, path: string, response: CachedResponse): FileChange {
  return { path: join(root, path), content: `${JSON.stringify(response, null, 2)}\n` };
}
