/**
 * What every importer (RIS, BibTeX, MEDLINE, EndNote XML) does to the CSL
 * record it produced, so that the record says what the export meant and
 * never holds a value citemark made up:
 *
 * - lists where CSL wants one string: ISSNs and ISBNs joined, keywords
 *   joined, further URLs and other repeated values kept in `note`;
 * - names: `and others` / `et al.` dropped (they mean "more authors"),
 *   `Liu R.` read as family and initials, a particle written against the
 *   name (`vanZuilen`) split off where that is certain;
 * - a DOI that is not a DOI: taken out of `DOI`, kept in `note`, reported;
 * - `PMID: …` / `PMCID: …` lines in a note read into `PMID` / `PMCID`.
 *
 * Each change that loses a reading is an {@link ImportIssue}; the caller
 * turns it into a positioned problem once the record has its id.
 */
import { NAME_FIELDS } from './schema.js';
import { replaceEnclosed } from './keys.js';
import { DOI_PATTERN, stripDoiPrefixes } from './normalize.js';
import { displayText } from '../util/text.js';

/** A problem found while importing one record, worded once its citekey is known. */
export interface ImportIssue {
  messageId: 'invalid-doi' | 'unreadable-value';
  /** 1-based line in the file, where known (else the record's first line). */
  line?: number;
  message(label: string): string;
}

/** Lines to add to a record's `note`, and the issues found. */
export interface ImportLog {
  notes: string[];
  issues: ImportIssue[];
}

export function newImportLog(): ImportLog {
  return { notes: [], issues: [] };
}

const NAME_FIELD_SET: ReadonlySet<string> = new Set(NAME_FIELDS);
/** Fields CSL wants as one string that exports repeat as a list of codes. */
const JOINED_IDENTIFIERS = new Set(['ISSN', 'ISBN']);
const NOT_TEXT = new Set(['topics', 'custom', 'date-parts']);

/**
 * A DOI as exports print it, without `https://doi.org/`, `doi:` or
 * MEDLINE's ` [doi]`, its case kept; undefined when what is left is not a DOI.
 */
export function cleanDoi(raw: string): string | undefined {
  let doi = raw.trim();
  if (doi.toLowerCase().endsWith('[doi]')) doi = doi.slice(0, -5);
  doi = stripDoiPrefixes(doi);
  let end = doi.length;
  while (end > 0 && '.,;'.includes(doi.charAt(end - 1))) end--;
  doi = doi.slice(0, end);
  return DOI_PATTERN.test(doi) ? doi : undefined;
}

/** Records the DOI `raw` of a record: clean, or reported and kept in `note`. */
export function readDoi(raw: string, log: ImportLog, line?: number): string | undefined {
  const doi = cleanDoi(raw);
  if (doi !== undefined) return doi;
  log.notes.push(`DOI as exported: ${raw.trim()}`);
  log.issues.push({
    messageId: 'invalid-doi',
    ...(line !== undefined ? { line } : {}),
    message: (label) => `The DOI of ${label} is \`${raw.trim()}\`, which is not a DOI (\`10.NNNN/suffix\`); it was kept in \`note\`. Correct it in the export, or add the DOI to the item by hand`,
  });
  return undefined;
}

/** Reports a value that cannot be read and keeps it, as exported, in `note`. */
export function keepUnreadable(log: ImportLog, field: string, raw: string, why: string, line?: number): void {
  log.notes.push(`${field} as exported: ${raw.trim()}`);
  log.issues.push({
    messageId: 'unreadable-value',
    ...(line !== undefined ? { line } : {}),
    message: (label) => `\`${field}\` of ${label} is \`${raw.trim()}\`, which citemark cannot read as ${why}; it was kept in \`note\`. Correct it in the export, or fill the field in by hand`,
  });
}

const ISSN_CODE = /^\d{4}-?\d{3}[\dX]$/i;

