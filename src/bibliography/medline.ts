/**
 * PubMed's MEDLINE format: what "Send to: Citation manager" writes
 * (`.nbib`) and "Save, format PubMed" writes (`.txt`). No maintained npm
 * package reads it on Node 20 (`@citation-js/plugin-pubmed` only fetches
 * by identifier; `biblatex-csl-converter`'s reader needs Node 22 and a
 * second conversion to CSL), and the format is one tag per line, so the
 * records are read here, following NLM's element descriptions.
 *
 * Dates and DOIs are handed on as printed (`dateText`, `doiText`): the
 * bibliography layer reads them, reports what it cannot and keeps it.
 */

/** One MEDLINE record's tags, each with its values (continuation lines joined) and the line of each. */
export interface MedlineRecord {
  /** 1-based line of the record's first tag (`PMID-`). */
  line: number;
  tags: Map<string, { value: string; line: number }[]>;
}

const TAG_LINE = /^([A-Z][A-Z0-9]{1,3})\s*- (.*)$/;

/** True when `text` looks like MEDLINE: its first tag line is `PMID- `. */
export function looksLikeMedline(text: string): boolean {
  const first = text.replace(/^\uFEFF/, '').split('\n').find((l) => l.trim() !== '');
  return first !== undefined && /^PMID- *\d/.test(first);
}

/** The records of a MEDLINE file: a new record at each `PMID-` line (records are also separated by blank lines). */
export function readMedlineRecords(text: string): MedlineRecord[] {
  const out: MedlineRecord[] = [];
  let current: MedlineRecord | undefined;
  let last: { value: string; line: number } | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] ?? '').trimEnd();
    const match = TAG_LINE.exec(raw);
    if (match && match[1]) {
      const tag = match[1];
      if (tag === 'PMID' || !current) {
        current = { line: i + 1, tags: new Map() };
        out.push(current);
      }
      last = { value: (match[2] ?? '').trim(), line: i + 1 };
      const list = current.tags.get(tag);
      if (list) list.push(last);
      else current.tags.set(tag, [last]);
    } else if (raw.trim() === '') {
      last = undefined;
    } else if (last && /^\s/.test(raw)) {
      // Continuation lines are indented six spaces.
      last.value = `${last.value} ${raw.trim()}`;
    }
  }
  return out;
}

function all(record: MedlineRecord, tag: string): string[] {
  return (record.tags.get(tag) ?? []).map((v) => v.value).filter((v) => v !== '');
}

function first(record: MedlineRecord, tag: string): string | undefined {
  return all(record, tag)[0];
}

/** `Long, Vicky` (FAU) → family and given; `Long V` (AU) → family and initials. */
function medlineName(full: string | undefined, short: string | undefined): Record<string, string> | undefined {
  if (full) {
    const comma = full.indexOf(',');
    if (comma === -1) return { family: full };
    const given = full.slice(comma + 1).trim();
    return { family: full.slice(0, comma).trim(), ...(given ? { given } : {}) };
  }
  if (!short) return undefined;
  const match = /^(.*?\S)\s+([A-Z]{1,4})$/.exec(short);
  return match?.[1] && match[2] ? { family: match[1], given: match[2].split('').map((c) => `${c}.`).join(' ') } : { family: short };
}

/** FAU/AU pairs in order: each FAU is followed by its AU. */
function names(record: MedlineRecord, fullTag: string, shortTag: string): Record<string, string>[] {
  const entries: { tag: string; value: string; line: number }[] = [];
  for (const tag of [fullTag, shortTag]) for (const v of record.tags.get(tag) ?? []) entries.push({ tag, ...v });
  entries.sort((a, b) => a.line - b.line);
  const out: Record<string, string>[] = [];
  let pendingFull: string | undefined;
  for (const entry of entries) {
    if (entry.tag === fullTag) {
      if (pendingFull !== undefined) out.push(medlineName(pendingFull, undefined) ?? {});
      pendingFull = entry.value;
    } else {
      const name = medlineName(pendingFull, entry.value);
      if (name) out.push(name);
      pendingFull = undefined;
    }
  }
  if (pendingFull !== undefined) out.push(medlineName(pendingFull, undefined) ?? {});
  return out.filter((n) => Object.keys(n).length > 0);
}

/** `0955-2359 (Linking)` → `0955-2359`: a trailing parenthesis dropped. */
function withoutQualifier(value: string): string {
  const text = value.trimEnd();
  const open = text.lastIndexOf('(');
  return open !== -1 && text.endsWith(')') && !text.slice(open + 1, -1).includes(')') ? text.slice(0, open).trim() : text.trim();
}

