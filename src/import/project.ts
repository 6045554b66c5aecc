/**
 * `citemark import` on disk: reads article files, imports them one after the
 * other against the project's bibliography, and writes the new articles and
 * canonical reference files in one all-or-nothing commit.
 *
 * Choices a user can rely on:
 * - The format comes from the extension: `.txt`, `.md`/`.markdown`,
 *   `.html`/`.htm`. Anything else is a usage error.
 * - Files are imported in the order given; a later file sees the earlier
 *   files' new items (`importArticle`'s `imported`), so two articles citing
 *   one work consistently share its key.
 * - The article goes to `<outDir>/<slug>.md` (default `articles/`), the slug
 *   taken from the title, else from the file name. An existing article is
 *   never overwritten: when both names are taken the import stops before
 *   writing anything and says which file is in the way.
 * - The title (front matter `title`) is the front matter's own, else the
 *   first `#` heading, else for plain text the first short title-cased line
 *   before the prose (skipping an image caption above it), else the first
 *   line. A line used as the title leaves the body.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { glob } from 'tinyglobby';
import { stringify as stringifyYaml } from 'yaml';
import { loadBibliography } from '../bibliography/load.js';
import { parseBibliographyText } from '../bibliography/parse.js';
import { makeKey } from '../bibliography/keys.js';
import type { CslItem } from '../bibliography/schema.js';
import { itemFilePath, serializeItem, unsafeFileId } from '../bibliography/write.js';
import { decodeArticle, frontMatterOf } from '../document/article.js';
import { UsageError } from '../document/errors.js';
import { DEFAULT_REFERENCE_PATTERNS, loadProjectConfig } from '../document/project.js';
import { RULE_OPTIONS } from '../rules/index.js';
import { commitFiles, type AtomicFs, type FileChange } from '../util/atomic.js';
import { importArticle, type ImportFormat, type ImportResult } from './article.js';
import { readHtml } from './html.js';
import type { ParsedItem } from './refparse.js';
import { verifyDois, type DoiCheck } from './verify.js';
import { matchWithoutDoi, type BibliographicCheck } from './bibliographic.js';
import type { LookupSettings } from '../lookup/index.js';

export interface ImportFilesOptions {
  /** Plan everything, write nothing. */
  dryRun?: boolean;
  /** Where new articles go, relative to the root (or absolute); default `articles`. */
  outDir?: string;
  /** The file operations of the commit; tests pass one that fails on purpose. */
  fs?: AtomicFs;
  /** Look up the DOI of each new reference printed with one (`--lookup`; see `verify.ts`). */
  lookup?: LookupSettings;
}

export interface ImportedArticle {
  /** The input file: relative to the root when inside it, else absolute. */
  source: string;
  /** `existing`: the same source was imported before, as `path`; nothing is written for it. */
  status: 'new' | 'existing';
  format: ImportFormat;
  /** The new article, relative to the root, `/`-separated. */
  path: string;
  title: string;
  /** The whole new article: front matter and body. */
  content: string;
  result: ImportResult;
}

export interface PlannedFile {
  /** Relative to the root, `/`-separated. */
  path: string;
  content: string;
}

export interface ImportFilesResult {
  articles: ImportedArticle[];
  /** One canonical file per new item, in creation order. */
  references: (PlannedFile & { id: string })[];
  dryRun: boolean;
  /** The files written (relative paths); empty on a dry run. */
  written: string[];
  /** With `lookup`: each new reference's DOI checked against its record, in creation order. */
  doiChecks: DoiCheck[];
  /** With `lookup`: each new reference printed without a DOI, searched in Crossref by its printed text. */
  referenceChecks: BibliographicCheck[];
  /** Some file had no reference list, some entry could not be read, or a DOI is another work's or could not be checked: the editor has work to do. */
  needsAttention: boolean;
}

const FORMATS: Record<string, ImportFormat> = {
  '.txt': 'txt',
  '.text': 'txt',
  '.md': 'md',
  '.markdown': 'md',
  '.html': 'html',
  '.htm': 'html',
};

