/** What the linter gives back: findings, rules' reports with a rule id, a severity and the message in prose. */
import type { Report, Severity } from '../rules/types.js';

export type * from '../rules/types.js';
export { projectArticle } from '../rules/types.js';
export type { ArticleProblem, ParsedArticle, UnreadableArticle } from '../document/types.js';

export interface Finding extends Omit<Report, 'data' | 'severity'> {
  /** A rule id; null only in a report merged from an older citemark, which gave unreadable files no rule. */
  ruleId: string | null;
  severity: Severity;
  message: string;
}
