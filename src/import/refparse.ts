/**
 * Free-text reference strings → CSL fields.
 *
 * A trained sequence labeller (`labeller.ts`, model in `model/refparse.json`,
 * trained by `npm run train:refparse` on AnyStyle's labelled core set and
 * citemark's own health strings) gives each token of the string a field:
 * author, date, title, journal, volume, issue, pages, publisher… This module
 * turns those labelled spans into CSL fields. Rules remain only where they are
 * exact: identifiers (DOI, PMID, PMCID, URL) and access dates are read with
 * patterns, and so are page ranges, dates and the parts of a name.
 *
 * It reads what the string says: a wrong year or a run-together name is kept
 * as printed and left to the bibliography validator.
 */
import modelFile from './model/refparse.json' with { type: 'json' };
import { fieldsOf, spansOf, type LabelledSpan, type ParsedItem, type ReferenceLabel } from './fields.js';
import { labellerFrom, modelFileSchema, type Labeller } from './labeller.js';
import { accessSpanOf, extractIdentifiers, looksLikeOrganisation, stripMarkup } from './reftext.js';
import { featuresOf, gapKindsOf, tokenize, type Token } from './tokens.js';

export { normalizePages, parseDateText, parseNames, looksLikeOrganisation } from './reftext.js';
export type { ParsedItem } from './fields.js';

export type ReferenceStyle = 'apa' | 'chicago' | 'vancouver' | 'unknown';

export interface ParsedReference {
  item: ParsedItem;
  /** 0–1: how much of a usable record was found (authors, year, title, source). */
  confidence: number;
  /** What could not be read or looks wrong, as messages for the import report. */
  problems: string[];
  /** Which layout the string was read as. */
  style: ReferenceStyle;
}

/** Below this, an import keeps the raw text as a `note` instead of trusting the fields. */
export const MIN_CONFIDENCE = 0.5;

// ───────────────────────────── the parser ─────────────────────────────

let labeller: Labeller | undefined;

function model(): Labeller {
  labeller ??= labellerFrom(modelFileSchema.parse(modelFile));
  return labeller;
}

/** What PubMed Central and publishers' pages print after each reference as links: `[DOI] [PMC free article] [PubMed] [Google Scholar]`. */
const LINK_LABELS = new Set(['DOI', 'PMC free article', 'PubMed', 'Google Scholar', 'CrossRef', 'Crossref', 'Ref list', 'CAS', 'Web of Science', 'Medline', 'Scopus', 'PMC']);

/** `text` without the link labels a page prints after it. */
function withoutLinkLabels(text: string): string {
  let t = text.trimEnd();
  while (t.endsWith(']')) {
    const open = t.lastIndexOf('[');
    if (open < 0 || !LINK_LABELS.has(t.slice(open + 1, -1))) break;
    t = t.slice(0, open).trimEnd();
  }
  return t;
}

/** The string as the labeller reads it: one line, markup and leading bullets or numbers kept out of the fields. */
function prepare(raw: string): string {
  return stripMarkup(withoutLinkLabels(raw.normalize('NFC').replace(/\s+/g, ' ').trim()))
    .replace(/^[•·▪◦-]\s+/, '')
    .replace(/^[•·▪◦]+\s*/, '')
    // `4.Okafor H`: a page's list number run into the first name (copied from PubMed Central).
    .replace(/^(?:\[\d+\]|\(\d+\)|\d+[.)](?=\s)|\d{1,3}\.(?=\p{Lu}|\p{Ll}{2,3} )|\^\d+)\s*[•·▪◦]*\s*/u, '')
    .replace(/^[•·▪◦]+\s*/, '')
    // `2Deng H, Gao K:`: a list number run into a Vancouver name with no stop between.
    .replace(/^\d{1,3}(?=\p{Lu}\p{Ll}+\s\p{Lu})/u, '')
    // `1040−1053`: ACS and others print ranges with a minus sign.
    .replace(/(\d)\u2212(?=\d)/g, '$1–')
    .trim();
}

/** `(n.d.)`, `n.d.,`: "no date" is a date, whatever the words around it. */
const NO_DATE = /^\(?n\.\s?d\.\)?[.,;:]?$/i;

/** Labels each token of a prepared string. */
export function labelReference(text: string, labeller?: Labeller): { tokens: Token[]; labels: ReferenceLabel[] } {
  const tokens = tokenize(text);
  const m = labeller ?? model();
  const date = m.labels.indexOf('date');
  const fixed = tokens.map((t) => (date >= 0 && NO_DATE.test(t.text) ? date : undefined));
  const path = m.decode(featuresOf(tokens), fixed, gapKindsOf(tokens));
  const labels = path.map((k) => (m.labels[k] ?? 'note') as ReferenceLabel);
  return { tokens, labels: organisationRunIn(tokens, labels) };
}

