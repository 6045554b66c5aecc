import type { CslItem } from './schema.js';

/** Where something starts in a file. `file` is relative to the project root, `/`-separated; line and column are 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** One bibliography item with the place it was read from. */
export interface BibEntry {
  item: CslItem;
  source: SourceLocation;
}

/** Every id a load problem can have: `invalid-reference` reports each under its own messageId. */
export const LOAD_PROBLEM_IDS = [
  'unreadable-file',
  'unsupported-file',
  'not-utf8',
  'empty-file',
  'not-bibliography',
  'parse-error',
  'duplicate-key',
  'duplicate-id',
  'schema',
  'unsafe-key',
  'unknown-evidence',
  'unreadable-value',
  'missing-title',
  'missing-author',
  'invalid-date',
  'invalid-doi',
  'run-together-name',
] as const;
export type LoadProblemId = (typeof LOAD_PROBLEM_IDS)[number];

/**
 * Something wrong with the bibliography found while loading it: a file that
 * does not parse, an item that fails the schema, a duplicate `id`. Reported
 * by the `invalid-reference` rule.
 */
export interface LoadProblem {
  /** A stable id for tests, e.g. `parse-error`, `schema`, `duplicate-id`, `run-together-name`. */
  messageId: LoadProblemId;
  message: string;
  source: SourceLocation;
  /** The citekey, where the problem concerns one item. */
  id?: string;
  /** `warning` for a problem that is not a reason to doubt the item (a name that may be run together); absent for errors. */
  severity?: 'warning';
}

/**
 * A record that was read but failed validation, kept with what identifies
 * it so duplicate detection can still match it by DOI or PMID (a copy that
 * fails the schema is still a copy). Never cited, rendered or written.
 */
export interface RejectedRecord {
  source: SourceLocation;
  /** The record's string fields as read (`id`, `DOI`, `PMID`, `title`, …); other values are left out. */
  fields: Record<string, string>;
}

export interface Bibliography {
  /** Valid items in load order (file path order, then position in the file). */
  entries: BibEntry[];
  /** Records that failed validation, in load order; each also has a problem in `problems`. */
  rejected: RejectedRecord[];
  byId: Map<string, BibEntry>;
  problems: LoadProblem[];
  /** Every file read, relative to the root. */
  files: string[];
}
