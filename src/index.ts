/**
 * citemark's library API: remark plugins, the linter and its rules, the
 * bibliography loaders, and the reporters. The CLI is a thin layer over this.
 */
export * from './bibliography/index.js';
export * from './citations/index.js';
export { parseArticle, decodeArticle, MAX_ARTICLE_BYTES } from './document/article.js';
export { lint, type LintInput } from './lint/linter.js';
export { lintProject, type ProjectLintOptions, type ProjectLintResult, type FileFindings } from './lint/project.js';
export { findArticles } from './document/project.js';
export { loadConfig, parseConfig, configSchema, type CitemarkConfig } from './document/config.js';
export { applyFixes } from './lint/fix.js';
export { UsageError } from './document/errors.js';
export type { Finding, Report, Rule, RuleMeta, ParsedArticle, Severity } from './lint/types.js';
export { ALL_RULES, getRule } from './rules/index.js';
export { reporters, getReporter, type FileResult, type Reporter, type ReporterOptions } from './report/index.js';
export * from './render/index.js';
export { renderProject, type RenderProjectOptions, type RenderProjectResult } from './render/project.js';
export { BUILTIN_STYLE_NAMES, builtinStyle, userStyle, resolveStyle, CslStyleError, type StyleInput } from './format/csl.js';
export * from './topics/index.js';
export * from './evidence/index.js';
export * from './import/index.js';
export * from './evidence-map/index.js';
export { addReferences, type AddOptions, type AddResult } from './manage/add.js';
export { listDuplicates, fixDuplicates, type DedupeFixOptions, type DedupeFixResult, type DedupeListing } from './manage/dedupe.js';
export { applyPlan, parsePlan, planFromListing, fieldChoices, type DedupePlan, type MergeDecision } from './manage/dedupe.js';
export { chooseKept, mergeGroup, isAuthoritative, type MergeChoices } from './bibliography/merge.js';
export { editBibliographyText, canReplaceIn, RecordEditError, type RecordEdit, type RecordRef } from './bibliography/records.js';
export { VERSION } from './version.js';
