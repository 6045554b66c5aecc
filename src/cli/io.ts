import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../document/errors.js';

export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  cwd: string;
  env: Record<string, string | undefined>;
}

export const EXIT_OK = 0;
export const EXIT_LINT_ERRORS = 1;
export const EXIT_USAGE = 2;

/**
 * One option of a command. `type`, `short` and `multiple` are node's
 * `parseArgs` settings; the rest is for the user: `--help` prints `value` and
 * `description` on one line, and a value outside `choices` is refused with
 * the nearest choice.
 */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** The value's placeholder in `--help`, e.g. `N`, `DIR`, `stylish|json`. */
  value?: string;
  /** What the option does, one line (a test checks every option has one). */
  description?: string;
  /** The only values a string option takes. */
  choices?: readonly string[];
}

/**
 * One `citemark <command>`: its options and a thin call into the library.
 * To add an option, add an entry to `options` with a `description` (and a
 * `value` placeholder for a string option); the parser, the did-you-mean for
 * a mistyped option and `--help` all read it from there.
 */
export interface Command {
  summary: string;
  usage: string;
  options: Readonly<Record<string, OptionSpec>>;
  /** Command lines for `--help`, each showing the command at work (a test checks every command has one). */
  examples?: readonly string[];
  /** `root` is the project folder; `positionals` are absolute paths or raw arguments as given. */
  run(args: { values: Record<string, unknown>; positionals: string[]; root: string; io: CliIo }): Promise<number>;
}

/** A path the user typed: relative to the project root when it exists there (`--cwd`), else to the current folder. */
export function resolveUserPath(root: string, cwd: string, path: string): string {
  const underRoot = resolve(root, path);
  return existsSync(underRoot) ? underRoot : resolve(cwd, path);
}

/** `--threads N` of `lint` and `render`: worker threads, 1 for none; undefined when not given (the machine's cores). */
export function parseThreads(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`\`--threads\` takes a whole number from 1 to 64 (got \`${raw}\`); \`--threads 1\` works on the main thread only.`);
  return n;
}
