/**
 * RIS as the RIS specification and Zotero's RIS import read it, one record
 * at a time. citation-js tokenizes each record and maps its tags to CSL;
 * this module cuts the file into records, corrects the tags citation-js
 * would misread, and reports what cannot be read:
 *
 * - `PY` (or the old `Y1`) is the year; `DA` a date that may be partial
 *   or textual (`SEP 30`, `AUG`, `2019/10//undefined`) and never replaces
 *   the `PY` year with a day or a month;
 * - repeated `SN` lines (print and electronic ISSN, as Web of Science and
 *   Embase write them), or several codes on one line (`1536-5964 0025-7974`,
 *   as Zotero writes them), become the one `ISSN`/`ISBN` string CSL wants;
 * - `DO` may be a URL (Ovid) or repeated; a value that is not a DOI is
 *   reported and kept in `note`;
 * - Ovid's `SP - No` / `EP - Specified` means "no pagination";
 * - lines outside `TY` … `ER` (Ovid's record numbers and links) are not
 *   part of any record.
 */
import { readRisTags, risTagsToCsl, type RisTags } from '../adapters/citation-js.js';
import { leadingYear, readDate, toCslDate, type ReadDate } from './dates.js';
import { classifyStandardNumbers, finishImportedItem, keepUnreadable, newImportLog, readDoi, type ImportLog } from './imported.js';
import { isKeptSourceKey } from './keys.js';

export interface RisRecord {
  /** The CSL record, when the record could be read. */
  value?: Record<string, unknown>;
  /** The tags as read, for identifying a record that could not be mapped. */
  tags?: RisTags;
  /** 1-based line of the record's `TY` line. */
  line: number;
  log: ImportLog;
  /** Why the record could not be read at all. */
  error?: string;
}

const TAG_LINE = /^([A-Z][A-Z0-9])[ \t]{1,2}-(?:[ \t](.*)|[ \t]*)$/;

/** RIS types whose `SN` is a number of their own (a patent's, a report's, a standard's), not an ISSN or ISBN. */
const SN_IS_NUMBER = new Set(['PAT', 'RPRT', 'LEGAL', 'STAND', 'STAT', 'DBASE', 'GOVDOC', 'BILL', 'UNBILL', 'HEAR', 'CASE']);

/** RIS types whose `DA` is the date of access, not of publication (citation-js's RIS specification). */
const DA_IS_ACCESSED = new Set(['AGGR', 'DBASE', 'EBOOK', 'EJOUR', 'MULTI', 'ECHAP']);

interface Chunk {
  /** The record's lines in RIS's own spacing (`XX  - value`). */
  text: string;
  line: number;
  /** Line in the file where each tag first appears. */
  tagLines: Map<string, number>;
}

/** The records of a RIS file: from each `TY` line to its `ER` line; lines outside records are dropped. */
function chunks(text: string): Chunk[] {
  const out: Chunk[] = [];
  let current: { lines: string[]; line: number; tagLines: Map<string, number> } | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const match = TAG_LINE.exec(raw.trimEnd());
    const tag = match?.[1];
    if (tag === 'TY') {
      if (current) out.push({ text: current.lines.join('\n'), line: current.line, tagLines: current.tagLines });
      current = { lines: [], line: i + 1, tagLines: new Map() };
    }
    if (!current) continue;
    if (match && tag) {
      if (!current.tagLines.has(tag)) current.tagLines.set(tag, i + 1);
      // One spacing for every exporter: citation-js reads `XX  - ` only.
      current.lines.push(`${tag}  - ${(match[2] ?? '').trim()}`);
      if (tag === 'ER') {
        out.push({ text: current.lines.join('\n'), line: current.line, tagLines: current.tagLines });
        current = undefined;
      }
    } else if (raw.trim() !== '' && current.lines.length > 0) {
      // A continuation line belongs to the tag above (citation-js would turn a repeated tag's list into text).
      current.lines[current.lines.length - 1] += ` ${raw.trim()}`;
    }
  }
  if (current) out.push({ text: current.lines.join('\n'), line: current.line, tagLines: current.tagLines });
  return out;
}

function values(tags: RisTags, tag: string): string[] {
  const value = tags[tag];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => v.trim()).filter((v) => v !== '');
}

