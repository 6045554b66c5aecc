/**
 * report/: the reporters (stylish, json, sarif, github), chosen by name, and
 * the merging of shard reports. May import: lint/types.ts (findings and rule
 * metas), util/, version.ts. Imported by: cli/, index.ts.
 */
import type { Reporter } from './types.js';
import { github } from './github.js';
import { json } from './json.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';

export type { FileResult, Reporter, ReporterOptions } from './types.js';

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
