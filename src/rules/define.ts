import type { ArticleRuleContext, ProjectRuleContext, Rule, RuleContextBase, RuleMeta } from '../lint/types.js';

/** Typed constructors, so each rule file states its scope once. */
export function articleRule(meta: Omit<RuleMeta, 'scope'>, check: (ctx: ArticleRuleContext) => void): Rule {
  return { meta: { ...meta, scope: 'article' }, check };
}
export function bibliographyRule(meta: Omit<RuleMeta, 'scope'>, check: (ctx: RuleContextBase) => void): Rule {
  return { meta: { ...meta, scope: 'bibliography' }, check };
}
export function projectRule(meta: Omit<RuleMeta, 'scope'>, check: (ctx: ProjectRuleContext) => void): Rule {
  return { meta: { ...meta, scope: 'project' }, check };
}
