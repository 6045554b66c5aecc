/**
 * Is an imported entry a work the bibliography already has?
 *
 * A small local stand-in for the shared duplicate detection in
 * `src/bibliography/dedupe.ts`: same DOI or PMID, or the same normalised title
 * and first author with years at most one apart (a printed year is often the
 * online-first year, as with Niesters 2013/2014). Import is looser than the
 * `duplicate-reference` rule on one point: with the same first author, a
 * shortened or paraphrased title still matches. Swap `findExistingMatch` for
 * the shared `findDuplicates` once that lands, keeping that looser tier.
 */
import type { CslItem } from '../bibliography/schema.js';
import { asciiKeyPart } from '../bibliography/keys.js';
import type { ParsedItem } from './refparse.js';

function doiKey(doi: unknown): string {
  return typeof doi === 'string' ? doi.trim().replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i, '').toLowerCase() : '';
}

export function titleKey(title: unknown): string {
  return typeof title === 'string'
    ? title
        .normalize('NFKD')
        .replace(/\p{M}+/gu, '')
        .toLowerCase()
        .replace(/&/g, ' and ')
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim()
    : '';
}

function firstAuthorKey(item: ParsedItem): string {
  const first = item.author?.[0] ?? item.editor?.[0];
  // Family names are compared without spaces so "Trulsson Schouenborg" and "Schouenborg" can meet on the last word.
  const name = first?.family ?? first?.literal ?? '';
  return asciiKeyPart(name.split(/\s+/).pop() ?? '');
}

function year(item: ParsedItem): number | undefined {
  const y = item.issued?.['date-parts']?.[0]?.[0];
  return y === undefined ? undefined : Number(y);
}

function citedTitle(item: ParsedItem): string {
  const cited = (item.custom as { cited_as?: unknown } | undefined)?.cited_as;
  return typeof cited === 'string' ? cited : '';
}

/** Same work: same DOI or PMID, or same normalised title + first author + year within one. */
export function sameWork(a: ParsedItem, b: ParsedItem): boolean {
  const doiA = doiKey(a.DOI);
  const doiB = doiKey(b.DOI);
  if (doiA && doiB) return doiA === doiB;
  if (a.PMID !== undefined && b.PMID !== undefined) return String(a.PMID) === String(b.PMID);
  const titleA = titleKey(a.title);
  const titleB = titleKey(b.title);
  if (!titleA || !titleB) return false;
  const authorA = firstAuthorKey(a);
  const authorB = firstAuthorKey(b);
  if (authorA && authorB && authorA !== authorB) return false;
  const yearA = year(a);
  const yearB = year(b);
  if (yearA !== undefined && yearB !== undefined && Math.abs(yearA - yearB) > 1) return false;
  if (titleA === titleB) return true;
  // Writers shorten and paraphrase titles ("…therapy, a study finds", "in treating" for "in the treatment of"):
  // with the same first author, a title that contains the other or shares most words is the same work.
  if (!authorA || !authorB) return false;
  return similarTitles(titleA, titleB);
}

/** Two titles of one work, as printed and as recorded: the same once normalised, or similar (see {@link similarTitles}). */
export function sameTitle(printed: string, recorded: string): boolean {
  const a = titleKey(printed);
  const b = titleKey(recorded);
  return a !== '' && b !== '' && (a === b || similarTitles(a, b));
}

/** One title holds the other (two words or more), or their word sets overlap by 75% (Jaccard). */
export function similarTitles(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.split(' ').length >= 2 && ` ${long} `.includes(` ${short} `)) return true;
  const wordsA = new Set(a.split(' '));
  const wordsB = new Set(b.split(' '));
  const shared = [...wordsA].filter((w) => wordsB.has(w)).length;
  return shared / (wordsA.size + wordsB.size - shared) >= 0.75;
}

/**
 * The existing item an imported entry duplicates, if any. Items kept only as
 * a printed string (`custom.cited_as`, no title) are compared on that string's
 * title as well, so re-importing an article finds them.
 */
export function findExistingMatch(item: ParsedItem, existing: readonly CslItem[]): CslItem | undefined {
  const direct = existing.find((e) => sameWork(item, e));
  if (direct) return direct;
  const wanted = titleKey(item.title);
  if (!wanted) return undefined;
  return existing.find((e) => !e.title && titleKey(citedTitle(e)).includes(wanted) && firstAuthorKey(item) !== '' && titleKey(citedTitle(e)).includes(firstAuthorKey(item)));
}

/** A field the printed entry gives one way and the item it matched another, e.g. printed 2013, recorded 2014. */
export interface PrintedDifference {
  field: 'issued' | 'volume' | 'issue' | 'page' | 'DOI' | 'PMID';
  printed: string;
  recorded: string;
}

function firstPage(page: unknown): string {
  return typeof page === 'string' || typeof page === 'number' ? (/\w+/.exec(String(page))?.[0] ?? '').toLowerCase() : '';
}

function plain(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value).trim().toLowerCase() : '';
}

/**
 * Where a printed entry disagrees with the item it was matched to, on the
 * fields a reader checks a reference by: year, volume, issue, first page,
 * DOI, PMID. A field only one side has is not a disagreement, and neither
 * are titles, names and journal names, which writers abbreviate and
 * paraphrase without meaning another work.
 */
export function printedDifferences(printed: ParsedItem, recorded: ParsedItem): PrintedDifference[] {
  const out: PrintedDifference[] = [];
  const add = (field: PrintedDifference['field'], a: string, b: string, shownA: unknown, shownB: unknown): void => {
    if (a && b && a !== b) out.push({ field, printed: String(shownA), recorded: String(shownB) });
  };
  const yearA = year(printed);
  const yearB = year(recorded);
  add('issued', yearA === undefined ? '' : String(yearA), yearB === undefined ? '' : String(yearB), yearA, yearB);
  add('volume', plain(printed.volume), plain(recorded.volume), printed.volume, recorded.volume);
  add('issue', plain(printed.issue), plain(recorded.issue), printed.issue, recorded.issue);
  add('page', firstPage(printed.page), firstPage(recorded.page), printed.page, recorded.page);
  add('DOI', doiKey(printed.DOI), doiKey(recorded.DOI), printed.DOI, recorded.DOI);
  add('PMID', plain(printed.PMID), plain(recorded.PMID), printed.PMID, recorded.PMID);
  return out;
}