/** The import format for a file name, or undefined for an extension citemark does not import. */
export function importFormatFor(path: string): ImportFormat | undefined {
  return FORMATS[extname(path).toLowerCase()];
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

function displayPath(root: string, absolute: string): string {
  const rel = relative(root, absolute);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? absolute : toPosix(rel);
}

/** `text` without leading (when `leading`) and trailing dashes; a loop, as `-+$` retries from every dash. */
function trimDashes(text: string, leading: boolean): string {
  let start = 0;
  let end = text.length;
  if (leading) while (start < end && text[start] === '-') start += 1;
  while (end > start && text[end - 1] === '-') end -= 1;
  return text.slice(start, end);
}

/** `How Long Does Ketamine Pain Relief Last?` → `how-long-does-ketamine-pain-relief-last`; at most 60 characters, cut at a word. */
export function slugify(text: string): string {
  const slug = trimDashes(
    text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-'),
    true,
  );
  if (slug.length <= 60) return slug;
  const cut = slug.slice(0, 61);
  const lastDash = cut.lastIndexOf('-');
  return trimDashes(lastDash > 20 ? cut.slice(0, lastDash) : slug.slice(0, 60), false);
}

const MINOR_WORDS = new Set(['a', 'an', 'the', 'and', 'or', 'but', 'for', 'nor', 'of', 'on', 'in', 'to', 'at', 'by', 'with', 'from', 'as', 'vs', 'via', 'is', 'it']);

/** Most words that are not minor words start with a capital: "How Long Does Ketamine Pain Relief Last?" */
function titleCased(line: string): boolean {
  const words = line.split(/[\s:–—-]+/).filter((w) => /^\p{L}/u.test(w) && !MINOR_WORDS.has(w.toLowerCase()));
  if (words.length < 2) return false;
  return words.filter((w) => /^\p{Lu}/u.test(w)).length / words.length >= 0.7;
}

/** A line of running prose rather than a title or a caption. */
function proseLine(line: string): boolean {
  return line.length > 150 || (/[.!]["”’)]?$/.test(line) && line.split(/\s+/).length >= 12);
}

interface TitleChoice {
  title: string;
  /** 0-based line of the body that held it, to be removed; undefined when it came from elsewhere. */
  line?: number;
}

/** The title of a plain-text article: a short title-cased line before the first paragraph of prose. */
function plainTextTitle(lines: string[]): TitleChoice | undefined {
  const candidates: TitleChoice[] = [];
  for (let i = 0; i < lines.length && candidates.length < 5; i += 1) {
    const line = (lines[i] ?? '').trim();
    if (line === '') continue;
    if (proseLine(line)) break;
    if (line.length <= 150 && !/[,;]$/.test(line)) candidates.push({ title: line, line: i });
  }
  return candidates.find((c) => titleCased(c.title)) ?? candidates[0];
}

/**
 * An ATX heading line (`## Title ##`): its `#`s and its text without the closing `#`s, as
 * `/^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/` reads it. The end is taken apart from the right rather than
 * by that pattern, whose lazy text and optional closing sequence take cubic time on a long line.
 */
function atxHeading(line: string): { level: string; title: string } | undefined {
  const open = /^\s{0,3}(#{1,6})\s+/.exec(line);
  if (!open) return undefined;
  const rest = line.slice(open[0].length);
  const end = rest.trimEnd().length;
  let hashes = end;
  while (hashes > 0 && rest[hashes - 1] === '#') hashes -= 1;
  let spaces = hashes;
  while (spaces > 0 && /^\s$/.test(rest[spaces - 1] ?? '')) spaces -= 1;
  // A closing sequence needs white space before it; else the `#`s are part of the text (`C#`).
  const title = rest.slice(0, hashes < end && spaces < hashes ? spaces : end);
  // The title is `.*?`: it cannot run over a line terminator.
  if (/[\n\r\u2028\u2029]/.test(title)) return undefined;
  return { level: open[1] ?? '', title };
}

/** The first level-1 heading of a Markdown body (ATX `#` or setext `===`), else its first heading of any level. */
function markdownTitle(lines: string[]): TitleChoice | undefined {
  let first: TitleChoice | undefined;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    const atx = atxHeading(line);
    if (atx?.title) {
      const choice = { title: atx.title.replace(/[*_`]/g, ''), line: i };
      if (atx.level === '#') return choice;
      first ??= choice;
    } else if (/^\s{0,3}=+\s*$/.test(line) && i > 0 && (lines[i - 1] ?? '').trim() !== '') {
      return { title: (lines[i - 1] ?? '').trim().replace(/[*_`]/g, ''), line: i - 1 };
    }
  }
  return first;
}

interface Prepared {
  /** The text handed to `importArticle`, with front matter and the title line blanked (line numbers kept). */
  text: string;
  format: ImportFormat;
  title: string;
  frontMatter: Record<string, unknown>;
}

const FRONT_MATTER = /^---\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)\r?(?:\n|$)/;

function blankLines(lines: string[], from: number, to: number): void {
  for (let i = from; i <= to && i < lines.length; i += 1) lines[i] = '';
}

/**
 * Plain text has no Markdown meaning, but its layout would get one: a line
 * indented four spaces is a code block (never scanned for citations), and
 * `1.` followed by five spaces opens a code block inside a list item. So
 * indentation goes and a list marker keeps one space; line numbers stay.
 */
function plainLineAsMarkdown(line: string): string {
  return line.replace(/^[ \t]+/, '').replace(/^(\d{1,3}[.)]|[-*+])[ \t]{2,}(?=\S)/, '$1 ');
}

/** Splits off front matter and the title so that neither ends up in the body. */
export function prepareArticle(input: string, format: ImportFormat, fileName: string): Prepared {
  let text = input.replace(/\r\n?/g, '\n').replace(/^\uFEFF/, '');
  let htmlTitle: string | undefined;
  if (format === 'html') {
    const page = readHtml(text);
    htmlTitle = page.title;
    text = page.markdown;
  }
  let lines = text.split('\n');
  if (format === 'txt') lines = lines.map(plainLineAsMarkdown);
  let frontMatter: Record<string, unknown> = {};
  const fm = format === 'md' ? FRONT_MATTER.exec(text) : null;
  if (fm) {
    frontMatter = frontMatterOf(fm[0]);
    blankLines(lines, 0, fm[0].replace(/\n$/, '').split('\n').length - 1);
  }
  const given = typeof frontMatter.title === 'string' && frontMatter.title.trim() !== '' ? frontMatter.title.trim() : undefined;
  let title = given;
  if (!title) {
    const choice = format === 'txt' ? plainTextTitle(lines) : (markdownTitle(lines) ?? (htmlTitle ? { title: htmlTitle } : undefined));
    if (choice) {
      title = choice.title;
      if (choice.line !== undefined) {
        const underline = /^\s{0,3}[=-]+\s*$/.test(lines[choice.line + 1] ?? '') && !/^\s{0,3}#/.test(lines[choice.line] ?? '');
        blankLines(lines, choice.line, choice.line + (underline ? 1 : 0));
      }
    }
  }
  title ??= basename(fileName, extname(fileName)).replace(/[-_]+/g, ' ').trim();
  // After conversion, HTML is Markdown: later steps must not convert it again.
  return { text: lines.join('\n'), format: format === 'html' ? 'md' : format, title, frontMatter };
}

function articleText(title: string, frontMatter: Record<string, unknown>, body: string): string {
  const meta = { ...frontMatter, title };
  // `title` first, then what the writer had.
  const ordered = { title, ...Object.fromEntries(Object.entries(meta).filter(([k]) => k !== 'title')) };
  const yaml = stringifyYaml(ordered, { lineWidth: 0 });
  return `---\n${yaml}---\n\n${body.replace(/^\s+/, '')}`;
}

/** The canonical text of a new item, checked to read back as the same item. */
function referenceFile(item: CslItem): PlannedFile & { id: string } {
  const unsafe = unsafeFileId(item.id);
  if (unsafe) throw new Error(`Citekey \`${item.id}\` cannot name a file because ${unsafe}; nothing was written`);
  const path = itemFilePath(item.id);
  const content = serializeItem(item);
  const back = parseBibliographyText(content, path, 'yaml').entries;
  if (back.length !== 1 || !isDeepStrictEqual(back[0]?.item, item)) {
    throw new Error(`Item \`${item.id}\` would not read back unchanged from \`${path}\`; nothing was written`);
  }
  return { id: item.id, path, content };
}

/**
 * An article's prose with its citations taken out: the same source imported
 * twice gives the same fingerprint even when its entries got other keys
 * (a repeat that became `…a` the first time, say), and an article edited
 * since gives another.
 */
export function proseFingerprint(markdown: string): string {
  const body = markdown.replace(/^---\n[\s\S]*?\n(?:---|\.\.\.)\n/, '');
  return withoutCitations(body).replace(/\s+/g, ' ').trim();
}

/** `text` without its pandoc citations (`[@a; @b]`): each `[…]` on one line that holds an `@`, found by a scan. */
function withoutCitations(text: string): string {
  let out = '';
  let from = 0;
  for (let open = text.indexOf('['); open !== -1; ) {
    const close = text.indexOf(']', open + 1);
    if (close === -1) break;
    const inner = text.slice(open + 1, close);
    const nested = inner.lastIndexOf('[');
    if (nested !== -1) {
      open = open + 1 + nested;
      continue;
    }
    if (inner.includes('@') && !inner.includes('\n')) {
      out += text.slice(from, open).trimEnd();
      from = close + 1;
    }
    open = text.indexOf('[', close + 1);
  }
  return out + text.slice(from);
}

interface PreviousImport {
  path: string;
  title: string;
  fingerprint: string;
  content: string;
}

/** The Markdown articles under `outDir` (where imports go), with their titles and fingerprints. */
async function previousImports(outDir: string): Promise<PreviousImport[]> {
  if (!existsSync(outDir)) return [];
  const files = await glob(['**/*.md'], { cwd: outDir, absolute: true, dot: false });
  const out: PreviousImport[] = [];
  for (const path of files.sort()) {
    let content: string;
    try {
      content = await readFile(path, 'utf8');
    } catch {
      continue;
    }
    const title = frontMatterOf(content).title;
    if (typeof title !== 'string') continue;
    out.push({ path, title, fingerprint: proseFingerprint(content), content });
  }
  return out;
}

async function readInput(root: string, file: string): Promise<{ absolute: string; text: string; format: ImportFormat }> {
  const absolute = resolve(root, file);
  const shown = displayPath(root, absolute);
  const format = importFormatFor(absolute);
  if (!format) {
    throw new UsageError(`Cannot import \`${shown}\`: \`${extname(absolute) || '(no extension)'}\` is not an article format; use a \`.txt\`, \`.md\`, \`.markdown\`, \`.html\` or \`.htm\` file.`);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (code ?? 'unreadable');
    throw new UsageError(`Cannot import \`${shown}\`: ${why}. Check the path.`);
  }
  const decoded = decodeArticle(bytes);
  if (!decoded.ok) throw new UsageError(`Cannot import \`${shown}\`: ${decoded.message}`);
  return { absolute, text: decoded.source, format };
}

/**
 * Imports `files` (paths relative to `root`, or absolute) into the project
 * at `root`. Throws `UsageError` for a file that cannot be imported or an
 * article name that is taken; nothing is written then. A failed write
 * leaves the project as it was.
 */
export async function importFiles(root: string, files: readonly string[], options: ImportFilesOptions = {}): Promise<ImportFilesResult> {
  const projectRoot = resolve(root);
  if (files.length === 0) throw new UsageError('Name at least one article to import: `citemark import FILE…` (`.txt`, `.md` or `.html`).');
  // Read everything first, so a bad path fails before any work is done.
  const inputs = [];
  for (const file of files) inputs.push(await readInput(projectRoot, file));

  const config = await loadProjectConfig(projectRoot, RULE_OPTIONS);
  const bibliography = await loadBibliography(projectRoot, { patterns: config.references ?? DEFAULT_REFERENCE_PATTERNS });
  // A key whose file exists but did not load (it fails to parse) is still taken: its file must not be overwritten.
  const keyFor = (item: ParsedItem, taken: ReadonlySet<string>): string => {
    const blocked = new Set(taken);
    for (;;) {
      const key = makeKey(item, blocked);
      if (!existsSync(join(projectRoot, itemFilePath(key)))) return key;
      blocked.add(key);
    }
  };

  const outDir = resolve(projectRoot, options.outDir ?? 'articles');
  const previous = await previousImports(outDir);
  const plannedPaths = new Set<string>();
  const articles: ImportedArticle[] = [];
  const newItems: CslItem[] = [];

  for (const input of inputs) {
    const source = displayPath(projectRoot, input.absolute);
    const prepared = prepareArticle(input.text, input.format, input.absolute);
    const result = importArticle(prepared.text, { format: prepared.format, existing: bibliography.entries, imported: newItems, keyFor });
    // The same source imported before: report that article; write nothing for it, and make no items for it again.
    const fingerprint = proseFingerprint(result.markdown);
    const before = previous.find((p) => p.title === prepared.title && p.fingerprint === fingerprint);
    if (before) {
      articles.push({ source, status: 'existing', format: input.format, path: displayPath(projectRoot, before.path), title: prepared.title, content: before.content, result: { ...result, items: [] } });
      continue;
    }
    for (const item of result.items) newItems.push(item);

    const candidates = [...new Set([slugify(prepared.title), slugify(basename(input.absolute, extname(input.absolute)))])]
      .filter((s) => s !== '')
      .map((slug) => join(outDir, `${slug}.md`));
    const target = candidates.find((c) => !plannedPaths.has(c) && !existsSync(c));
    if (!target) {
      const taken = candidates.map((c) => `\`${displayPath(projectRoot, c)}\``).join(' and ');
      throw new UsageError(
        `Importing \`${source}\` would overwrite ${taken}, which ${candidates.length > 1 ? 'exist' : 'exists'} already; nothing was written. Rename or move the existing article, or import into another folder with \`--out DIR\`.`,
      );
    }
    plannedPaths.add(target);
    articles.push({
      source,
      status: 'new',
      format: input.format,
      path: displayPath(projectRoot, target),
      title: prepared.title,
      content: articleText(prepared.title, prepared.frontMatter, result.markdown),
      result,
    });
  }

  const verified = options.lookup ? await verifyDois(projectRoot, newItems, options.lookup) : { items: newItems, checks: [], cache: [] };
  const searched = options.lookup ? await matchWithoutDoi(projectRoot, verified.items, options.lookup) : { items: verified.items, checks: [], cache: [] };
  const references = searched.items.map(referenceFile);
  const changes: FileChange[] = [
    ...articles.filter((a) => a.status === 'new').map((a) => ({ path: resolve(projectRoot, a.path), content: a.content })),
    ...references.map((r) => ({ path: join(projectRoot, r.path), content: r.content })),
    ...verified.cache,
    ...searched.cache,
  ];
  const dryRun = options.dryRun ?? false;
  if (!dryRun) await commitFiles(changes, options.fs);
  return {
    articles,
    references,
    dryRun,
    written: dryRun ? [] : changes.map((c) => displayPath(projectRoot, c.path)),
    doiChecks: verified.checks,
    referenceChecks: searched.checks,
    needsAttention:
      articles.some((a) => a.result.report.referenceList === null || a.result.unparsed.length > 0 || a.result.report.merged.length > 0) || verified.checks.some((c) => c.outcome !== 'same-work') ||
      searched.checks.some((c) => c.outcome === 'weak' || c.outcome === 'failed'),
  };
}