function isIsbn(code: string): boolean {
  return /^(?:\d{9}[\dX]|\d{13})$/i.test(code.replace(/-/g, '')) && /^[\d-]+X?$/i.test(code);
}

/**
 * ISSN and ISBN codes as exports print them (one per line, several on a
 * line, with `(Electronic)`, `(Linking)` or `(ISSN)` after them) as the
 * strings CSL wants; `03064530` is written `0306-4530`. Codes that are
 * neither come back in `unread`.
 */
export function classifyStandardNumbers(raw: readonly string[]): { ISSN?: string; ISBN?: string; unread: string[] } {
  const issn: string[] = [];
  const isbn: string[] = [];
  const unread: string[] = [];
  for (const value of raw) {
    const codes = replaceEnclosed(value, '(', ')', 0, ' ').split(/[\s,;]+/).filter((c) => c !== '');
    for (const code of codes) {
      if (ISSN_CODE.test(code)) {
        const plain = code.replace('-', '').toUpperCase();
        const formatted = `${plain.slice(0, 4)}-${plain.slice(4)}`;
        if (!issn.includes(formatted)) issn.push(formatted);
      } else if (isIsbn(code)) {
        if (!isbn.includes(code)) isbn.push(code);
      } else if (!/^e?(?:issn|isbn):?$/i.test(code)) unread.push(code);
    }
  }
  return { ...(issn.length > 0 ? { ISSN: issn.join(', ') } : {}), ...(isbn.length > 0 ? { ISBN: isbn.join(', ') } : {}), unread };
}

/** Lower-case particles that, written against a capitalised name (`vanZuilen`), can only be a particle. */
const PARTICLES = [
  'van der', 'van den', 'van de', 'van het', 'von der', 'von dem', 'de la', 'de los', 'de las', 'van', 'von', 'vom', 'zu', 'ten', 'ter',
  'de', 'der', 'den', 'del', 'della', 'delle', 'di', 'da', 'das', 'dos', 'do', 'du', 'le', 'la',
];
const PARTICLE_JOINED = new RegExp(`^(${PARTICLES.map((p) => p.replace(' ', '')).join('|')})(\\p{Lu}\\p{Ll}+(?:[-'’]\\p{Lu}\\p{Ll}+)*)$`, 'u');

/**
 * `vanZuilen` → `van` + `Zuilen`: a lower-case particle written against a
 * capitalised name. Only where that is certain: the rest must be one
 * capitalised name (`vanDerWal` and `LindeForsberg` are left alone).
 */
export function splitJoinedParticle(family: string): { particle: string; family: string } | undefined {
  const match = PARTICLE_JOINED.exec(family);
  if (!match || !match[1] || !match[2]) return undefined;
  return { particle: match[1], family: match[2] };
}

/** `R.`, `D.G.`, `JJ`, `J.-P.`: initials as databases print them after a family name. */
const INITIALS = /^(?:\p{Lu}\.?-?){1,4}$/u;

