/**
 * Duplicate groups of a bibliography, computed once per loaded bibliography
 * and shared by the rules that need them (duplicate-reference,
 * duplicate-citation) and by `dedupe`.
 */
import { findDuplicates, type DuplicateGroup, type DuplicateReason, type FieldDifference } from '../bibliography/dedupe.js';
import type { Bibliography } from '../bibliography/types.js';

export interface DuplicateIndex {
  groups: DuplicateGroup[];
  /** Citekey → the group it belongs to. */
  groupOf: Map<string, DuplicateGroup>;
}

const cache = new WeakMap<Bibliography, DuplicateIndex>();

export function duplicateIndex(bibliography: Bibliography): DuplicateIndex {
  let index = cache.get(bibliography);
  if (!index) {
    const groups = findDuplicates(bibliography.entries);
    const groupOf = new Map<string, DuplicateGroup>();
    for (const group of groups) for (const member of group.members) groupOf.set(member.entry.item.id, group);
    index = { groups, groupOf };
    cache.set(bibliography, index);
  }
  return index;
}

/** A duplicate index as plain data for the lint cache: each member by its position in `bibliography.entries`. */
export type StoredDuplicates = Array<Array<{ entry: number; reason?: DuplicateReason; differences: FieldDifference[] }>>;

/** The bibliography's duplicate groups as plain data, if they have been found in this process. */
export function storeDuplicates(bibliography: Bibliography): StoredDuplicates | undefined {
  const index = cache.get(bibliography);
  if (!index) return undefined;
  const position = new Map(bibliography.entries.map((entry, i) => [entry, i]));
  return index.groups.map((group) =>
    group.members.map((m) => ({ entry: position.get(m.entry)!, ...(m.reason ? { reason: m.reason } : {}), differences: m.differences })),
  );
}

/**
 * Takes the duplicate groups from an earlier run over the same bibliography
 * files (the lint cache's key says so), instead of finding them again.
 * False, and nothing taken, when the data does not fit this bibliography.
 */
export function restoreDuplicates(bibliography: Bibliography, stored: StoredDuplicates): boolean {
  const { entries } = bibliography;
  const groups: DuplicateGroup[] = [];
  for (const members of stored) {
    if (!Array.isArray(members) || members.length < 2) return false;
    const group: DuplicateGroup = { members: [] };
    for (const m of members) {
      const entry = Number.isInteger(m?.entry) ? entries[m.entry] : undefined;
      if (!entry || !Array.isArray(m.differences)) return false;
      group.members.push({ entry, ...(m.reason ? { reason: m.reason } : {}), differences: m.differences });
    }
    groups.push(group);
  }
  const groupOf = new Map<string, DuplicateGroup>();
  for (const group of groups) for (const member of group.members) groupOf.set(member.entry.item.id, group);
  cache.set(bibliography, { groups, groupOf });
  return true;
}
