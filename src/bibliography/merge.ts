/**
 * Merging a group of duplicate items into one. `chooseKept` is the single
 * rule for which key survives; `dedupe --fix` and `lint --fix` (through
 * duplicate-citation) both use it, so they always agree.
 *
 * Kept, in this order of preference:
 * 1. a record from an authoritative source: one `citemark add` fetched by its
 *    DOI or PMID (`custom.lookup: doi:10.…` naming the record's own
 *    identifier, see {@link isAuthoritative});
 * 2. a record with a DOI or PMID;
 * 3. the most complete record: the most of the bibliographic fields below
 *    filled in, plus one point each for a day- or month-precise date, full
 *    given names (not initials only) and a page range written out in full;
 * then the earliest in file order. A record with an impossible value (a
 * year 30 or 3021 beside 2021) is never kept while another is not.
 *
 * Merged: the kept item, with fields it lacks taken from the others. Where
 * two members disagree, the value of the better-ranked member (authoritative,
 * then with an identifier) wins, an impossible value never does, and
 * otherwise the kept item's value stays; an editor's choice (`fields`)
 * overrides all of that. The value that lost is recorded in `note`, so
 * nothing is silently dropped. Values that say the same thing in more or
 * less detail (`357–67` and `357–367`, `M.` and `Marieke`, `2018` and
 * `2018-11`) are not conflicts: the fuller one is kept.
 */
import { isDeepStrictEqual } from 'node:util';
import { sameJournalName } from './journal.js';
import { normalizeDoi, normalizePmid, normalizeTitle } from './normalize.js';
import type { CslDate, CslItem, CslName } from './schema.js';
import type { BibEntry } from './types.js';
import { displayText } from '../util/text.js';

const COMPLETENESS_FIELDS = [
  'title', 'author', 'issued', 'container-title', 'container-title-short', 'volume', 'issue', 'page',
  'publisher', 'DOI', 'PMID', 'PMCID', 'ISSN', 'ISBN', 'URL', 'abstract', 'topics', 'evidence',
] as const;

