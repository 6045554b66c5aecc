/**
 * `citemark add`: new items from a DOI, a PMID, or a BibTeX / RIS / CSL-JSON
 * / CSL-YAML file, each validated, keyed by `makeKey` (family name + year +
 * first significant title word, ASCII, `a`/`b`… while taken), given inferred
 * topics, checked for duplicates against the bibliography, and written as
 * canonical files. All or nothing: a look-up or validation failure writes
 * nothing; a duplicate is refused (unless `force`) and the rest are written.
 */
import { readFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { findDuplicates } from '../bibliography/dedupe.js';
import { makeKey } from '../bibliography/keys.js';
import { loadBibliography } from '../bibliography/load.js';
import { formatForPath, parseBibliographyText, type BibliographyFormat } from '../bibliography/parse.js';
import { DATE_FIELDS, type CslItem } from '../bibliography/schema.js';
import type { BibEntry, Bibliography } from '../bibliography/types.js';
import { validateItem } from '../bibliography/validate.js';
import type { CitemarkConfig } from '../lint/config.js';
import { DEFAULT_REFERENCE_PATTERNS } from '../lint/project.js';
import { identifierLabel, LookupError, parseIdentifier, resolveIdentifier, withMesh, type LookupSettings } from '../lookup/index.js';
import { createTagger } from '../topics/tagger.js';
import { loadVocabulary } from '../topics/vocabulary.js';
import { commitFiles, nodeAtomicFs, type AtomicFs, type FileChange } from '../util/atomic.js';
import { canonicalFile } from './files.js';

export type AddSource =
  | { kind: 'identifier'; text: string }
  | { kind: 'file'; path: string }
  | { kind: 'text'; text: string; name: string; format?: BibliographyFormat };

export interface AddOptions {
  root: string;
  sources: AddSource[];
  lookup: LookupSettings;
  config?: CitemarkConfig;
  /** Add items even when the bibliography already holds the same work. */
  force?: boolean;
  /** Work out everything, write nothing. */
  dryRun?: boolean;
  fs?: AtomicFs;
}

export interface AddedItem {
  id: string;
  /** Relative to the root. */
  file: string;
  text: string;
  item: CslItem;
  /** Where it came from: `doi:…`, `pmid:…`, or a file name. */
  origin: string;
  /** The key the source file gave it, when it had one. */
  originalId?: string;
  fromCache?: boolean;
  topicsInferred: boolean;
  /** With `force`: the existing items it duplicates. */
  duplicates: string[];
}

export interface RefusedItem {
  origin: string;
  title: string;
  originalId?: string;
  /** The items it duplicates, as `id (file:line)`. */
  duplicates: { id: string; file: string; line: number }[];
}

export interface AddProblem {
  origin: string;
  message: string;
  file?: string;
  line?: number;
}

export interface AddResult {
  added: AddedItem[];
  refused: RefusedItem[];
  problems: AddProblem[];
  /** Files written (relative), or that would be written with `dryRun`. */
  files: string[];
  written: boolean;
  fetched: number;
  cacheHits: number;
  /** What went wrong without stopping the add (MeSH headings that could not be read). */
  notes?: AddProblem[];
}

interface Candidate {
  item: CslItem;
  origin: string;
  originalId?: string;
  fromCache?: boolean;
}

/** `[["2014", 2]]` → `[[2014, 2]]`: Zotero's CSL-JSON writes years as strings; canonical files hold numbers. */
function numericDateParts(item: CslItem): CslItem {
  const out: Record<string, unknown> = { ...item };
  for (const field of DATE_FIELDS) {
    const date = item[field];
    const parts = date?.['date-parts'];
    if (!date || !parts) continue;
    out[field] = { ...date, 'date-parts': parts.map((part) => part.map((p) => (typeof p === 'string' && /^-?\d+$/.test(p.trim()) ? Number(p) : p))) };
  }
  return out as CslItem;
}

/** The format of piped text: BibTeX, RIS, CSL-JSON, else CSL-YAML. */
export function detectFormat(text: string): BibliographyFormat {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body.startsWith('@')) return 'bib';
  if (/^TY {2}- /m.test(body.slice(0, 200))) return 'ris';
  if (body.startsWith('[') || body.startsWith('{')) return 'json';
  return 'yaml';
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

function takenKeys(bibliography: Bibliography): Set<string> {
  const taken = new Set<string>(bibliography.byId.keys());
  for (const p of bibliography.problems) if (p.id) taken.add(p.id);
  // A file named after a key blocks the key too: its canonical file would overwrite it.
  for (const file of bibliography.files) taken.add(basename(file).replace(/\.[^.]+$/, ''));
  return taken;
}

async function collect(options: AddOptions, counters: { fetched: number; cacheHits: number }, cache: FileChange[], problems: AddProblem[], notes: AddProblem[] = []): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const source of options.sources) {
    if (source.kind === 'identifier') {
      const id = parseIdentifier(source.text);
      if (!id) {
        problems.push({ origin: source.text, message: `\`${source.text}\` is not a DOI, a PMID or a file; pass e.g. \`10.1111/bcp.12094\`, \`PMID:31082965\` or \`refs.bib\`` });
        continue;
      }
      const origin = identifierLabel(id);
      try {
        const resolved = await resolveIdentifier(options.root, id, options.lookup);
        if (resolved.fromCache) counters.cacheHits++;
        else counters.fetched++;
        if (resolved.cache) cache.push(resolved.cache);
        // MeSH headings (and a retraction PubMed records) from PubMed, by PMID or DOI; a failure leaves a note.
        const indexed = await withMesh(options.root, resolved.record, options.lookup);
        cache.push(...indexed.cache);
        if (indexed.note) notes.push({ origin, message: indexed.note });
        const checked = validateItem({ ...indexed.record, id: 'new' }, { file: origin, line: 1, column: 1 });
        for (const p of checked.problems) problems.push({ origin, message: p.message.replace('`new`', `from \`${origin}\``) });
        if (checked.item && checked.problems.length === 0) out.push({ item: checked.item, origin, fromCache: resolved.fromCache });
      } catch (error) {
        if (!(error instanceof LookupError)) throw error;
        problems.push({ origin, message: error.message });
      }
      continue;
    }
    let text: string;
    let name: string;
    let format: BibliographyFormat | undefined;
    if (source.kind === 'file') {
      name = toPosix(relative(options.root, source.path));
      if (name.startsWith('..')) name = source.path;
      format = formatForPath(source.path);
      if (!format) {
        problems.push({ origin: name, message: `\`${name}\` is not a bibliography file; use \`.bib\`, \`.ris\`, \`.json\` or \`.yaml\`` });
        continue;
      }
      try {
        text = await readFile(source.path, 'utf8');
      } catch (error) {
        problems.push({ origin: name, message: `Cannot read \`${name}\` (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
        continue;
      }
    } else {
      text = source.text;
      name = source.name;
      format = source.format ?? detectFormat(text);
    }
    const parsed = parseBibliographyText(text, name, format);
    for (const p of parsed.problems) problems.push({ origin: name, message: p.message, file: p.source.file, line: p.source.line });
    if (parsed.entries.length === 0 && parsed.problems.length === 0) {
      problems.push({ origin: name, message: `\`${name}\` holds no bibliography items` });
    }
    for (const entry of parsed.entries) out.push({ item: entry.item, origin: `${name}:${entry.source.line}`, originalId: entry.item.id });
  }
  return out;
}

