/**
 * util/: small helpers for every layer: atomic writes (this file), cache
 * files, the line index, HTML escapes, did-you-mean, character classes, YAML
 * with positions. At the bottom of the layers. May import:
 * document/errors.ts. Imported by: every layer.
 *
 * Writes that never leave a file half-written: data goes to a temporary file
 * in the target's directory, is flushed to disk, then renamed over the target
 * (a rename within one directory is atomic on POSIX file systems).
 *
 * `commitFiles` extends this to several files: all temporaries are written
 * before any target changes, and if a rename or deletion fails, the targets
 * already changed are put back from hard-link backups.
 */
import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The file operations the atomic writers use; tests pass a wrapper that fails on purpose. */
export interface AtomicFs {
  mkdir(dir: string): Promise<void>;
  /** Creates `path` (it must not exist), writes `data`, flushes it to disk and closes it. */
  writeNew(path: string, data: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** Makes `backup` another name for `path`'s current content (a hard link, or a copy). */
  preserve(path: string, backup: string): Promise<void>;
  exists(path: string): Promise<boolean>;
  /** Flushes a directory's entries (the renames) to disk; best effort. */
  syncDir(dir: string): Promise<void>;
}

export const nodeAtomicFs: AtomicFs = {
  async mkdir(dir) {
    await fsp.mkdir(dir, { recursive: true });
  },
  async writeNew(path, data) {
    const handle = await fsp.open(path, 'wx', 0o644);
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rename: (from, to) => fsp.rename(from, to),
  unlink: (path) => fsp.unlink(path),
  async preserve(path, backup) {
    try {
      await fsp.link(path, backup);
    } catch {
      await fsp.copyFile(path, backup, fsp.constants.COPYFILE_EXCL);
    }
  },
  async exists(path) {
    try {
      await fsp.lstat(path);
      return true;
    } catch {
      return false;
    }
  },
  async syncDir(dir) {
    let handle: fsp.FileHandle | undefined;
    try {
      handle = await fsp.open(dir, 'r');
      await handle.sync();
    } catch {
      // Some platforms cannot fsync a directory; the rename is still atomic.
    } finally {
      await handle?.close().catch(() => undefined);
    }
  },
};

function siblingName(path: string, purpose: 'tmp' | 'bak'): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.${purpose}`);
}

async function quietly(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch {
    // cleanup after a failure: the original error is the one worth reporting
  }
}

/** Writes `data` to `path` atomically; on failure the target is untouched and no temporary file is left. */
export async function writeFileAtomic(path: string, data: string, fs: AtomicFs = nodeAtomicFs): Promise<void> {
  await commitFiles([{ path, content: data }], fs);
}

export interface FileChange {
  path: string;
  /** The new content, or `null` to delete the file. */
  content: string | null;
}

/**
 * Applies every change or none. Order: write all temporaries; back up the
 * targets that exist; rename temporaries over targets; delete; drop backups.
 * A failure at any step restores the targets and removes every temporary and
 * backup before the error is rethrown.
 */
/** How many temporaries `commitFiles` writes at once. */
const WRITE_CONCURRENCY = 16;

/** Runs `fn` over `items`, `limit` at a time; waits for every call, then throws the first failure. */
async function settleAll<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length && failure === undefined) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}

export async function commitFiles(changes: readonly FileChange[], fs: AtomicFs = nodeAtomicFs): Promise<void> {
  const seen = new Set<string>();
  for (const change of changes) {
    if (seen.has(change.path)) throw new Error(`\`${change.path}\` appears twice in one commit; merge the changes into one`);
    seen.add(change.path);
  }
  const writes = changes.filter((c): c is FileChange & { content: string } => c.content !== null);
  const deletions = changes.filter((c) => c.content === null);

  const temps = new Map<string, string>();
  const backups = new Map<string, string>();
  const replaced: string[] = [];
  const deleted: string[] = [];
  try {
    for (const dir of new Set(writes.map((c) => dirname(c.path)))) await fs.mkdir(dir);
    for (const change of writes) temps.set(change.path, siblingName(change.path, 'tmp'));
    // Temporaries are written several at a time: each is flushed to disk, and flushes one after another cost
    // seconds for an import of a thousand files. Every write settles before a failure is handled, so none is left behind.
    await settleAll(writes, WRITE_CONCURRENCY, (change) => fs.writeNew(temps.get(change.path) as string, change.content));
    for (const change of changes) {
      if (!(await fs.exists(change.path))) continue;
      const backup = siblingName(change.path, 'bak');
      await fs.preserve(change.path, backup);
      backups.set(change.path, backup);
    }
    for (const change of writes) {
      await fs.rename(temps.get(change.path) as string, change.path);
      temps.delete(change.path);
      replaced.push(change.path);
    }
    for (const change of deletions) {
      if (!backups.has(change.path)) continue;
      await fs.unlink(change.path);
      deleted.push(change.path);
    }
  } catch (error) {
    for (const path of [...replaced, ...deleted]) {
      const backup = backups.get(path);
      if (backup) {
        await quietly(() => fs.rename(backup, path));
        backups.delete(path);
      } else await quietly(() => fs.unlink(path));
    }
    for (const temp of temps.values()) await quietly(() => fs.unlink(temp));
    for (const backup of backups.values()) await quietly(() => fs.unlink(backup));
    throw error;
  }
  for (const backup of backups.values()) await quietly(() => fs.unlink(backup));
  for (const dir of new Set(changes.map((c) => dirname(c.path)))) await fs.syncDir(dir);
}
