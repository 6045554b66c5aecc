import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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
}

/** Runs the built bin; a run past its timeout is killed and reported with `signal`. */
export function runCli(args: string[], options: RunOptions = {}): Promise<CliRun> {
  if (!existsSync(CLI)) throw new Error(`\`${CLI}\` is missing; run \`npm run build\` before these tests.`);
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...(options.nodeArgs ?? []), CLI, ...args],
      {
        cwd: options.cwd ?? REPO,
        timeout: options.timeoutMs ?? 60_000,
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

export type FileSpec = string | Uint8Array | { symlink: string } | { dir: true };

const created: string[] = [];

/** Deletes every project made by this test file (call from `afterAll`); the 50 MB article must not pile up in /tmp. */
export function removeProjects(): void {
  for (const root of created.splice(0)) rmSync(root, { recursive: true, force: true });
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