function filled(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

function hasFullGivenNames(names: CslName[] | undefined): boolean {
  return Boolean(names?.length) && (names ?? []).every((n) => n.literal !== undefined || /\p{L}{2,}/u.test(n.given ?? ''));
}

/**
 * Each run of dashes, with the whitespace on both sides of it, as one `-` (whitespace
 * between two dash runs goes too). Split rather than one global regex with optional
 * whitespace before the dashes, which re-scans every whitespace run no dash follows.
 */
function joinDashes(text: string): string {
  const pieces = text.split(/[–—‐-]+/);
  const last = pieces.length - 1;
  return pieces
    .map((piece, i) => {
      const trimmed = i === 0 ? piece : piece.trimStart();
      return i === last ? trimmed : trimmed.trimEnd();
    })
    .join('-');
}

/** `1048–67` → `1048-1067`; other pages unchanged apart from the dash. */
export function expandPageRange(page: string | number): string {
  const text = joinDashes(String(page).trim());
  const match = /^(\d+)-(\d+)$/.exec(text);
  if (!match) return text;
  const [first, last] = [match[1]!, match[2]!];
  if (last.length >= first.length) return text;
  return `${first}-${first.slice(0, first.length - last.length)}${last}`;
}

/** How complete a record is, for `chooseKept`. */
export function completeness(item: CslItem): number {
  const record = item as Record<string, unknown>;
  let score = COMPLETENESS_FIELDS.filter((f) => filled(record[f])).length;
  if ((item.issued?.['date-parts']?.[0]?.length ?? 0) >= 2) score += 1;
  if (hasFullGivenNames(item.author ?? item.editor)) score += 1;
  if (item.page !== undefined && expandPageRange(item.page) === joinDashes(String(item.page))) score += 1;
  return score;
}

function hasIdentifier(item: CslItem): boolean {
  return Boolean((item.DOI && normalizeDoi(item.DOI)) || (item.PMID !== undefined && normalizePmid(item.PMID)));
}

/**
 * The marker `citemark add` leaves on a record it fetched by identifier:
 * `custom.lookup` holds the identifier looked up, as `doi:10.1111/bcp.12094`
 * or `pmid:24528106`. A record counts as authoritative only while that
 * identifier is still its own DOI or PMID, so a stale marker on a record
 * edited into another work counts for nothing. Records `add` wrote before
 * the marker existed carry Crossref's own `source: Crossref` with a DOI.
 */
export function isAuthoritative(item: CslItem): boolean {
  const marker = item.custom?.lookup;
  if (typeof marker === 'string') {
    const match = /^(doi|pmid):(.+)$/i.exec(marker.trim());
    if (match) {
      const [kind, value] = [match[1]!.toLowerCase(), match[2]!];
      if (kind === 'doi') return Boolean(item.DOI) && normalizeDoi(item.DOI!) === normalizeDoi(value);
      return item.PMID !== undefined && normalizePmid(item.PMID) === normalizePmid(value);
    }
  }
  return typeof item.source === 'string' && item.source.trim().toLowerCase() === 'crossref' && Boolean(item.DOI && normalizeDoi(item.DOI));
}

/** The earliest year a record can plausibly carry: anything before is a truncated or mistyped year (`30` for 2030 or 1930). */
const EARLIEST_YEAR = 1450;

/** A year that cannot be this work's: before printing, or beyond next year. */
export function impossibleYear(value: unknown, now: Date = new Date()): boolean {
  const year = Number(value);
  if (!Number.isInteger(year)) return false;
  return year < EARLIEST_YEAR || year > now.getFullYear() + 1;
}

/** The fields of `item` holding a value that cannot be right (an impossible year). */
export function impossibleFields(item: CslItem, now: Date = new Date()): string[] {
  const out: string[] = [];
  for (const field of ['issued', 'original-date', 'event-date'] as const) {
    const parts = item[field]?.['date-parts'];
    if (parts?.some((p) => impossibleYear(p[0], now))) out.push(field);
  }
  return out;
}

/** How far a member's values are trusted over another's: authoritative 2, with an identifier 1, else 0. */
function trust(item: CslItem): number {
  return isAuthoritative(item) ? 2 : hasIdentifier(item) ? 1 : 0;
}

/**
 * The member to keep: never one with an impossible value while another has
 * none; then authoritative, then with an identifier, then the most
 * complete, then the first in the given (file) order.
 */
export function chooseKept<T extends { item: CslItem }>(members: readonly T[]): T {
  if (members.length === 0) throw new Error('chooseKept needs at least one member');
  const now = new Date();
  const rank = (item: CslItem): number[] => [impossibleFields(item, now).length === 0 ? 1 : 0, trust(item), completeness(item)];
  let best = members[0]!;
  let bestRank = rank(best.item);
  for (const member of members.slice(1)) {
    const r = rank(member.item);
    const better = r.findIndex((v, i) => v !== bestRank[i]);
    if (better !== -1 && r[better]! > bestRank[better]!) {
      best = member;
      bestRank = r;
    }
  }
  return best;
}

function initialsOf(given: string): string {
  return given
    .split(/[\s.-]+/)
    .filter((p) => p.length > 0)
    .map((p) => p[0]!.toLowerCase())
    .join('');
}

/** Names that are the same people, one list possibly with fuller given names: the fuller list; else undefined. */
function mergeNames(a: CslName[], b: CslName[]): CslName[] | undefined {
  if (a.length !== b.length) return undefined;
  const out: CslName[] = [];
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i]!, b[i]!];
    const familyX = normalizeTitle(x.family ?? x.literal ?? '');
    if (familyX !== normalizeTitle(y.family ?? y.literal ?? '')) return undefined;
    const [gx, gy] = [x.given ?? '', y.given ?? ''];
    if (gx && gy && initialsOf(gx) !== initialsOf(gy) && !initialsOf(gx).startsWith(initialsOf(gy)) && !initialsOf(gy).startsWith(initialsOf(gx))) {
      return undefined;
    }
    const letters = (s: string) => s.replace(/[^\p{L}]/gu, '').length;
    out.push(letters(gy) > letters(gx) ? y : x);
  }
  return out;
}

function mergeDates(a: CslDate, b: CslDate): CslDate | undefined {
  const [pa, pb] = [a['date-parts'], b['date-parts']];
  if (!pa || !pb || pa.length !== 1 || pb.length !== 1) return undefined;
  const [x, y] = [pa[0]!.map(Number), pb[0]!.map(Number)];
  const shorter = x.length <= y.length ? x : y;
  const longer = shorter === x ? y : x;
  return shorter.every((p, i) => p === longer[i]) ? (longer === x ? a : b) : undefined;
}