/** ` [doi]` (or another ` [type]`) at the end of an `LID`/`AID` value, with what comes before it; undefined for another type. */
function taggedValue(value: string, type: string): string | undefined {
  const text = value.trimEnd();
  const suffix = `[${type}]`;
  return text.toLowerCase().endsWith(suffix) ? text.slice(0, -suffix.length).trim() : undefined;
}

/** MEDLINE abbreviates page ranges (`454-81` is 454–481); CSL wants them whole. */
export function expandPageRange(pages: string): string {
  const match = /^(\d+)-(\d+)$/.exec(pages.trim());
  if (!match?.[1] || !match[2]) return pages.trim();
  const [start, end] = [match[1], match[2]];
  if (end.length >= start.length || Number(end) >= Number(start)) return `${start}-${end}`;
  const whole = start.slice(0, start.length - end.length) + end;
  return Number(whole) > Number(start) ? `${start}-${whole}` : `${start}-${end}`;
}

export interface MedlineCsl {
  csl: Record<string, unknown>;
  /** `DP` (or `DEP`) as printed, with its line. */
  dateText?: { value: string; line: number };
  /** Every `[doi]` value of `LID` and `AID`, as printed, with its line. */
  doiTexts: { value: string; line: number }[];
}

/** One MEDLINE record as CSL-JSON (without `issued` and `DOI`, which the caller reads from `dateText` and `doiTexts`). */
export function medlineToCsl(record: MedlineRecord): MedlineCsl {
  const isBook = record.tags.has('BTI') || all(record, 'PT').some((t) => /^book|chapter/i.test(t));
  const isChapter = isBook && record.tags.has('TI') && record.tags.has('BTI');
  const csl: Record<string, unknown> = { type: isChapter ? 'chapter' : isBook ? 'book' : 'article-journal' };
  const title = isBook && !isChapter ? first(record, 'BTI') : first(record, 'TI');
  // PubMed ends every title with a full stop; a title that ends in `?` or `...` keeps its own punctuation.
  if (title) csl.title = title.replace(/(?<![.])\.$/, '');
  if (isChapter) csl['container-title'] = first(record, 'BTI');
  const authors = names(record, 'FAU', 'AU');
  const corporate = all(record, 'CN').map((literal) => ({ literal }));
  if (authors.length + corporate.length > 0) csl.author = [...authors, ...corporate];
  const editors = names(record, 'FED', 'ED');
  if (editors.length > 0) csl.editor = editors;
  if (!isBook) {
    const journal = first(record, 'JT');
    if (journal) csl['container-title'] = journal;
    const abbreviation = first(record, 'TA');
    if (abbreviation) csl['container-title-short'] = abbreviation;
  }
  const assign = (field: string, value: string | undefined): void => {
    if (value !== undefined && value !== '') csl[field] = value;
  };
  assign('volume', first(record, 'VI'));
  assign('issue', first(record, 'IP'));
  const pages = first(record, 'PG');
  if (pages) csl.page = expandPageRange(pages);
  assign('abstract', all(record, 'AB').join('\n'));
  assign('PMID', first(record, 'PMID'));
  assign('PMCID', first(record, 'PMC'));
  assign('language', first(record, 'LA'));
  assign('publisher', first(record, 'PB'));
  assign('publisher-place', isBook ? first(record, 'PL') : undefined);
  const issns = [...new Set(all(record, 'IS').map(withoutQualifier))].filter((v) => /^\d{4}-\d{3}[\dX]$/i.test(v));
  if (issns.length > 0) csl.ISSN = issns.join(', ');
  const isbns = [...new Set(all(record, 'ISBN'))];
  if (isbns.length > 0) csl.ISBN = isbns.join(', ');
  const keywords = [...all(record, 'OT'), ...all(record, 'MH')];
  if (keywords.length > 0) csl.keyword = [...new Set(keywords)].join(', ');
  const doiTexts: { value: string; line: number }[] = [];
  for (const tag of ['LID', 'AID']) {
    for (const v of record.tags.get(tag) ?? []) {
      const doi = taggedValue(v.value, 'doi');
      if (doi !== undefined) doiTexts.push({ value: doi, line: v.line });
    }
  }
  const dp = record.tags.get('DP')?.[0];
  const dep = record.tags.get('DEP')?.[0];
  const dateText = dp ?? (dep ? { value: dep.value.replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3'), line: dep.line } : undefined);
  return { csl, ...(dateText ? { dateText } : {}), doiTexts };
}