/** The publication date from `PY`, `Y1` and `DA`, read as Zotero reads them. */
function readIssued(tags: RisTags, tagLines: Map<string, number>, log: ImportLog): Record<string, unknown> | undefined {
  const py = values(tags, 'PY')[0];
  const y1 = values(tags, 'Y1')[0];
  const accessedDa = DA_IS_ACCESSED.has(String(tags.TY ?? '').toUpperCase());
  const da = accessedDa ? undefined : values(tags, 'DA')[0];
  delete tags.PY;
  delete tags.Y1;
  if (!accessedDa) delete tags.DA;

  let year: number | undefined;
  let detail: ReadDate | undefined;
  if (py !== undefined) {
    const read = readDate(py);
    year = read?.start.year ?? leadingYear(py);
    if (year === undefined) keepUnreadable(log, 'PY', py, 'a year', tagLines.get('PY'));
    else if (read?.start.month !== undefined) detail = read;
  }
  if (y1 !== undefined) {
    const read = readDate(y1);
    const y1Year = read?.start.year ?? leadingYear(y1);
    if (y1Year === undefined) {
      if (year === undefined) keepUnreadable(log, 'Y1', y1, 'a date', tagLines.get('Y1'));
    } else if (year === undefined) year = y1Year;
    if (read && read.start.month !== undefined && (read.start.year === undefined || read.start.year === year)) detail ??= read;
  }
  if (da !== undefined) {
    const read = readDate(da);
    if (!read) keepUnreadable(log, 'DA', da, 'a date', tagLines.get('DA'));
    else {
      const daYear = read.start.year;
      if (year === undefined && daYear !== undefined) year = daYear;
      // A DA of another year is another date (online first, say): its month and day are not the publication's.
      if (daYear === undefined || daYear === year) {
        if (read.start.month !== undefined || read.season !== undefined) detail = read;
      }
      if (year === undefined) keepUnreadable(log, 'DA', da, 'a publication date (it has no year, and the record has no `PY`)', tagLines.get('DA'));
    }
  }
  if (year === undefined) return undefined;
  return detail ? toCslDate(detail, year) : { 'date-parts': [[year]] };
}

/** `SN` lines as ISSN and ISBN lists. */
function readStandardNumbers(tags: RisTags, tagLines: Map<string, number>, log: ImportLog): { ISSN?: string; ISBN?: string } {
  const raw = values(tags, 'SN');
  delete tags.SN;
  const { unread, ...codes } = classifyStandardNumbers(raw);
  if (unread.length > 0) keepUnreadable(log, 'SN', unread.join(' '), 'an ISSN or ISBN', tagLines.get('SN'));
  return codes;
}

/** The record's DOI: the first `DO` value that is one (Ovid repeats it, as a URL). */
function readRecordDoi(tags: RisTags, tagLines: Map<string, number>, log: ImportLog): string | undefined {
  const raw = values(tags, 'DO');
  delete tags.DO;
  if (raw.length === 0) return undefined;
  const probe = newImportLog();
  for (const value of raw) {
    const doi = readDoi(value, probe);
    if (doi !== undefined) return doi;
  }
  return readDoi(raw[0] ?? '', log, tagLines.get('DO'));
}

/** Corrects the tags citation-js would misread; returns the CSL fields it set itself. */
function correctTags(tags: RisTags, tagLines: Map<string, number>, log: ImportLog): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  const issued = readIssued(tags, tagLines, log);
  if (issued) set.issued = issued;
  if (!SN_IS_NUMBER.has(String(tags.TY ?? '').toUpperCase())) Object.assign(set, readStandardNumbers(tags, tagLines, log));
  const doi = readRecordDoi(tags, tagLines, log);
  if (doi !== undefined) set.DOI = doi;
  const sp = values(tags, 'SP').join(' ');
  const ep = values(tags, 'EP').join(' ');
  if (/^no pagination/i.test(sp) || (/^no$/i.test(sp) && /^specified$/i.test(ep))) {
    delete tags.SP;
    delete tags.EP;
  }
  const keywords = values(tags, 'KW');
  if (keywords.length > 1) tags.KW = keywords.join(', ');
  // An `ID` is kept as the citekey only when it is one (EndNote and Ovid put record numbers there).
  const id = values(tags, 'ID')[0];
  if (id === undefined || !isKeptSourceKey(id)) delete tags.ID;
  return set;
}

