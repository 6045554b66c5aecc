/**
 * Renders a project's articles to files: finds them, reads the
 * bibliography once, formats each article (on worker threads when there are
 * many), and writes every output in one all-or-nothing change.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { loadBibliography } from '../bibliography/load.js';
import type { CslItem } from '../bibliography/schema.js';
import { isBuiltinStyleName, resolveStyle, userStyle, type StyleInput } from '../format/csl.js';
import { decodeArticle, frontMatterOf } from '../lint/article.js';
import { UsageError } from '../lint/errors.js';
import { DEFAULT_REFERENCE_PATTERNS, findArticles, loadProjectConfig, resolveArticlePaths } from '../lint/project.js';
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
  const config = await loadProjectConfig(root);
  const to = options.to ?? 'html';
  const files = options.paths?.length ? await resolveArticlePaths(root, options.paths) : await findArticles(root, config);
  const bibliography = await loadBibliography(root, { patterns: config.references ?? DEFAULT_REFERENCE_PATTERNS });
  const styles: Record<string, StyleInput> = {};
  const loadStyle = async (styleName: string): Promise<void> => {
    if (!Object.prototype.hasOwnProperty.call(styles, styleName)) styles[styleName] = resolveStyle(await loadStyleInput(root, styleName));
  };
  // A bad default style is a usage error even when every article names its own.
  await loadStyle(options.style ?? config.style ?? 'apa');
  const outDir = resolve(root, options.outDir ?? 'rendered');

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
    const styleName = options.style ?? (typeof own === 'string' && own.trim() ? own.trim() : undefined) ?? config.style ?? 'apa';
    await loadStyle(styleName);
    jobs.push({ file, source: decoded.source, style: styleName });
  }

  const items = new Map<string, CslItem>();
  for (const [key, entry] of bibliography.byId) items.set(key, entry.item);
  const setup: RenderSetup = { items, styles, to, ...(config.locale ? { locale: config.locale } : {}) };
  const rendered = await renderArticles(jobs, bibliography, setup, options.threads !== undefined ? { threads: options.threads } : {});

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

/** `articles/pain/a.md` → `pain/a.html`: the folder structure under `articles/` is kept. */
function outputName(file: string, to: OutputKind): string {
  const inside = file.startsWith('articles/') ? file.slice('articles/'.length) : file.replace(/^(\.\.\/)+/, '');
  return `${inside.replace(/\.(md|markdown)$/i, '')}.${to === 'html' ? 'html' : 'md'}`;
}

async function loadStyleInput(root: string, style: string): Promise<StyleInput> {
  if (isBuiltinStyleName(style)) return style;
  if (!/\.csl$/i.test(style)) {
    throw new UsageError(`Unknown style \`${style}\`; use \`apa\`, \`vancouver\`, \`ama\`, \`harvard\`, \`chicago\` or the path of a \`.csl\` file.`);
  }
  const path = resolve(root, style);
  let xml: string;
  try {
    xml = await readFile(path, 'utf8');
  } catch {
    throw new UsageError(`Cannot read the style file \`${style}\`; check the path (relative to ${dirname(path)}).`);
  }
  // Validated here, before citeproc ever sees it: a bad file is a usage error.
  return userStyle(xml, style);
}
