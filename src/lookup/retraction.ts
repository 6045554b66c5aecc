/**
 * Retractions as the services record them. Crossref marks a retracted work
 * with `updated-by` entries (its own and Retraction Watch's, `source:
 * retraction-watch`) of type `retraction` or `withdrawal`, and a notice
 * carries `update-to` pointing back; older deposits use `relation`
 * (`is-retracted-by`). PubMed gives the publication type `Retracted
 * Publication` and a `Retraction in` comment naming the notice.
 */

export interface Retraction {
  /** ISO date (`2021-03-04`, `2021-03`, `2021`) when the record gives one. */
  date?: string;
  notice: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const RETRACTION_TYPES = new Set(['retraction', 'withdrawal', 'removal', 'partial_retraction']);

function isoDate(value: unknown): string | undefined {
  const parts = isRecord(value) && Array.isArray(value['date-parts']) ? (value['date-parts'][0] as unknown) : undefined;
  if (!Array.isArray(parts) || typeof parts[0] !== 'number') return undefined;
  return parts
    .filter((p): p is number => typeof p === 'number')
    .slice(0, 3)
    .map((p, i) => (i === 0 ? String(p) : String(p).padStart(2, '0')))
    .join('-');
}

/** The retraction a Crossref work (the `message` of `/works/{doi}`, or a CSL record with the same fields) records, if any. */
export function retractionFromCrossref(work: Record<string, unknown>): Retraction | undefined {
  const updates = Array.isArray(work['updated-by']) ? work['updated-by'].filter(isRecord) : [];
  for (const update of updates) {
    const type = typeof update.type === 'string' ? update.type.toLowerCase() : '';
    if (!RETRACTION_TYPES.has(type)) continue;
    const doi = typeof update.DOI === 'string' ? update.DOI : undefined;
    const source = update.source === 'retraction-watch' ? ' (Retraction Watch)' : '';
    const label = typeof update.label === 'string' ? update.label : type === 'withdrawal' ? 'Withdrawal' : 'Retraction';
    const date = isoDate(update.updated);
    return { ...(date ? { date } : {}), notice: `${label}${doi ? ` notice https://doi.org/${doi}` : ''}${source}` };
  }
  const relation = isRecord(work.relation) ? work.relation : {};
  for (const [key, value] of Object.entries(relation)) {
    if (!/retract/i.test(key) || key === 'retracts') continue;
    const first = Array.isArray(value) ? value.find(isRecord) : undefined;
    const id = first && typeof first.id === 'string' ? ` ${first['id-type'] === 'doi' ? 'https://doi.org/' : ''}${first.id}` : '';
    return { notice: `Retraction notice${id}` };
  }
  return undefined;
}

/** Corrections (errata) Crossref records for a work: notice DOIs. */
export function correctionsFromCrossref(work: Record<string, unknown>): string[] {
  const updates = Array.isArray(work['updated-by']) ? work['updated-by'].filter(isRecord) : [];
  return updates.filter((u) => typeof u.type === 'string' && /correct|errat/i.test(u.type) && typeof u.DOI === 'string').map((u) => u.DOI as string);
}

const MONTHS: Record<string, string> = { jan: '01', feb: '02', mar: '03', apr: '04', may: '05', jun: '06', jul: '07', aug: '08', sep: '09', oct: '10', nov: '11', dec: '12' };

/** The retraction a PubMed esummary document records, if any. */
export function retractionFromEsummary(doc: Record<string, unknown>): Retraction | undefined {
  const types = (Array.isArray(doc.pubtype) ? doc.pubtype : []).map((t) => String(t).toLowerCase());
  const references = Array.isArray(doc.references) ? doc.references.filter(isRecord) : [];
  const notice = references.find((r) => typeof r.reftype === 'string' && /retraction in/i.test(r.reftype));
  if (!types.includes('retracted publication') && !notice) return undefined;
  const source = notice && typeof notice.refsource === 'string' ? notice.refsource.trim() : '';
  const pmid = notice && (typeof notice.pmid === 'string' || typeof notice.pmid === 'number') ? ` (PMID ${notice.pmid})` : '';
  // `J Pain. 2021 Mar;22(3):350.`: the notice's year and month.
  const when = /\b((?:19|20)\d{2})(?:\s+([A-Za-z]{3}))?/.exec(source);
  const date = when ? `${when[1]}${when[2] && MONTHS[when[2].toLowerCase()] ? `-${MONTHS[when[2].toLowerCase()]}` : ''}` : undefined;
  return { ...(date ? { date } : {}), notice: source ? `Retraction in: ${source}${pmid}` : 'PubMed lists it as a Retracted Publication' };
}
