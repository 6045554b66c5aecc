import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitFiles, nodeAtomicFs, writeFileAtomic, type AtomicFs } from '../../src/util/atomic.js';

const temps: string[] = [];
afterEach(async () => {
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function snapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    out[relative(root, full)] = await readFile(full, 'utf8');
  }
  return out;
}

/** Counts every file operation and throws at the `failAt`-th (0-based); -1 never fails. */
function failingFs(failAt: number): AtomicFs & { calls: string[] } {
  const calls: string[] = [];
  const wrap =
    <A extends unknown[]>(name: keyof AtomicFs, fn: (...args: A) => Promise<unknown>) =>
    async (...args: A) => {
      calls.push(name);
      if (calls.length - 1 === failAt) throw new Error(`injected failure in ${name}`);
      await fn(...args);
    };
  return {
    calls,
    mkdir: wrap('mkdir', nodeAtomicFs.mkdir),
    writeNew: wrap('writeNew', nodeAtomicFs.writeNew),
    rename: wrap('rename', nodeAtomicFs.rename),
    unlink: wrap('unlink', nodeAtomicFs.unlink),
    preserve: wrap('preserve', nodeAtomicFs.preserve),
    exists: (path) => nodeAtomicFs.exists(path),
    syncDir: (dir) => nodeAtomicFs.syncDir(dir),
  };
}

async function setup(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'citemark-atomic-'));
  temps.push(root);
  await mkdir(join(root, 'references'));
  await writeFile(join(root, 'references/a.yaml'), 'old a\n');
  await writeFile(join(root, 'references/gone.yaml'), 'old gone\n');
  await writeFile(join(root, 'articles.md'), 'old article\n');
  return root;
}

const changes = (root: string) => [
  { path: join(root, 'references/a.yaml'), content: 'new a\n' },
  { path: join(root, 'references/b.yaml'), content: 'new b\n' },
  { path: join(root, 'articles.md'), content: 'new article\n' },
  { path: join(root, 'references/gone.yaml'), content: null },
];

describe('commitFiles', () => {
  it('applies every change', async () => {
    const root = await setup();
    await commitFiles(changes(root));
    expect(await snapshot(root)).toEqual({
      'articles.md': 'new article\n',
      'references/a.yaml': 'new a\n',
      'references/b.yaml': 'new b\n',
    });
  });

  it('leaves everything as it was when any step fails', async () => {
    const probe = failingFs(-1);
    const probeRoot = await setup();
    await commitFiles(changes(probeRoot), probe);
    const steps = probe.calls.length;
    expect(probe.calls).toEqual([
      // one mkdir per folder, then the temporaries (written several at a time)
      'mkdir', 'mkdir', 'writeNew', 'writeNew', 'writeNew',
      'preserve', 'preserve', 'preserve',
      'rename', 'rename', 'rename',
      'unlink',
      'unlink', 'unlink', 'unlink',
    ]);
    // the last three unlinks drop backups after success; a failure there must not undo the commit
    const mustRollBack = steps - 3;
    for (let failAt = 0; failAt < steps; failAt++) {
      const root = await setup();
      const before = await snapshot(root);
      const fs = failingFs(failAt);
      if (failAt < mustRollBack) {
        await expect(commitFiles(changes(root), fs), `step ${failAt} (${fs.calls[failAt] ?? ''})`).rejects.toThrow(/injected/);
        expect(await snapshot(root), `after failing step ${failAt}`).toEqual(before);
      } else {
        await commitFiles(changes(root), fs);
        const after = await snapshot(root);
        expect(after['references/a.yaml']).toBe('new a\n');
        expect(after['references/gone.yaml']).toBeUndefined();
      }
    }
  });

  it('refuses the same path twice', async () => {
    const root = await setup();
    const path = join(root, 'x');
    await expect(commitFiles([{ path, content: '1' }, { path, content: '2' }])).rejects.toThrow(/twice/);
  });
});

describe('writeFileAtomic', () => {
  it('replaces a file and leaves no temporary behind', async () => {
    const root = await setup();
    await writeFileAtomic(join(root, 'references/a.yaml'), 'fresh\n');
    expect(await snapshot(root)).toEqual({
      'articles.md': 'old article\n',
      'references/a.yaml': 'fresh\n',
      'references/gone.yaml': 'old gone\n',
    });
  });

  it('keeps the old content when the write fails', async () => {
    for (const failAt of [0, 1, 2, 3]) {
      const root = await setup();
      const before = await snapshot(root);
      await expect(writeFileAtomic(join(root, 'references/a.yaml'), 'fresh\n', failingFs(failAt))).rejects.toThrow(/injected/);
      expect(await snapshot(root)).toEqual(before);
    }
  });
});
