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

/**
 * Something wrong with the bibliography found while loading it: a file that
 * does not parse, an item that fails the schema, a duplicate `id`. Reported
 * by the `invalid-reference` rule.
 */
export interface LoadProblem {
  /** A stable id for tests, e.g. `parse-error`, `schema`, `duplicate-id`, `run-together-name`. */
  messageId: string;
  message: string;
  source: SourceLocation;
  /** The citekey, where the problem concerns one item. */
  id?: string;
}

export interface Bibliography {
  /** Valid items in load order (file path order, then position in the file). */
  entries: BibEntry[];
  byId: Map<string, BibEntry>;
  problems: LoadProblem[];
  /** Every file read, relative to the root. */
  files: string[];
}
