/**
 * Renders a project's articles to files: finds them, reads the
 * bibliography once, formats each article (on worker threads when there are
 * many), and writes every output in one all-or-nothing change.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { findBibliographyFiles, loadBibliography } from '../bibliography/load.js';
import type { CslItem } from '../bibliography/schema.js';
import { resolveStyle, unknownStyleMessage, userStyle, type StyleInput } from '../format/csl.js';
import { builtinStyleNamed } from '../format/style-names.js';
import { decodeArticle, frontMatterOf } from '../document/article.js';
import { CONFIG_FILES } from '../document/config.js';
import { UsageError } from '../document/errors.js';
import { articleFolders, assertProject, DEFAULT_REFERENCE_PATTERNS, findArticles, loadProjectConfig, noArticlesError, resolveArticlePaths } from '../document/project.js';
import { RULE_OPTIONS } from '../rules/index.js';
import { commitFiles } from '../util/atomic.js';
import type { OutputKind } from './markup.js';
import { renderArticles, type RenderJob, type RenderSetup } from './workers.js';

export interface RenderProjectOptions {
  root: string;
  /** Articles or folders (absolute, or relative to the root); default: every article. */
  paths?: string[];
  /**
   * A built-in style name or the path of a `.csl` file. Default: the article's
   * front matter `csl` (a name, or a path relative to the project root), else
   * the config's `style`, else `apa`.
   */
  style?: string;
  to?: OutputKind;
  /** Output folder, relative to the root; default `rendered`. */
  outDir?: string;
  /** Worker threads for many articles; 1 renders on the calling thread. Default: the machine's parallelism (at most 8). */
  threads?: number;
  /** A run that matches no article is a usage error unless this is set (as `lintProject`'s). */
  allowNoArticles?: boolean;
}

export interface UnresolvedCitation {
  file: string;
  key: string;
  line: number;
  column: number;
}

export interface RenderProjectResult {
  /** Written files, relative to the root. */
  written: string[];
  unresolved: UnresolvedCitation[];
  /** Articles that could not be read (not UTF-8, binary, too large). */
  failed: { file: string; message: string }[];
  warnings: string[];
}

export async function renderProject(options: RenderProjectOptions): Promise<RenderProjectResult> {
  const root = resolve(options.root);
  const config = await loadProjectConfig(root, RULE_OPTIONS);
  assertProject(root, config);
  const to = options.to ?? 'html';
  const files = options.paths?.length ? await resolveArticlePaths(root, options.paths) : await findArticles(root, config);
  if (files.length === 0 && !options.allowNoArticles) throw noArticlesError(root, config, options.paths);
  const outDir = resolve(root, options.outDir ?? 'rendered');
  await refuseOverwritingInputs(root, outDir, files, to, config);
  const items = await bibliographyItems(root, config.references ?? DEFAULT_REFERENCE_PATTERNS);
  const styles: Record<string, StyleInput> = {};
  const loadStyle = async (styleName: string, origin: string): Promise<void> => {
    if (!Object.prototype.hasOwnProperty.call(styles, styleName)) styles[styleName] = resolveStyle(await loadStyleInput(root, styleName, origin));
  };
  // A bad default style is a usage error even when every article names its own.
  const fallbackOrigin = options.style !== undefined ? '`--style`' : config.style !== undefined ? 'the config\'s `style`' : 'the default';
  await loadStyle(options.style ?? config.style ?? 'apa', fallbackOrigin);

  const result: RenderProjectResult = { written: [], unresolved: [], failed: [], warnings: [] };
  const jobs: RenderJob[] = [];
  for (const file of files) {
    // Read synchronously: a few kilobytes each, and `fs/promises` costs several thread-pool round trips per file.
    const decoded = decodeArticle(readFileSync(resolve(root, file)));
    if (!decoded.ok) {
      result.failed.push({ file, message: decoded.message });
      continue;
    }
    const own = frontMatterOf(decoded.source).csl;
    const fromArticle = typeof own === 'string' && own.trim() ? own.trim() : undefined;
    const styleName = options.style ?? fromArticle ?? config.style ?? 'apa';
    await loadStyle(styleName, options.style === undefined && fromArticle !== undefined ? `the front matter \`csl\` of \`${file}\`` : fallbackOrigin);
    jobs.push({ file, source: decoded.source, style: styleName });
  }

  const setup: RenderSetup = { items, styles, to, ...(config.locale ? { locale: config.locale } : {}) };
  const rendered = await renderArticles(jobs, items, setup, options.threads !== undefined ? { threads: options.threads } : {});

  const changes: { path: string; content: string }[] = [];
  jobs.forEach((job, index) => {
    const article = rendered[index];
    if (!article) return;
    for (const item of article.unresolved) result.unresolved.push({ file: job.file, ...item });
    for (const warning of article.warnings) result.warnings.push(`${job.file}: ${warning}`);
    const target = join(outDir, outputName(job.file, to));
    changes.push({ path: target, content: article.output });
    result.written.push(relative(root, target).split('\\').join('/'));
  });
  await commitFiles(changes);
  return result;
}

