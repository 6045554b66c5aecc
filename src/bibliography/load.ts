/**
 * Loads the bibliography from disk: every matching file under the project
 * root, in path order, parsed and validated; ids checked for uniqueness
 * across files. A file that cannot be read is a problem, never an exception.
 *
 * Problem ids besides those of `parse.ts` and `validate.ts`:
 * - `unreadable-file` permission denied, a directory or a symlink loop where a file belongs
 * - `not-utf8`        the bytes are not UTF-8
 * - `duplicate-id`    a citekey already used by an earlier item
 * - `unsupported-file` a file under `references/` in a format citemark does not read (a `.csv`, an EndNote `.enw`, a PDF)
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { readCacheFile, writeCacheFile } from '../util/cache-file.js';
import { VERSION } from '../version.js';
import { formatForPath, parseBibliographyText, READABLE_FORMATS_TEXT } from './parse.js';
import type { BibEntry, Bibliography, LoadProblem, RejectedRecord } from './types.js';

/** Every file under `references/`; what is not a bibliography file is reported, never skipped (SPEC §2). */
export const DEFAULT_BIBLIOGRAPHY_PATTERNS = ['references/**/*'];

/** The topic vocabulary lives beside the references but is not one. */
const NOT_BIBLIOGRAPHY = new Set(['references/topics.yaml', 'references/topics.yml']);

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

/** How many files are read at once; keeps big bibliographies clear of the open-file limit. */
const READ_CONCURRENCY = 32;

export interface LoadOptions {
  /** Globs relative to the root (`*`, `**`, `?`, `{a,b}`); default {@link DEFAULT_BIBLIOGRAPHY_PATTERNS}. */
  patterns?: string[];
  /**
   * A folder for parsed files (`.citemark/cache/bibliography`): each file's
   * entries and problems, keyed by a hash of citemark's version, its path
   * and its bytes, so an unchanged file is not parsed and validated again.
   */
  cacheDir?: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+^$()|[\]\\]/g, '\\$&');
}

/** A glob as a regular expression over `/`-separated relative paths. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? '';
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        out += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end === -1) out += '\\{';
      else {
        out += `(?:${glob.slice(i + 1, end).split(',').map(escapeRegExp).join('|')})`;
        i = end;
      }
    } else out += escapeRegExp(c);
  }
  return new RegExp(`^${out}$`);
}

/** The directory a glob can only match beneath: its segments before the first wildcard. */
export function globBase(glob: string): string {
  const segments = glob.split('/');
  const fixed: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (/[*?{]/.test(segment)) break;
    fixed.push(segment);
  }
  return fixed.join('/');
}

export interface BibliographyFileCandidate {
  file: string;
  /** Set when the path cannot be read as a file; the reason. */
  problem?: string;
}

async function walk(root: string, base: string, matches: (rel: string) => boolean, found: Map<string, BibliographyFileCandidate>, seen: Set<string>): Promise<void> {
  let dirents: Dirent[];
  try {
    const real = await realpath(join(root, base));
    if (seen.has(real)) return;
    seen.add(real);
    dirents = await readdir(join(root, base), { withFileTypes: true });
  } catch {
    return;
  }
  for (const dirent of dirents) {
    const rel = base ? `${base}/${dirent.name}` : dirent.name;
    let isDirectory = dirent.isDirectory();
    if (dirent.isSymbolicLink()) {
      try {
        isDirectory = (await stat(join(root, rel))).isDirectory();
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (matches(rel)) {
          found.set(rel, {
            file: rel,
            problem: code === 'ELOOP' ? 'it is a symbolic link loop' : 'it is a symbolic link to nothing',
          });
        }
        continue;
      }
    }
    if (isDirectory) {
      if (matches(rel)) found.set(rel, { file: rel, problem: 'it is a directory' });
      if (!SKIPPED_DIRECTORIES.has(dirent.name)) await walk(root, rel, matches, found, seen);
    } else if (matches(rel)) found.set(rel, { file: rel });
  }
}

/**
 * Files under `root` that glob patterns select, found by one walk that also
 * notices what a glob library drops without a word: symbolic links (followed
 * to files), loops and dangling links, and folders named like files — each
 * returned with a `problem`. Shared by the bibliography and article finders.
 */
