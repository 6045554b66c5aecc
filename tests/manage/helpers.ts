import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import type { CliIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/** A temporary copy of a fixture project; the fixture itself is never written. */
export async function copyProject(fixture: string): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'citemark-manage-'));
  await cp(join(FIXTURES, fixture), root, { recursive: true });
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** Every file under `dir` (relative path → bytes as latin1 text), to prove nothing changed. */
export async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (at: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) await walk(path);
      else out.set(relative(dir, path), (await readFile(path)).toString('latin1'));
    }
  };
  await walk(dir);
  return out;
}

export async function cli(args: string[], cwd: string, stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo & { stdin?: AsyncIterable<string> } = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    cwd,
    env: {},
    ...(stdin !== undefined ? { stdin: Readable.from([stdin]) } : {}),
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}
