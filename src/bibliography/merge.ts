/**
 * Merging a group of duplicate items into one. `chooseKept` is the single
 * rule for which key survives; `dedupe --fix` and `lint --fix` (through
 * duplicate-citation) both use it, so they always agree.
 *
 * Kept: the most complete record — the most of the bibliographic fields
 * below filled in, plus one point each for a day- or month-precise date,
 * full given names (not initials only) and a page range written out in full;
 * ties go to the earliest item in file order.
 *
 * Merged: the kept item, with fields it lacks taken from the others. Where
 * two members disagree, the value from a member with a DOI or PMID wins over
 * one from a member with neither; otherwise the kept item's value stays. The
 * value that lost is recorded in `note`, so nothing is silently dropped.
 * Values that say the same thing in more or less detail (`357–67` and
 * `357–367`, `M.` and `Marieke`, `2018` and `2018-11`) are not conflicts:
 * the fuller one is kept.
 */
import { isDeepStrictEqual } from 'node:util';
import { normalizeDoi, normalizePmid, normalizeTitle } from './normalize.js';
import type { CslDate, CslItem, CslName } from './schema.js';
import type { BibEntry } from './types.js';

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

/** The member to keep: the most complete, then the first in the given (file) order. */
export function chooseKept<T extends { item: CslItem }>(members: readonly T[]): T {
  if (members.length === 0) throw new Error('chooseKept needs at least one member');
  let best = members[0]!;
  let bestScore = completeness(best.item);
  for (const member of members.slice(1)) {
    const score = completeness(member.item);
    if (score > bestScore) {
      best = member;
      bestScore = score;
    }
  }
  return best;
}

function hasIdentifier(item: CslItem): boolean {
  return Boolean((item.DOI && normalizeDoi(item.DOI)) || (item.PMID !== undefined && normalizePmid(item.PMID)));
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
  if (typeof a !== 'object' && typeof b !== 'object' && String(a) === String(b)) return a;
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
    return normalizeTitle(a) === normalizeTitle(b) ? a : undefined;
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

/** Merges a duplicate group (in file order) into the kept member's item. */
export function mergeGroup<T extends { item: CslItem }>(members: readonly T[]): MergeResult<T> {
  const kept = chooseKept(members);
  const removed = members.filter((m) => m !== kept);
  const merged: Record<string, unknown> = structuredClone(kept.item) as Record<string, unknown>;
  const sourceOf = new Map<string, CslItem>();
  for (const key of Object.keys(merged)) sourceOf.set(key, kept.item);
  const conflicts: MergeConflict[] = [];

  for (const other of removed) {
    const record = other.item as Record<string, unknown>;
    for (const [field, value] of Object.entries(record)) {
      if (NOT_MERGED.has(field) || value === undefined) continue;
      const current = merged[field];
      if (current === undefined) {
        merged[field] = structuredClone(value);
        sourceOf.set(field, other.item);
        continue;
      }
      const agreed = reconcile(field, current, value);
      if (agreed !== undefined) {
        if (agreed === value) sourceOf.set(field, other.item);
        merged[field] = structuredClone(agreed);
        continue;
      }
      const holder = sourceOf.get(field) ?? kept.item;
      const otherWins = hasIdentifier(other.item) && !hasIdentifier(holder);
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
  const mergedFrom = `Merged with ${removed.map((m) => `\`${m.item.id}\``).join(', ')} by \`citemark dedupe --fix\``;
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