/** `Liu R.` / `Adler D.G.` (Embase, PubMed-style RIS): family then initials, without a comma. */
function familyAndInitials(literal: string): { family: string; given: string } | undefined {
  const tokens = literal.trim().split(/\s+/);
  if (tokens.length < 2 || tokens.length > 4) return undefined;
  const last = tokens[tokens.length - 1] ?? '';
  if (!INITIALS.test(last)) return undefined;
  const family = tokens.slice(0, -1);
  // Every word of the family name is a name: capitalised, or a lower-case particle.
  if (!family.every((word) => /^\p{Lu}[\p{L}'’-]*$/u.test(word) || PARTICLES.includes(word))) return undefined;
  if (!/^\p{Lu}/u.test(family[family.length - 1] ?? '')) return undefined;
  return { family: family.join(' '), given: last };
}

function isEtAl(name: Record<string, unknown>): boolean {
  const value = name.literal ?? name.family;
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  return (text === 'others' || text === 'et al.' || text === 'et al') && (name.given === undefined || name.given === '');
}

function fixName(name: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [part, value] of Object.entries(name)) {
    if (typeof value === 'string') {
      const trimmed = value.trim();
      if (trimmed !== '') out[part] = trimmed;
    } else out[part] = value;
  }
  if (typeof out.literal === 'string' && out.family === undefined) {
    const split = familyAndInitials(out.literal);
    if (split) {
      delete out.literal;
      out.family = split.family;
      out.given = split.given;
    }
  }
  if (typeof out.family === 'string' && out['non-dropping-particle'] === undefined && out['dropping-particle'] === undefined) {
    const split = splitJoinedParticle(out.family);
    if (split) {
      const { family, ...rest } = out;
      void family;
      return { ...rest, 'non-dropping-particle': split.particle, family: split.family };
    }
  }
  return out;
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** `PMID: 12345678` / `PMCID: PMC123` lines (Zotero's Extra, exported as a note). */
function identifiersFromNote(item: Record<string, unknown>): void {
  const note = typeof item.note === 'string' ? item.note : '';
  if (!note) return;
  const kept: string[] = [];
  for (const line of note.split('\n')) {
    const pmid = /^\s*PMID:\s*(\d+)\s*$/i.exec(line);
    const pmcid = /^\s*PMCID:\s*(PMC\d+)\s*$/i.exec(line);
    if (pmid?.[1] && (item.PMID === undefined || displayText(item.PMID) === pmid[1])) item.PMID = pmid[1];
    else if (pmcid?.[1] && (item.PMCID === undefined || item.PMCID === pmcid[1])) item.PMCID = pmcid[1];
    else kept.push(line);
  }
  const rest = kept.join('\n').trim();
  if (rest) item.note = rest;
  else delete item.note;
}

/**
 * Finishes one imported CSL record in place (see the module comment).
 * `doiLine` is where the DOI was read, for the problem's position.
 */
export function finishImportedItem(item: Record<string, unknown>, log: ImportLog, doiLine?: number): void {
  for (const key of Object.keys(item)) {
    let value = item[key];
    // Runs of spaces are line wrapping (Web of Science indents wrapped titles), never meaning.
    if (typeof value === 'string') {
      value = value.replace(/[ \t]{2,}/g, ' ').trim();
      if (value === '') delete item[key];
      else item[key] = value;
      continue;
    }
    if (NAME_FIELD_SET.has(key)) {
      if (Array.isArray(value)) {
        const names = value
          .filter((n): n is Record<string, unknown> => n !== null && typeof n === 'object' && !Array.isArray(n))
          .filter((n) => !isEtAl(n))
          .map(fixName)
          .filter((n) => Object.keys(n).length > 0);
        if (names.length > 0) item[key] = names;
        else delete item[key];
      }
      continue;
    }
    if (!Array.isArray(value) || NOT_TEXT.has(key)) continue;
    const texts = [...new Set(value.map(textOf).filter((t): t is string => t !== undefined))];
    if (texts.length === 0) delete item[key];
    else if (JOINED_IDENTIFIERS.has(key)) item[key] = texts.join(', ');
    else if (key === 'keyword') item[key] = texts.join(', ');
    else if (key === 'note') item[key] = texts.join('\n');
    else {
      item[key] = texts[0];
      for (const other of texts.slice(1)) log.notes.push(`${key}: ${other}`);
    }
  }
  if (typeof item.DOI === 'string') {
    const doi = readDoi(item.DOI, log, doiLine);
    if (doi === undefined) delete item.DOI;
    else item.DOI = doi;
  }
  identifiersFromNote(item);
  if (log.notes.length > 0) {
    const existing = typeof item.note === 'string' && item.note.trim() !== '' ? `${item.note.trim()}\n` : '';
    item.note = existing + log.notes.join('\n');
  }
}
