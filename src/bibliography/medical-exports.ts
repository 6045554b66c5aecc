/**
 * PubMed MEDLINE (`.nbib`) and EndNote XML records, from the format
 * readers in `format/`, with their dates, DOIs and ISSNs read as every
 * other import reads them (`dates.ts`, `imported.ts`).
 */
import { readEndnoteXml } from './endnote-xml.js';
import { medlineToCsl, readMedlineRecords } from './medline.js';
import { leadingYear, readDate, toCslDate } from './dates.js';
import { classifyStandardNumbers, finishImportedItem, keepUnreadable, newImportLog, readDoi, type ImportLog } from './imported.js';

export interface ExportRecord {
  value: Record<string, unknown>;
  line: number;
  column?: number;
  log: ImportLog;
}

export type ExportFile = { records: ExportRecord[] } | { error: string; line: number };

/** A date printed in one text (MEDLINE `DP`): year required. */
function issuedFrom(text: string, log: ImportLog, field: string, line: number): Record<string, unknown> | undefined {
  const read = readDate(text);
  const year = read?.start.year ?? leadingYear(text);
  if (year === undefined) {
    keepUnreadable(log, field, text, 'a date', line);
    return undefined;
  }
  return read ? toCslDate(read, year) : { 'date-parts': [[year]] };
}

export function readMedlineFile(text: string): ExportFile {
  const records: ExportRecord[] = [];
  for (const record of readMedlineRecords(text)) {
    const log = newImportLog();
    const { csl, dateText, doiTexts } = medlineToCsl(record);
    if (dateText) {
      const issued = issuedFrom(dateText.value, log, 'DP', dateText.line);
      if (issued) csl.issued = issued;
    }
    // LID and AID repeat the DOI; the first that is one is the record's.
    const probe = newImportLog();
    const doi = doiTexts.map((d) => readDoi(d.value, probe)).find((d) => d !== undefined);
    if (doi) csl.DOI = doi;
    else if (doiTexts[0]) readDoi(doiTexts[0].value, log, doiTexts[0].line);
    finishImportedItem(csl, log);
    records.push({ value: csl, line: record.line, log });
  }
  return { records };
}

export function readEndnoteFile(text: string): ExportFile {
  const file = readEndnoteXml(text);
  if ('error' in file) return file;
  const records: ExportRecord[] = [];
  for (const record of file.records) {
    const log = newImportLog();
    const { csl } = record;
    if (record.year !== undefined || record.date !== undefined) {
      const year = record.year !== undefined ? (readDate(record.year)?.start.year ?? leadingYear(record.year)) : undefined;
      if (record.year !== undefined && year === undefined) keepUnreadable(log, 'year', record.year, 'a year', record.line);
      const date = record.date !== undefined ? readDate(record.date) : undefined;
      if (record.date !== undefined && !date) keepUnreadable(log, 'pub-dates', record.date, 'a date', record.line);
      const resolved = year ?? date?.start.year;
      // A publication date of another year (EndNote keeps online dates there too) says nothing of this year's month.
      const sameYear = date && (date.start.year === undefined || date.start.year === resolved);
      if (resolved !== undefined) csl.issued = sameYear && date ? toCslDate(date, resolved) : { 'date-parts': [[resolved]] };
    }
    if (record.doiText !== undefined) {
      const doi = readDoi(record.doiText, log, record.line);
      if (doi) csl.DOI = doi;
    }
    const { unread, ...codes } = classifyStandardNumbers(record.standardNumbers);
    Object.assign(csl, codes);
    if (unread.length > 0) keepUnreadable(log, 'isbn', unread.join(' '), 'an ISSN or ISBN', record.line);
    finishImportedItem(csl, log);
    records.push({ value: csl, line: record.line, ...(record.column !== undefined ? { column: record.column } : {}), log });
  }
  return { records };
}