/** The fuller of two values that say the same thing, or undefined when they conflict. */
function reconcile(field: string, a: unknown, b: unknown): unknown {
  if (isDeepStrictEqual(a, b)) return a;
  if (typeof a !== 'object' && typeof b !== 'object' && displayText(a) === displayText(b)) return a;
  if (field === 'page' && (typeof a === 'string' || typeof a === 'number') && (typeof b === 'string' || typeof b === 'number')) {
    if (expandPageRange(a) !== expandPageRange(b)) return undefined;
    return String(a).length >= String(b).length ? a : b;
  }
  if (field === 'DOI' && typeof a === 'string' && typeof b === 'string') return normalizeDoi(a) === normalizeDoi(b) ? a : undefined;
  if (field === 'PMID' && (typeof a === 'string' || typeof a === 'number') && (typeof b === 'string' || typeof b === 'number')) {
    return normalizePmid(a) === normalizePmid(b) ? a : undefined;
  }
  if (Array.isArray(a) && Array.isArray(b) && (field === 'author' || field === 'editor')) return mergeNames(a as CslName[], b as CslName[]);
  if (typeof a === 'object' && typeof b === 'object' && a && b && !Array.isArray(a) && !Array.isArray(b) && ('date-parts' in a || 'date-parts' in b)) {
    return mergeDates(a as CslDate, b as CslDate);
  }
  if (typeof a === 'string' && typeof b === 'string' && ['title', 'container-title', 'publisher'].includes(field)) {
    if (normalizeTitle(a) === normalizeTitle(b)) return a;
    // `Vet J` and `The Veterinary Journal` name one journal: the name written out is kept.
    if (field === 'container-title' && sameJournalName(a, b)) return b.length > a.length ? b : a;
    return undefined;
  }
  return undefined;
}

function render(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value && typeof value === 'object' && 'date-parts' in value) {
    const parts = (value as CslDate)['date-parts']?.[0];
    if (parts) return parts.map((p, i) => (i === 0 ? String(p) : String(p).padStart(2, '0'))).join('-');
  }
  if (Array.isArray(value) && value.every((n) => n && typeof n === 'object')) {
    return (value as CslName[]).map((n) => n.literal ?? [n.given, n.family].filter(Boolean).join(' ')).join('; ');
  }
  return JSON.stringify(value);
}

export interface MergeConflict {
  field: string;
  /** The value the merged item carries and the member it came from. */
  kept: { id: string; value: string };
  /** The value recorded in `note` instead. */
  dropped: { id: string; value: string };
}

export interface MergeResult<T extends { item: CslItem }> {
  kept: T;
  removed: T[];
  item: CslItem;
  conflicts: MergeConflict[];
}

const NOT_MERGED = new Set(['id', 'note', 'topics', 'custom']);

/** An editor's decisions for one group, as `dedupe --interactive` and `dedupe --apply` carry them. */
export interface MergeChoices {
  /** The id of the member to keep, instead of {@link chooseKept}'s pick. */
  keep?: string;
  /** Field → the id of the member whose value the merged item carries. */
  fields?: Readonly<Record<string, string>>;
  /** Named in `note` as what merged them; default `citemark dedupe --fix`. */
  by?: string;
}

function hasImpossibleValue(field: string, value: unknown, now: Date): boolean {
  if (!value || typeof value !== 'object' || !('date-parts' in value)) return false;
  return ((value as CslDate)['date-parts'] ?? []).some((p) => impossibleYear(p[0], now));
}

