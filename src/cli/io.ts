import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';

export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  cwd: string;
  env: Record<string, string | undefined>;
}

export const EXIT_OK = 0;
export const EXIT_LINT_ERRORS = 1;
export const EXIT_USAGE = 2;

/** One `citemark <command>`: its options and a thin call into the library. */
export interface Command {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** `root` is the project folder; `positionals` are absolute paths or raw arguments as given. */
  run(args: { values: Record<string, unknown>; positionals: string[]; root: string; io: CliIo }): Promise<number>;
}

/** A path the user typed: relative to the project root when it exists there (`--cwd`), else to the current folder. */
export function resolveUserPath(root: string, cwd: string, path: string): string {
  const underRoot = resolve(root, path);
  return existsSync(underRoot) ? underRoot : resolve(cwd, path);
}
