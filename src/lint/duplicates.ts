/**
 * Duplicate groups of a bibliography, computed once per loaded bibliography
 * and shared by the rules that need them (duplicate-reference,
 * duplicate-citation) and by `dedupe`.
 */
import { findDuplicates, type DuplicateGroup } from '../bibliography/dedupe.js';
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