/**
 * An author that runs into the title with no punctuation between (`American Psychiatric | Nurses Association.`)
 * was cut inside an organisation's name: the title's words up to its first full stop go back to the author when
 * the whole reads as an organisation. Names never run into a title unpunctuated.
 */
function organisationRunIn(tokens: readonly Token[], labels: ReferenceLabel[]): ReferenceLabel[] {
  const last = labels.lastIndexOf('author', labels.indexOf('title'));
  if (last < 0 || labels[last + 1] !== 'title' || /[.,;:)]$/.test(tokens[last]?.text ?? '')) return labels;
  let stop = last + 1;
  while (stop < tokens.length && stop - last <= 4 && labels[stop] === 'title' && !/\.$/.test(tokens[stop]?.text ?? '')) stop += 1;
  if (labels[stop] !== 'title' || !/\.$/.test(tokens[stop]?.text ?? '')) return labels;
  const first = labels.indexOf('author');
  const whole = tokens.slice(first, stop + 1).map((t) => t.text).join(' ');
  if (!looksLikeOrganisation(whole.replace(/\.$/, ''))) return labels;
  return labels.map((l, i) => (i > last && i <= stop ? 'author' : l));
}

function styleOf(spans: readonly LabelledSpan[]): ReferenceStyle {
  const date = spans.findIndex((s) => s.label === 'date');
  const title = spans.findIndex((s) => s.label === 'title');
  if (title < 0 || date < 0) return title < 0 ? 'unknown' : 'vancouver';
  if (date > title) return 'vancouver';
  return spans.some((s) => s.label === 'title' && /^[“"]/.test(s.text)) ? 'chicago' : 'apa';
}

/** Parses one free-text reference. Never throws; an unreadable string comes back with low confidence. */
export function parseReference(raw: string, options: { labeller?: Labeller } = {}): ParsedReference {
  const problems: string[] = [];
  // Identifiers first, from the string as printed: a DOI may hold `_x_`, which stripping Markdown emphasis would eat.
  const ids = extractIdentifiers(raw.normalize('NFC').replace(/\s+/g, ' ').trim());
  const text = prepare(raw);
  const { tokens, labels } = labelReference(text, options.labeller);
  const spans = spansOf(text, tokens, labels);
  const { item, undated, etAl } = fieldsOf(spans, accessSpanOf(text));

  if (etAl) problems.push('author list ends with `et al.`: only the printed authors were imported');
  if (ids.accessed) item.accessed = { 'date-parts': [ids.accessed] };
  if (ids.DOI) item.DOI = ids.DOI;
  if (ids.PMID) item.PMID = ids.PMID;
  if (ids.PMCID) item.PMCID = ids.PMCID;
  if (ids.URL) item.URL = ids.URL;
  if (item.type === 'document' && (ids.URL || ids.accessed)) item.type = 'webpage';

  for (const name of item.author ?? []) {
    for (const part of [name.family, name.given]) {
      // Three lowercase letters before a capital: the same test as `\p{Ll}{3,}\p{Lu}`, without rescanning long words.
      if (part && /\p{Ll}{3}\p{Lu}/u.test(part)) {
        problems.push(`author name \`${part}\` looks run together; kept as printed — correct it in the reference file`);
      }
    }
  }
  if (!item.author && !item.editor) problems.push('no author found');
  if (!item.issued && !undated) problems.push('no year found');
  if (!item.title) problems.push('no title found');
  if (item.type === 'document') problems.push('could not tell what kind of work this is');

  let confidence = 0;
  if (item.author || item.editor) confidence += 0.25;
  if (item.issued || undated) confidence += 0.2;
  if (item.title && item.title.length >= 3) confidence += 0.3;
  if (item['container-title'] || item.publisher || item.URL || item.DOI || item.type === 'webpage' || item.type === 'article') confidence += 0.25;
  // A reference names its date or an identifier; a sentence of prose that happens to label as one does not.
  // An undated page with an author and a title still reads as one (`Org. Title.`); a bare phrase does not.
  const named = (item.author || item.editor) && item.title;
  if (!item.issued && !undated && !item.DOI && !item.URL && !item.PMID && !named) confidence = Math.min(confidence, 0.45);

  return { item, confidence: Math.round(confidence * 100) / 100, problems, style: styleOf(spans) };
}
