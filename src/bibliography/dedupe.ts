/**
 * Finds bibliography items that are the same work. Candidates come from
 * blocking keys (DOI, PMID, normalised title + first author), so the cost
 * grows with the number of items, not with the number of pairs.
 *
 * Two items are the same work when they share a DOI or a PMID; or when their
 * normalised titles and first authors' family names match and their years are
 * at most one apart — unless both carry DOIs (or both PMIDs) that differ,
 * since an update or an erratum with its own identifier is another work.
 */
import type { CslDate, CslItem, CslName } from './schema.js';
import { normalizeDoi, normalizePmid, normalizeTitle } from './normalize.js';
import type { BibEntry } from './types.js';

export type DuplicateReason = 'DOI' | 'PMID' | 'title';

export interface FieldDifference {
  field: string;
  /** Readable renderings: the first member's value, then this member's. */
  values: [string, string];
}

export interface DuplicateMember {
  entry: BibEntry;
  /** How this member matches the group's first member (or another member linked to it); absent on the first. */
  reason?: DuplicateReason;
  /** Fields on which this member disagrees with the first; empty for the first. */
  differences: FieldDifference[];
}

export interface DuplicateGroup {
  /** In file order (path, then line); the first is the one to keep by default. */
  members: DuplicateMember[];
}

/** `issued: 2013 vs 2014`. */
export function describeDifference(difference: FieldDifference): string {
  return `${difference.field}: ${difference.values[0]} vs ${difference.values[1]}`;
}

const NONE = '(none)';

function doiOf(item: CslItem): string {
  return item.DOI ? normalizeDoi(item.DOI) : '';
}

function pmidOf(item: CslItem): string {
  return item.PMID !== undefined ? normalizePmid(item.PMID) : '';
}

function familyOf(name: CslName | undefined): string {
  return name?.family ?? name?.literal ?? name?.given ?? '';
}

function yearOf(item: CslItem): number | undefined {
  const year = item.issued?.['date-parts']?.[0]?.[0];
  const n = year === undefined ? NaN : Number(year);
  return Number.isInteger(n) ? n : undefined;
}

function renderDate(date: CslDate | undefined, full: boolean): string {
  const parts = date?.['date-parts']?.[0];
  if (!parts) return date?.literal ?? date?.raw ?? NONE;
  if (!full) return String(parts[0]);
  return parts.map((p, i) => (i === 0 ? String(p) : String(p).padStart(2, '0'))).join('-');
}

function renderNames(names: CslName[] | undefined): string {
  return names?.length ? names.map(familyOf).join(', ') : NONE;
}

function text(value: string | number | undefined): string {
  return value === undefined || value === '' ? NONE : String(value);
}

/** The fields on which `other` disagrees with `first`, rendered for messages. */
export function compareItems(first: CslItem, other: CslItem): FieldDifference[] {
  const out: FieldDifference[] = [];
  const add = (field: string, a: string, b: string): void => {
    if (a !== b) out.push({ field, values: [a, b] });
  };
  add('title', text(first.title), text(other.title));
  add('author', renderNames(first.author), renderNames(other.author));
  const sameYear = renderDate(first.issued, false) === renderDate(other.issued, false);
  add('issued', renderDate(first.issued, sameYear), renderDate(other.issued, sameYear));
  add('container-title', text(first['container-title']), text(other['container-title']));
  add('volume', text(first.volume), text(other.volume));
  add('issue', text(first.issue), text(other.issue));
  add('page', text(first.page), text(other.page));
  if (doiOf(first) !== doiOf(other)) add('DOI', text(first.DOI), text(other.DOI));
  if (pmidOf(first) !== pmidOf(other)) add('PMID', text(first.PMID), text(other.PMID));
  add('type', first.type, other.type);
  return out;
}

