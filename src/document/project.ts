/**
 * document/: what every command shares of a project: discovery (this file),
 * config, decoding and size limits, front matter, parsing, and `UsageError`
 * (errors.ts). Below the rules and the commands. May import: topics/,
 * evidence/, lookup/, format/, bibliography/, citations/, adapters/, util/.
 * Imported by: the commands, rules/, cli/, index.ts; errors.ts by every layer.
 *
 * A citemark project on disk: the root folder with `articles/` and
 * `references/` (or what the config's globs name), its config, and the
 * articles a run is asked for. What lint, render, manage and import share.
 */
import { existsSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { glob } from 'tinyglobby';
import { DEFAULT_BIBLIOGRAPHY_PATTERNS, findMatchingFiles, globBase } from '../bibliography/load.js';
import { CONFIG_FILES, loadConfig, type CitemarkConfig, type RuleOptionsSpec } from './config.js';
import { UsageError } from './errors.js';

export const DEFAULT_ARTICLE_PATTERNS = ['articles/**/*.md', 'articles/**/*.markdown'];
/** Every file under `references/`: a file citemark cannot read there is a finding (SPEC §2). */
export const DEFAULT_REFERENCE_PATTERNS = DEFAULT_BIBLIOGRAPHY_PATTERNS;

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

/** The project's config, each rule's setting checked against `rules` (the registry's metas: id and options schema). */
export async function loadProjectConfig(root: string, rules: readonly RuleOptionsSpec[]): Promise<CitemarkConfig> {
  return (await loadConfig(root, rules)).config;
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

/** A path for messages: relative to the project root when inside it. */
function displayPath(root: string, absolute: string): string {
  const rel = relative(root, absolute);
  return rel.startsWith('..') || isAbsolute(rel) ? absolute : toPosix(rel);
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
