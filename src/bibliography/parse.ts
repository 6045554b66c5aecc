/**
 * Turns the text of one bibliography file into validated entries, each with
 * the line where it starts, and problems. No disk access.
 *
 * Problem ids besides those of `validate.ts`:
 * - `parse-error`      the file, or one BibTeX/RIS/MEDLINE/EndNote record, does not parse
 * - `duplicate-key`    a YAML/JSON mapping repeats a key
 * - `empty-file`       nothing but whitespace
 * - `not-bibliography` parses, but holds no bibliography items
 * - `unreadable-value` a value of an imported record citemark cannot read (kept in `note`)
 * - `invalid-doi`      also for an imported record whose DOI is not one (kept in `note`, the record loads)
 */
import { LineCounter, isMap, isSeq, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import { looksLikeMedline } from './medline.js';
import { readBibtexRecords } from './bibtex.js';
import type { ImportLog } from './imported.js';
import { readEndnoteFile, readMedlineFile, type ExportFile } from './medical-exports.js';
import { makeKey } from './keys.js';
import { normalizeDoi, normalizePmid } from './normalize.js';
import { readRisRecords, risIdentifiers } from './ris.js';
import type { BibEntry, LoadProblem, RejectedRecord, SourceLocation } from './types.js';
import { validateParsedItem } from './validate.js';
import { displayText } from '../util/text.js';

/**
 * What a file is read as. `text` (a `.txt` export) is read by its content:
 * RIS, MEDLINE or BibTeX, as databases save all three as `.txt`.
 */
export type BibliographyFormat = 'yaml' | 'json' | 'bib' | 'ris' | 'medline' | 'endnote-xml' | 'text';

/** The formats citemark reads, for messages about files it cannot. */
export const READABLE_FORMATS_TEXT =
  'CSL-YAML (`.yaml`), CSL-JSON (`.json`), BibTeX/BibLaTeX (`.bib`), RIS (`.ris`), PubMed MEDLINE (`.nbib`) or EndNote XML (`.xml`)';

export interface ParseResult {
  entries: BibEntry[];
  problems: LoadProblem[];
  /** Records that were read but failed validation. */
  rejected: RejectedRecord[];
  /** Ids citemark made up for records that had no key of their own (most RIS, MEDLINE and EndNote records). */
  generatedIds?: string[];
}

/** A failed record's string fields, so it can still be matched by identifier; DOI and PMID normalised. */
export function rejectedFields(value: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return fields;
  for (const [name, field] of Object.entries(value)) {
    if (typeof field === 'string') fields[name] = field;
    else if (typeof field === 'number' && Number.isFinite(field)) fields[name] = String(field);
  }
  if (fields.DOI !== undefined) fields.DOI = normalizeDoi(fields.DOI);
  if (fields.PMID !== undefined) fields.PMID = normalizePmid(fields.PMID);
  return fields;
}

/** Bounds YAML alias expansion so a "billion laughs" file is a problem, not a hang. */
const MAX_ALIAS_COUNT = 1000;

/** The format a file name implies, or undefined when it is not a bibliography file. */
export function formatForPath(path: string): BibliographyFormat | undefined {
  const ext = /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase();
  switch (ext) {
    case 'yaml':
    case 'yml':
      return 'yaml';
    case 'json':
      return 'json';
    case 'bib':
      return 'bib';
    case 'ris':
      return 'ris';
    case 'nbib':
    case 'medline':
      return 'medline';
    case 'xml':
      return 'endnote-xml';
    case 'txt':
      return 'text';
    default:
      return undefined;
  }
}

interface RawItem {
  value: unknown;
  line: number;
  column: number;
  /** What importing the record changed or could not read. */
  log?: ImportLog;
}

interface Extracted {
  items: RawItem[];
  problems: LoadProblem[];
  /** Records that could not be read at all, with what identifies them. */
  rejected?: RejectedRecord[];
  /** Ids made up for records without a key of their own. */
  generatedIds?: string[];
  /** Set when the items are fresh from JSON.parse, so validation may keep their parts rather than copy them. */
  fresh?: boolean;
}

function at(file: string, line: number, column = 1): SourceLocation {
  return { file, line, column };
}

/** Parses one bibliography file's text. `file` is only used in positions. */
export function parseBibliographyText(text: string, file: string, format: BibliographyFormat): ParseResult {
  const unmarked = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Looking for a carriage return first spares a pass of the regular expression over the usual file without one.
  const body = unmarked.includes('\r') ? unmarked.replace(/\r\n?/g, '\n') : unmarked;
  if (body.trim() === '') {
    return {
      entries: [],
      problems: [{ messageId: 'empty-file', message: `\`${file}\` is empty; add bibliography items or delete the file`, source: at(file, 1) }],
      rejected: [],
    };
  }
  let extracted: Extracted;
  const read: Exclude<BibliographyFormat, 'text'> | undefined = format === 'text' ? sniffFormat(body) : format;
  if (read === undefined) {
    return {
      entries: [],
      problems: [notBibliography(file, 1, 'text that is neither RIS, MEDLINE nor BibTeX')],
      rejected: [],
    };
  }
  switch (read) {
    case 'yaml':
      extracted = extractYaml(body, file);
      break;
    case 'json':
      extracted = extractJson(body, file);
      break;
    case 'bib':
      extracted = extractBibtex(body, file);
      break;
    case 'ris':
      extracted = extractRis(body, file);
      break;
    case 'medline':
      extracted = extractExport(readMedlineFile(body), file, 'MEDLINE');
      break;
    case 'endnote-xml':
      extracted = extractExport(readEndnoteFile(body), file, 'EndNote XML');
      break;
  }
  const entries: BibEntry[] = [];
  const rejected: RejectedRecord[] = [...(extracted.rejected ?? [])];
  const problems = [...extracted.problems];
  const now = new Date();
  for (const raw of extracted.items) {
    const source = at(file, raw.line, raw.column);
    const result = validateParsedItem(raw.value, source, extracted.fresh === true, now);
    if (raw.log) for (const problem of importProblems(raw.log, raw.value, file, source)) problems.push(problem);
    for (const problem of result.problems) problems.push(problem);
    if (result.item) entries.push({ item: result.item, source });
    else rejected.push({ source, fields: rejectedFields(raw.value) });
  }
  return { entries, problems, rejected, ...(extracted.generatedIds?.length ? { generatedIds: extracted.generatedIds } : {}) };
}

/** The problems an importer logged for one record, worded with its id. */
function importProblems(log: ImportLog, value: unknown, file: string, source: SourceLocation): LoadProblem[] {
  const id = value !== null && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string' ? (value as { id: string }).id : undefined;
  const label = id ? `\`${id}\`` : `the record at ${file}:${source.line}`;
  return log.issues.map((issue) => ({
    messageId: issue.messageId,
    message: issue.message(label),
    source: issue.line !== undefined ? at(file, issue.line) : source,
    ...(id ? { id } : {}),
  }));
}

/** RIS, MEDLINE or BibTeX by content, for a `.txt` export. */
function sniffFormat(text: string): Exclude<BibliographyFormat, 'text'> | undefined {
  if (looksLikeMedline(text)) return 'medline';
  if (/^TY {1,2}- ?/m.test(text.slice(0, 5000))) return 'ris';
  if (/^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]/m.test(text.slice(0, 5000))) return 'bib';
  return undefined;
}