function compareEntries(a: BibEntry, b: BibEntry): number {
  if (a.source.file !== b.source.file) return a.source.file < b.source.file ? -1 : 1;
  if (a.source.line !== b.source.line) return a.source.line - b.source.line;
  if (a.source.column !== b.source.column) return a.source.column - b.source.column;
  return a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0;
}

class DisjointSets {
  private readonly parent: number[];
  constructor(size: number) {
    this.parent = Array.from({ length: size }, (_, i) => i);
  }
  find(i: number): number {
    let root = i;
    while (this.parent[root] !== root) root = this.parent[root] as number;
    let node = i;
    while (node !== root) {
      const next = this.parent[node] as number;
      this.parent[node] = root;
      node = next;
    }
    return root;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    // The smaller index (earlier in file order) stays the root, which keeps the result order-independent.
    if (ra < rb) this.parent[rb] = ra;
    else if (rb < ra) this.parent[ra] = rb;
  }
}

function bucket(map: Map<string, number[]>, key: string, index: number): void {
  if (!key) return;
  const list = map.get(key);
  if (list) list.push(index);
  else map.set(key, [index]);
}

interface MatchKeys {
  doi: string;
  pmid: string;
  year: number | undefined;
}

function sameWorkByTitle(a: MatchKeys, b: MatchKeys): boolean {
  if (a.doi && b.doi && a.doi !== b.doi) return false;
  if (a.pmid && b.pmid && a.pmid !== b.pmid) return false;
  if (a.year === undefined || b.year === undefined) return a.year === b.year;
  return Math.abs(a.year - b.year) <= 1;
}

function reasonBetween(a: CslItem, b: CslItem): DuplicateReason {
  if (doiOf(a) && doiOf(a) === doiOf(b)) return 'DOI';
  if (pmidOf(a) && pmidOf(a) === pmidOf(b)) return 'PMID';
  return 'title';
}

/** Groups of items that are the same work; groups and members in file order. */
export function findDuplicates(entries: readonly BibEntry[]): DuplicateGroup[] {
  const sorted = [...entries].sort(compareEntries);
  const sets = new DisjointSets(sorted.length);
  const byDoi = new Map<string, number[]>();
  const byPmid = new Map<string, number[]>();
  const byTitle = new Map<string, number[]>();
  const keys: MatchKeys[] = [];
  sorted.forEach((entry, i) => {
    const { item } = entry;
    const key: MatchKeys = { doi: doiOf(item), pmid: pmidOf(item), year: yearOf(item) };
    keys.push(key);
    bucket(byDoi, key.doi, i);
    bucket(byPmid, key.pmid, i);
    const title = item.title ? normalizeTitle(item.title) : '';
    if (title) bucket(byTitle, `${title}\u0000${normalizeTitle(familyOf(item.author?.[0] ?? item.editor?.[0]))}`, i);
  });
  for (const list of [...byDoi.values(), ...byPmid.values()]) {
    for (let k = 1; k < list.length; k++) sets.union(list[0] as number, list[k] as number);
  }
  for (const list of byTitle.values()) {
    if (list.length < 2) continue;
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const [i, j] = [list[x] as number, list[y] as number];
        if (sameWorkByTitle(keys[i] as MatchKeys, keys[j] as MatchKeys)) sets.union(i, j);
      }
    }
  }
  const groups = new Map<number, number[]>();
  sorted.forEach((_, i) => {
    const root = sets.find(i);
    const list = groups.get(root);
    if (list) list.push(i);
    else groups.set(root, [i]);
  });
  const out: DuplicateGroup[] = [];
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const first = sorted[members[0] as number] as BibEntry;
    out.push({
      members: members.map((index, position) => {
        const entry = sorted[index] as BibEntry;
        if (position === 0) return { entry, differences: [] };
        return { entry, reason: reasonBetween(first.item, entry.item), differences: compareItems(first.item, entry.item) };
      }),
    });
  }
  out.sort((a, b) => compareEntries((a.members[0] as DuplicateMember).entry, (b.members[0] as DuplicateMember).entry));
  return out;
}
