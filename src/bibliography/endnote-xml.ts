/**
 * EndNote XML (File › Export › XML, also written by Bookends and read by
 * Zotero and JabRef): `<xml><records><record>…`, every value wrapped in
 * `<style face=… font=… size=…>` runs. No maintained npm package reads it
 * on Node 20 (`@citation-js/plugin-enw` reads the tagged `.enw` format;
 * `biblatex-csl-converter`'s EndNote reader needs Node 22), so records are
 * read with saxes (already citemark's XML parser) and mapped here.
 *
 * As with MEDLINE, dates and DOIs are handed on as printed for the
 * bibliography layer to read; ISSN and ISBN codes (EndNote keeps both in
 * `<isbn>`) are handed on as printed codes.
 */
import { SaxesParser } from 'saxes';
import { expandPageRange } from './medline.js';

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
  line: number;
  column: number;
}

export interface EndnoteRecord {
  /** Where the `<record>` tag ends (EndNote writes a whole library on one line, so the column matters). */
  line: number;
  column: number;
  csl: Record<string, unknown>;
  /** `<dates><year>` and `<pub-dates><date>`, as printed. */
  year?: string;
  date?: string;
  /** `<electronic-resource-num>`, as printed: EndNote's DOI field. */
  doiText?: string;
  /** `<isbn>` codes, as printed: ISSNs for journals, ISBNs for books. */
  standardNumbers: string[];
}

export type EndnoteFile = { records: EndnoteRecord[] } | { error: string; line: number };

/** EndNote's reference type names (`<ref-type name=…>`) as CSL types; other names read as `document`. */
const TYPES: Record<string, string> = {
  'journal article': 'article-journal',
  'electronic article': 'article-journal',
  'book': 'book',
  'edited book': 'book',
  'electronic book': 'book',
  'book section': 'chapter',
  'electronic book section': 'chapter',
  'conference paper': 'paper-conference',
  'conference proceedings': 'paper-conference',
  'thesis': 'thesis',
  'report': 'report',
  'government document': 'report',
  'web page': 'webpage',
  'blog': 'post-weblog',
  'newspaper article': 'article-newspaper',
  'magazine article': 'article-magazine',
  'patent': 'patent',
  'dataset': 'dataset',
  'manuscript': 'manuscript',
  'unpublished work': 'manuscript',
  'case': 'legal_case',
  'statute': 'legislation',
  'bill': 'bill',
  'standard': 'standard',
  'dictionary': 'entry-dictionary',
  'encyclopedia': 'entry-encyclopedia',
  'press release': 'article',
  'personal communication': 'personal_communication',
  'computer program': 'software',
  'figure': 'figure',
  'map': 'map',
  'generic': 'document',
};

function parseXml(xml: string): { root?: XmlElement; error?: { message: string; line: number } } {
  const parser = new SaxesParser({ position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let error: { message: string; line: number } | undefined;
  parser.on('error', (e) => {
    error ??= { message: e.message.replace(/^[^:]*:\d+:\d+: /, ''), line: parser.line };
  });
  parser.on('doctype', () => {
    error ??= { message: 'it declares a DOCTYPE, which EndNote XML does not have', line: parser.line };
  });
  parser.on('opentag', (tag) => {
    const element: XmlElement = { name: tag.name, attributes: tag.attributes as Record<string, string>, children: [], text: '', line: parser.line, column: parser.column };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else root ??= element;
    stack.push(element);
  });
  const addText = (text: string): void => {
    const current = stack[stack.length - 1];
    if (current) current.text += text;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    const done = stack.pop();
    const parent = stack[stack.length - 1];
    // A child's text is part of its parent's: `<title><style>…</style></title>`.
    if (done && parent) parent.text += done.text;
  });
  try {
    parser.write(xml).close();
  } catch (e) {
    error ??= { message: (e as Error).message, line: parser.line };
  }
  return error ? { error } : root ? { root } : { error: { message: 'it has no root element', line: 1 } };
}

function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}

function children(element: XmlElement | undefined, name: string): XmlElement[] {
  return element?.children.filter((c) => c.name === name) ?? [];
}

/** One-line text: EndNote and pretty-printers wrap long values. */
function flat(element: XmlElement | undefined): string | undefined {
  const text = element?.text.replace(/\s+/g, ' ').trim();
  return text ? text : undefined;
}

/** Multi-line text (abstracts, notes): EndNote separates paragraphs with CR. */
function paragraphs(element: XmlElement | undefined): string | undefined {
  const text = element?.text
    .split(/\r\n?|\n/)
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l !== '')
    .join('\n');
  return text ? text : undefined;
}

