/**
 * Turns an article with numbered markers and a free-text reference list into
 * a citemark article: pandoc citations in the prose, one CSL item per work.
 * Nothing is dropped: an entry the parser cannot read becomes an item whose
 * `note` holds the printed text, and the report says so.
 *
 * When an entry is a work seen before, the rule is: the bibliography is the
 * record, a printed list is only a claim about it.
 * - Same work as an item of the bibliography (`existing`): cite its key and
 *   create nothing; where the printing disagrees (printed 2013, recorded
 *   2014) the report says so.
 * - Same work as an earlier entry of the same list (a list that prints one
 *   work twice, as seed A does with Sdrulla 2018 at [6] and [7]): the repeat
 *   becomes its own item (`sdrulla2018spinala`), so `duplicate-reference`
 *   and `duplicate-citation` show the list's mistake instead of it vanishing
 *   in the import; `citemark dedupe --fix` merges them. An unreadable repeat
 *   (same printed text) shares the key, since no rule could tell the two apart.
 *   With `repeats: 'share'` every repeat shares the earlier entry's key.
 * - Same work as an item imported earlier in the same run (`imported`, e.g.
 *   the previous file): cite its key when the printing agrees; when it
 *   disagrees (seed A printed Niesters 2013, seed B 2014) the entry becomes
 *   its own item, so `duplicate-reference` names the disagreement
 *   (`issued: 2013 vs 2014`) for the editor to settle against the source.
 */
import type { CslItem } from '../bibliography/schema.js';
import { cslItemSchema } from '../bibliography/schema.js';
import type { BibEntry } from '../bibliography/types.js';
import { makeKey } from '../bibliography/keys.js';
import { htmlToMarkdown } from './html.js';
import { applyMarkers, findMarkers, type Marker, type MarkerKind } from './markers.js';
import { findExistingMatch, printedDifferences, sameWork, type PrintedDifference } from './match.js';
import { MIN_CONFIDENCE, parseReference, type ParsedItem } from './refparse.js';

export type ImportFormat = 'txt' | 'md' | 'html';

export interface ImportOptions {
  format: ImportFormat;
  /** The bibliography as it is: entries found here map to their existing keys. */
  existing?: readonly (BibEntry | CslItem)[];
  /**
   * Items created earlier in the same import run and not yet in the
   * bibliography (the previous files' new items). An entry that is one of
   * these works shares its key only when the printing agrees with it.
   */
  imported?: readonly CslItem[];
  /** The citekey rule; defaults to `makeKey`. Must return a key not in `taken`. */
  keyFor?: (item: ParsedItem, taken: ReadonlySet<string>) => string;
  /** `separate` (default): a list's repeated entry becomes its own item so lint reports it; `share`: it cites the earlier entry's key. */
  repeats?: 'separate' | 'share';
}

export type EntryStatus = 'new' | 'existing' | 'repeat' | 'unparsed';

export type { PrintedDifference } from './match.js';

/** What one numbered entry of the reference list became. */
export interface ReferenceMapping {
  number: number;
  key: string;
  /** The entry as printed. */
  raw: string;
  /** `existing`: already in the bibliography; `repeat`: the same work as an earlier entry of this list. */
  status: EntryStatus;
  /** For `repeat`: the entry number it repeats. */
  sameAs?: number;
  /** For `new`: the item imported earlier in this run that is the same work but was printed differently. */
  sameWorkAs?: string;
  /** Where the printed entry disagrees with the item it matched (`existing`, or `sameWorkAs`). */
  differences: PrintedDifference[];
  /** For `existing`: whether the key is in the bibliography or was imported earlier in this run. */
  matchedIn?: 'bibliography' | 'import';
  confidence: number;
  problems: string[];
  /** How many markers in the prose point at this entry. */
  citations: number;
}

export interface UnparsedEntry {
  number: number;
  key: string;
  raw: string;
  problems: string[];
}

