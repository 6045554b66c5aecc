/**
 * manage/: the commands that change the bibliography: add (this file, with
 * update.ts), dedupe, refresh; files.ts writes canonical files. May import:
 * document/, rules/, topics/, evidence/, lookup/, format/, bibliography/, citations/, adapters/, util/. Imported by: cli/, index.ts.
 *
 * `citemark add`: new items from a DOI, a PMID, or a bibliography export
 * (BibTeX, RIS, CSL-JSON, CSL-YAML, PubMed MEDLINE, EndNote XML), read and
 * added record by record. Each record ends as one of:
 *
 * - added: validated, keyed (the source's own key when it is a pandoc key,
 *   else `makeKey`; `rekey` always `makeKey`), given inferred topics,
 *   written as a canonical file;
 * - updated (`update`): the same work is already in the bibliography; its
 *   missing fields are filled, and, when the new record comes from a DOI
 *   or PMID look-up, fields that differ are replaced, noting what changed;
 * - refused: the same work is already in the bibliography (or earlier in
 *   this run); the refusal names the fields that differ;
 * - needs attention: a record that cannot be read or fails validation,
 *   reported with file, line and reason, and not added; or a record added
 *   with a value citemark could not read (kept in `note`).
 *
 * Writes are all or nothing for the set of files written. With `strict`
 * nothing is written when anything needs attention.
 */
import { readFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { compareItems, describeDifference, findDuplicates } from '../bibliography/dedupe.js';
import { isKeptSourceKey, makeKey } from '../bibliography/keys.js';
import { loadBibliography } from '../bibliography/load.js';
import { formatForPath, parseBibliographyText, READABLE_FORMATS_TEXT, type BibliographyFormat } from '../bibliography/parse.js';
import { DATE_FIELDS, type CslItem } from '../bibliography/schema.js';
import type { BibEntry, Bibliography } from '../bibliography/types.js';
import { editBibliographyText, RecordEditError, type RecordEdit } from '../bibliography/records.js';
import { validateItem } from '../bibliography/validate.js';
import type { CitemarkConfig } from '../document/config.js';
import { DEFAULT_REFERENCE_PATTERNS } from '../document/project.js';
import { identifierLabel, LookupError, parseIdentifier, resolveIdentifier, withMesh, type LookupSettings } from '../lookup/index.js';
import { createTagger } from '../topics/tagger.js';
import { loadVocabulary } from '../topics/vocabulary.js';
import { commitFiles, nodeAtomicFs, type AtomicFs, type FileChange } from '../util/atomic.js';
import { canonicalFile } from './files.js';
import { planUpdate, type UpdatedFields, type UpdatePlan } from './update.js';

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
  /** Write nothing when any record needs attention (for CI). */
  strict?: boolean;
  /** Give every item citemark's own key, even when the source has a usable one. */
  rekey?: boolean;
  /** Complete (and, from a DOI/PMID look-up, correct) items already in the bibliography instead of refusing the new copy. */
  update?: boolean;
  fs?: AtomicFs;
}

export interface AddedItem {
  id: string;
  /** Relative to the root. */
  file: string;
  text: string;
  item: CslItem;
  /** Where it came from: `doi:…`, `pmid:…`, or `file:line`. */
  origin: string;
  /** The key the source gave it, when it had one. */
  originalId?: string;
  fromCache?: boolean;
  topicsInferred: boolean;
  /** With `force`: the existing items it duplicates. */
  duplicates: string[];
}

/** An item already in the bibliography that `update` completed or corrected. */
export type UpdatedItem = UpdatedFields;

export interface RefusedItem {
  origin: string;
  title: string;
  originalId?: string;
  /** The items it duplicates, as `id (file:line)`; for a duplicate within this run, `file` is its origin. */
  duplicates: { id: string; file: string; line: number }[];
  /** Fields on which the new record differs from the first duplicate, as `field: kept vs new`. */
  differences: string[];
}

export interface AddProblem {
  origin: string;
  message: string;
  file?: string;
  line?: number;
  /** `warning` for what does not stop a record (a name that may be run together); else an error. */
  severity?: 'error' | 'warning';
  /** The problem's id (`parse-error`, `schema`, `invalid-doi`, `unreadable-value`, `lookup`, `shared-file`, …). */
  messageId?: string;
}

/** A record that needs the user: not added, or added with a value kept in `note`, or not updatable here. */
export interface AttentionItem {
  origin: string;
  /** True when the record was added all the same (its unreadable value kept in `note`). */
  added: boolean;
  reasons: string[];
}

export interface AddResult {
  added: AddedItem[];
  updated: UpdatedItem[];
  refused: RefusedItem[];
  attention: AttentionItem[];
  /** Every problem and warning, in source order. */
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
  /** File and line the record came from (for files). */
  file?: string;
  line?: number;
  originalId?: string;
  fromCache?: boolean;
  /** True when the record comes from a DOI or PMID look-up (an authoritative source for `update`). */
  authoritative: boolean;
  /** Reasons it needs attention although it can be added (values kept in `note`). */
  notes: string[];
}

