/**
 * lint/: the lint command. linter.ts runs the rules it is handed; this file
 * picks the registry and lints a project in stages (`lintProject`);
 * workers.ts parses on threads, cache.ts and run-cache.ts serve `--cache`,
 * fix.ts applies `--fix`. May import: document/, rules/, topics/, evidence/, lookup/, format/, bibliography/, citations/, adapters/, util/, version.ts. Imported by: cli/, index.ts; report/ and evidence-map/
 * (types.ts, project.ts).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadBibliography } from '../bibliography/load.js';
import type { Bibliography } from '../bibliography/types.js';
import { ALL_RULES } from '../rules/index.js';
import { loadVocabulary } from '../topics/vocabulary.js';
import type { Vocabulary } from '../topics/vocabulary.js';
import { decodeArticle, TOO_DEEP } from '../document/article.js';
import { ruleSetting, type CitemarkConfig } from '../document/config.js';
import {
  assertProject,
  DEFAULT_REFERENCE_PATTERNS,
  findArticles,
  loadProjectConfig,
  noArticlesError,
  resolveArticlePaths,
} from '../document/project.js';
import { compareFindings, createLinter, type Linter } from './linter.js';
import { openRunCache, type RunCache } from './run-cache.js';
import { CACHE_DIR, type CachedFindings } from './cache.js';
import { uncheckedWorks, type UncheckedWork } from '../topics/evidence-context.js';
import { projectArticle, type Finding, type ParsedArticle, type ProjectArticle, type Rule, type RuleMeta, type UnreadableArticle } from './types.js';
import { streamArticles, type ArticleText } from './workers.js';


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

/**
 * Lints a project in named stages, one record per article (`ArticleRecord`)
 * carried from stage to stage in the order of the sorted article list:
 * plan (config, discovery, the shard) → read and decode → findings kept by
 * `--cache` → parse, overlapped with loading the bibliography, each article
 * checked by the article rules as it arrives → the bibliography, file and
 * project rules → results.
 */
export async function lintProject(options: ProjectLintOptions): Promise<ProjectLintResult> {
  const plan = await planRun(options);
  const records = readArticles(plan.root, plan.targets);
  const vocabularyLoad = loadVocabulary(plan.root);
  // With --cache, an article whose text, bibliography, vocabulary and config are unchanged takes its findings from
  // the last run and is not parsed at all; the rest are parsed (from the parse cache where it can) and linted.
  const runCache = await openRunCache(options.cache === true, {
    root: plan.root,
    patterns: plan.patterns,
    vocabulary: await vocabularyLoad,
    config: plan.config,
    quiet: plan.quiet,
    parseAll: options.needArticles === true,
    allArticles: plan.allArticles,
  });
  await takeCachedFindings(records, runCache);
  const checked = await parseAndCheckArticles(plan, records, runCache, vocabularyLoad, {
    cache: options.cache === true,
    threads: options.threads,
    keepArticles: options.keepArticles !== false || options.needArticles === true,
  });
  const byFile = await checkProject(checked.linter, records, runCache);
  await runCache.flush(checked.bibliography, checked.vocabulary);
  return collectResults(plan, records, byFile, checked);
}

/** What a run lints, settled before any article is read. */
interface RunPlan {
  root: string;
  rules: readonly Rule[];
  config: CitemarkConfig;
  /** The articles to lint, relative to the root, sorted. */
  targets: string[];
  /** The run covers the whole project (or a shard of it): the project rules judge the whole. */
  allArticles: boolean;
  /** The bibliography's file patterns. */
  patterns: string[];
  quiet: boolean;
}

/** One article's way through a run; each stage replaces its record with the next. */
type ArticleRecord =
  /** Read and decoded, waiting to be parsed. */
  | { stage: 'read'; text: ArticleText }
  /** Not linted: unreadable, not UTF-8, over a size limit, or nested too deeply to parse. The `file` rules report it. */
  | { stage: 'unreadable'; problem: UnreadableArticle }
  /** Its findings are the last run's (`--cache`): it is not parsed. */
  | { stage: 'cached'; file: string; cached: CachedFindings }
  /** Parsed, and checked by the article rules (or waiting for the linter); `article` only when the result keeps it. */
  | { stage: 'parsed'; cited: ProjectArticle; article?: ParsedArticle };

