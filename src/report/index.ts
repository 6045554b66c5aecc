/**
 * report/: the reporters (stylish, json, sarif, github), chosen by name, and
 * the merging of shard reports. May import: lint/types.ts (findings and rule
 * metas), util/, version.ts. Imported by: cli/, index.ts.
 */
import type { Finding, RuleMeta } from '../lint/types.js';
import { github } from './github.js';
import { json } from './json.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';

/** The findings of one linted file (an article or a bibliography file). */
export interface FileResult {
  /** Relative to the project root, `/`-separated. */
  filePath: string;
  /** Sorted by line, then column. Reporters print them in this order. */
  findings: Finding[];
}

export interface ReporterOptions {
  /** ANSI colour; the CLI passes `process.stdout.isTTY && !NO_COLOR`. */
  color: boolean;
  /** Absolute path of the project root the `filePath`s are relative to. */
  cwd: string;
  toolVersion: string;
  /** Every rule that could report, so SARIF can describe them even when none fired. */
  rules: RuleMeta[];
  ruleDocsUrl?: (ruleId: string) => string;
}

/**
 * Turns lint results into the complete text for stdout. Files are printed in
 * the order given. Non-empty output ends with a newline, so the CLI writes it
 * as is.
 */
export type Reporter = (results: FileResult[], options: ReporterOptions) => string;

export type ReporterName = 'stylish' | 'json' | 'sarif' | 'github';

export const reporters: Record<ReporterName, Reporter> = { stylish, json, sarif, github };

export const reporterNames = Object.keys(reporters) as ReporterName[];

export function getReporter(name: string): Reporter | undefined {
  return Object.prototype.hasOwnProperty.call(reporters, name)
    ? reporters[name as ReporterName]
    : undefined;
}

export { stylish, json, sarif, github };
export { toEslintResults } from './json.js';
export type { EslintResult, EslintMessage } from './json.js';
export { lineFingerprint } from './sarif.js';
export { escapeData, escapeProperty } from './github.js';
