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
import { decodeArticle, TOO_DEEP } from './article.js';
import { DEFAULT_BIBLIOGRAPHY_PATTERNS } from '../bibliography/load.js';
import { CONFIG_FILES, loadConfig, ruleSetting, type CitemarkConfig } from './config.js';
import { UsageError } from './errors.js';
import { compareFindings, createLinter, type Linter } from './linter.js';
import { openRunCache } from './run-cache.js';
import { CACHE_DIR } from './cache.js';
import { uncheckedWorks, type UncheckedWork } from './evidence-context.js';
import { projectArticle, type Finding, type ParsedArticle, type ProjectArticle, type RuleMeta, type UnreadableArticle } from './types.js';
import { streamArticles, type ArticleText, type ParseOutcome } from './workers.js';

export const DEFAULT_ARTICLE_PATTERNS = ['articles/**/*.md', 'articles/**/*.markdown'];
/** Every file under `references/`: a file citemark cannot read there is a finding (SPEC §2). */
export const DEFAULT_REFERENCE_PATTERNS = DEFAULT_BIBLIOGRAPHY_PATTERNS;

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

/**
 * Throws the usage error for a folder that is not a citemark project: one
 * with no `articles/`, no `references/` and no config file (nor the folders
 * the config's globs start from). Inside a project's `articles/`, says so.
 */
export function assertProject(root: string, config: CitemarkConfig): void {
  const hasConfig = CONFIG_FILES.some((name) => existsSync(join(root, name)));
  const folders = projectFolders(config);
  if (hasConfig || folders.some((f) => isFolder(join(root, f)))) return;
  const looked = `${folders.map((f) => `\`${f}/\``).join(', ')} and a \`citemark.config.{json,yaml,yml}\``;
  const parent = dirname(root);
  const inside =
    parent !== root && ['articles', 'references'].includes(basename(root)) && isFolder(join(parent, 'articles')) && isFolder(join(parent, 'references'))
      ? ` This is the \`${basename(root)}/\` folder of the project \`${parent}\`: run citemark there, or pass \`--cwd ..\`.`
      : ' Run citemark from the project folder, or pass `--cwd DIR`.';
  throw new UsageError(`\`${root}\` is not a citemark project: looked for ${looked} and found none.${inside}`);
}

/** The folders a project's articles and references live under: `articles`, `references`, or the fixed start of each configured glob. */
function projectFolders(config: CitemarkConfig): string[] {
  const patterns = [...(config.articles ?? DEFAULT_ARTICLE_PATTERNS), ...(config.references ?? DEFAULT_REFERENCE_PATTERNS)];
  return [...new Set(patterns.map((p) => globBase(p.replace(/^\.\//, ''))).filter((base) => base !== ''))];
}

/** The folders articles are found under (`articles` by default), relative to the root; '' when a glob starts at the root. */
export function articleFolders(config: CitemarkConfig): string[] {
  return [...new Set((config.articles ?? DEFAULT_ARTICLE_PATTERNS).map((p) => globBase(p.replace(/^\.\//, ''))))];
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The usage error for a run that matched no article: what was looked for, where, and what to do. */
export function noArticlesError(root: string, config: CitemarkConfig, paths: readonly string[] | undefined): UsageError {
  const allow = 'or pass `--no-error-on-unmatched-pattern` to let a run with no articles pass';
  if (paths && paths.length > 0) {
    const named = paths.map((p) => `\`${displayPath(root, isAbsolute(p) ? p : resolve(root, p))}\``).join(', ');
    return new UsageError(`No articles matched ${named}: looked for \`*.md\` and \`*.markdown\` files there. Check the paths, ${allow}.`);
  }
  const patterns = (config.articles ?? DEFAULT_ARTICLE_PATTERNS).map((p) => `\`${p}\``).join(', ');
  const source = config.articles ? '`articles` in the config' : 'the default';
  return new UsageError(`No articles matched ${patterns} (${source}) under \`${root}\`. Add an article there, point \`articles\` in the config at yours, ${allow}.`);
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

export async function loadProjectConfig(root: string): Promise<CitemarkConfig> {
  return (await loadConfig(root, ALL_RULES.map((r) => r.meta))).config;
}

/** Every article file of the project, relative to the root, sorted. */
export async function findArticles(root: string, config: CitemarkConfig): Promise<string[]> {
  const found = await findMatchingFiles(root, config.articles ?? DEFAULT_ARTICLE_PATTERNS);
  // A folder named like an article is skipped (as ESLint skips it); a broken link is kept so reading it reports why.
  return found.filter((f) => f.problem !== 'it is a directory').map((f) => f.file);
}

/** Resolves the paths a user named (files or folders) to article files. */
export async function resolveArticlePaths(root: string, paths: string[]): Promise<string[]> {
  const out = new Set<string>();
  for (const path of paths) {
    const absolute = isAbsolute(path) ? path : resolve(root, path);
    let info;
    try {
      info = await stat(absolute);
    } catch {
      throw new UsageError(`No such file or folder: \`${displayPath(root, absolute)}\`. Check the path; without paths, every article of the project is used.`);
    }
    const rel = toPosix(relative(root, absolute));
    if (info.isDirectory()) {
      const found = await glob(['**/*.md', '**/*.markdown'], { cwd: absolute, onlyFiles: true, followSymbolicLinks: false });
      for (const f of found) out.add(toPosix(rel ? `${rel}/${f}` : f));
    } else {
      out.add(rel);
    }
  }
  return [...out].sort();
}

export async function lintProject(options: ProjectLintOptions): Promise<ProjectLintResult> {
  const root = resolve(options.root);
  const config = options.config ?? (await loadProjectConfig(root));
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
  const active = createLinter({ bibliography, vocabulary, config, allArticles, quiet });
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
  return { results, errorCount, warningCount, rules: ALL_RULES.map((r) => r.meta), articles, bibliography, vocabulary, config, unchecked };
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

/** A path for messages: relative to the project root when inside it. */
function displayPath(root: string, absolute: string): string {
  const rel = relative(root, absolute);
  return rel.startsWith('..') || isAbsolute(rel) ? absolute : toPosix(rel);
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