// ---------------------------------------------------------------- YAML / JSON

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').trim();
}

function notBibliography(file: string, line: number, what: string): LoadProblem {
  return {
    messageId: 'not-bibliography',
    message: `\`${file}\` holds ${what}, not bibliography items; write a CSL item, a list of items or \`references:\` with a list`,
    source: at(file, line),
  };
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping without `id` or `type`';
  return `a ${typeof value} (\`${displayText(value).slice(0, 40)}\`)`;
}

/** Items of one parsed YAML/JSON document, each with the line of its node. */
function itemsOfDocument(doc: Document, lines: LineCounter, file: string, out: Extracted): void {
  let js: unknown;
  try {
    js = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const offset = doc.contents?.range?.[0];
    const line = offset === undefined ? 1 : lines.linePos(offset).line;
    out.problems.push({
      messageId: 'parse-error',
      message: `\`${file}\` cannot be read: ${(error as Error).message}; expand the aliases or split the file`,
      source: at(file, line),
    });
    return;
  }
  const root = doc.contents;
  const position = (node: unknown): { line: number; column: number } => {
    const range = (node as YamlNode | null)?.range;
    if (!range) return { line: 1, column: 1 };
    const pos = lines.linePos(range[0]);
    return { line: pos.line, column: pos.col };
  };
  const fromList = (seqNode: unknown, values: unknown[]): void => {
    const nodes = isSeq(seqNode) ? seqNode.items : [];
    values.forEach((value, i) => out.items.push({ value, ...position(nodes[i]) }));
  };

  if (Array.isArray(js)) {
    fromList(root, js);
    return;
  }
  if (js !== null && typeof js === 'object') {
    const record = js as Record<string, unknown>;
    if (Object.hasOwn(record, 'references')) {
      const refs = record.references;
      if (!Array.isArray(refs)) {
        out.problems.push(notBibliography(file, position(root).line, '`references:` that is not a list'));
        return;
      }
      fromList(isMap(root) ? root.get('references', true) : undefined, refs);
      return;
    }
    if (Object.hasOwn(record, 'id') || Object.hasOwn(record, 'type')) {
      out.items.push({ value: js, ...position(root) });
      return;
    }
  }
  out.problems.push(notBibliography(file, position(root).line, describeValue(js)));
}

