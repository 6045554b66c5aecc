/**
 * The rule contract, owned by the rules: what a rule declares (meta), what
 * it sees (its context) and what it reports. The linter runs rules through
 * this; a rule needs nothing else of it.
 */
import type { z } from 'zod';
import type { Bibliography, SourceLocation } from '../bibliography/types.js';
import type { ParsedArticle, Severity, UnreadableArticle } from '../document/types.js';
import type { Vocabulary } from '../topics/vocabulary.js';

export type { Severity, SeveritySetting } from '../document/types.js';

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
  /** Ways to fix it that a person should choose between (they may change meaning), best first. Needs `meta.hasSuggestions`. */
  suggestions?: Suggestion[];
  /** A text edit that cannot change meaning, applied by `--fix`. Needs `meta.fixable`. */
  fix?: TextEdit;
  /** `warn` to report this finding as a warning even where the rule is set to `error`. */
  severity?: 'warn';
  /** Set on findings that stopped the file from being linted (unreadable, not UTF-8, too large). */
  fatal?: boolean;
}

/** Replaces `start`–`end` (offsets into the article source) with `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** One suggestion: what it would write (`desc`, a citekey say, shown to people as is) and the edit that writes it, where the rule can place it. */
export interface Suggestion {
  desc: string;
  fix?: TextEdit;
}

export interface RuleDocs {
  /** One sentence: what the rule flags. */
  description: string;
  /** Where the rule is documented (SARIF's `helpUri`). */
  url: string;
}

export interface RuleMeta {
  id: string;
  defaultSeverity: Severity;
  docs: RuleDocs;
  /** Templates with `{{name}}` placeholders, rendered in one place (rules/messages.ts). */
  messages: Record<string, string>;
  /**
   * Where it runs: per article, once over the bibliography, once over the
   * whole project, or per article that could not be read (`file`).
   */
  scope: 'article' | 'bibliography' | 'project' | 'file';
  /**
   * The options object a config may give (`["error", {options}]`), with its
   * defaults: validated when the config loads, so a wrong option is a usage
   * error naming the file and the rule. Absent: the rule takes no options.
   */
  schema?: z.ZodType<Record<string, unknown>>;
  /** Set when findings carry a `fix` that `--fix` applies (it never changes meaning). */
  fixable?: 'code';
  /** Set when findings carry `suggestions`. */
  hasSuggestions?: boolean;
}

export interface RuleContextBase<Options = Record<string, unknown>> {
  bibliography: Bibliography;
  /** The topic vocabulary: the project's `references/topics.yaml`, or the built-in default. */
  vocabulary: Vocabulary;
  /** The rule's options from the config, parsed by `meta.schema` (defaults filled in). */
  options: Options;
  report(report: Report): void;
}
export interface ArticleRuleContext<Options = Record<string, unknown>> extends RuleContextBase<Options> {
  article: ParsedArticle;
}
export interface FileRuleContext<Options = Record<string, unknown>> extends RuleContextBase<Options> {
  unreadable: UnreadableArticle;
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

export interface ProjectRuleContext<Options = Record<string, unknown>> extends RuleContextBase<Options> {
  articles: ProjectArticle[];
  /** True when every article of the project is being linted (unused-reference only runs then). */
  allArticles: boolean;
}

export type Rule =
  | { meta: RuleMeta & { scope: 'article' }; check(ctx: ArticleRuleContext): void }
  | { meta: RuleMeta & { scope: 'bibliography' }; check(ctx: RuleContextBase): void }
  | { meta: RuleMeta & { scope: 'project' }; check(ctx: ProjectRuleContext): void }
  | { meta: RuleMeta & { scope: 'file' }; check(ctx: FileRuleContext): void };

export type { SourceLocation };
