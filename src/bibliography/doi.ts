/**
 * DOI records into CSL-JSON.
 *
 * `@citation-js/plugin-doi` is not used: it has no release for citation-js
 * 0.8 (its latest, 0.7.21, asks for core ^0.7), and its public entry
 * registers input formats that fetch `https://doi.org/…` through
 * citation-js's own HTTP code, whose host cannot be changed and which has no
 * timeout, retry or size limit. citemark fetches through
 * `src/lookup/http.ts` and hands the body here. What the plugin's converter
 * adds to a DOI record is small: Crossref's type names read as CSL's, which
 * citation-js's core does too (`cslTypeOf`), and the few things below.
 */
import { cslTypeOf } from '../adapters/citation-js.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Dates DOI content negotiation may serve as one `date-parts` list instead of a list of them. */
const DATE_FIELDS = ['submitted', 'issued', 'event-date', 'original-date', 'container', 'accessed'] as const;

/** Crossref's member id for Front Matter, whose `posted-content` of subtype `other` are blog posts. */
const FRONT_MATTER_MEMBER = '31795';

/** The CSL type of a DOI record: Crossref's names read as CSL's; preprints as articles; Front Matter's posts as blog posts. */
function doiRecordType(record: Record<string, unknown>): unknown {
  const { type } = record;
  if (type === 'posted-content' && record.subtype === 'preprint') return 'article';
  if (type === 'posted-content' && record.subtype === 'other' && record.member === FRONT_MATTER_MEMBER) return 'post-weblog';
  return (typeof type === 'string' ? cslTypeOf(type) : undefined) ?? type;
}

/** A CSL-JSON record as served by DOI content negotiation (`application/vnd.citationstyles.csl+json`), with Crossref's types mapped to CSL's. */
export function cslFromDoiRecord(served: Record<string, unknown>): Record<string, unknown> {
  const record = structuredClone(served);
  for (const field of DATE_FIELDS) {
    const date = record[field];
    if (isRecord(date) && Array.isArray(date['date-parts']) && typeof date['date-parts'][0] === 'number') date['date-parts'] = [date['date-parts']];
  }
  const out: Record<string, unknown> = { ...record, type: doiRecordType(record) };
  if (record.type === 'dissertation' && !record.genre) out.genre = 'Doctoral dissertation';
  if (record.type === 'posted-content' && (record.subtype === 'preprint' || record.member === FRONT_MATTER_MEMBER)) {
    // A preprint's server (or Front Matter's blog) is named as its institution.
    const institution: unknown = Array.isArray(record.institution) ? record.institution[0] : undefined;
    if (isRecord(institution) && institution.name) out['container-title'] = institution.name;
  }
  return out;
}

const CROSSREF_LIST_FIELDS = ['title', 'container-title', 'short-title', 'original-title', 'subtitle'] as const;

/**
 * A Crossref REST `/works/{doi}` message as CSL-JSON. The message is close to
 * CSL already; its titles are lists and its short journal title has another name.
 */
export function cslFromCrossrefWork(message: Record<string, unknown>): Record<string, unknown> {
  const record: Record<string, unknown> = { ...message };
  for (const field of CROSSREF_LIST_FIELDS) {
    const value = record[field];
    if (Array.isArray(value)) record[field] = typeof value[0] === 'string' ? value[0] : undefined;
  }
  const subtitle = record.subtitle;
  delete record.subtitle;
  if (typeof record.title === 'string' && typeof subtitle === 'string' && subtitle && !record.title.includes(subtitle)) {
    record.title = `${record.title}: ${subtitle}`;
  }
  const shortJournal = record['short-container-title'];
  if (Array.isArray(shortJournal) && typeof shortJournal[0] === 'string') record['container-title-short'] = shortJournal[0];
  delete record['short-container-title'];
  if (typeof record['short-title'] === 'string') record['title-short'] = record['short-title'];
  delete record['short-title'];
  if (!isRecord(record.issued) || !Array.isArray(record.issued['date-parts'])) {
    const printed = record['published-print'] ?? record['published-online'] ?? record.published;
    if (isRecord(printed)) record.issued = printed;
  }
  return cslFromDoiRecord(record);
}