/**
 * The bibliography's items by key, all rendering needs of it: the loaded
 * bibliography around them (its entries, their sources, the validation)
 * is left behind for the collector rather than held through the render.
 */
async function bibliographyItems(root: string, patterns: readonly string[]): Promise<Map<string, CslItem>> {
  const bibliography = await loadBibliography(root, { patterns: [...patterns] });
  const items = new Map<string, CslItem>();
  for (const [key, entry] of bibliography.byId) items.set(key, entry.item);
  return items;
}

/**
 * No output may land on an input: `--out` inside the folder the articles are
 * read from, or a target that is an article, a bibliography file or the
 * config, is refused before anything is read or written. Paths are compared
 * after resolving symbolic links, so a link to `articles/` is caught too.
 */
async function refuseOverwritingInputs(root: string, outDir: string, files: readonly string[], to: OutputKind, config: Awaited<ReturnType<typeof loadProjectConfig>>): Promise<void> {
  const real = (path: string): string => {
    // The nearest existing ancestor, resolved, plus the part that does not exist yet.
    let existing = path;
    const rest: string[] = [];
    while (!existsSync(existing) && dirname(existing) !== existing) {
      rest.unshift(existing.slice(dirname(existing).length + 1));
      existing = dirname(existing);
    }
    return join(realpathSync(existing), ...rest);
  };
  const inside = (child: string, parent: string): boolean => child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
  const shown = (path: string): string => {
    const rel = relative(root, path);
    return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : rel.split(sep).join('/');
  };
  const out = real(outDir);
  const advice = `Choose a folder of its own, e.g. \`--out rendered\`.`;
  for (const folder of articleFolders(config)) {
    if (folder === '') continue;
    const articles = real(resolve(root, folder));
    if (inside(out, articles)) {
      const where = out === articles ? `it is \`${folder}/\`` : `it is inside \`${folder}/\``;
      throw new UsageError(`Refusing to write into \`${shown(outDir)}\`: ${where}, where the articles are read from, and rendered files there would replace or mix with them. ${advice}`);
    }
  }
  const inputs = new Map<string, string>();
  for (const file of files) inputs.set(real(resolve(root, file)), file);
  for (const file of await findArticles(root, config)) inputs.set(real(resolve(root, file)), file);
  for (const { file } of await findBibliographyFiles(root, config.references ?? DEFAULT_REFERENCE_PATTERNS)) inputs.set(real(resolve(root, file)), file);
  for (const name of CONFIG_FILES) inputs.set(real(resolve(root, name)), name);
  for (const file of files) {
    const target = real(join(outDir, outputName(file, to)));
    const input = inputs.get(target);
    if (input !== undefined) {
      throw new UsageError(`Refusing to render \`${file}\` onto \`${shown(target)}\`: that is \`${input}\`, an input of this project. ${advice}`);
    }
  }
}

/** `articles/pain/a.md` → `pain/a.html`: the folder structure under `articles/` is kept. */
function outputName(file: string, to: OutputKind): string {
  const inside = file.startsWith('articles/') ? file.slice('articles/'.length) : file.replace(/^(\.\.\/)+/, '');
  return `${inside.replace(/\.(md|markdown)$/i, '')}.${to === 'html' ? 'html' : 'md'}`;
}

/** `origin` says where the style was named (`--style`, an article's front matter, the config), for the messages. */
async function loadStyleInput(root: string, style: string, origin: string): Promise<StyleInput> {
  const builtin = builtinStyleNamed(style);
  if (builtin) return builtin;
  if (!/\.csl$/i.test(style)) throw new UsageError(`${unknownStyleMessage(style)} (The style comes from ${origin}.)`);
  const path = resolve(root, style);
  let xml: string;
  try {
    xml = await readFile(path, 'utf8');
  } catch {
    throw new UsageError(`Cannot read the style file \`${style}\` named by ${origin}; check the path (relative to ${dirname(path)}).`);
  }
  // Validated here, before citeproc ever sees it: a bad file is a usage error.
  return userStyle(xml, style);
}