/** `Ahmad, AS`, `Chapman, A. G.`; a name with nothing after its comma, or no comma, is an organisation (EndNote's convention). */
function endnoteName(text: string): Record<string, string> {
  const comma = text.indexOf(',');
  if (comma === -1) return { literal: text };
  const family = text.slice(0, comma).trim();
  const given = text.slice(comma + 1).trim();
  return given ? { family, given } : { literal: family };
}

function nameList(element: XmlElement | undefined, list: string): Record<string, string>[] {
  return children(child(element, list), 'author')
    .map(flat)
    .filter((t): t is string => t !== undefined)
    .map(endnoteName);
}

/** Reads an EndNote XML file; an XML error or another kind of XML document is an error with its line. */
export function readEndnoteXml(xml: string): EndnoteFile {
  const { root, error } = parseXml(xml);
  if (error) return { error: `is not well-formed XML: ${error.message}`, line: error.line };
  if (!root || root.name !== 'xml' || !child(root, 'records')) {
    return { error: `is XML with a root element \`<${root?.name ?? '?'}>\`, not an EndNote XML export (\`<xml><records>\`)`, line: root?.line ?? 1 };
  }
  const records: EndnoteRecord[] = [];
  for (const record of children(child(root, 'records'), 'record')) {
    const refType = child(record, 'ref-type');
    const typeName = (refType?.attributes.name ?? '').toLowerCase();
    const type = TYPES[typeName] ?? 'document';
    const csl: Record<string, unknown> = { type };
    const contributors = child(record, 'contributors');
    const authors = nameList(contributors, 'authors');
    const secondary = nameList(contributors, 'secondary-authors');
    if (typeName === 'edited book') {
      if (authors.length > 0) csl.editor = authors;
    } else {
      if (authors.length > 0) csl.author = authors;
      if (secondary.length > 0 && ['chapter', 'paper-conference', 'book'].includes(type)) csl.editor = secondary;
    }
    const titles = child(record, 'titles');
    const set = (field: string, value: string | undefined): void => {
      if (value !== undefined && csl[field] === undefined) csl[field] = value;
    };
    set('title', flat(child(titles, 'title')));
    // A journal's full name is in `<periodical>`; `<secondary-title>` often holds its abbreviation (PubMed imports).
    set('container-title', flat(child(child(record, 'periodical'), 'full-title')));
    set('container-title', flat(child(titles, 'secondary-title')));
    set('container-title-short', flat(child(child(record, 'periodical'), 'abbr-1')));
    set('container-title-short', flat(child(titles, 'alt-title')));
    set('collection-title', flat(child(titles, 'tertiary-title')));
    set('title-short', flat(child(titles, 'short-title')));
    if (csl['container-title-short'] === csl['container-title']) delete csl['container-title-short'];
    const pages = flat(child(record, 'pages'));
    if (pages !== undefined) set('page', expandPageRange(pages));
    set('volume', flat(child(record, 'volume')));
    set(type === 'article-journal' || type === 'article-magazine' ? 'issue' : 'number', flat(child(record, 'number')));
    set('edition', flat(child(record, 'edition')));
    set('publisher', flat(child(record, 'publisher')));
    set('publisher-place', flat(child(record, 'pub-location')));
    set('language', flat(child(record, 'language')));
    set('genre', flat(child(record, 'work-type')));
    set('abstract', paragraphs(child(record, 'abstract')));
    set('note', paragraphs(child(record, 'notes')));
    const keywords = children(child(record, 'keywords'), 'keyword').map(flat).filter((k): k is string => k !== undefined);
    if (keywords.length > 0) csl.keyword = [...new Set(keywords)].join(', ');
    const urls = children(child(child(record, 'urls'), 'related-urls'), 'url').map(flat).filter((u): u is string => u !== undefined);
    if (urls.length > 0) csl.URL = urls.length === 1 ? urls[0] : urls;
    // EndNote's PubMed import puts the PMID in the accession number; Web of Science's is `ISI:…`.
    const accession = flat(child(record, 'accession-num'));
    if (accession && /^\d{1,8}$/.test(accession)) csl.PMID = accession;
    const dates = child(record, 'dates');
    const year = flat(child(dates, 'year'));
    const date = flat(child(child(dates, 'pub-dates'), 'date'));
    const doiText = flat(child(record, 'electronic-resource-num'));
    const standardNumbers = (child(record, 'isbn')?.text ?? '').split(/[\r\n]+/).map((s) => s.trim()).filter((s) => s !== '');
    records.push({ line: record.line, column: record.column, csl, ...(year ? { year } : {}), ...(date ? { date } : {}), ...(doiText ? { doiText } : {}), standardNumbers });
  }
  return { records };
}
