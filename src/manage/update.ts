/**
 * `citemark add --update`: a later copy of a work already in the
 * bibliography completes the kept item. Missing fields are filled from any
 * source; fields that differ are replaced only when the new record comes
 * from a DOI or PMID look-up (the publisher's or PubMed's record), and each
 * replacement is noted in the item's `note`.
 *
 * Only citemark's own one-item YAML files are rewritten here. An item that
 * shares its file with others (a `.bib`, `.ris` or CSL-JSON library) is
 * reported with what would change, for the user to apply.
 */
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { CslDate, CslItem, CslName } from '../bibliography/schema.js';
import type { BibEntry } from '../bibliography/types.js';
import type { FileChange } from '../util/atomic.js';
import { canonicalFile, holdsOneItem } from './files.js';

/** citemark's own judgements, the key and the user's notes: never taken from another copy. */
const NEVER_UPDATED = new Set(['id', 'topics', 'evidence', 'retracted', 'custom', 'note', 'citation-key']);

/** Fields an authoritative record may correct; others are only filled when missing. */
const CORRECTABLE = new Set([
  'type', 'title', 'author', 'editor', 'issued', 'container-title', 'container-title-short', 'volume', 'issue', 'page',
  'DOI', 'PMID', 'PMCID', 'ISSN', 'ISBN', 'publisher', 'publisher-place', 'number', 'edition',
]);

export interface UpdatedFields {
  id: string;
  file: string;
  text: string;
  item: CslItem;
  origin: string;
  filled: string[];
  replaced: { field: string; from: string; to: string }[];
}

export type UpdatePlan =
  | { kind: 'update'; change: FileChange; updated: UpdatedFields }
  | { kind: 'unchanged' }
  | { kind: 'shared-file'; message: string };

function show(value: unknown): string {
  if (value === undefined) return '(none)';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value) && value.every((n) => n !== null && typeof n === 'object')) {
    return (value as CslName[]).map((n) => n.family ?? n.literal ?? n.given ?? '?').join(', ');
  }
  const date = value as CslDate;
  if (date && typeof date === 'object' && Array.isArray(date['date-parts'])) return date['date-parts'].map((p) => p.join('-')).join('/');
  return JSON.stringify(value);
}

/** What `incoming` changes in `existing`: fields filled, and (when authoritative) fields replaced. */
export function mergeInto(existing: CslItem, incoming: CslItem, authoritative: boolean): { item: CslItem; filled: string[]; replaced: UpdatedFields['replaced'] } {
  const item: Record<string, unknown> = { ...existing };
  const filled: string[] = [];
  const replaced: UpdatedFields['replaced'] = [];
  for (const [field, value] of Object.entries(incoming)) {
    if (NEVER_UPDATED.has(field) || value === undefined || value === '') continue;
    const current = item[field];
    if (current === undefined || current === '' || (Array.isArray(current) && current.length === 0)) {
      item[field] = value;
      filled.push(field);
    } else if (authoritative && CORRECTABLE.has(field) && !isDeepStrictEqual(current, value)) {
      replaced.push({ field, from: show(current), to: show(value) });
      item[field] = value;
    }
  }
  if (replaced.length > 0) {
    const was = replaced.map((r) => `${r.field} was ${r.from}`).join('; ');
    item.note = [existing.note, `Corrected from the publisher's record: ${was}.`].filter((n) => typeof n === 'string' && n.trim() !== '').join('\n');
  }
  return { item: item as CslItem, filled, replaced };
}

/** Plans the update of the kept item `existing` from a new copy. */
export async function planUpdate(root: string, existing: BibEntry, incoming: CslItem, from: { origin: string; authoritative: boolean }): Promise<UpdatePlan> {
  const { item, filled, replaced } = mergeInto(existing.item, incoming, from.authoritative);
  if (filled.length === 0 && replaced.length === 0) return { kind: 'unchanged' };
  const file = existing.source.file;
  const ownFile = /\.ya?ml$/i.test(file) && (await holdsOneItem(root, file));
  if (!ownFile) {
    const what = [...filled.map((f) => `fill \`${f}\``), ...replaced.map((r) => `\`${r.field}\`: ${r.from} → ${r.to}`)].join('; ');
    return {
      kind: 'shared-file',
      message: `\`${existing.item.id}\` (${file}:${existing.source.line}) shares its file with other items, which \`add --update\` does not rewrite yet; make these changes there by hand (${what}), or move the item to its own file \`references/${existing.item.id}.yaml\` and run \`add --update\` again`,
    };
  }
  const canonical = canonicalFile(item);
  return {
    kind: 'update',
    change: { path: join(root, file), content: canonical.text },
    updated: { id: item.id, file, text: canonical.text, item: canonical.item, origin: from.origin, filled, replaced },
  };
}