/** A marker as found and what replaced it; line and column are 1-based in the imported text's body. */
export interface PlacedMarker {
  kind: MarkerKind;
  raw: string;
  numbers: number[];
  keys: string[];
  line: number;
  column: number;
}

export interface SkippedMarker {
  raw: string;
  line: number;
  column: number;
  reason: string;
}

export interface ImportReport {
  /** Where the reference list was found; null when there was none. */
  referenceList: { line: number; heading: string | null; entries: number } | null;
  /** Keys of the items created. */
  imported: string[];
  /** Entries that map onto items already in the bibliography, or imported earlier in this run. */
  matched: { number: number; key: string; matchedIn: 'bibliography' | 'import'; differences: PrintedDifference[] }[];
  unparsed: UnparsedEntry[];
  /** A list's repeated entries; `key` is the repeat's own key (`separate`) or the earlier entry's (`share`). */
  repeats: { number: number; sameAs: number; key: string; sameAsKey: string }[];
  /** New items kept apart from an item imported earlier in this run that is the same work printed differently. */
  divergent: { number: number; key: string; sameWorkAs: string; differences: PrintedDifference[] }[];
  markers: number;
  /** Entry numbers no marker points at. */
  uncited: number[];
  /** Numbers that looked like markers but were left alone, with the reason. */
  skipped: SkippedMarker[];
  /** Entries that look like several references run together (a list whose line breaks were lost), each with how many. */
  merged: { number: number; count: number }[];
}

export interface ImportResult {
  markdown: string;
  /** New items only, one per distinct work, valid against the CSL schema. */
  items: CslItem[];
  mapping: ReferenceMapping[];
  unparsed: UnparsedEntry[];
  markers: PlacedMarker[];
  report: ImportReport;
}

// ───────────────────────────── finding the reference list ─────────────────────────────

const HEADING =
  /^\s{0,3}(?:#{1,6}\s+)?(?:\*\*|__)?(references?|sources?|bibliography|works cited|literature cited|citations|reference list|notes and references|endnotes)(?:\*\*|__)?\s*(?::\s*)?$/i;
const NUMBERED = /^\s{0,8}(?:[-*•]\s+)?(?:\[\^?(\d{1,3})\]:?|(\d{1,3})[.)]|\^(\d{1,3})\.?)\s+(\S.*)$/;
/** PubMed Central's copied lists glue the number to the entry: `- 1.Devulder J, …`. */
const NUMBERED_GLUED = /^\s{0,8}(?:[-*•]\s+)?(\d{1,3})\.(\p{Lu}.*)$/u;
/** Wiley's layout: the number alone on its line (`• 1`), the entry on the next. */
const NUMBER_ALONE = /^\s{0,8}(?:[-*•·]\s*)?\[?(\d{1,3})[.\])]?\s*$/;
const BULLET = /^\s{0,8}[-*•·▪]\s+(\S.*)$/;
/** Springer marks important works with bullets before the entry (`• Persson J.`, `•• …`): list marks, not text. */
const IMPORTANCE_BULLETS = /^[•·▪]+\s*/;

interface Entry {
  number: number;
  text: string;
  /** Exclusive: the line after the entry's last line. */
  endLine: number;
}

interface ReferenceList {
  headingLine: number | null;
  firstLine: number;
  /** Exclusive. */
  endLine: number;
  heading: string | null;
  entries: Entry[];
}

function referenceLike(text: string): boolean {
  const r = parseReference(text);
  return r.style !== 'unknown' ? r.confidence >= 0.7 : r.confidence >= 0.45 && /\b(?:1[89]|20)\d{2}\b|doi|https?:/i.test(text);
}

/** Appends a line to an entry, joining a word a PDF hyphenated at the line break (`at-` + `tendees`). */
function appendLine(entry: Entry, line: string): void {
  const next = line.trim();
  if (entry.text === '') entry.text = next;
  else if (/\p{Ll}-$/u.test(entry.text) && /^\p{Ll}/u.test(next)) entry.text = entry.text.slice(0, -1) + next;
  else entry.text += ` ${next}`;
}

