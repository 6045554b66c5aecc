/**
 * DOI records into CSL-JSON through `@citation-js/plugin-doi`'s converter.
 *
 * Only the plugin's JSON module is loaded, never its index: the index
 * registers input formats that fetch `https://doi.org/…` through
 * citation-js's own HTTP code, whose host cannot be changed and which has no
 * timeout, retry or size limit. citemark fetches through `src/lookup/http.ts`
 * and hands the body to this module.
 */
import { createRequire } from 'node:module';

interface DoiJsonModule {
  parse(data: Record<string, unknown>): Record<string, unknown>;
}

const require = createRequire(import.meta.url);
const doiJson = require('@citation-js/plugin-doi/lib/json.js') as DoiJsonModule;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A CSL-JSON record as served by DOI content negotiation (`application/vnd.citationstyles.csl+json`), with Crossref's types mapped to CSL's. */
export function cslFromDoiRecord(record: Record<string, unknown>): Record<string, unknown> {
  // The converter mutates nested date objects; work on a copy.
  return doiJson.parse(structuredClone(record));
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