/**
 * Embase and others give the journal as `JF` (full) and `JO` (abbreviated);
 * citation-js may take the abbreviation for `container-title`. The full
 * title wins, the abbreviation becomes `container-title-short`.
 */
function preferFullJournalTitle(value: Record<string, unknown>, tags: RisTags): void {
  const full = values(tags, 'T2')[0] ?? values(tags, 'JF')[0];
  const abbreviations = ['J2', 'JO', 'JA', 'J1'].flatMap((tag) => values(tags, tag));
  const current = value['container-title'];
  if (full === undefined || typeof current !== 'string' || current === full || !abbreviations.includes(current)) return;
  value['container-title'] = full;
  value['container-title-short'] ??= current;
}

/**
 * Types some exporters write that are not in the RIS specification (EndNote
 * and Mendeley write `WEB` for a web page, the specification's `ELEC`).
 * citation-js maps fields per type and drops every field of a type it has
 * no field mapping for (`WEB` becomes a bare `webpage`), so such a record is read as the nearest known type (else `GEN`,
 * as Zotero reads an unknown type) and the exported type kept in `note`.
 */
const RIS_TYPE_ALIASES: Readonly<Record<string, string>> = { WEB: 'ELEC', WEBPAGE: 'ELEC', ELECTRONIC: 'ELEC', INTERNET: 'ELEC' };

function firstRecord(tags: RisTags): Record<string, unknown> | undefined {
  return risTagsToCsl(tags).find((v): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v));
}

/** Reads one RIS file's records; never throws. */
export function readRisRecords(text: string): RisRecord[] {
  const out: RisRecord[] = [];
  for (const chunk of chunks(text)) {
    const log = newImportLog();
    let tags: RisTags | undefined;
    try {
      tags = readRisTags(chunk.text).find((record) => record !== null && typeof record === 'object');
    } catch (error) {
      out.push({ line: chunk.line, log, error: error instanceof Error ? error.message : String(error) });
      continue;
    }
    if (!tags || Object.keys(tags).filter((t) => t !== 'TY').length === 0) {
      out.push({ line: chunk.line, log, error: 'no fields could be read from the record' });
      continue;
    }
    const read: RisTags = { ...tags };
    try {
      const set = correctTags(tags, chunk.tagLines, log);
      let value = firstRecord(tags);
      const exportedType = String(read.TY ?? '').trim();
      // A type citation-js does not map fields for gives a record with a type at most and nothing else.
      const unmapped = value === undefined || Object.keys(value).every((key) => key === 'type');
      if (unmapped && exportedType !== '' && Object.keys(tags).some((tag) => tag !== 'TY')) {
        value = firstRecord({ ...tags, TY: RIS_TYPE_ALIASES[exportedType.toUpperCase()] ?? 'GEN' });
        if (value) log.notes.push(`TY as exported: ${exportedType}`);
      }
      if (!value) throw new Error('no fields could be read from the record');
      Object.assign(value, set);
      preferFullJournalTitle(value, read);
      if (typeof value.type !== 'string') {
        keepUnreadable(log, 'TY', String(read.TY ?? ''), 'a RIS reference type', chunk.line);
        value.type = 'document';
      }
      finishImportedItem(value, log, chunk.tagLines.get('DO'));
      out.push({ value, tags: read, line: chunk.line, log });
    } catch (error) {
      out.push({ tags: read, line: chunk.line, log, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return out;
}

/** The identifying fields of a RIS record that could not be mapped, for duplicate detection. */
export function risIdentifiers(tags: RisTags): Record<string, string> {
  const out: Record<string, string> = {};
  const first = (tag: string): string | undefined => values(tags, tag)[0];
  const title = first('TI') ?? first('T1');
  if (title) out.title = title;
  for (const value of values(tags, 'DO')) {
    const doi = readDoi(value, newImportLog());
    if (doi) {
      out.DOI = doi;
      break;
    }
  }
  const id = first('ID');
  if (id) out.id = id;
  return out;
}
