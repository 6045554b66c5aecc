/**
 * Files under `.citemark/cache/`: written to a temporary name and renamed,
 * so a reader never sees half an entry. Not flushed to disk as bibliography
 * and article writes are: a lost entry costs one recomputation, and
 * flushing thousands of them would cost more than the cache saves. A
 * failure to write is ignored for the same reason (a read-only checkout
 * still lints), and a failure to read is a miss.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function writeCacheFile(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch {
    await unlink(temporary).catch(() => undefined);
  }
}

export async function readCacheFile(path: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(path);
  } catch {
    return undefined;
  }
}