export async function findMatchingFiles(root: string, patterns: readonly string[], accept: (rel: string) => boolean = () => true): Promise<BibliographyFileCandidate[]> {
  const regexps = patterns.map((p) => globToRegExp(p.replace(/^\.\//, '')));
  const matches = (rel: string): boolean => accept(rel) && regexps.some((r) => r.test(rel));
  const found = new Map<string, BibliographyFileCandidate>();
  const bases = [...new Set(patterns.map((p) => globBase(p.replace(/^\.\//, ''))))];
  for (const base of bases) await walk(root, base, matches, found, new Set());
  return [...found.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** Hidden files (`.gitkeep`, `.DS_Store`) are not the user's references. */
function isHidden(rel: string): boolean {
  return rel.split('/').some((part) => part.startsWith('.'));
}

/**
 * The files under `root` that the patterns select, sorted by path: the
 * bibliography files, and any other file they select, which
 * `loadBibliography` reports as a file it cannot read.
 */
export async function findBibliographyFiles(root: string, patterns: string[] = DEFAULT_BIBLIOGRAPHY_PATTERNS): Promise<BibliographyFileCandidate[]> {
  const found = await findMatchingFiles(root, patterns, (rel) => !NOT_BIBLIOGRAPHY.has(rel) && !isHidden(rel));
  // `references/**/*` selects folders too: only one named like a bibliography file (`x.bib/`) is a mistake to report.
  return found.filter((c) => c.problem !== 'it is a directory' || formatForPath(c.file) !== undefined);
}

/** What to do with a file of a format citemark does not read, by its extension. */
function unsupportedAdvice(file: string): string {
  const ext = /\.([^./]+)$/.exec(file)?.[1]?.toLowerCase() ?? '';
  const what: Record<string, string> = {
    csv: 'a spreadsheet (CSV), which does not say which column is which field',
    tsv: 'a spreadsheet (TSV), which does not say which column is which field',
    xlsx: 'a spreadsheet',
    xls: 'a spreadsheet',
    enw: 'EndNote\'s tagged format (`.enw`)',
    ciw: 'Web of Science\'s tagged format',
    pdf: 'a PDF, not a list of references',
    docx: 'a document, not a list of references',
    doc: 'a document, not a list of references',
    md: 'Markdown, not a list of references',
  };
  const kind = what[ext] ?? (ext ? `a \`.${ext}\` file, which is not a bibliography format citemark reads` : 'a file without an extension, which citemark cannot tell the format of');
  return `it is ${kind}; export the references as ${READABLE_FORMATS_TEXT}, or move the file out of \`references/\``;
}

function fileProblem(file: string, messageId: LoadProblem['messageId'], what: string): LoadProblem {
  return { messageId, message: `\`${file}\` cannot be read: ${what}`, source: { file, line: 1, column: 1 } };
}

async function readOne(root: string, candidate: BibliographyFileCandidate, cacheDir?: string): Promise<FileResult> {
  const { file } = candidate;
  if (candidate.problem) {
    return { entries: [], rejected: [], problems: [fileProblem(file, 'unreadable-file', `${candidate.problem}; replace it with a bibliography file or remove it`)] };
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(join(root, file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    const why =
      code === 'EACCES' || code === 'EPERM' ? 'permission denied; make it readable'
      : code === 'EISDIR' ? 'it is a directory; remove it or rename it'
      : code === 'ELOOP' ? 'it is a symbolic link loop; point the link at a file'
      : `${code}; check the file`;
    return { entries: [], rejected: [], problems: [fileProblem(file, 'unreadable-file', why)] };
  }
  if (cacheDir === undefined) return parseBytes(file, bytes);
  const key = fileCacheKey(file, bytes);
  const cached = await readCachedFile(cacheDir, key);
  if (cached) return cached;
  const result = parseBytes(file, bytes);
  await writeCachedFile(cacheDir, key, result);
  return result;
}

type FileResult = { entries: BibEntry[]; problems: LoadProblem[]; rejected: RejectedRecord[] };

/** The UTF-8 byte-order mark, which decoding drops. */
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function parseBytes(file: string, bytes: Buffer): FileResult {
  // A file of a format citemark does not read is reported as such, whatever its bytes (a PDF is not UTF-8).
  if (!formatForPath(file)) return { entries: [], rejected: [], problems: [fileProblem(file, 'unsupported-file', unsupportedAdvice(file))] };
  // Checked, then decoded: together twice as fast as a fatal TextDecoder, and the same text (one leading mark dropped).
  if (!isUtf8(bytes)) return { entries: [], rejected: [], problems: [fileProblem(file, 'not-utf8', 'it is not UTF-8 text; save it as UTF-8')] };
  const text = bytes.toString('utf8', bytes.subarray(0, 3).equals(UTF8_BOM) ? 3 : 0);
  return parseBibliographyText(text, file, formatForPath(file) ?? 'text');
}

function fileCacheKey(file: string, bytes: Uint8Array): string {
  return createHash('sha256').update(`citemark ${VERSION} bibliography ${CACHE_FORMAT}\0${file}\0`).update(bytes).digest('hex');
}

/** Bumped when the shape of a cached file result changes within one citemark version. */
const CACHE_FORMAT = 3;

async function readCachedFile(dir: string, key: string): Promise<FileResult | undefined> {
  const bytes = await readCacheFile(join(dir, `${key}.bin`));
  if (bytes === undefined) return undefined;
  try {
    const value = deserialize(bytes) as { key?: unknown; entries?: unknown; problems?: unknown; rejected?: unknown };
    // A damaged or misnamed entry is a miss.
    if (value?.key !== key || !Array.isArray(value.entries) || !Array.isArray(value.problems) || !Array.isArray(value.rejected)) return undefined;
    return { entries: value.entries as BibEntry[], problems: value.problems as LoadProblem[], rejected: value.rejected as RejectedRecord[] };
  } catch {
    return undefined;
  }
}

async function writeCachedFile(dir: string, key: string, result: FileResult): Promise<void> {
  await writeCacheFile(join(dir, `${key}.bin`), serialize({ key, ...result }));
}

/**
 * A hash of every bibliography file's path and bytes (and of files that
 * cannot be read), which changes whenever what `loadBibliography` would
 * return can change. Reads the files but parses nothing.
 */
export async function bibliographyFingerprint(root: string, patterns: string[] = DEFAULT_BIBLIOGRAPHY_PATTERNS): Promise<string> {
  const candidates = await findBibliographyFiles(root, patterns);
  const hash = createHash('sha256').update(`citemark ${VERSION} bibliography\0`);
  const contents = await mapLimited(candidates, READ_CONCURRENCY, async (c) => (c.problem ? undefined : readFile(join(root, c.file)).catch((e: NodeJS.ErrnoException) => e.code ?? 'error')));
  candidates.forEach((c, i) => {
    const content = contents[i];
    hash.update(`${c.file}\0${c.problem ?? ''}\0`);
    if (typeof content === 'string') hash.update(`unreadable ${content}`);
    else if (content !== undefined) hash.update(`${content.length}\0`).update(content);
    hash.update('\0');
  });
  return hash.digest('hex');
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Drops every entry whose id an earlier entry already uses, reporting it at
 * the later one with the place of the first.
 */
export function checkUniqueIds(entries: BibEntry[]): { entries: BibEntry[]; byId: Map<string, BibEntry>; problems: LoadProblem[] } {
  const byId = new Map<string, BibEntry>();
  const kept: BibEntry[] = [];
  const problems: LoadProblem[] = [];
  for (const entry of entries) {
    const first = byId.get(entry.item.id);
    if (first) {
      problems.push({
        messageId: 'duplicate-id',
        message: `Citekey \`${entry.item.id}\` is already used at ${first.source.file}:${first.source.line}; give this item another id (ids must be unique across all files)`,
        source: entry.source,
        id: entry.item.id,
      });
      continue;
    }
    byId.set(entry.item.id, entry);
    kept.push(entry);
  }
  return { entries: kept, byId, problems };
}

/** Loads every bibliography file under `root` (default: every file under `references/`; see {@link formatForPath}). */
export async function loadBibliography(root: string, opts: LoadOptions = {}): Promise<Bibliography> {
  const candidates = await findBibliographyFiles(root, opts.patterns ?? DEFAULT_BIBLIOGRAPHY_PATTERNS);
  const results = await mapLimited(candidates, READ_CONCURRENCY, (c) => readOne(root, c, opts.cacheDir));
  return assemble(results, candidates.map((c) => c.file));
}

/**
 * A bibliography from files' text, by path relative to a project root, read
 * as `loadBibliography` reads them from disk (the library's and the rule
 * examples' way to lint in memory).
 */
export function bibliographyFromTexts(files: Readonly<Record<string, string>>): Bibliography {
  const paths = Object.keys(files).sort();
  return assemble(
    paths.map((file) => parseBytes(file, Buffer.from(files[file]!, 'utf8'))),
    paths,
  );
}

/** One bibliography from each file's result, in file order: ids checked for uniqueness, problems sorted by place. */
function assemble(results: readonly FileResult[], files: string[]): Bibliography {
  const all: BibEntry[] = [];
  const problems: LoadProblem[] = [];
  const rejected: RejectedRecord[] = [];
  for (const result of results) {
    // Element by element: spreading a file of hundreds of thousands of items into one call overflows the stack.
    for (const entry of result.entries) all.push(entry);
    for (const problem of result.problems) problems.push(problem);
    for (const record of result.rejected) rejected.push(record);
  }
  const unique = checkUniqueIds(all);
  for (const problem of unique.problems) problems.push(problem);
  problems.sort((a, b) => (a.source.file < b.source.file ? -1 : a.source.file > b.source.file ? 1 : a.source.line - b.source.line));
  return { entries: unique.entries, rejected, byId: unique.byId, problems, files };
}