/** Problems after which a record is not added: it cannot be read, or what was read is not a usable item. */
const NOT_ADDED = new Set(['parse-error', 'schema', 'missing-title', 'missing-author', 'invalid-date', 'duplicate-key', 'not-bibliography', 'empty-file']);

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

/** The format of piped text: BibTeX, RIS, MEDLINE, EndNote XML, CSL-JSON, else CSL-YAML. */
export function detectFormat(text: string): BibliographyFormat {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body.startsWith('@')) return 'bib';
  if (/^TY {1,2}- /m.test(body.slice(0, 2000))) return 'ris';
  if (/^PMID- *\d/.test(body)) return 'medline';
  if (body.startsWith('<')) return 'endnote-xml';
  if (body.startsWith('[') || body.startsWith('{')) return 'json';
  return 'yaml';
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

function takenKeys(bibliography: Bibliography): Set<string> {
  const taken = new Set<string>(bibliography.byId.keys());
  for (const p of bibliography.problems) if (p.id) taken.add(p.id);
  for (const r of bibliography.rejected) if (r.fields.id) taken.add(r.fields.id);
  // A file named after a key blocks the key too: its canonical file would overwrite it.
  for (const file of bibliography.files) taken.add(basename(file).replace(/\.[^.]+$/, ''));
  return taken;
}

interface Collected {
  candidates: Candidate[];
  /** Records not added, by origin. */
  failed: Map<string, string[]>;
}

async function readSource(source: Extract<AddSource, { kind: 'file' | 'text' }>, root: string, problems: AddProblem[]): Promise<{ text: string; name: string; format: BibliographyFormat } | undefined> {
  if (source.kind === 'text') return { text: source.text, name: source.name, format: source.format ?? detectFormat(source.text) };
  let name = toPosix(relative(root, source.path));
  if (name.startsWith('..')) name = source.path;
  const format = formatForPath(source.path);
  if (!format) {
    problems.push({ origin: name, file: name, line: 1, messageId: 'unsupported-file', message: `\`${name}\` is not a bibliography file citemark reads; export it as ${READABLE_FORMATS_TEXT}` });
    return undefined;
  }
  try {
    return { text: await readFile(source.path, 'utf8'), name, format };
  } catch (error) {
    problems.push({ origin: name, file: name, messageId: 'unreadable-file', message: `Cannot read \`${name}\` (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
    return undefined;
  }
}

async function collect(options: AddOptions, counters: { fetched: number; cacheHits: number }, cache: FileChange[], problems: AddProblem[], notes: AddProblem[]): Promise<Collected> {
  const out: Collected = { candidates: [], failed: new Map() };
  const fail = (origin: string, reason: string): void => {
    const list = out.failed.get(origin);
    if (list) list.push(reason);
    else out.failed.set(origin, [reason]);
  };
  for (const source of options.sources) {
    if (source.kind === 'identifier') {
      const id = parseIdentifier(source.text);
      if (!id) {
        const message = `\`${source.text}\` is not a DOI, a PMID or a file; pass e.g. \`10.1111/bcp.12094\`, \`PMID:31082965\` or \`refs.bib\``;
        problems.push({ origin: source.text, message, messageId: 'not-an-identifier' });
        fail(source.text, message);
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
        // The marker dedupe reads to prefer this record as the survivor: it came from its own identifier's record.
        const custom = { ...(indexed.record.custom as Record<string, unknown> | undefined), lookup: origin };
        const checked = validateItem({ ...indexed.record, custom, id: 'new' }, { file: origin, line: 1, column: 1 });
        const errors = checked.problems.filter((p) => p.severity !== 'warning');
        for (const p of checked.problems) {
          problems.push({ origin, message: p.message.replace('`new`', `from \`${origin}\``), messageId: p.messageId, severity: p.severity === 'warning' ? 'warning' : 'error' });
        }
        if (checked.item && errors.length === 0) out.candidates.push({ item: checked.item, origin, fromCache: resolved.fromCache, authoritative: true, notes: [] });
        else fail(origin, errors.map((p) => p.message.replace('`new`', `from \`${origin}\``)).join('; ') || 'the record is not a valid item');
      } catch (error) {
        if (!(error instanceof LookupError)) throw error;
        problems.push({ origin, message: error.message, messageId: 'lookup' });
        fail(origin, error.message);
      }
      continue;
    }
    const read = await readSource(source, options.root, problems);
    if (!read) {
      const last = problems[problems.length - 1];
      fail(source.kind === 'file' ? toPosix(relative(options.root, source.path)) : source.name, last?.message ?? 'unreadable');
      continue;
    }
    const { text, name, format } = read;
    const parsed = parseBibliographyText(text, name, format);
    const generated = new Set(parsed.generatedIds ?? []);
    for (const p of parsed.problems) {
      problems.push({ origin: `${name}:${p.source.line}`, message: p.message, file: p.source.file, line: p.source.line, messageId: p.messageId, severity: p.severity === 'warning' ? 'warning' : 'error' });
    }
    if (parsed.entries.length === 0 && parsed.problems.length === 0) {
      const message = `\`${name}\` holds no bibliography items`;
      problems.push({ origin: name, message, file: name, line: 1, messageId: 'not-bibliography' });
      fail(name, message);
    }
    // Records that were not kept: their problems name no kept item; grouped by record (id, else line).
    const entryIds = new Set(parsed.entries.map((e) => e.item.id));
    const lost = new Map<string, { line: number; messages: string[] }>();
    for (const p of parsed.problems) {
      if (p.severity === 'warning' || (p.id !== undefined && entryIds.has(p.id))) continue;
      const key = p.id !== undefined ? `id:${p.id}` : `line:${p.source.line}`;
      const group = lost.get(key);
      if (group) {
        group.line = Math.min(group.line, p.source.line);
        group.messages.push(p.message);
      } else lost.set(key, { line: p.source.line, messages: [p.message] });
    }
    for (const group of [...lost.values()].sort((a, b) => a.line - b.line)) fail(`${name}:${group.line}`, group.messages.join('; '));
    for (const entry of parsed.entries) {
      const origin = `${name}:${entry.source.line}`;
      const ownProblems = parsed.problems.filter((p) => p.id === entry.item.id && p.severity !== 'warning');
      if (ownProblems.some((p) => NOT_ADDED.has(p.messageId))) {
        fail(origin, ownProblems.map((p) => p.message).join('; '));
        continue;
      }
      out.candidates.push({
        item: entry.item,
        origin,
        file: name,
        line: entry.source.line,
        ...(generated.has(entry.item.id) ? {} : { originalId: entry.item.id }),
        authoritative: false,
        notes: ownProblems.map((p) => p.message),
      });
    }
  }
  return out;
}