type ReadRecord = Extract<ArticleRecord, { stage: 'read' }>;

/** Stage 1: the config, the articles that match and the shard, and whether the run covers the whole project. */
async function planRun(options: ProjectLintOptions): Promise<RunPlan> {
  const root = resolve(options.root);
  const rules = options.rules ?? ALL_RULES;
  const config = options.config ?? (await loadProjectConfig(root, rules.map((r) => r.meta)));
  assertProject(root, config);
  const all = await findArticles(root, config);
  const named = options.paths !== undefined && options.paths.length > 0;
  const matched = named ? await resolveArticlePaths(root, options.paths ?? []) : all;
  if (matched.length === 0 && !options.allowNoArticles) throw noArticlesError(root, config, options.paths);
  const targets = options.shard ? shardOf(matched, options.shard) : matched;
  const targetSet = new Set(targets);
  // A shard of the whole project runs the project rules over its own articles; `mergeShardResults` combines them.
  const allArticles = options.shard ? !named : all.every((a) => targetSet.has(a));
  const patterns = config.references ?? DEFAULT_REFERENCE_PATTERNS;
  return { root, rules, config, targets, allArticles, patterns, quiet: options.quiet ?? false };
}

/** Stage 2: each target read and decoded, or why it cannot be. */
function readArticles(root: string, targets: readonly string[]): ArticleRecord[] {
  return targets.map((file) => {
    const text = readArticleText(root, file);
    return 'source' in text ? { stage: 'read', text } : { stage: 'unreadable', problem: text };
  });
}

/** Stage 3 (`--cache`): an article whose findings cannot have changed takes them from the last run instead of being parsed. */
async function takeCachedFindings(records: ArticleRecord[], runCache: RunCache): Promise<void> {
  const waiting = readRecords(records);
  const cached = await runCache.findingsOf(waiting.map(({ record }) => record.text));
  for (const [k, hit] of cached) {
    const { at, record } = waiting[k]!;
    records[at] = { stage: 'cached', file: record.text.file, cached: hit };
  }
}

function readRecords(records: readonly ArticleRecord[]): Array<{ at: number; record: ReadRecord }> {
  const out: Array<{ at: number; record: ReadRecord }> = [];
  records.forEach((record, at) => {
    if (record.stage === 'read') out.push({ at, record });
  });
  return out;
}

interface CheckedArticles {
  /** The linter, holding every parsed article's findings. */
  linter: Linter;
  bibliography: Bibliography;
  vocabulary: Vocabulary;
}

/**
 * Stage 4: parses the articles still to parse (on worker threads) while the
 * bibliography loads, and checks each one with the article rules as it
 * arrives, so the checks overlap the parse instead of following it. Each
 * article is then dropped (kept only for `keepArticles`): its record keeps
 * what the project rules need, its cited keys.
 */
