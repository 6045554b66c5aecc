/**
 * Duplicate groups of a bibliography, computed once per loaded bibliography
 * and shared by the rules that need them (duplicate-reference,
 * duplicate-citation) and by `dedupe`. Records that failed validation take
 * part through their DOI and PMID (`Bibliography.rejected`).
 */
import { analyseDuplicates, type BrokenCopy, type DuplicateGroup, type DuplicateReason, type FieldDifference } from './dedupe.js';
import type { Bibliography } from './types.js';

export interface DuplicateIndex {
  /** Every group, including those whose other copies failed validation. */
  groups: DuplicateGroup[];
  /** Citekey → the group it belongs to. */
  groupOf: Map<string, DuplicateGroup>;
}

const cache = new WeakMap<Bibliography, DuplicateIndex>();

function indexOf(groups: DuplicateGroup[]): DuplicateIndex {
  const groupOf = new Map<string, DuplicateGroup>();
  for (const group of groups) for (const member of group.members) groupOf.set(member.entry.item.id, group);
  return { groups, groupOf };
}

export function duplicateIndex(bibliography: Bibliography): DuplicateIndex {
  let index = cache.get(bibliography);
  if (!index) {
    index = indexOf(analyseDuplicates(bibliography.entries, bibliography.rejected ?? []).groups);
    cache.set(bibliography, index);
  }
  return index;
}

/**
 * A duplicate index as plain data for the lint cache, one object per group:
 * members by position in `bibliography.entries`, broken copies by position in
 * `bibliography.rejected`. (Caches written before broken copies existed hold
 * arrays instead, and are not restored.)
 */
export type StoredDuplicates = Array<{
  members: Array<{ entry: number; reason?: DuplicateReason; differences: FieldDifference[] }>;
  broken?: Array<{ rejected: number; reason: BrokenCopy['reason'] }>;
}>;

/** The bibliography's duplicate groups as plain data, if they have been found in this process. */
export function storeDuplicates(bibliography: Bibliography): StoredDuplicates | undefined {
  const index = cache.get(bibliography);
  if (!index) return undefined;
  const position = new Map(bibliography.entries.map((entry, i) => [entry, i]));
  const rejectedAt = new Map((bibliography.rejected ?? []).map((record, i) => [record, i]));
  return index.groups.map((group) => ({
    members: group.members.map((m) => ({ entry: position.get(m.entry)!, ...(m.reason ? { reason: m.reason } : {}), differences: m.differences })),
    ...(group.brokenCopies ? { broken: group.brokenCopies.map((b) => ({ rejected: rejectedAt.get(b.record)!, reason: b.reason })) } : {}),
  }));
}

/**
 * Takes the duplicate groups from an earlier run over the same bibliography
 * files (the lint cache's key says so), instead of finding them again.
 * False, and nothing taken, when the data does not fit this bibliography.
 */
export function restoreDuplicates(bibliography: Bibliography, data: StoredDuplicates): boolean {
  if (!Array.isArray(data)) return false;
  const { entries } = bibliography;
  const rejected = bibliography.rejected ?? [];
  const groups: DuplicateGroup[] = [];
  for (const stored of data) {
    if (!stored || typeof stored !== 'object' || !Array.isArray(stored.members)) return false;
    const group: DuplicateGroup = { members: [] };
    for (const m of stored.members) {
      const entry = Number.isInteger(m?.entry) ? entries[m.entry] : undefined;
      if (!entry || !Array.isArray(m.differences)) return false;
      group.members.push({ entry, ...(m.reason ? { reason: m.reason } : {}), differences: m.differences });
    }
    if (stored.broken !== undefined) {
      if (!Array.isArray(stored.broken)) return false;
      group.brokenCopies = [];
      for (const b of stored.broken) {
        const record = Number.isInteger(b?.rejected) ? rejected[b.rejected] : undefined;
        if (!record || (b.reason !== 'DOI' && b.reason !== 'PMID')) return false;
        group.brokenCopies.push({ record, reason: b.reason });
      }
    }
    if (group.members.length + (group.brokenCopies?.length ?? 0) < 2) return false;
    groups.push(group);
  }
  cache.set(bibliography, indexOf(groups));
  return true;
}
