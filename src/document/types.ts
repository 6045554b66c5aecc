/** An article as the document layer hands it on: parsed, or why it could not be. */
import type { Root } from 'mdast';
import type { CitationNode, MalformedCitationNode } from '../citations/types.js';
import type { Sentence } from '../citations/claims.js';

/** How loud a rule is, as a config sets it. */
export type Severity = 'error' | 'warn';
export type SeveritySetting = 'off' | Severity;

/** An article as the rules see it: its text, its tree, its citations and its sentences. */
export interface ParsedArticle {
  /** Relative to the project root, `/`-separated. */
  file: string;
  source: string;
  /**
   * The parsed tree. Absent when the article was parsed on a worker thread
   * or read from the parse cache: no rule needs it, and carrying every
   * article's tree across threads cost more memory and time than parsing.
   */
  tree?: Root;
  frontMatter: Record<string, unknown>;
  citations: CitationNode[];
  /** Citation-like text pandoc would not read as intended (`[@]`, `[@ key]`, `[@key`), in document order. */
  malformed: MalformedCitationNode[];
  sentences: Sentence[];
  /** Problems that did not stop linting, such as front matter that does not parse (the `invalid-front-matter` rule reports them). */
  problems?: ArticleProblem[];
}

/** A problem found while reading an article: `reason` is a stable id (the reporting rule's messageId), `message` the prose. */
export interface ArticleProblem {
  reason: string;
  message: string;
  line: number;
  column: number;
}

/** An article that could not be linted at all: not readable, not UTF-8, over a size limit, nested too deeply. */
export interface UnreadableArticle extends ArticleProblem {
  file: string;
}
