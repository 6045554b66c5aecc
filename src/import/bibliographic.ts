/**
 * `citemark import --lookup` for references printed without a DOI: each is
 * searched in Crossref by its printed text (`query.bibliographic`), and a
 * candidate is accepted only after validation, as Crossref advises for
 * search-based matching: its title must be the printed one (or printed in
 * the string), and its first author and year must agree with the printing
 * — at least one of the two confirmed, neither contradicted.
 *
 * - Match: the fields the printed entry lacks are filled from the record
 *   (its DOI first of all); printed fields are never replaced, and where
 *   the record disagrees with one the report says so.
 * - Weak match (a candidate that passes some checks, fails others): nothing
 *   is filled; the report names the candidate and what disagreed, for the
 *   editor to decide.
 * - No candidate passes, or the search fails: nothing changes, reported.
 */
import type { CslItem } from '../bibliography/schema.js';
import { LookupError, type LookupSettings } from '../lookup/index.js';
import { searchBibliographic, type BibliographicCandidate } from '../lookup/crossref-query.js';
import type { FileChange } from '../util/atomic.js';
import { printedDifferences, sameTitle, titleKey, type PrintedDifference } from './match.js';
import { fillMissing } from './verify.js';

export interface BibliographicCheck {
  /** The new item's key. */
  key: string;
  /** `matched`: validated and filled; `weak`: a near candidate, nothing filled; `none`: no candidate; `failed`: the search failed. */
  outcome: 'matched' | 'weak' | 'none' | 'failed';
  /** The candidate's DOI (`matched`, `weak`). */
  doi?: string;
  recordTitle?: string;
  /** Fields filled from the record (`matched`). */
  filled: string[];
  /** What disagreed (`weak`), or where the record differs from a printed field (`matched`). */
  disagreements: string[];
  differences: PrintedDifference[];
  /** Why the search failed (`failed`). */
  message?: string;
}

export interface BibliographicResult {
  items: CslItem[];
  checks: BibliographicCheck[];
  cache: FileChange[];
}

interface Verdict {
  verdict: 'same' | 'weak' | 'other';
  disagreements: string[];
}

function firstFamily(names: unknown): string {
  if (!Array.isArray(names)) return '';
  const first = names[0] as { family?: unknown; literal?: unknown } | undefined;
  const name = typeof first?.family === 'string' ? first.family : typeof first?.literal === 'string' ? first.literal : '';
  return titleKey(name);
}

function yearOf(item: Record<string, unknown>): number | undefined {
  const issued = item.issued as { 'date-parts'?: unknown[][] } | undefined;
  const y = issued?.['date-parts']?.[0]?.[0];
  return typeof y === 'number' || typeof y === 'string' ? Number(y) : undefined;
}

/** Checks a candidate against the printed entry: the parsed fields, and the string as printed. */
export function validateCandidate(printed: CslItem, printedText: string, record: Record<string, unknown>): Verdict {
  const raw = ` ${titleKey(printedText)} `;
  const disagreements: string[] = [];
  const recordTitle = typeof record.title === 'string' ? record.title : '';
  const recordTitleKey = titleKey(recordTitle);
  const printedTitle = typeof printed.title === 'string' ? printed.title : '';
  const titleOk =
    recordTitleKey !== '' && ((printedTitle !== '' && sameTitle(printedTitle, recordTitle)) || (recordTitleKey.split(' ').length >= 3 && raw.includes(` ${recordTitleKey} `)));
  if (!titleOk) disagreements.push(`title \`${recordTitle}\``);

  const family = firstFamily(record.author ?? record.editor);
  const printedFamily = firstFamily(printed.author ?? printed.editor);
  let authorOk: boolean | undefined;
  if (family) {
    authorOk = family === printedFamily || raw.includes(` ${family} `) || family.split(' ').some((part) => part.length > 2 && raw.includes(` ${part} `));
    if (!authorOk) disagreements.push(`first author \`${family}\``);
  }
  const year = yearOf(record);
  const printedYear = yearOf(printed);
  let yearOk: boolean | undefined;
  if (year !== undefined && (printedYear !== undefined || /\b(?:1[5-9]|20)\d\d\b/.test(printedText))) {
    yearOk = printedYear !== undefined ? Math.abs(year - printedYear) <= 1 : [year - 1, year, year + 1].some((y) => printedText.includes(String(y)));
    if (!yearOk) disagreements.push(`year \`${year}\``);
  }
  const confirmed = [authorOk, yearOk].filter((x) => x === true).length;
  const contradicted = [authorOk, yearOk].some((x) => x === false);
  if (titleOk && confirmed >= 1 && !contradicted) return { verdict: 'same', disagreements: [] };
  // Close but not safe: the title with a contradiction, or author and year with another title that shares most words.
  const shared = recordTitleKey && printedTitle ? overlap(titleKey(printedTitle), recordTitleKey) : 0;
  if (titleOk || (authorOk && yearOk && shared >= 0.5)) return { verdict: 'weak', disagreements: disagreements.length > 0 ? disagreements : ['neither first author nor year could be checked'] };
  return { verdict: 'other', disagreements };
}