/** In a list without numbers, whether a line goes on the entry before it rather than starting one. */
function continuesEntry(previous: string, line: string): boolean {
  const t = previous.trimEnd();
  return /-$/.test(t) || /^\p{Ll}/u.test(line.trim()) || !/[.)\]>]$|\d$/.test(t);
}

function numberOf(m: RegExpExecArray): number {
  return Number(m[1] ?? m[2] ?? m[3]);
}

/** Reads entries from `from` on; stops at a heading or at prose that is not a reference. */
function readEntries(lines: string[], from: number, requireNumbers: boolean): { entries: Entry[]; end: number; numbered: boolean } {
  let entries: Entry[] = [];
  let current: Entry | undefined;
  let blankBefore = false;
  // Whether the entries carry printed numbers; a list without them is numbered by citemark in order.
  let numbered = false;
  let i = from;
  const startNumbered = (n: number, text: string, line: number): void => {
    // Lines read before the first number (a legend under the heading) were not entries.
    if (!numbered && entries.length > 0) entries = [];
    numbered = true;
    current = { number: n, text: text.replace(IMPORTANCE_BULLETS, ''), endLine: line + 1 };
    entries.push(current);
  };
  /** The number comes next: 1 to open the list (after at most two legend lines), else one more than the last. */
  const fits = (n: number): boolean => (numbered ? n === (entries[entries.length - 1]?.number ?? 0) + 1 : n === 1 && entries.length <= 2);
  for (; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (/^\s*$/.test(line)) {
      blankBefore = true;
      continue;
    }
    if (/^\s{0,3}#{1,6}\s/.test(line)) break;
    const alone = NUMBER_ALONE.exec(line);
    const withText = NUMBERED.exec(line);
    const glued = withText ? null : NUMBERED_GLUED.exec(line);
    if (alone && fits(Number(alone[1]))) {
      startNumbered(Number(alone[1]), '', i);
    } else if (withText || glued) {
      const n = withText ? numberOf(withText) : Number(glued?.[1]);
      if (!fits(n)) break;
      startNumbered(n, withText ? (withText[4] ?? '') : (glued?.[2] ?? ''), i);
    } else if (current && (current.text === '' || (!blankBefore && (numbered || continuesEntry(current.text, line))))) {
      appendLine(current, line);
      current.endLine = i + 1;
    } else if (!requireNumbers && !numbered) {
      const text = (BULLET.exec(line)?.[1] ?? line.trim()).replace(IMPORTANCE_BULLETS, '');
      current = { number: entries.length + 1, text, endLine: i + 1 };
      entries.push(current);
    } else {
      break;
    }
    blankBefore = false;
  }
  // The list ends after its last entry, not after trailing blank lines.
  let end = i;
  while (end > from && /^\s*$/.test(lines[end - 1] ?? '')) end -= 1;
  return { entries, end, numbered };
}

/**
 * An unnumbered list read line by line may hold a legend above its first
 * entry, and prose after its last: keep the run of entries that read as
 * references, skipping up to two leading lines that do not.
 */
function trimToReferences(read: { entries: Entry[]; end: number }): { entries: Entry[]; end: number } {
  let start = 0;
  while (start < Math.min(2, read.entries.length) && !referenceLike(read.entries[start]?.text ?? '')) start += 1;
  let stop = start;
  while (stop < read.entries.length && referenceLike(read.entries[stop]?.text ?? '')) stop += 1;
  if (stop === start) return { entries: [], end: read.end };
  const kept = read.entries.slice(start, stop).map((e, k) => ({ ...e, number: k + 1 }));
  return { entries: kept, end: stop < read.entries.length ? (kept[kept.length - 1]?.endLine ?? read.end) : read.end };
}

function findReferenceList(lines: string[]): ReferenceList | null {
  for (let h = lines.length - 1; h >= 0; h -= 1) {
    const heading = HEADING.exec(lines[h] ?? '');
    if (!heading) continue;
    const read = readEntries(lines, h + 1, false);
    const { entries, end } = read.numbered ? read : trimToReferences(read);
    if (entries.length > 0 && entries.filter((e) => referenceLike(e.text)).length / entries.length >= 0.5) {
      return { headingLine: h, firstLine: h, endLine: end, heading: (lines[h] ?? '').trim(), entries };
    }
  }
  // No heading: the last run of numbered lines, from 1, that reads as references.
  let best: ReferenceList | null = null;
  for (let i = 0; i < lines.length; i += 1) {
    const m = NUMBERED.exec(lines[i] ?? '');
    if (!m || Number(m[1] ?? m[2] ?? m[3]) !== 1) continue;
    const { entries, end } = readEntries(lines, i, true);
    if (entries.length < 2) continue;
    const likeness = entries.filter((e) => referenceLike(e.text)).length / entries.length;
    if (likeness >= 0.6) best = { headingLine: null, firstLine: i, endLine: end, heading: null, entries };
    if (end > i) i = end - 1;
  }
  return best;
}

/**
 * How many references an entry holds, by the signs each one prints once: a
 * numbered start inside the text (`… 2016;36:1-9. 2.Devulder J, …`) and a
 * journal locator (`2016;36(4):`, `2016 Feb;36:`). One for a normal entry.
 */
export function referencesInEntry(text: string): number {
  // `2.Devulder J,` or `. 2. Devulder J,`: a number and a stop right after a sentence, then a Vancouver name.
  let numberedStarts = 0;
  for (const m of text.matchAll(/\d{1,3}\. ?/g)) {
    const before = text.slice(Math.max(0, m.index - 2), m.index);
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 60);
    if (/[.;)] ?$/.test(before) && /^\p{Lu}[\p{L}'’-]+ \p{Lu}{1,3}[,.]/u.test(after)) numberedStarts += 1;
  }
  const locators = [...text.matchAll(/\b(?:1[89]|20)\d{2}[a-z]?(?:\s[A-Z][a-z]{2}(?:\s\d{1,2})?)?;\s?\d+/g)].length;
  return Math.max(numberedStarts + 1, locators, 1);
}

// ───────────────────────────── import ─────────────────────────────

function itemsOf(existing: readonly (BibEntry | CslItem)[]): CslItem[] {
  return existing.map((e) => ('item' in e && 'source' in e ? (e as BibEntry).item : (e)));
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

function toItem(key: string, raw: string, parsed: ParsedItem, readable: boolean): CslItem {
  const candidate = readable
    ? { ...parsed, id: key, type: parsed.type ?? 'document', custom: { ...(parsed.custom ?? {}), cited_as: raw } }
    : { id: key, type: 'document', note: raw, custom: { cited_as: raw } };
  const checked = cslItemSchema.safeParse(candidate);
  if (checked.success) return checked.data;
  // A field the parser filled in a shape the schema refuses: keep the entry verbatim rather than lose it.
  return cslItemSchema.parse({ id: key, type: 'document', note: raw, custom: { cited_as: raw } });
}

export function importArticle(input: string, options: ImportOptions): ImportResult {
  const text = (options.format === 'html' ? htmlToMarkdown(input) : input).replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  const list = findReferenceList(lines);
  const existingItems = itemsOf(options.existing ?? []);
  const importedItems = options.imported ?? [];
  const keyFor = options.keyFor ?? makeKey;
  const separateRepeats = (options.repeats ?? 'separate') === 'separate';
  const taken = new Set([...existingItems, ...importedItems].map((i) => i.id));

  const mapping: ReferenceMapping[] = [];
  const items: CslItem[] = [];
  const unparsed: UnparsedEntry[] = [];
  const parsedByNumber = new Map<number, ParsedItem>();

  const create = (entry: Entry, parsed: ParsedItem, readable: boolean, base: Omit<ReferenceMapping, 'key' | 'status' | 'differences'>, extra: Partial<ReferenceMapping> = {}): void => {
    const key = keyFor(parsed, taken);
    taken.add(key);
    items.push(toItem(key, entry.text, parsed, readable));
    const status: EntryStatus = extra.status ?? (readable ? 'new' : 'unparsed');
    mapping.push({ ...base, key, status, differences: [], ...extra });
    if (!readable) unparsed.push({ number: entry.number, key, raw: entry.text, problems: base.problems });
  };

  for (const entry of list?.entries ?? []) {
    const result = parseReference(entry.text);
    const readable = result.confidence >= MIN_CONFIDENCE;
    const base = { number: entry.number, raw: entry.text, confidence: result.confidence, problems: result.problems, citations: 0 };
    parsedByNumber.set(entry.number, result.item);

    const earlier = readable
      ? mapping.find((m) => m.status !== 'unparsed' && sameWork(result.item, parsedByNumber.get(m.number) ?? {}))
      : mapping.find((m) => m.raw === entry.text);
    const inBibliography = readable ? findExistingMatch(result.item, existingItems) : undefined;

    if (inBibliography) {
      const differences = printedDifferences(result.item, inBibliography);
      if (earlier) mapping.push({ ...base, key: inBibliography.id, status: 'repeat', sameAs: earlier.number, differences });
      else mapping.push({ ...base, key: inBibliography.id, status: 'existing', matchedIn: 'bibliography', differences });
      continue;
    }
    if (earlier) {
      // A repeat of a bibliography item, or one no rule could tell apart, stays on the earlier key.
      if (!separateRepeats || !readable || existingItems.some((i) => i.id === earlier.key)) {
        mapping.push({ ...base, key: earlier.key, status: 'repeat', sameAs: earlier.number, differences: [] });
      } else {
        create(entry, result.item, readable, base, { status: 'repeat', sameAs: earlier.number });
      }
      continue;
    }
    const inRun = readable ? findExistingMatch(result.item, importedItems) : undefined;
    if (inRun) {
      const differences = printedDifferences(result.item, inRun);
      if (differences.length === 0) mapping.push({ ...base, key: inRun.id, status: 'existing', matchedIn: 'import', differences });
      else create(entry, result.item, readable, base, { sameWorkAs: inRun.id, differences });
      continue;
    }
    create(entry, result.item, readable, base);
  }

  // The prose is everything but the reference list and its heading.
  const bodyLines = list ? [...lines.slice(0, list.firstLine), ...lines.slice(list.endLine)] : lines;
  const body = bodyLines.join('\n');
  const keyOf = new Map(mapping.map((m) => [m.number, m.key]));
  const scan = findMarkers(body, new Set(keyOf.keys()));
  // `trimEnd` drops what `\s*$` matches, without a regex that retries from every space.
  const markdown = `${applyMarkers(body, scan.markers, (n) => keyOf.get(n)).replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;

  const placed = scan.markers.map((m: Marker): PlacedMarker => {
    for (const n of new Set(m.numbers)) {
      const entry = mapping.find((x) => x.number === n);
      if (entry) entry.citations += 1;
    }
    const keys = [...new Set(m.numbers.map((n) => keyOf.get(n)).filter((k): k is string => k !== undefined))];
    return { kind: m.kind, raw: m.raw, numbers: m.numbers, keys, ...lineAndColumn(body, m.start + (body.slice(m.start).search(/\S/) || 0)) };
  });
  const skipped = scan.skipped.map((s) => ({ raw: s.raw, reason: s.reason, ...lineAndColumn(body, s.start) }));

  const report: ImportReport = {
    referenceList: list ? { line: list.firstLine + 1, heading: list.heading, entries: list.entries.length } : null,
    imported: items.map((i) => i.id),
    matched: mapping
      .filter((m) => m.status === 'existing')
      .map((m) => ({ number: m.number, key: m.key, matchedIn: m.matchedIn ?? 'bibliography', differences: m.differences })),
    unparsed,
    repeats: mapping
      .filter((m) => m.status === 'repeat')
      .map((m) => {
        const sameAs = m.sameAs ?? m.number;
        return { number: m.number, sameAs, key: m.key, sameAsKey: mapping.find((x) => x.number === sameAs)?.key ?? m.key };
      }),
    divergent: mapping
      .filter((m) => m.sameWorkAs !== undefined)
      .map((m) => ({ number: m.number, key: m.key, sameWorkAs: m.sameWorkAs ?? '', differences: m.differences })),
    merged: (list?.entries ?? []).map((e) => ({ number: e.number, count: referencesInEntry(e.text) })).filter((m) => m.count > 1),
    markers: placed.length,
    uncited: mapping.filter((m) => m.citations === 0).map((m) => m.number),
    skipped,
  };
  return { markdown, items, mapping, unparsed, markers: placed, report };
}

/** `printed 2013, recorded 2014` for each field, joined. */
export function describePrinted(differences: readonly PrintedDifference[], recordedAs = 'recorded'): string {
  return differences.map((d) => `\`${d.field}\` printed ${d.printed}, ${recordedAs} ${d.recorded}`).join('; ');
}

/** The report as lines for a terminal: what was imported, matched, repeated, left unparsed and left alone. */
export function formatImportReport(report: ImportReport): string {
  const out: string[] = [];
  if (!report.referenceList) {
    out.push('No reference list found: looked for a heading such as `References` or `Sources`, or a numbered list of references at the end.');
    return out.join('\n');
  }
  const where = report.referenceList.heading ? `under \`${report.referenceList.heading}\`` : 'as a trailing numbered list';
  out.push(`Found ${report.referenceList.entries} references ${where} at line ${report.referenceList.line}.`);
  out.push(`Imported ${report.imported.length} new items${report.imported.length ? `: ${report.imported.map((k) => `\`${k}\``).join(', ')}` : ''}.`);
  // One line per entry that needs a word, in the order of the list.
  const entries: { number: number; text: string }[] = [];
  for (const m of report.matched) {
    const where = m.matchedIn === 'bibliography' ? 'is already in the bibliography' : 'was imported from an earlier file';
    const disagree = m.differences.length > 0 ? `; the printed entry disagrees with it: ${describePrinted(m.differences, m.matchedIn === 'bibliography' ? 'bibliography has' : 'recorded')}. Check the article against the source` : '';
    entries.push({ number: m.number, text: `Reference ${m.number} ${where} as \`${m.key}\`${disagree}.` });
  }
  for (const r of report.repeats) {
    entries.push({
      number: r.number,
      text:
        r.key === r.sameAsKey
          ? `Reference ${r.number} repeats reference ${r.sameAs}; both cite \`${r.key}\`.`
          : `Reference ${r.number} repeats reference ${r.sameAs} (\`${r.sameAsKey}\`); kept as its own item \`${r.key}\` so lint reports the duplicate: run \`citemark dedupe --fix\` to merge them.`,
    });
  }
  for (const d of report.divergent) {
    entries.push({
      number: d.number,
      text: `Reference ${d.number} is the same work as \`${d.sameWorkAs}\` from an earlier file but was printed differently (${describePrinted(d.differences)}); kept as its own item \`${d.key}\` so lint reports the duplicate: check the source, then run \`citemark dedupe --fix\`.`,
    });
  }
  for (const m of report.merged) {
    entries.push({ number: m.number, text: `Reference ${m.number} looks like ${m.count} references run together (the list's line breaks may have been lost); split it in the source and import again.` });
  }
  for (const u of report.unparsed) {
    entries.push({ number: u.number, text: `Reference ${u.number} could not be read (${u.problems.join('; ')}); kept verbatim in the \`note\` of \`${u.key}\`: fill in its fields.` });
  }
  out.push(...entries.sort((a, b) => a.number - b.number).map((e) => e.text));
  out.push(`Replaced ${report.markers} citation markers.`);
  if (report.uncited.length > 0) out.push(`No marker points at reference ${report.uncited.join(', ')}.`);
  for (const s of report.skipped) out.push(`Left \`${s.raw}\` at ${s.line}:${s.column} as text: it ${s.reason}.`);
  return out.join('\n');
}