async function parseAndCheckArticles(
  plan: RunPlan,
  records: ArticleRecord[],
  runCache: RunCache,
  vocabularyLoad: Promise<Vocabulary>,
  options: { cache: boolean; threads: number | undefined; keepArticles: boolean },
): Promise<CheckedArticles> {
  const toParse = readRecords(records);
  const checking = checkOnArrival((linter, article, cited) => runCache.keepFindings(article, linter.addArticle(article), cited.citedKeys));
  const parsing = streamArticles(
    toParse.map(({ record }) => record.text),
    (k, outcome) => {
      const { at } = toParse[k]!;
      if (!outcome.ok) {
        records[at] = { stage: 'unreadable', problem: { file: outcome.file, ...TOO_DEEP } };
        return;
      }
      const { article } = outcome;
      const cited = projectArticle(article);
      records[at] = options.keepArticles ? { stage: 'parsed', cited, article } : { stage: 'parsed', cited };
      checking.arrive(article, cited);
    },
    { cacheRoot: options.cache ? plan.root : undefined, threads: options.threads },
  );
  const [vocabulary, bibliography] = await Promise.all([
    vocabularyLoad,
    loadBibliography(plan.root, { patterns: plan.patterns, ...(options.cache ? { cacheDir: bibliographyCacheDir(plan.root) } : {}) }),
  ]);
  await runCache.prepare(bibliography, vocabulary);
  const linter = createLinter({ bibliography, vocabulary, config: plan.config, allArticles: plan.allArticles, quiet: plan.quiet, rules: plan.rules });
  checking.start(linter);
  await parsing;
  return { linter, bibliography, vocabulary };
}

/** Articles that arrive before the linter exists (the bibliography still loading) wait for it; later ones are checked at once. */
function checkOnArrival(check: (linter: Linter, article: ParsedArticle, cited: ProjectArticle) => void): {
  arrive(article: ParsedArticle, cited: ProjectArticle): void;
  start(linter: Linter): void;
} {
  let active: Linter | undefined;
  const waiting: Array<[ParsedArticle, ProjectArticle]> = [];
  return {
    arrive(article, cited) {
      if (active) check(active, article, cited);
      else waiting.push([article, cited]);
    },
    start(linter) {
      for (const [article, cited] of waiting.splice(0)) check(linter, article, cited);
      active = linter;
    },
  };
}

/**
 * Stage 5: the findings of cached articles, the bibliography rules, the
 * `file` rules on each unreadable article, then the project rules over every
 * article's cited keys, in article order. Returns all findings by file.
 */
async function checkProject(linter: Linter, records: readonly ArticleRecord[], runCache: RunCache): Promise<Map<string, Finding[]>> {
  for (const record of records) if (record.stage === 'cached') linter.addFindings(record.cached.findings);
  await runCache.checkBibliography(linter);
  for (const record of records) if (record.stage === 'unreadable') linter.addUnreadable(record.problem);
  return linter.finish(citedByArticle(records));
}

/** What the project rules see of each linted article (parsed or cached), in article order. */
function citedByArticle(records: readonly ArticleRecord[]): ProjectArticle[] {
  return records.flatMap((record) =>
    record.stage === 'parsed' ? [record.cited] : record.stage === 'cached' ? [{ file: record.file, citedKeys: record.cached.citedKeys }] : [],
  );
}

/** Stage 6: one entry per target and bibliography file (and any other file a rule reported on), sorted, with the counts. */
function collectResults(plan: RunPlan, records: readonly ArticleRecord[], byFile: Map<string, Finding[]>, checked: CheckedArticles): ProjectLintResult {
  const { bibliography, vocabulary } = checked;
  const files = new Set<string>([...plan.targets, ...bibliography.files, ...byFile.keys()]);
  const results: FileFindings[] = [...files].sort().map((filePath) => ({
    filePath,
    findings: (byFile.get(filePath) ?? []).sort(compareFindings),
  }));
  let errorCount = 0;
  let warningCount = 0;
  for (const r of results) {
    for (const f of r.findings) {
      if (f.severity === 'error') errorCount++;
      else warningCount++;
    }
  }
  const topicRuleOn = !plan.quiet && ruleSetting(plan.config, 'topic-mismatch', 'error').severity !== 'off';
  const unchecked = topicRuleOn ? uncheckedWorks(bibliography, vocabulary, citedByArticle(records).flatMap((a) => a.citedKeys)) : [];
  const articles = records.flatMap((record) => (record.stage === 'parsed' && record.article ? [record.article] : []));
  return { results, errorCount, warningCount, rules: plan.rules.map((r) => r.meta), articles, bibliography, vocabulary, config: plan.config, unchecked };
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
function readArticleText(root: string, file: string): ArticleText | UnreadableArticle {
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