function overlap(a: string, b: string): number {
  const wa = new Set(a.split(' '));
  const wb = new Set(b.split(' '));
  const shared = [...wa].filter((w) => wb.has(w)).length;
  return shared / Math.max(1, Math.min(wa.size, wb.size));
}

/** The printed text of an item: the string as printed when the import kept it, else its fields. */
function printedTextOf(item: CslItem): string {
  const cited = (item.custom as { cited_as?: unknown } | undefined)?.cited_as;
  if (typeof cited === 'string' && cited.trim()) return cited;
  return [item.title, item['container-title'], yearOf(item as Record<string, unknown>)].filter(Boolean).join('. ');
}

function choose(item: CslItem, text: string, candidates: BibliographicCandidate[]): { candidate?: BibliographicCandidate; verdict: Verdict } {
  let weak: { candidate: BibliographicCandidate; verdict: Verdict } | undefined;
  for (const candidate of candidates) {
    const verdict = validateCandidate(item, text, candidate.record);
    if (verdict.verdict === 'same') return { candidate, verdict };
    if (verdict.verdict === 'weak') weak ??= { candidate, verdict };
  }
  return weak ?? { verdict: { verdict: 'other', disagreements: [] } };
}

/** Searches each item printed without a DOI; fills the validated matches. Look-ups go one at a time. */
export async function matchWithoutDoi(root: string, items: readonly CslItem[], settings: LookupSettings): Promise<BibliographicResult> {
  const out: CslItem[] = [];
  const checks: BibliographicCheck[] = [];
  const cache: FileChange[] = [];
  for (const item of items) {
    const text = printedTextOf(item);
    if ((typeof item.DOI === 'string' && item.DOI.trim()) || titleKey(text).split(' ').length < 3) {
      out.push(item);
      continue;
    }
    let candidates: BibliographicCandidate[];
    try {
      const search = await searchBibliographic(root, text, settings);
      if (search.cache) cache.push(search.cache);
      candidates = search.candidates;
    } catch (error) {
      if (!(error instanceof LookupError)) throw error;
      checks.push({ key: item.id, outcome: 'failed', filled: [], disagreements: [], differences: [], message: error.message });
      out.push(item);
      continue;
    }
    const { candidate, verdict } = choose(item, text, candidates);
    const record = candidate?.record;
    const doi = typeof record?.DOI === 'string' ? record.DOI : undefined;
    const recordTitle = typeof record?.title === 'string' ? record.title : undefined;
    if (!record || verdict.verdict === 'other') {
      checks.push({ key: item.id, outcome: 'none', filled: [], disagreements: [], differences: [] });
      out.push(item);
    } else if (verdict.verdict === 'weak') {
      checks.push({ key: item.id, outcome: 'weak', ...(doi ? { doi } : {}), ...(recordTitle ? { recordTitle } : {}), filled: [], disagreements: verdict.disagreements, differences: [] });
      out.push(item);
    } else {
      const { item: filled, fields } = fillMissing(item, record);
      checks.push({
        key: item.id,
        outcome: 'matched',
        ...(doi ? { doi } : {}),
        ...(recordTitle ? { recordTitle } : {}),
        filled: fields,
        disagreements: [],
        differences: printedDifferences(item, record),
      });
      out.push(filled);
    }
  }
  return { items: out, checks, cache };
}
