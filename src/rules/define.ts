import type { z } from 'zod';
import { keyRange } from '../citations/key-range.js';
import type { CitationItem } from '../citations/types.js';
import type { ArticleRuleContext, FileRuleContext, ProjectRuleContext, Rule, RuleContextBase, RuleMeta, Suggestion } from './types.js';

/** Where every rule is documented: the rule table of the README (as npm shows it). */
export const RULE_DOCS_BASE = 'https://www.npmjs.com/package/citemark#rules';

/** The documentation link of a rule (SARIF's `helpUri`). */
export function ruleDocsUrl(id: string): string {
  // A text fragment that scrolls to the rule's row; `-` must be escaped inside one.
  return `${RULE_DOCS_BASE}:~:text=${encodeURIComponent(id).replaceAll('-', '%2D')}`;
}

/** What a rule file states: its meta without the scope (the constructor sets it) and with `docs.url` filled in from its id. */
type MetaInput<S extends z.ZodType<Record<string, unknown>> | undefined> = Omit<RuleMeta, 'scope' | 'docs' | 'schema'> & {
  docs: { description: string; url?: string };
  schema?: S;
};
/** The options a rule's check sees: its schema's output, or none. */
type OptionsOf<S> = S extends z.ZodType<infer O> ? O : Record<string, never>;

function complete<S extends z.ZodType<Record<string, unknown>> | undefined>(meta: MetaInput<S>, scope: RuleMeta['scope']): RuleMeta {
  return { ...meta, docs: { description: meta.docs.description, url: meta.docs.url ?? ruleDocsUrl(meta.id) }, scope };
}

/** Typed constructors, so each rule file states its scope once and its check sees its own options' type. */
export function articleRule<S extends z.ZodType<Record<string, unknown>> | undefined = undefined>(
  meta: MetaInput<S>,
  check: (ctx: ArticleRuleContext<OptionsOf<S>>) => void,
): Rule {
  return { meta: complete(meta, 'article'), check: check as (ctx: ArticleRuleContext) => void } as Rule;
}
export function bibliographyRule<S extends z.ZodType<Record<string, unknown>> | undefined = undefined>(
  meta: MetaInput<S>,
  check: (ctx: RuleContextBase<OptionsOf<S>>) => void,
): Rule {
  return { meta: complete(meta, 'bibliography'), check: check as (ctx: RuleContextBase) => void } as Rule;
}
export function projectRule<S extends z.ZodType<Record<string, unknown>> | undefined = undefined>(
  meta: MetaInput<S>,
  check: (ctx: ProjectRuleContext<OptionsOf<S>>) => void,
): Rule {
  return { meta: complete(meta, 'project'), check: check as (ctx: ProjectRuleContext) => void } as Rule;
}
/** A rule over articles that could not be read at all: its findings are fatal (the article was not linted). */
export function fileRule<S extends z.ZodType<Record<string, unknown>> | undefined = undefined>(
  meta: MetaInput<S>,
  check: (ctx: FileRuleContext<OptionsOf<S>>) => void,
): Rule {
  return { meta: complete(meta, 'file'), check: check as (ctx: FileRuleContext) => void } as Rule;
}

/** A suggestion to cite `key` instead of the cited item's key, with the edit that does it where the key can be found in the source. */
export function keySuggestion(source: string, item: CitationItem, key: string): Suggestion {
  const range = keyRange(source, item);
  return range ? { desc: key, fix: { ...range, text: key } } : { desc: key };
}

/**
 * A rule's documented examples, run as its tests (tests/rules/examples.test.ts):
 * what it passes and what it flags, with the messageId, data and fix it gives.
 * An example is a small project: one article and the references it cites.
 */
export interface RuleExample {
  /** What the example shows, as a test name. */
  name: string;
  /** The article's Markdown (`articles/example.md`); omitted where the rule reads only the bibliography. */
  article?: string;
  /** Bibliography files by path under the project (`references/x.yaml`), as text: parsed as the loader parses them. */
  files?: Record<string, string>;
  /** Bibliography items, each written as `references/<id>.json`. */
  references?: Record<string, unknown>[];
  /** The rule's options (`["error", {options}]`). */
  options?: Record<string, unknown>;
}

export interface ExpectedFinding {
  messageId: string;
  /** The message's values; only the keys given are compared. */
  data?: Record<string, string | number>;
  line?: number;
  column?: number;
  severity?: 'error' | 'warn';
  /** Each suggestion's text and the article it would give. */
  suggestions?: { desc: string; output?: string }[];
}

export interface InvalidRuleExample extends RuleExample {
  errors: ExpectedFinding[];
  /** The article after `--fix`; omitted when the rule fixes nothing here. */
  output?: string;
}

export interface RuleExamples {
  valid: RuleExample[];
  invalid: InvalidRuleExample[];
}
