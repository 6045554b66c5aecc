/**
 * Runs the rules over parsed articles and a loaded bibliography. No disk:
 * the caller reads and parses; this applies the config and collects findings.
 */
import type { Bibliography } from '../bibliography/types.js';
import { defaultVocabulary, type Vocabulary } from '../topics/vocabulary.js';
import { DEFAULT_CONFIG, parseRuleOptions, ruleSetting, type CitemarkConfig } from '../document/config.js';
import { UsageError } from '../document/errors.js';
import { renderMessage } from '../rules/messages.js';
import {
  projectArticle,
  type Finding,
  type ParsedArticle,
  type ProjectArticle,
  type Report,
  type Rule,
  type RuleMeta,
  type UnreadableArticle,
} from './types.js';

export interface LintInput {
  articles: ParsedArticle[];
  bibliography: Bibliography;
  /** Default: the built-in pain and ketamine vocabulary. */
  vocabulary?: Vocabulary;
  config?: CitemarkConfig;
  /** True when `articles` are all of the project's articles (enables project-wide rules such as unused-reference). */
  allArticles?: boolean;
  /** The rules to run (the registry, `ALL_RULES`, or any subset): the linter knows only the rules it is handed. */
  rules: readonly Rule[];
  /** Report errors only (warnings are not even computed). */
  quiet?: boolean;
}

/** Findings keyed by file (relative path), each list sorted by position. */
export function lint(input: LintInput): Map<string, Finding[]> {
  const linter = createLinter(input);
  for (const article of input.articles) linter.addArticle(article);
  linter.checkBibliography();
  return linter.finish(input.articles.map(projectArticle));
}

/** A lint run fed one article at a time (as parsing finishes), then closed with the project-wide rules. */
export interface Linter {
  /** Runs every enabled article rule on one article; returns the findings they made. */
  addArticle(article: ParsedArticle): Finding[];
  /** Runs the `file` rules on an article that could not be read or parsed; returns the (fatal) findings they made. */
  addUnreadable(unreadable: UnreadableArticle): Finding[];
  /** Takes an article's findings from an earlier run (the lint cache) instead of running the article rules. */
  addFindings(findings: readonly Finding[]): void;
  /** Runs the bibliography rules (once); returns the findings they made (the lint cache keeps them). */
  checkBibliography(): Finding[];
  /** Runs the project rules over `articles`; all findings keyed by file, each list sorted by position. */
  finish(articles: readonly ProjectArticle[]): Map<string, Finding[]>;
}

export function createLinter(input: Omit<LintInput, 'articles'>): Linter {
  const config = input.config ?? DEFAULT_CONFIG;
  const vocabulary = input.vocabulary ?? defaultVocabulary();
  const byFile = new Map<string, Finding[]>();
  let collected: Finding[] | undefined;
  const push = (finding: Finding): void => {
    collected?.push(finding);
    const list = byFile.get(finding.file);
    if (list) list.push(finding);
    else byFile.set(finding.file, [finding]);
  };
  const collecting = (run: () => void): Finding[] => {
    const made: Finding[] = [];
    collected = made;
    try {
      run();
    } finally {
      collected = undefined;
    }
    return made;
  };
  const enabled = input.rules.flatMap((rule) => {
    const setting = ruleSetting(config, rule.meta.id, rule.meta.defaultSeverity);
    const { severity } = setting;
    if (severity === 'off' || (input.quiet && severity === 'warn')) return [];
    // A config from the CLI was checked when it loaded; one built in code is checked here, so no rule sees options it did not declare.
    const parsed = parseRuleOptions(rule.meta, setting.options);
    if (!parsed.ok) throw new UsageError(`Rule \`${rule.meta.id}\` has invalid options: ${parsed.reason}.`);
    const options = parsed.options;
    const report = (r: Report): void => {
      checkContract(rule.meta, r);
      // A report may ask for at most a warning (a run-together name under `invalid-reference`).
      const level = r.severity === 'warn' ? 'warn' : severity;
      if (!(input.quiet && level === 'warn')) push(toFinding(rule.meta, level, r));
    };
    return [{ rule, base: { bibliography: input.bibliography, vocabulary, options, report } }];
  });
  return {
    addArticle(article) {
      return collecting(() => {
        for (const { rule, base } of enabled) {
          if (rule.meta.scope === 'article') (rule as Extract<Rule, { meta: { scope: 'article' } }>).check({ ...base, article });
        }
      });
    },
    addUnreadable(unreadable) {
      return collecting(() => {
        for (const { rule, base } of enabled) {
          if (rule.meta.scope === 'file') (rule as Extract<Rule, { meta: { scope: 'file' } }>).check({ ...base, unreadable });
        }
      });
    },
    checkBibliography() {
      return collecting(() => {
        for (const { rule, base } of enabled) {
          if (rule.meta.scope === 'bibliography') (rule as Extract<Rule, { meta: { scope: 'bibliography' } }>).check(base);
        }
      });
    },
    addFindings(findings) {
      for (const finding of findings) push(finding);
    },
    finish(articles) {
      for (const { rule, base } of enabled) {
        if (rule.meta.scope === 'project') {
          (rule as Extract<Rule, { meta: { scope: 'project' } }>).check({ ...base, articles: [...articles], allArticles: input.allArticles ?? false });
        }
      }
      for (const list of byFile.values()) list.sort(compareFindings);
      return byFile;
    },
  };
}

/** What ESLint checks of every report: a fix only from a fixable rule, suggestions only from a rule that declares them. */
function checkContract(meta: RuleMeta, report: Report): void {
  if (report.fix && meta.fixable !== 'code') throw new Error(`Rule \`${meta.id}\` reported a fix but its meta does not declare \`fixable: 'code'\``);
  if (report.suggestions && report.suggestions.length > 0 && !meta.hasSuggestions) {
    throw new Error(`Rule \`${meta.id}\` reported suggestions but its meta does not declare \`hasSuggestions\``);
  }
}

export function toFinding(meta: RuleMeta, severity: 'error' | 'warn', report: Report): Finding {
  const template = meta.messages[report.messageId];
  if (template === undefined) {
    throw new Error(`Rule \`${meta.id}\` reported unknown messageId \`${report.messageId}\``);
  }
  // The report's own `severity` (at most a warning) was applied by the caller: `severity` replaces it.
  const { data, ...rest } = report;
  return { ...rest, ruleId: meta.id, severity, message: renderMessage(template, data) };
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.line - b.line || a.column - b.column || (a.ruleId ?? '').localeCompare(b.ruleId ?? '') || a.message.localeCompare(b.message);
}
