/** What a reporter is handed and returns; the reporters import this, and index.ts picks one by name. */
import type { Finding, RuleMeta } from '../lint/types.js';

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
