import type { Root } from 'mdast';
import type { Bibliography, SourceLocation } from '../bibliography/types.js';
import type { CitationNode, MalformedCitationNode } from '../citations/types.js';
import type { Sentence } from '../citations/claims.js';
import type { Vocabulary } from '../topics/vocabulary.js';

export type Severity = 'error' | 'warn';
export type SeveritySetting = 'off' | Severity;

/** A finding of one rule, before severity is applied. Positions are 1-based. */
export interface Report {
  messageId: string;
  /** Values substituted into the message template (`{{key}}`). */
  data?: Record<string, string | number>;
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** Keys or other replacement text that would fix it, best first. */
  suggestions?: string[];
  /** A text edit that cannot change meaning, applied by `--fix`: byte offsets into the article source. */
  fix?: { start: number; end: number; text: string };
  /** `warn` to report this finding as a warning even where the rule is set to `error`. */
  severity?: 'warn';
}

export interface Finding extends Omit<Report, 'data' | 'severity'> {
  /** null for a file that could not be read or parsed at all (ESLint's fatal parse error). */
  ruleId: string | null;
  severity: Severity;
  message: string;
  /** Set on findings that stopped the file from being linted (unreadable, not UTF-8, too large). */
  fatal?: boolean;
}

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
  /** Problems that did not stop linting, such as front matter that does not parse (reported with no rule id). */
  problems?: { message: string; line: number; column: number }[];
}

export interface RuleMeta {
  id: string;
  defaultSeverity: Severity;
  description: string;
  /** Templates with `{{name}}` placeholders, rendered in one place (lint/messages.ts). */
  messages: Record<string, string>;
  /** Where it runs: per article, once over the bibliography, or once over the whole project. */
  scope: 'article' | 'bibliography' | 'project';
}

export interface RuleContextBase {
  bibliography: Bibliography;
  /** The topic vocabulary: the project's `references/topics.yaml`, or the built-in default. */
  vocabulary: Vocabulary;
  options: Record<string, unknown>;
  report(report: Report): void;
}
export interface ArticleRuleContext extends RuleContextBase {
  article: ParsedArticle;
}
/** What a project rule sees of each article: an article linted from the cache is not parsed again, so no more than this. */
export interface ProjectArticle {
  file: string;
  /** Every key the article cites, once each, in order of first citation. */
  citedKeys: readonly string[];
}

export function projectArticle(article: Pick<ParsedArticle, 'file' | 'citations'>): ProjectArticle {
  const keys = new Set<string>();
  for (const citation of article.citations) for (const item of citation.items) keys.add(item.key);
  return { file: article.file, citedKeys: [...keys] };
}

export interface ProjectRuleContext extends RuleContextBase {
  articles: ProjectArticle[];
  /** True when every article of the project is being linted (unused-reference only runs then). */
  allArticles: boolean;
}

export type Rule =
  | { meta: RuleMeta & { scope: 'article' }; check(ctx: ArticleRuleContext): void }
  | { meta: RuleMeta & { scope: 'bibliography' }; check(ctx: RuleContextBase): void }
  | { meta: RuleMeta & { scope: 'project' }; check(ctx: ProjectRuleContext): void };

export type { SourceLocation };
