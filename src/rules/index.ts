/**
 * The rule registry: one rule per file, listed here in the order they run;
 * types.ts, define.ts and messages.ts are the rule contract. A rule knows the
 * parsed article and the bibliography, never the disk, the linter or the CLI.
 * May import: document/, topics/, evidence/, bibliography/, citations/,
 * util/. Imported by: lint/ (project.ts picks this registry; linter.ts is
 * handed the rules), render/, manage/, import/ (rule options in the config),
 * cli/, index.ts.
 */
import type { RuleOptionsSpec } from '../document/config.js';
import type { Rule } from './types.js';
import citationNeeded from './citation-needed.js';
import duplicateCitation from './duplicate-citation.js';
import duplicateReference from './duplicate-reference.js';
import invalidFrontMatter from './invalid-front-matter.js';
import invalidReference from './invalid-reference.js';
import malformedCitation from './malformed-citation.js';
import retractedReference from './retracted-reference.js';
import topicMismatch from './topic-mismatch.js';
import unknownKey from './unknown-key.js';
import unreadableArticle from './unreadable-article.js';
import unusedReference from './unused-reference.js';
import weakEvidence from './weak-evidence.js';

export const ALL_RULES: readonly Rule[] = [
  unknownKey,
  malformedCitation,
  invalidReference,
  duplicateReference,
  duplicateCitation,
  retractedReference,
  topicMismatch,
  citationNeeded,
  weakEvidence,
  unusedReference,
  invalidFrontMatter,
  unreadableArticle,
];

export function getRule(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.meta.id === id);
}

/** What the config needs of each rule (its id and options schema), to check a project's config against the registry. */
export const RULE_OPTIONS: readonly RuleOptionsSpec[] = ALL_RULES.map((r) => r.meta);