/** Merges a duplicate group (in file order) into the kept member's item. Throws when `choices` name a member or value the group lacks. */
export function mergeGroup<T extends { item: CslItem }>(members: readonly T[], choices: MergeChoices = {}): MergeResult<T> {
  const byId = (id: string, what: string): T => {
    const found = members.find((m) => m.item.id === id);
    if (!found) throw new Error(`\`${id}\` (${what}) is not one of ${members.map((m) => `\`${m.item.id}\``).join(', ')}`);
    return found;
  };
  const kept = choices.keep !== undefined ? byId(choices.keep, 'the record to keep') : chooseKept(members);
  const removed = members.filter((m) => m !== kept);
  const merged: Record<string, unknown> = structuredClone(kept.item);
  const sourceOf = new Map<string, CslItem>();
  for (const key of Object.keys(merged)) sourceOf.set(key, kept.item);
  const conflicts: MergeConflict[] = [];
  const now = new Date();

  const chosen = new Map<string, T>();
  for (const [field, id] of Object.entries(choices.fields ?? {})) {
    const member = byId(id, `the value of \`${field}\``);
    if ((member.item as Record<string, unknown>)[field] === undefined) throw new Error(`\`${id}\` has no \`${field}\` to keep`);
    chosen.set(field, member);
  }
  // An editor's pick is taken first, so the other members' values are weighed against it.
  for (const [field, member] of chosen) {
    merged[field] = structuredClone((member.item as Record<string, unknown>)[field]);
    sourceOf.set(field, member.item);
  }

  for (const other of members) {
    if (other === kept && !chosen.size) continue;
    const record = other.item as Record<string, unknown>;
    for (const [field, value] of Object.entries(record)) {
      if (NOT_MERGED.has(field) || value === undefined) continue;
      const holder = sourceOf.get(field) ?? kept.item;
      if (holder === other.item) continue;
      const current = merged[field];
      if (current === undefined) {
        merged[field] = structuredClone(value);
        sourceOf.set(field, other.item);
        continue;
      }
      const agreed = reconcile(field, current, value);
      if (agreed !== undefined) {
        // A pick stays as picked; otherwise the fuller spelling is kept.
        if (chosen.has(field)) continue;
        if (agreed === value) sourceOf.set(field, other.item);
        merged[field] = structuredClone(agreed);
        continue;
      }
      const impossibleNow = hasImpossibleValue(field, current, now);
      const impossibleOther = hasImpossibleValue(field, value, now);
      const otherWins =
        !chosen.has(field) && !impossibleOther && (impossibleNow || trust(other.item) > trust(holder));
      const [winner, loser] = otherWins ? [other.item, holder] : [holder, other.item];
      conflicts.push({
        field,
        kept: { id: winner.id, value: render(otherWins ? value : current) },
        dropped: { id: loser.id, value: render(otherWins ? current : value) },
      });
      if (otherWins) {
        merged[field] = structuredClone(value);
        sourceOf.set(field, other.item);
      }
    }
  }

  const topics = [...new Set(members.flatMap((m) => m.item.topics ?? []))];
  if (topics.length > 0) merged.topics = topics;
  // `custom` holds a project's own fields: merged key by key, the kept item's value winning, the others noted.
  const custom: Record<string, unknown> = { ...(kept.item.custom ?? {}) };
  for (const other of removed) {
    for (const [key, value] of Object.entries(other.item.custom ?? {})) {
      if (!(key in custom)) custom[key] = structuredClone(value);
      else if (!isDeepStrictEqual(custom[key], value)) {
        conflicts.push({ field: `custom.${key}`, kept: { id: kept.item.id, value: render(custom[key]) }, dropped: { id: other.item.id, value: render(value) } });
      }
    }
  }
  if (Object.keys(custom).length > 0) merged.custom = custom;

  const notes = [kept.item.note, ...removed.map((m) => m.item.note)].filter((n): n is string => Boolean(n?.trim()));
  const uniqueNotes = [...new Set(notes)];
  const mergedFrom = `Merged with ${removed.map((m) => `\`${m.item.id}\``).join(', ')} by ${choices.by ?? '`citemark dedupe --fix`'}`;
  const dropped = conflicts.map((c) => `\`${c.field}\` was ${c.dropped.value} in \`${c.dropped.id}\``);
  uniqueNotes.push(dropped.length > 0 ? `${mergedFrom}; ${dropped.join('; ')}.` : `${mergedFrom}.`);
  merged.note = uniqueNotes.join('\n');
  merged.id = kept.item.id;
  return { kept, removed, item: merged as CslItem, conflicts };
}

/** Citekey → the key it is merged onto, for every removed member of the given groups. */
export function renameMap(groups: readonly (readonly BibEntry[])[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const members of groups) {
    const kept = chooseKept(members);
    for (const m of members) if (m !== kept) map.set(m.item.id, kept.item.id);
  }
  return map;
}
