/**
 * What a user may type for `citemark add`: a DOI in any of its usual
 * spellings, or a PubMed id with or without its prefix.
 */
import { DOI_PATTERN, normalizeDoi, normalizePmid } from '../bibliography/normalize.js';

export type Identifier = { kind: 'doi'; value: string } | { kind: 'pmid'; value: string };

const PUBMED_URL = /^(?:https?:\/\/)?(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov\/pubmed)\/(\d{1,9})\/?$/i;
// `\s*(?::\s*)?` rather than `\s*:?\s*`: two adjacent `\s*` backtrack over each other.
const PMID_TEXT = /^(?:pmid\s*(?::\s*)?)?(\d{1,9})$/i;

/**
 * `https://doi.org/10.1111/BCP.12094`, `doi:10.1111/bcp.12094` → DOI `10.1111/bcp.12094`
 * (DOIs are case-insensitive); `PMID: 31082965`, `31082965`, a PubMed URL → PMID `31082965`.
 * Undefined when the text is neither.
 */
export function parseIdentifier(input: string): Identifier | undefined {
  const text = input.trim();
  if (text === '') return undefined;
  const pubmed = PUBMED_URL.exec(text) ?? PMID_TEXT.exec(text);
  if (pubmed?.[1]) {
    const value = normalizePmid(pubmed[1]);
    return value === '0' ? undefined : { kind: 'pmid', value };
  }
  const doi = normalizeDoi(text);
  if (DOI_PATTERN.test(doi)) return { kind: 'doi', value: doi };
  return undefined;
}

/** `doi:10.1111/bcp.12094` / `pmid:31082965`: how an identifier is named in messages and the cache. */
export function identifierLabel(id: Identifier): string {
  return `${id.kind}:${id.value}`;
}
