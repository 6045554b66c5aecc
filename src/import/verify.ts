/**
 * `citemark import --lookup`: each new reference that was printed with a
 * title and a DOI is checked against the DOI's record.
 *
 * - The record is the same work (its title is the printed one, or close to
 *   it as `sameTitle` reads titles): the fields the printed entry lacks are
 *   filled from the record. Printed fields are never replaced, and the key
 *   stays the one the import gave.
 * - The record is another work (a mistyped or pasted-over DOI): the printed
 *   reference is kept exactly as printed and the mismatch is reported, for
 *   the editor to check the DOI.
 * - The look-up fails (not found, timeout, bad answer): the printed
 *   reference is kept and the failure reported.
 *
 * Look-ups go one at a time through the same client, cache and limits as
 * `citemark add` (`lookup/`).
 */
import type { CslItem } from '../bibliography/schema.js';
import { validateItem } from '../bibliography/validate.js';
import { LookupError, resolveIdentifier, withMesh, type LookupSettings } from '../lookup/index.js';
import type { FileChange } from '../util/atomic.js';
import { sameTitle } from './match.js';

export interface DoiCheck {
  /** The new item's key. */
  key: string;
  doi: string;
  /** `same-work`: fields were filled (maybe none); `other-work`: nothing changed; `failed`: nothing changed. */
  outcome: 'same-work' | 'other-work' | 'failed';
  /** The fields filled from the record (`same-work`). */
  filled: string[];
  printedTitle: string;
  /** The record's title (`same-work`, `other-work`). */
  recordTitle?: string;
  /** Why the look-up failed (`failed`). */
  message?: string;
}

export interface VerifiedItems {
  /** The items, in the same order: filled where the record was the same work, otherwise as they came. */
  items: CslItem[];
  checks: DoiCheck[];
  /** Cache entries for fresh responses, to commit with the import. */
  cache: FileChange[];
}

/** Fields a record never supplies: the key, and what citemark or the editor decides. */
const NEVER_FILLED = new Set(['id', 'topics', 'evidence', 'retracted', 'note', 'custom']);

export async function verifyDois(root: string, items: readonly CslItem[], settings: LookupSettings): Promise<VerifiedItems> {
  const out: CslItem[] = [];
  const checks: DoiCheck[] = [];
  const cache: FileChange[] = [];
  for (const item of items) {
    const doi = typeof item.DOI === 'string' ? item.DOI.trim() : '';
    const printedTitle = typeof item.title === 'string' ? item.title : '';
    if (!doi || !printedTitle) {
      out.push(item);
      continue;
    }
    let record: Record<string, unknown>;
    try {
      const resolved = await resolveIdentifier(root, { kind: 'doi', value: doi }, settings);
      if (resolved.cache) cache.push(resolved.cache);
      record = resolved.record;
    } catch (error) {
      if (!(error instanceof LookupError)) throw error;
      checks.push({ key: item.id, doi, outcome: 'failed', filled: [], printedTitle, message: error.message });
      out.push(item);
      continue;
    }
    const recordTitle = typeof record.title === 'string' ? record.title : '';
    if (!sameTitle(printedTitle, recordTitle)) {
      checks.push({ key: item.id, doi, outcome: 'other-work', filled: [], printedTitle, recordTitle });
      out.push(item);
      continue;
    }
    // The work's MeSH headings (and PMID) from PubMed, and a retraction either service records.
    const indexed = await withMesh(root, { DOI: doi, ...(item.PMID !== undefined ? { PMID: item.PMID } : {}) }, settings);
    cache.push(...indexed.cache);
    const { mesh, PMID } = indexed.record;
    const { item: filledItem, fields } = fillMissing(item, { ...record, ...(mesh ? { mesh } : {}), ...(PMID !== undefined ? { PMID } : {}) });
    let filled = filledItem;
    const retracted = record.retracted ?? indexed.record.retracted;
    if (retracted !== undefined && filled.retracted === undefined) {
      const checked = validateItem({ ...filled, retracted }, { file: item.id, line: 1, column: 1 });
      if (checked.item && checked.problems.length === 0) {
        filled = checked.item;
        fields.push('retracted');
      }
    }
    checks.push({ key: item.id, doi, outcome: 'same-work', filled: fields, printedTitle, recordTitle });
    out.push(filled);
  }
  return { items: out, checks, cache };
}

/**
 * The item with the record's values for the fields it lacks, or the item
 * itself when the result would not validate (a record field citemark's
 * schema refuses is left out rather than failing the import).
 */
export function fillMissing(item: CslItem, record: Record<string, unknown>): { item: CslItem; fields: string[] } {
  const merged: Record<string, unknown> = { ...item };
  const fields: string[] = [];
  for (const [field, value] of Object.entries(record)) {
    if (NEVER_FILLED.has(field) || field in item || value === undefined || value === null || value === '') continue;
    merged[field] = value;
    fields.push(field);
  }
  if (fields.length === 0) return { item, fields };
  const checked = validateItem(merged, { file: item.id, line: 1, column: 1 });
  if (checked.item && checked.problems.length === 0) return { item: checked.item, fields };
  // Fill field by field, keeping those that validate.
  let current: CslItem = item;
  const kept: string[] = [];
  for (const field of fields) {
    const attempt = validateItem({ ...current, [field]: record[field] }, { file: item.id, line: 1, column: 1 });
    if (attempt.item && attempt.problems.length === 0) {
      current = attempt.item;
      kept.push(field);
    }
  }
  return { item: current, fields: kept };
}
