/**
 * A citemark project on disk: the root folder with `articles/` and
 * `references/`. Finds and reads the files, then hands them to the linter.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { glob } from 'tinyglobby';
import { findMatchingFiles, globBase, loadBibliography } from '../bibliography/load.js';
import type { Bibliography } from '../bibliography/types.js';
import { ALL_RULES } from '../rules/index.js';
import { loadVocabulary } from '../topics/vocabulary.js';
import type { Vocabulary } from '../topics/vocabulary.js';
import { decodeArticle, TOO_DEEP } from '../document/article.js';
import { DEFAULT_BIBLIOGRAPHY_PATTERNS } from '../bibliography/load.js';
import { ruleSetting, type CitemarkConfig } from '../document/config.js';
import {
  assertProject,
  DEFAULT_REFERENCE_PATTERNS,
  findArticles,
  loadProjectConfig,
  noArticlesError,
  resolveArticlePaths,
} from '../document/project.js';
import { UsageError } from '../document/errors.js';
import { compareFindings, createLinter, type Linter } from './linter.js';
import { openRunCache } from './run-cache.js';
import { CACHE_DIR } from './cache.js';
import { uncheckedWorks, type UncheckedWork } from '../topics/evidence-context.js';
import { projectArticle, type Finding, type ParsedArticle, type ProjectArticle, type Rule, type RuleMeta, type UnreadableArticle } from './types.js';
import { streamArticles, type ArticleText, type ParseOutcome } from './workers.js';


export interface FileFindings {
  /** Relative to the project root, `/`-separated. */
  filePath: string;
  findings: Finding[];
}

export interface ProjectLintOptions {
  root: string;
  /** Articles or folders to lint, relative to the root; default: every article of the project. */
  paths?: string[];
  config?: CitemarkConfig;
  quiet?: boolean;
  /**
   * Use `.citemark/cache/` (the CLI's `--cache`; safe to delete): unchanged
   * bibliography files are not parsed again, nor unchanged articles, and an
   * article whose findings cannot have changed is not even linted. Such an
   * article is then missing from the result's `articles`, unless
   * `needArticles` is set.
   */
  cache?: boolean;
  /** Every linted article must be in the result's `articles` (for `--fix` and `report`), so none is served from the findings cache. */
  needArticles?: boolean;
  /**
   * Keep each parsed article in the result's `articles` (default true). The
   * CLI's `lint` turns it off unless it fixes: holding 2,000 parsed articles
   * to the end of a run took 150 MiB more memory.
   */
  keepArticles?: boolean;
  /** Parse threads; 1 parses on the calling thread. Default: the machine's parallelism (at most 8). */
  threads?: number;
  /**
   * A run that matches no article is a usage error (as ESLint's "No files
   * matching"), so a CI job pointed at the wrong folder cannot pass; this
   * lets it pass instead (the CLI's `--no-error-on-unmatched-pattern`).
   */
  allowNoArticles?: boolean;
  /**
   * Lint only shard `index` (1-based) of `count`: a contiguous slice of the
   * sorted article list (see `shardOf`). Project rules then see the shard's
   * articles only, so `unused-reference` lists the items no article *of the
   * shard* cites; `mergeShardResults` keeps one only when every shard reports it.
   */
  shard?: Shard;
  /** The rules to run; default: the registry (`ALL_RULES`). */
  rules?: readonly Rule[];
}

export interface Shard {
  index: number;
  count: number;
}

/** Shard `index` of `count` (1-based) of a sorted list: a contiguous slice, the sizes differing by at most one. */
export function shardOf<T>(sorted: readonly T[], shard: Shard): T[] {
  const start = Math.floor(((shard.index - 1) * sorted.length) / shard.count);
  const end = Math.floor((shard.index * sorted.length) / shard.count);
  return sorted.slice(start, end);
}






export interface ProjectLintResult {
  results: FileFindings[];
  errorCount: number;
  warningCount: number;
  rules: RuleMeta[];
  articles: ParsedArticle[];
  bibliography: Bibliography;
  vocabulary: Vocabulary;
  config: CitemarkConfig;
  /** Cited works whose topic topic-mismatch cannot check (see `uncheckedWorks`), for the summary. */
  unchecked: UncheckedWork[];
}