function yamlErrorProblems(doc: Document, file: string): { problems: LoadProblem[]; fatal: boolean } {
  const problems: LoadProblem[] = [];
  let fatal = false;
  for (const error of doc.errors) {
    const pos = error.linePos?.[0];
    const source = at(file, pos?.line ?? 1, pos?.col ?? 1);
    if (error.code === 'DUPLICATE_KEY') {
      problems.push({
        messageId: 'duplicate-key',
        message: `A mapping in \`${file}\` repeats a key (${firstLine(error.message)}); keep one of them`,
        source,
      });
    } else {
      fatal = true;
      problems.push({
        messageId: 'parse-error',
        message: `\`${file}\` does not parse: ${firstLine(error.message)}; fix the syntax at this line`,
        source,
      });
    }
  }
  return { problems, fatal };
}

const YAML_OPTIONS = { uniqueKeys: true, maxAliasCount: MAX_ALIAS_COUNT, prettyErrors: true } as const;

function extractYaml(text: string, file: string): Extracted {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter: lines });
  const out: Extracted = { items: [], problems: [] };
  const list = Array.isArray(docs) ? docs : [];
  if (list.length === 0) out.problems.push(notBibliography(file, 1, 'no YAML document'));
  for (const doc of list) {
    const { problems, fatal } = yamlErrorProblems(doc, file);
    out.problems.push(...problems);
    if (!fatal) itemsOfDocument(doc, lines, file, out);
  }
  return out;
}

/** `text` up to the first `marker`, or all of it. */
function beforeText(text: string, marker: string): string {
  const at = text.indexOf(marker);
  return at === -1 ? text : text.slice(0, at);
}

function offsetToPosition(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: Math.max(1, offset - lineStart + 1) };
}