function chooseKey(candidate: Candidate, item: CslItem, taken: Set<string>, rekey: boolean, problems: AddProblem[]): string {
  const own = candidate.originalId;
  if (!rekey && own !== undefined && isKeptSourceKey(own)) {
    if (!taken.has(own)) return own;
    const key = makeKey(item, taken);
    problems.push({
      origin: candidate.origin,
      ...(candidate.file ? { file: candidate.file, line: candidate.line } : {}),
      severity: 'warning',
      messageId: 'key-taken',
      message: `Key \`${own}\` from ${candidate.origin} is already used in the bibliography by another work; added as \`${key}\`. Articles that cite \`@${own}\` for this work must cite \`@${key}\``,
    });
    return key;
  }
  return makeKey(item, taken);
}

/**
 * Applies the updates' record-level edits, file by file, adding each edited
 * file to `changes`. A file whose edits cannot be made safely (a record not
 * where it was read, a result that would not read back) takes its updates
 * back out: they are reported and nothing of them is written.
 */
async function applyRecordEdits(root: string, updates: readonly UpdatePlan[], changes: FileChange[], result: AddResult, problems: AddProblem[]): Promise<void> {
  const byFile = new Map<string, { edits: RecordEdit[]; plans: UpdatePlan[] }>();
  for (const plan of updates) {
    if (plan.kind !== 'update') continue;
    for (const { file, edit } of plan.edits) {
      const work = byFile.get(file) ?? { edits: [], plans: [] };
      work.edits.push(edit);
      work.plans.push(plan);
      byFile.set(file, work);
    }
  }
  for (const [file, work] of byFile) {
    const format = formatForPath(file);
    let content: string | null;
    try {
      if (!format) throw new RecordEditError(`\`${file}\` is not a bibliography file citemark can edit; nothing was written`, file);
      content = editBibliographyText(await readFile(join(root, file), 'utf8'), file, format, work.edits);
    } catch (error) {
      const message = error instanceof RecordEditError ? error.message : `Cannot read \`${file}\` (${(error as NodeJS.ErrnoException).code ?? 'error'}); nothing was written`;
      for (const plan of work.plans) {
        if (plan.kind !== 'update') continue;
        result.updated = result.updated.filter((u) => u !== plan.updated);
        for (const change of plan.changes) changes.splice(changes.indexOf(change), 1);
        problems.push({ origin: plan.updated.origin, file, messageId: 'shared-file', message });
        result.attention.push({ origin: plan.updated.origin, added: false, reasons: [message] });
      }
      continue;
    }
    changes.push({ path: join(root, file), content });
  }
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
  const { candidates, failed } = await collect(options, counters, cache, problems, notes);
  const result: AddResult = { added: [], updated: [], refused: [], attention: [], problems, files: [], written: false, ...counters, ...(notes.length > 0 ? { notes } : {}) };
  for (const [origin, reasons] of failed) result.attention.push({ origin, added: false, reasons });

  // Duplicates, before any key is given: provisional ids cannot collide with real ones.
  const provisional: BibEntry[] = candidates.map((c, i) => ({ item: { ...c.item, id: `\u0000new${i}` }, source: { file: '\uffffnew', line: i + 1, column: 1 } }));
  const isNew = (entry: BibEntry): boolean => entry.item.id.startsWith('\u0000new');
  const indexOf = (entry: BibEntry): number => Number(entry.item.id.slice(4));
  const duplicatesOf = new Map<number, BibEntry[]>();
  for (const group of findDuplicates([...bibliography.entries, ...provisional])) {
    const existing = group.members.map((m) => m.entry).filter((e) => !isNew(e));
    const fresh = group.members.map((m) => m.entry).filter(isNew).map(indexOf).sort((a, b) => a - b);
    fresh.forEach((index, position) => {
      const others = existing.length > 0 ? existing : position > 0 ? [provisional[fresh[0] as number] as BibEntry] : [];
      if (others.length > 0) duplicatesOf.set(index, others);
    });
  }

  const tagger = createTagger(vocabulary);
  const taken = takenKeys(bibliography);
  const changes: FileChange[] = [];
  const keyOf = new Map<number, string>();
  const updates: UpdatePlan[] = [];
  const recordsIn = new Map<string, number>();
  for (const { source } of [...bibliography.entries, ...bibliography.rejected]) recordsIn.set(source.file, (recordsIn.get(source.file) ?? 0) + 1);
  const describe = (e: BibEntry): { id: string; file: string; line: number } => {
    if (!isNew(e)) return { id: e.item.id, file: e.source.file, line: e.source.line };
    const other = candidates[indexOf(e)] as Candidate;
    return { id: keyOf.get(indexOf(e)) ?? other.originalId ?? other.origin, file: other.file ?? other.origin, line: other.line ?? 1 };
  };
  for (let index = 0; index < candidates.length; index++) {
    const candidate = candidates[index] as Candidate;
    const others = duplicatesOf.get(index) ?? [];
    if (others.length > 0 && !options.force) {
      const first = others[0] as BibEntry;
      if (options.update && !isNew(first) && others.length === 1) {
        const plan = planUpdate(root, first, candidate.item, { origin: candidate.origin, authoritative: candidate.authoritative, sharesFile: (recordsIn.get(first.source.file) ?? 0) > 1 });
        if (plan.kind === 'update') {
          const target = plan.updated.movedFrom === undefined ? undefined : plan.updated.file;
          if (target !== undefined && bibliography.files.includes(target)) {
            const message = `\`${first.item.id}\` (${first.source.file}:${first.source.line}) would move to its own file \`${target}\`, which already exists; rename that file, then run \`add --update\` again`;
            problems.push({ origin: candidate.origin, file: first.source.file, line: first.source.line, messageId: 'shared-file', message });
            result.attention.push({ origin: candidate.origin, added: false, reasons: [message] });
            continue;
          }
          updates.push(plan);
          changes.push(...plan.changes);
          result.updated.push(plan.updated);
        } else {
          result.refused.push({ origin: candidate.origin, title: candidate.item.title ?? '', ...(candidate.originalId ? { originalId: candidate.originalId } : {}), duplicates: [describe(first)], differences: [] });
        }
        continue;
      }
      const differences = compareItems(first.item, candidate.item).map(describeDifference);
      result.refused.push({
        origin: candidate.origin,
        title: candidate.item.title ?? '',
        ...(candidate.originalId ? { originalId: candidate.originalId } : {}),
        duplicates: others.map(describe),
        differences,
      });
      continue;
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
    item.id = chooseKey(candidate, item, taken, options.rekey === true, problems);
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
      if (candidate.notes.length > 0) result.attention.push({ origin: candidate.origin, added: true, reasons: candidate.notes });
    } catch (error) {
      const message = (error as Error).message;
      problems.push({ origin: candidate.origin, message, messageId: 'write' });
      result.attention.push({ origin: candidate.origin, added: false, reasons: [message] });
    }
  }
  await applyRecordEdits(root, updates, changes, result, problems);
  result.files = changes.map((c) => toPosix(relative(root, c.path)));
  if (options.strict && result.attention.length > 0) {
    result.added = [];
    result.updated = [];
    result.files = [];
    return result;
  }
  if (options.dryRun || (changes.length === 0 && cache.length === 0)) return result;
  await commitFiles([...changes, ...cache], options.fs ?? nodeAtomicFs);
  result.written = changes.length > 0;
  return result;
}