export async function lintProject(options: ProjectLintOptions): Promise<ProjectLintResult> {
  const root = resolve(options.root);
  const rules = options.rules ?? ALL_RULES;
  const config = options.config ?? (await loadProjectConfig(root, rules.map((r) => r.meta)));
  assertProject(root, config);
  const all = await findArticles(root, config);
  const named = options.paths && options.paths.length > 0;
  const matched = named ? await resolveArticlePaths(root, options.paths!) : all;
  if (matched.length === 0 && !options.allowNoArticles) throw noArticlesError(root, config, options.paths);
  const targets = options.shard ? shardOf(matched, options.shard) : matched;
  const targetSet = new Set(targets);
  // A shard of the whole project runs the project rules over its own articles; `mergeShardResults` combines them.
  const allArticles = options.shard ? !named : all.every((a) => targetSet.has(a));

  // Parsing (on worker threads) starts first; the bibliography loads meanwhile, and each article is linted as it
  // arrives, so the checks overlap the parse instead of following it.
  const texts = await Promise.all(targets.map((file) => readArticleText(root, file)));
  const readable: ArticleText[] = [];
  const readableAt: number[] = [];
  texts.forEach((text, i) => {
    if ('source' in text) {
      readable.push(text);
      readableAt.push(i);
    }
  });
  const patterns = config.references ?? DEFAULT_REFERENCE_PATTERNS;
  const quiet = options.quiet ?? false;
  const vocabularyLoad = loadVocabulary(root);

  // With --cache, an article whose text, bibliography, vocabulary and config are unchanged takes its findings from
  // the last run and is not parsed at all; the rest are parsed (from the parse cache where it can) and linted.
  const runCache = await openRunCache(options.cache === true, {
    root,
    patterns,
    vocabulary: await vocabularyLoad,
    config,
    quiet,
    parseAll: options.needArticles === true,
    allArticles,
  });
  const cached = await runCache.findingsOf(readable);
  const toParse = readable.filter((_, k) => !cached.has(k));

  // Each article is linted as it arrives and then dropped (kept only for `keepArticles`); what the project rules and
  // the report need from it is taken on the way: its cited keys, or why it did not parse.
  const keep = options.keepArticles !== false || options.needArticles === true;
  const parsedIndex = new Map<number, number>();
  const projectArticles: ProjectArticle[] = [];
  const unreadables: UnreadableArticle[] = [];
  const kept: ParsedArticle[] = [];
  readable.forEach((text, k) => {
    const hit = cached.get(k);
    if (hit) projectArticles[readableAt[k]!] = { file: text.file, citedKeys: hit.citedKeys };
    else parsedIndex.set(parsedIndex.size, k);
  });

  let linter: Linter | undefined;
  const waiting: ParsedArticle[] = [];
  const check = (active: Linter, article: ParsedArticle): void => runCache.keepFindings(article, active.addArticle(article));
  const arrived = (index: number, outcome: ParseOutcome): void => {
    const at = readableAt[parsedIndex.get(index)!]!;
    if (!outcome.ok) {
      unreadables.push({ file: outcome.file, ...TOO_DEEP });
      return;
    }
    const { article } = outcome;
    projectArticles[at] = projectArticle(article);
    if (keep) kept[index] = article;
    if (linter) check(linter, article);
    else waiting.push(article);
  };
  const parsing = streamArticles(toParse, arrived, { cacheRoot: options.cache ? root : undefined, threads: options.threads });
  const [vocabulary, bibliography] = await Promise.all([
    vocabularyLoad,
    loadBibliography(root, { patterns, ...(options.cache ? { cacheDir: bibliographyCacheDir(root) } : {}) }),
  ]);
  await runCache.prepare(bibliography, vocabulary);
  const active = createLinter({ bibliography, vocabulary, config, allArticles, quiet, rules });
  for (const article of waiting.splice(0)) check(active, article);
  linter = active;
  await parsing;
  for (const hit of cached.values()) active.addFindings(hit.findings);
  await runCache.checkBibliography(active);
  const articles = kept.filter((a) => a !== undefined);
  for (const text of texts) if ('reason' in text) active.addUnreadable(text);
  for (const unreadable of unreadables) active.addUnreadable(unreadable);

  const byFile = active.finish(projectArticles.filter((a) => a !== undefined));
  await runCache.flush(bibliography, vocabulary);

  const files = new Set<string>([...targets, ...bibliography.files, ...byFile.keys()]);
  const results: FileFindings[] = [...files].sort().map((filePath) => ({
    filePath,
    findings: (byFile.get(filePath) ?? []).sort(compareFindings),
  }));
  let errorCount = 0;
  let warningCount = 0;
  for (const r of results) for (const f of r.findings) f.severity === 'error' ? errorCount++ : warningCount++;
  const topicRuleOn = !quiet && ruleSetting(config, 'topic-mismatch', 'error').severity !== 'off';
  const unchecked = topicRuleOn ? uncheckedWorks(bibliography, vocabulary, projectArticles.flatMap((a) => (a ? a.citedKeys : []))) : [];
  return { results, errorCount, warningCount, rules: rules.map((r) => r.meta), articles, bibliography, vocabulary, config, unchecked };
}

function bibliographyCacheDir(root: string): string {
  return join(root, CACHE_DIR, 'bibliography');
}


/**
 * Reads synchronously: an article is a few kilobytes, and 2,000 of them took
 * 40 ms this way against 190 ms through `fs/promises` (four thread-pool
 * round trips per file, queued behind every other file's), most of a warm
 * `--cache` run's reading.
 */
async function readArticleText(root: string, file: string): Promise<ArticleText | UnreadableArticle> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(resolve(root, file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : code === 'ELOOP' ? 'a symbolic link loop' : code === 'ENOENT' ? 'a symbolic link to nothing, or the file is gone' : code ?? 'unknown error';
    return { file, reason: 'cannot-read', message: `Cannot read article: ${why}.`, line: 1, column: 1 };
  }
  const decoded = decodeArticle(bytes);
  if (!decoded.ok) return { file, reason: decoded.reason, message: decoded.message, line: decoded.line, column: decoded.column };
  return { file, source: decoded.source };
}


