/**
 * PubMed records through NCBI E-utilities `esummary` (JSON). citation-js has
 * no maintained PubMed input plugin, and `efetch` offers no JSON for PubMed,
 * so the document summary is converted here.
 */
import type { EvidenceLevel } from '../bibliography/schema.js';
import { LookupError } from './http.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** `base` without its trailing slashes (a backward scan; a `\/+$` regex re-reads every inner run of slashes). */
export function withoutTrailingSlashes(base: string): string {
  let end = base.length;
  while (end > 0 && base[end - 1] === '/') end -= 1;
  return base.slice(0, end);
}

export function esummaryUrl(base: string, pmid: string, contact: string | undefined): string {
  const url = new URL(`${withoutTrailingSlashes(base)}/esummary.fcgi`);
  url.searchParams.set('db', 'pubmed');
  url.searchParams.set('id', pmid);
  url.searchParams.set('retmode', 'json');
  url.searchParams.set('tool', 'citemark');
  if (contact) url.searchParams.set('email', contact);
  return url.toString();
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

/** `2023 Jul 7` → [2023, 7, 7]; `2019 Jul-Aug` → [2019, 7]; `2014 Winter` → [2014]. */
export function pubmedDateParts(text: string): number[] | undefined {
  const match = /^(\d{4})(?:\s+([A-Za-z]{3})[a-z]*(?:\s+(\d{1,2}))?)?/.exec(text.trim());
  if (!match) return undefined;
  const parts = [Number(match[1])];
  const month = match[2] ? MONTHS[match[2].toLowerCase()] : undefined;
  if (month) {
    parts.push(month);
    if (match[3]) parts.push(Number(match[3]));
  }
  return parts;
}

/** `Orhurhu MS` → family `Orhurhu`, given `M. S.`; a collective name stays a literal. */
function pubmedName(author: Record<string, unknown>): Record<string, string> | undefined {
  const name = str(author.name);
  if (!name) return undefined;
  if (author.authtype === 'CollectiveName') return { literal: name };
  // The family name ends in a non-space, so the lazy part cannot also take the spaces `\s+` wants
  // (linear); the same split as `(.+?)\s+`, since `str` trims the name.
  const match = /^(.*?\S)\s+([A-Z]{1,4})$/.exec(name);
  if (!match) return { family: name };
  return { family: match[1]!, given: match[2]!.split('').map((c) => `${c}.`).join(' ') };
}

/** PubMed publication types, strongest design first. */
const PUBLICATION_TYPES: [string, EvidenceLevel][] = [
  ['meta-analysis', 'meta-analysis'],
  ['systematic review', 'systematic-review'],
  ['practice guideline', 'guideline'],
  ['guideline', 'guideline'],
  ['randomized controlled trial', 'rct'],
  ['observational study', 'cohort'],
  ['case reports', 'case-series'],
  ['review', 'narrative-review'],
];

/** Converts one esummary JSON body into CSL-JSON. Throws LookupError when the PMID is unknown or the body is not esummary JSON. */
export function cslFromEsummary(body: unknown, pmid: string, url: string): Record<string, unknown> {
  const result = isRecord(body) ? body.result : undefined;
  if (!isRecord(result)) {
    const why = isRecord(body) && typeof body.error === 'string' ? `: ${body.error}` : '';
    throw new LookupError('malformed', `PubMed answered \`${url}\` without a \`result\`${why}; check \`lookup.pubmedBaseUrl\``, { url });
  }
  const doc = result[pmid];
  if (!isRecord(doc) || typeof doc.error === 'string' || !str(doc.title)) {
    throw new LookupError('not-found', `PMID \`${pmid}\` was not found in PubMed; check the number`, { url, status: 404 });
  }
  const ids = Array.isArray(doc.articleids) ? doc.articleids.filter(isRecord) : [];
  const idOf = (type: string): string | undefined => str(ids.find((a) => a.idtype === type)?.value);
  const authors = (Array.isArray(doc.authors) ? doc.authors.filter(isRecord) : [])
    .filter((a) => a.authtype === undefined || a.authtype === 'Author' || a.authtype === 'CollectiveName')
    .map(pubmedName)
    .filter((n): n is Record<string, string> => n !== undefined);
  const date = pubmedDateParts(str(doc.pubdate) ?? str(doc.epubdate) ?? '');
  const types = (Array.isArray(doc.pubtype) ? doc.pubtype : []).map((t) => String(t).toLowerCase());
  const evidence = PUBLICATION_TYPES.find(([type]) => types.includes(type))?.[1];
  const record: Record<string, unknown> = {
    type: 'article-journal',
    title: str(doc.title)?.replace(/\.$/, ''),
    author: authors.length > 0 ? authors : undefined,
    issued: date ? { 'date-parts': [date] } : undefined,
    'container-title': str(doc.fulljournalname),
    'container-title-short': str(doc.source),
    volume: str(doc.volume),
    issue: str(doc.issue),
    page: str(doc.pages),
    DOI: idOf('doi'),
    PMID: pmid,
    PMCID: idOf('pmc'),
    ISSN: str(doc.issn) ?? str(doc.essn),
    evidence,
  };
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}
