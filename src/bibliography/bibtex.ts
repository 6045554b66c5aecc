/**
 * BibTeX and BibLaTeX as Zotero, Better BibTeX, JabRef and Mendeley export
 * them, one entry at a time: citation-js parses each entry (braces, LaTeX
 * accents, `@string` macros, `date`, `journaltitle`, `month = jan`) and
 * maps it to CSL; this module cuts the file into entries, reads the fields
 * citation-js leaves out or takes as they are (a DOI that is not one,
 * Better BibTeX's `eprinttype = {pubmed}`), and finishes the record as
 * every importer does (`and others`, particles, lists).
 */
import { bibtexEntriesToCsl, readBibtexEntries, type BibtexEntry } from '../adapters/citation-js.js';
import { finishImportedItem, newImportLog, readDoi, type ImportLog } from './imported.js';
import { normalizePmid } from './normalize.js';
import { lineIndex } from '../util/line-index.js';

export interface BibtexRecord {
  value?: Record<string, unknown>;
  /** 1-based line where the entry starts. */
  line: number;
  /** The entry's key as written. */
  key?: string;
  log: ImportLog;
  /** Why the entry could not be read at all, with the line of the fault where the parser gave one. */
  error?: { reason: string; line?: number };
  /** Identifying fields of an entry that could not be read, found leniently, for duplicate detection. */
  identifiers?: Record<string, string>;
}

export interface BibtexFile {
  records: BibtexRecord[];
  /** `@string` definitions that do not parse, with their lines. */
  macroErrors: { line: number; reason: string }[];
  /** Number of `@type{…}` entries other than comments, preambles and strings. */
  entryCount: number;
}

