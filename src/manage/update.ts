/**
 * `citemark add --update`: a later copy of a work already in the
 * bibliography completes the kept item. Missing fields are filled from any
 * source; fields that differ are replaced only when the new record comes
 * from a DOI or PMID look-up (the publisher's or PubMed's record), and each
 * replacement is noted in the item's `note`.
 *
 * An item in a YAML or CSL-JSON file is replaced where it stands, every
 * other record and byte of the file kept. BibTeX, RIS and the other export
 * formats cannot hold every CSL field, so an updated item leaves such a file
 * for its own canonical file (`references/<id>.yaml`), and its record is cut
 * from the export; the user is told where it went.
 */
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { CslDate, CslItem, CslName } from '../bibliography/schema.js';
import type { BibEntry } from '../bibliography/types.js';
import { formatForPath } from '../bibliography/parse.js';
import { canReplaceIn, type RecordEdit } from '../bibliography/records.js';
import type { FileChange } from '../util/atomic.js';
import { canonicalFile } from './files.js';

/** citemark's own judgements, the key and the user's notes: never taken from another copy. */
const NEVER_UPDATED = new Set(['id', 'topics', 'evidence', 'retracted', 'custom', 'note', 'citation-key']);

/** Fields an authoritative record may correct; others are only filled when missing. */
const CORRECTABLE = new Set([
  'type', 'title', 'author', 'editor', 'issued', 'container-title', 'container-title-short', 'volume', 'issue', 'page',
  'DOI', 'PMID', 'PMCID', 'ISSN', 'ISBN', 'publisher', 'publisher-place', 'number', 'edition',
]);

export interface UpdatedFields {
  id: string;
  /** Where the item is after the update. */
  file: string;
  /** Where it was, when the update moved it out of an export file. */
  movedFrom?: string;
  text: string;
  item: CslItem;
  origin: string;
  filled: string[];
  replaced: { field: string; from: string; to: string }[];
}

/**
 * An update: whole files to write, and record-level edits of files that
 * hold other records too. Edits are gathered per file and applied together
 * (`editBibliographyText`), so two updates in one export do not overwrite
 * each other.
 */
export type UpdatePlan =
  | { kind: 'update'; changes: FileChange[]; edits: { file: string; edit: RecordEdit }[]; updated: UpdatedFields }
  | { kind: 'unchanged' };

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
export function planUpdate(
  root: string,
  existing: BibEntry,
  incoming: CslItem,
  from: { origin: string; authoritative: boolean; sharesFile: boolean },
): UpdatePlan {
  const { item, filled, replaced } = mergeInto(existing.item, incoming, from.authoritative);
  if (filled.length === 0 && replaced.length === 0) return { kind: 'unchanged' };
  const file = existing.source.file;
  const format = formatForPath(file);
  const ref = { line: existing.source.line, column: existing.source.column, id: existing.item.id };
  const canonical = canonicalFile(item);
  const updated = { id: item.id, text: canonical.text, item: canonical.item, origin: from.origin, filled, replaced };
  // A YAML file of its own (citemark's canonical form) is written whole.
  if (!from.sharesFile && (format === 'yaml' || format === undefined)) {
    return { kind: 'update', changes: [{ path: join(root, file), content: canonical.text }], edits: [], updated: { ...updated, file } };
  }
  if (format && canReplaceIn(format)) {
    return { kind: 'update', changes: [], edits: [{ file, edit: { kind: 'replace', item: canonical.item, ...ref } }], updated: { ...updated, file } };
  }
  return {
    kind: 'update',
    changes: [{ path: join(root, canonical.file), content: canonical.text }],
    edits: [{ file, edit: { kind: 'remove', ...ref } }],
    updated: { ...updated, file: canonical.file, movedFrom: file },
  };
}