/** Adds the sources' items to `references/`. Never throws for bad input: problems come back in the result. */
export async function addReferences(options: AddOptions): Promise<AddResult> {
  const { root } = options;
  const counters = { fetched: 0, cacheHits: 0 };
  const cache: FileChange[] = [];
  const problems: AddProblem[] = [];
  const [bibliography, vocabulary] = await Promise.all([
    loadBibliography(root, { patterns: options.config?.references ?? DEFAULT_REFERENCE_PATTERNS }),
    loadVocabulary(root),
  ]);
  const notes: AddProblem[] = [];
  const candidates = await collect(options, counters, cache, problems, notes);
  const result: AddResult = { added: [], refused: [], problems, files: [], written: false, ...counters, ...(notes.length > 0 ? { notes } : {}) };
  if (problems.length > 0) return result;

  // Duplicates, before any key is given: provisional ids cannot collide with real ones.
  const provisional: BibEntry[] = candidates.map((c, i) => ({ item: { ...c.item, id: `\u0000new${i}` }, source: { file: '\uffffnew', line: i + 1, column: 1 } }));
  const isNew = (entry: BibEntry) => entry.item.id.startsWith('\u0000new');
  const refusedIndex = new Set<number>();
  const duplicatesOf = new Map<number, BibEntry[]>();
  for (const group of findDuplicates([...bibliography.entries, ...provisional])) {
    const existing = group.members.map((m) => m.entry).filter((e) => !isNew(e));
    const fresh = group.members.map((m) => m.entry).filter(isNew).map((e) => Number(e.item.id.slice(4))).sort((a, b) => a - b);
    fresh.forEach((index, position) => {
      const others = existing.length > 0 ? existing : position > 0 ? [provisional[fresh[0]!]!] : [];
      if (others.length === 0) return;
      duplicatesOf.set(index, others);
      if (!options.force) refusedIndex.add(index);
    });
  }

  const tagger = createTagger(vocabulary);
  const taken = takenKeys(bibliography);
  const changes: FileChange[] = [];
  const keyOf = new Map<number, string>();
  candidates.forEach((candidate, index) => {
    const others = duplicatesOf.get(index) ?? [];
    const describe = (e: BibEntry) => ({ id: isNew(e) ? (keyOf.get(Number(e.item.id.slice(4))) ?? candidates[Number(e.item.id.slice(4))]!.origin) : e.item.id, file: e.source.file, line: e.source.line });
    if (refusedIndex.has(index)) {
      result.refused.push({ origin: candidate.origin, title: candidate.item.title ?? '', ...(candidate.originalId ? { originalId: candidate.originalId } : {}), duplicates: others.map(describe) });
      return;
    }
    const item: CslItem = numericDateParts(candidate.item);
    let topicsInferred = false;
    if (!item.topics?.length) {
      const topics = tagger.inferItemTopics(item);
      if (topics.length > 0) {
        item.topics = topics;
        topicsInferred = true;
      }
    }
    item.id = makeKey(item, taken);
    taken.add(item.id);
    keyOf.set(index, item.id);
    try {
      const file = canonicalFile(item);
      changes.push({ path: join(root, file.file), content: file.text });
      result.added.push({
        id: item.id,
        file: file.file,
        text: file.text,
        item: file.item,
        origin: candidate.origin,
        ...(candidate.originalId ? { originalId: candidate.originalId } : {}),
        ...(candidate.fromCache !== undefined ? { fromCache: candidate.fromCache } : {}),
        topicsInferred,
        duplicates: others.map((e) => describe(e).id),
      });
    } catch (error) {
      problems.push({ origin: candidate.origin, message: (error as Error).message });
    }
  });
  result.files = changes.map((c) => toPosix(relative(root, c.path)));
  if (problems.length > 0) {
    result.added = [];
    result.files = [];
    return result;
  }
  if (options.dryRun || changes.length === 0 && cache.length === 0) return result;
  await commitFiles([...changes, ...cache], options.fs ?? nodeAtomicFs);
  result.written = changes.length > 0;
  return result;
}