const ENTRY_START = /^[ \t]*@[ \t]*([A-Za-z][\w-]*)[ \t]*[{(]/gm;

interface Chunk {
  text: string;
  line: number;
  kind: string;
}



function splitEntries(text: string): Chunk[] {
  const pointAt = lineIndex(text);
  const matches = [...text.matchAll(ENTRY_START)];
  return matches.map((match, i) => {
    const to = matches[i + 1]?.index ?? text.length;
    return { text: text.slice(match.index, to), line: pointAt(match.index).line, kind: (match[1] ?? '').toLowerCase() };
  });
}

function parserReason(error: unknown): { reason: string; line?: number } {
  const message = error instanceof Error ? error.message : String(error);
  const head = (message.split('\n')[0] ?? message).trim();
  const pos = /at line (\d+)(?: col(?:umn)? (\d+))?/.exec(head);
  const at = head.lastIndexOf('at line ');
  const reason = at !== -1 && /^at line \d+(?: col(?:umn)? \d+)?:?$/.test(head.slice(at)) ? head.slice(0, at).trim() : head;
  return { reason: reason || 'unreadable entry', ...(pos ? { line: Number(pos[1]) } : {}) };
}

/** Leniently, `name = {value}` or `name = "value"` of an entry that does not parse. */
function lenientField(text: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|[,\\s])${name}\\s*=\\s*[{"]\\s*([^{}"\\n]+?)\\s*[}"]`, 'i').exec(text);
  return match?.[1];
}

function identifiersOf(text: string, key: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (key) out.id = key;
  const title = lenientField(text, 'title');
  if (title) out.title = title;
  const doi = lenientField(text, 'doi');
  if (doi) out.DOI = doi;
  const pmid = lenientField(text, 'pmid');
  if (pmid) out.PMID = pmid;
  return out;
}

/** Field names are case-insensitive in BibTeX; citation-js gives them as written. */
function field(entry: BibtexEntry, name: string): string | undefined {
  for (const [key, value] of Object.entries(entry.properties)) {
    if (key.toLowerCase() === name) return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  }
  return undefined;
}

function deleteField(entry: BibtexEntry, name: string): void {
  for (const key of Object.keys(entry.properties)) if (key.toLowerCase() === name) delete entry.properties[key];
}

/**
 * LaTeX that citation-js leaves as it is: `{\\aa}` (Nygård, Ångström) and an
 * accent on a dotless `\\i` (`{\\'\\i}`, which it turns into `ı́`, not `í`).
 */
function decodeMissedLatex(value: string): string {
  if (!value.includes('\\')) return value;
  return value
    .replace(/\{\\(aa|AA)\}|\\(aa|AA)(?:\{\}|\s|(?![A-Za-z]))/g, (_whole, braced?: string, bare?: string) => ((braced ?? bare) === 'aa' ? 'å' : 'Å'))
    .replace(/\\(['`^"~])(?:\{\\i\}|\\i(?![A-Za-z]))/g, '\\$1{i}');
}

/** Corrects the raw fields citation-js would take as they are; returns CSL fields set here. */
function correctEntry(entry: BibtexEntry, log: ImportLog, line: number): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(entry.properties)) if (typeof value === 'string') entry.properties[name] = decodeMissedLatex(value);
  const doi = field(entry, 'doi');
  if (doi !== undefined) {
    deleteField(entry, 'doi');
    // BibTeX braces and escapes around a DOI (`10.1000/a\_b`) are not part of it.
    const cleaned = readDoi(doi.replace(/[{}]/g, '').replace(/\\([_&%#])/g, '$1'), log, line);
    if (cleaned !== undefined) set.DOI = cleaned;
  }
  // Better BibTeX and biblatex: `eprint = {12345678}, eprinttype = {pubmed}`.
  const eprintType = field(entry, 'eprinttype')?.toLowerCase();
  const eprint = field(entry, 'eprint');
  if (eprint && (eprintType === 'pubmed' || eprintType === 'pmid') && /^\s*\d+\s*$/.test(eprint)) set.PMID = normalizePmid(eprint);
  if (eprint && (eprintType === 'pmc' || eprintType === 'pmcid') && /^\s*PMC\d+\s*$/i.test(eprint)) set.PMCID = eprint.trim().toUpperCase();
  return set;
}

/**
 * A braced name (`{World Health Organization}`) is one that must not be
 * split: an organisation, which CSL writes as a `literal`; citation-js gives
 * it as a family name. Keywords are written `a, b` as Zotero writes them.
 */
function finishBibtexItem(item: Record<string, unknown>): void {
  for (const field of ['author', 'editor'] as const) {
    const names = item[field];
    if (!Array.isArray(names)) continue;
    item[field] = names.map((name: Record<string, unknown>) =>
      typeof name.family === 'string' && name.given === undefined && /\s/.test(name.family.trim()) && Object.keys(name).length === 1 ? { literal: name.family.trim() } : name,
    );
  }
  if (typeof item.keyword === 'string') item.keyword = item.keyword.split(',').map((k) => k.trim()).filter((k) => k !== '').join(', ');
}

/** Reads one BibTeX file's entries; never throws. */
export function readBibtexRecords(text: string): BibtexFile {
  const out: BibtexFile = { records: [], macroErrors: [], entryCount: 0 };
  let macros = '';
  let macroLines = 0;
  for (const chunk of splitEntries(text)) {
    if (chunk.kind === 'comment' || chunk.kind === 'preamble') continue;
    if (chunk.kind === 'string') {
      try {
        readBibtexEntries(chunk.text);
        macros += `${chunk.text.trimEnd()}\n`;
        macroLines += chunk.text.trimEnd().split('\n').length;
      } catch (error) {
        out.macroErrors.push({ line: chunk.line, reason: parserReason(error).reason });
      }
      continue;
    }
    out.entryCount++;
    const key = /^[^{(]*[{(]\s*([^,\s]+)\s*,/.exec(chunk.text)?.[1];
    const log = newImportLog();
    let entries: BibtexEntry[];
    try {
      // @string macros are file-wide, so each entry is parsed with them in front.
      entries = readBibtexEntries(macros + chunk.text);
    } catch (error) {
      const { reason, line } = parserReason(error);
      const chunkLines = chunk.text.trimEnd().split('\n').length;
      // The parser counts lines from the macros put in front; an error past the entry's end is an unclosed entry.
      const inChunk = line !== undefined && line > macroLines ? Math.min(line - macroLines, chunkLines) : 1;
      out.records.push({
        line: chunk.line,
        ...(key ? { key } : {}),
        log,
        error: { reason, ...(inChunk > 1 ? { line: chunk.line + inChunk - 1 } : {}) },
        identifiers: identifiersOf(chunk.text, key),
      });
      continue;
    }
    for (const entry of entries) {
      try {
        const set = correctEntry(entry, log, chunk.line);
        const value = bibtexEntriesToCsl([entry]).find((v): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v));
        if (!value) throw new Error('no fields could be read from the entry');
        Object.assign(value, set);
        if (value['citation-key'] === value.id) delete value['citation-key'];
        finishBibtexItem(value);
        finishImportedItem(value, log, chunk.line);
        out.records.push({ value, line: chunk.line, key: entry.label, log });
      } catch (error) {
        out.records.push({ line: chunk.line, key: entry.label, log, error: parserReason(error), identifiers: identifiersOf(chunk.text, entry.label) });
      }
    }
  }
  return out;
}