function extractJson(text: string, file: string): Extracted {
  const out: Extracted = { items: [], problems: [], fresh: true };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const offset = /at position (\d+)/.exec(message)?.[1];
    const lineCol = /\(line (\d+) column (\d+)\)/.exec(message);
    let pos: { line: number; column: number };
    if (lineCol) pos = { line: Number(lineCol[1]), column: Number(lineCol[2]) };
    else if (offset !== undefined) pos = offsetToPosition(text, Number(offset));
    else pos = offsetToPosition(text, text.trimEnd().length);
    out.problems.push({
      messageId: 'parse-error',
      message: `\`${file}\` is not valid JSON: ${beforeText(message, ' in JSON at position ')}; fix the syntax at this line`,
      source: at(file, pos.line, pos.column),
    });
    return out;
  }
  const scan = scanJson(text);
  if (scan.tooDeep) {
    out.problems.push({
      messageId: 'parse-error',
      message: `\`${file}\` is nested too deeply to read (thousands of nested arrays or objects); flatten it`,
      source: at(file, scan.tooDeep.line, scan.tooDeep.column),
    });
    return out;
  }
  for (const duplicate of scan.duplicateKeys) {
    out.problems.push({
      messageId: 'duplicate-key',
      message: `A mapping in \`${file}\` repeats the key \`${duplicate.key}\` (JSON keeps only the last); keep one of them`,
      source: at(file, duplicate.line, duplicate.column),
    });
  }
  const root = scan.root;
  const fromList = (values: unknown[], starts: readonly JsonPosition[]): void => {
    values.forEach((value, i) => {
      const start = starts[i] ?? root;
      out.items.push({ value, line: start.line, column: start.column });
    });
  };
  if (Array.isArray(parsed)) {
    fromList(parsed, scan.elements);
    return out;
  }
  if (parsed !== null && typeof parsed === 'object') {
    const record = parsed as Record<string, unknown>;
    if (Object.hasOwn(record, 'references')) {
      const refs = record.references;
      if (!Array.isArray(refs)) out.problems.push(notBibliography(file, root.line, '`references:` that is not a list'));
      else fromList(refs, scan.references);
      return out;
    }
    if (Object.hasOwn(record, 'id') || Object.hasOwn(record, 'type')) {
      out.items.push({ value: parsed, ...root });
      return out;
    }
  }
  out.problems.push(notBibliography(file, root.line, describeValue(parsed)));
  return out;
}

/** Deeper JSON is refused: validation walks items recursively, and no bibliography item nests more than a few levels. */
const MAX_JSON_DEPTH = 1000;

interface JsonPosition {
  line: number;
  column: number;
}

interface JsonScan {
  /** Where the top-level value starts. */
  root: JsonPosition;
  /** Where each element of a top-level array starts. */
  elements: JsonPosition[];
  /** Where each element of the top-level object's last `references` array starts. */
  references: JsonPosition[];
  /** Keys repeated within one object (JSON.parse silently keeps the last). */
  duplicateKeys: Array<JsonPosition & { key: string }>;
  /** Set when nesting goes beyond {@link MAX_JSON_DEPTH}: where it does. */
  tooDeep?: JsonPosition;
}

/**
 * One linear pass over text that `JSON.parse` has accepted, for what it
 * does not report: where the items start and which keys repeat. Iterative
 * (an explicit stack), so nesting depth cannot overflow the call stack. The
 * YAML parser gave the same answers, 20 times slower.
 *
 * Written for speed (it reads every character of files of many megabytes):
 * one loop with its state in locals, value strings skipped with `indexOf`,
 * and each object's keys compared in a flat list, or a set once there are
 * many. The text is valid JSON, so outside strings any character up to a
 * space is whitespace, and a line break is never inside a string.
 */
