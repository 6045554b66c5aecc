import { execFile } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = join(REPO, 'dist/cli.js');

/** A stack frame line as Node prints it: users must never see one. */
export const STACK_TRACE = /\n\s+at /;

export interface CliRun {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunOptions {
  cwd?: string;
  timeoutMs?: number;
  /** Run as this uid/gid (only possible as root): lets a permission test bite when the suite runs as root. */
  uid?: number;
  nodeArgs?: string[];
  env?: Record<string, string>;
  /** The bin to run, when not the clone's own `dist/cli.js` (see `cliForOtherUsers`). */
  cli?: string;
}

/** Runs the built bin; a run past its timeout is killed and reported with `signal`. */
export function runCli(args: string[], options: RunOptions = {}): Promise<CliRun> {
  if (!existsSync(CLI)) throw new Error(`\`${CLI}\` is missing; run \`npm run build\` before these tests.`);
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...(options.nodeArgs ?? []), options.cli ?? CLI, ...args],
      {
        cwd: options.cwd ?? REPO,
        timeout: options.timeoutMs ?? 120_000,
        killSignal: 'SIGKILL',
        maxBuffer: 256 * 1024 * 1024,
        env: { ...process.env, NO_COLOR: '1', ...options.env },
        ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {}),
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        const signal = error && 'signal' in error ? ((error.signal as string | null) ?? null) : null;
        resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
      },
    );
  });
}

/** Every folder from `path` up to `/` lets other users through (the `o+x` bit): `nobody` can reach `path`. */
function othersCanReach(path: string): boolean {
  for (let dir = path; ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return false;
    if (dir === parse(dir).root) return true;
  }
}

/**
 * The packages `dist/` still loads from `node_modules` at run time (the ones
 * tsup leaves external, or that are required by a computed `require`), with
 * everything they depend on.
 */
function runtimePackages(): Set<string> {
  const packageOf = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
  const todo: string[] = [];
  for (const file of readdirSync(join(REPO, 'dist'))) {
    if (!file.endsWith('.js')) continue;
    const code = readFileSync(join(REPO, 'dist', file), 'utf8');
    for (const m of code.matchAll(/(?:\brequire\d*\(|\bfrom\s*|\bimport\()\s*"([^".][^"]*)"/g)) {
      const name = packageOf(m[1]!);
      if (!name.startsWith('node:') && !builtinModules.includes(name)) todo.push(name);
    }
  }
  const seen = new Set<string>();
  while (todo.length > 0) {
    const name = todo.pop()!;
    if (seen.has(name) || !existsSync(join(REPO, 'node_modules', name, 'package.json'))) continue;
    seen.add(name);
    const manifest = JSON.parse(readFileSync(join(REPO, 'node_modules', name, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    todo.push(...Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies }));
  }
  return seen;
}

/** `a+rX` on a tree: a clone made under `umask 077` copies as private files. */
function openToOthers(root: string): void {
  chmodSync(root, 0o755);
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isSymbolicLink()) continue;
    chmodSync(join(entry.parentPath, entry.name), entry.isDirectory() ? 0o755 : 0o644);
  }
}

let otherUsersCli: { cli: string } | { skip: string } | undefined;

/**
 * The built CLI where another user can run it. The clone may live where
 * other users cannot enter (a private home, a `mktemp -d` folder), so what the
 * bin loads at run time (`dist/`, the external `tinypool`, `package.json` for
 * `"type": "module"`) is copied once into a readable folder under the temp
 * dir. When even the temp dir is closed to others, says why instead.
 */
export function cliForOtherUsers(): { cli: string } | { skip: string } {
  if (otherUsersCli) return otherUsersCli;
  if (!existsSync(CLI)) return { skip: `\`${CLI}\` is missing; run \`npm run build\` first` };
  const base = tmpdir();
  if (!othersCanReach(base)) return (otherUsersCli = { skip: `the temp dir \`${base}\` is closed to other users` });
  const root = mkdtempSync(join(base, 'citemark-cli-'));
  created.push(root);
  cpSync(join(REPO, 'dist'), join(root, 'dist'), { recursive: true });
  for (const name of runtimePackages()) cpSync(join(REPO, 'node_modules', name), join(root, 'node_modules', name), { recursive: true });
  cpSync(join(REPO, 'package.json'), join(root, 'package.json'));
  openToOthers(root);
  return (otherUsersCli = { cli: join(root, 'dist/cli.js') });
}

export type FileSpec = string | Uint8Array | { symlink: string } | { dir: true };

const created: string[] = [];

/** Deletes every project made by this test file (call from `afterAll`); the 50 MB article must not pile up in /tmp. */
export function removeProjects(): void {
  for (const root of created.splice(0)) rmSync(root, { recursive: true, force: true });
  otherUsersCli = undefined;
}

/** A throwaway project (readable by every user, so a run as `nobody` can see it). */
export function makeProject(files: Record<string, FileSpec>): string {
  const root = mkdtempSync(join(tmpdir(), 'citemark-robust-'));
  created.push(root);
  chmodSync(root, 0o755);
  for (const [path, spec] of Object.entries(files)) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    if (typeof spec === 'string' || spec instanceof Uint8Array) writeFileSync(target, spec);
    else if ('symlink' in spec) symlinkSync(spec.symlink, target);
    else mkdirSync(target, { recursive: true });
  }
  openToOthers(root);
  return root;
}

export interface JsonMessage {
  ruleId: string | null;
  severity: number;
  message: string;
  line: number;
  column: number;
  fatal?: boolean;
}

export interface JsonFileResult {
  filePath: string;
  messages: JsonMessage[];
  errorCount: number;
  warningCount: number;
}

export function parseJsonReport(run: CliRun): Map<string, JsonMessage[]> {
  let results: JsonFileResult[];
  try {
    results = JSON.parse(run.stdout) as JsonFileResult[];
  } catch {
    throw new Error(`stdout is not the JSON report (exit ${run.code}, signal ${run.signal}); stderr: ${run.stderr.slice(0, 2000)}`);
  }
  return new Map(results.map((r) => [r.filePath, r.messages]));
}

/** A valid canonical CSL-YAML item. */
export function yamlItem(id: string, extra = ''): string {
  return `id: ${id}\ntype: article-journal\ntitle: Ketamine for chronic pain, study ${id}\nauthor:\n  - family: Doe\n    given: Jane\nissued:\n  date-parts: [[2020]]\ncontainer-title: Pain Medicine\n${extra}`;
}