function scanJson(text: string): JsonScan {
  const result: JsonScan = { root: { line: 1, column: 1 }, elements: [], references: [], duplicateKeys: [] };
  const length = text.length;
  /** Per open container, outermost first: whether it is an object. */
  const isObject: boolean[] = [];
  /** Per open object: where its keys start in `keys`, and a set of them once it has many. */
  const keysFrom: number[] = [];
  const keySets: Array<Set<string> | undefined> = [];
  /** The keys of every open object, outermost first. */
  const keys: string[] = [];
  let depth = 0;
  /** The key whose value is being read in the top-level object. */
  let topKey: string | undefined;
  /** The depth whose values are recorded in `recorded` (the top-level array's or `references`'s), or -1. */
  let recordDepth = -1;
  let recorded = result.elements;
  let expectKey = false;
  let line = 1;
  let lineStart = 0;
  let i = 0;
  for (;;) {
    let c = text.charCodeAt(i);
    while (c <= 32) {
      if (c === 10) {
        line++;
        lineStart = i + 1;
      }
      c = text.charCodeAt(++i);
    }
    if (i >= length) break;
    if (c === 125 /* } */ || c === 93 /* ] */) {
      if (depth === recordDepth) recordDepth = -1;
      depth--;
      if (isObject[depth]) {
        keys.length = keysFrom[depth] ?? 0;
        keySets[depth] = undefined;
      }
      i++;
      continue;
    }
    if (c === 44 /* , */) {
      expectKey = isObject[depth - 1] === true;
      i++;
      continue;
    }
    if (c === 58 /* : */) {
      i++;
      continue;
    }
    if (expectKey) {
      const column = i - lineStart + 1;
      let end = i + 1;
      let escaped = false;
      for (let d = text.charCodeAt(end); d !== 34 /* " */ && end < length; d = text.charCodeAt(++end)) {
        if (d === 92 /* \ */) {
          escaped = true;
          end++;
        }
      }
      const raw = text.slice(i + 1, end);
      const key = escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
      if (isDuplicateKey(key, keys, keysFrom, keySets, depth - 1)) result.duplicateKeys.push({ line, column, key });
      if (depth === 1) topKey = key;
      expectKey = false;
      i = end + 1;
      continue;
    }
    // A value starts here.
    if (depth === 0) result.root = { line, column: i - lineStart + 1 };
    else if (depth === recordDepth) recorded.push({ line, column: i - lineStart + 1 });
    if (c === 123 /* { */ || c === 91 /* [ */) {
      if (c === 91 && depth === 0) {
        recordDepth = 1;
        recorded = result.elements;
      } else if (c === 91 && depth === 1 && isObject[0] === true && topKey === 'references') {
        result.references = [];
        recordDepth = 2;
        recorded = result.references;
      }
      isObject[depth] = c === 123;
      if (c === 123) {
        keysFrom[depth] = keys.length;
        keySets[depth] = undefined;
      }
      depth++;
      if (depth > MAX_JSON_DEPTH) {
        result.tooDeep = { line, column: i - lineStart + 1 };
        break;
      }
      expectKey = c === 123;
      i++;
    } else if (c === 34 /* " */) {
      // The closing quote is the first one after an even number of backslashes.
      let end = text.indexOf('"', i + 1);
      for (;;) {
        let before = end - 1;
        while (text.charCodeAt(before) === 92) before--;
        if ((end - 1 - before) % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      i = end + 1;
    } else {
      // A number, true, false or null: up to the next delimiter.
      for (c = text.charCodeAt(++i); c > 32 && c !== 44 && c !== 93 && c !== 125; c = text.charCodeAt(++i));
    }
  }
  return result;
}

/**
 * Objects with more keys than this look them up in a set rather than the
 * list: below it, comparing with each key is faster than hashing (items
 * have 10 to 30 keys), and above it the list would grow quadratic.
 */
const KEYS_BEFORE_SET = 32;

/** Adds `key` to the keys of the open object at `frame`; true when it was there already. */
function isDuplicateKey(key: string, keys: string[], keysFrom: number[], keySets: Array<Set<string> | undefined>, frame: number): boolean {
  const set = keySets[frame];
  if (set !== undefined) {
    if (set.has(key)) return true;
    set.add(key);
    return false;
  }
  const from = keysFrom[frame] ?? 0;
  for (let k = from; k < keys.length; k++) if (keys[k] === key) return true;
  keys.push(key);
  if (keys.length - from > KEYS_BEFORE_SET) keySets[frame] = new Set(keys.slice(from));
  return false;
}

// ---------------------------------------------------------------- BibTeX / RIS / MEDLINE / EndNote

/** Gives each item without a key an id by the citekey rule `citemark add` uses (`makeKey`), unique within the file. */
function assignIds(values: unknown[], taken: Set<string>, out: Extracted): void {
  for (const value of values) {
    if (value === null || typeof value !== 'object') continue;
    const item = value as Record<string, unknown>;
    if (typeof item.id === 'string' && item.id !== '') taken.add(item.id);
  }
  for (const value of values) {
    if (value === null || typeof value !== 'object') continue;
    const item = value as Record<string, unknown>;
    if (typeof item.id === 'string' && item.id !== '') continue;
    const id = makeKey(item, taken);
    taken.add(id);
    item.id = id;
    (out.generatedIds ??= []).push(id);
  }
}

function extractBibtex(text: string, file: string): Extracted {
  const out: Extracted = { items: [], problems: [], rejected: [] };
  const read = readBibtexRecords(text);
  for (const macro of read.macroErrors) {
    out.problems.push({
      messageId: 'parse-error',
      message: `A BibTeX \`@string\` in \`${file}\` does not parse: ${macro.reason}; fix it (the entries were loaded without it)`,
      source: at(file, macro.line),
    });
  }
  const taken = new Set<string>();
  const values: unknown[] = [];
  for (const record of read.records) {
    if (record.error || !record.value) {
      const { key } = record;
      const where = record.error?.line !== undefined && record.error.line !== record.line ? ` (line ${record.error.line})` : '';
      out.problems.push({
        messageId: 'parse-error',
        message: `${key ? `BibTeX entry \`${key}\`` : 'A BibTeX entry'} in \`${file}\` does not parse: ${record.error?.reason ?? 'unreadable entry'}${where}; fix the entry (the others were loaded)`,
        source: at(file, record.line),
        ...(key ? { id: key } : {}),
      });
      out.rejected?.push({ source: at(file, record.line), fields: rejectedFields(record.identifiers ?? {}) });
      continue;
    }
    values.push(record.value);
    out.items.push({ value: record.value, line: record.line, column: 1, log: record.log });
  }
  assignIds(values, taken, out);
  if (read.entryCount === 0 && out.problems.length === 0) out.problems.push(notBibliography(file, 1, 'no `@type{key, …}` entry'));
  return out;
}

function extractRis(text: string, file: string): Extracted {
  const out: Extracted = { items: [], problems: [], rejected: [] };
  const records = readRisRecords(text);
  if (records.length === 0) {
    out.problems.push(notBibliography(file, 1, 'no `TY  - ` record'));
    return out;
  }
  const taken = new Set<string>();
  const values: unknown[] = [];
  for (const record of records) {
    if (record.error || !record.value) {
      out.problems.push({
        messageId: 'parse-error',
        message: `A RIS record in \`${file}\` does not parse: ${record.error ?? 'unreadable record'}; fix the record (the others were loaded)`,
        source: at(file, record.line),
      });
      if (record.tags) out.rejected?.push({ source: at(file, record.line), fields: rejectedFields(risIdentifiers(record.tags)) });
      continue;
    }
    values.push(record.value);
    out.items.push({ value: record.value, line: record.line, column: 1, log: record.log });
  }
  assignIds(values, taken, out);
  return out;
}

function extractExport(read: ExportFile, file: string, what: string): Extracted {
  const out: Extracted = { items: [], problems: [] };
  if ('error' in read) {
    out.problems.push({ messageId: 'parse-error', message: `\`${file}\` ${read.error}; export it again as ${what}`, source: at(file, read.line) });
    return out;
  }
  if (read.records.length === 0) {
    out.problems.push(notBibliography(file, 1, `no ${what} record`));
    return out;
  }
  assignIds(read.records.map((r) => r.value), new Set(), out);
  for (const record of read.records) out.items.push({ value: record.value, line: record.line, column: record.column ?? 1, log: record.log });
  return out;
}
