/**
 * Labelled spans of a reference string → CSL fields: names split into
 * family and given, dates into parts, volume, issue and pages out of their
 * printed wrapping, and the kind of work from which fields are present.
 */
import type { CslItem, CslName } from '../bibliography/schema.js';
import type { Token } from './tokens.js';
import { normalizePages, parseDateText, parseNames, stripTrailing, type DateParts } from './reftext.js';

export type ParsedItem = Partial<CslItem>;

// ───────────────────────────── labelled spans → CSL fields ─────────────────────────────

/** The labels the model gives tokens, in the model's order. */
export const REFERENCE_LABELS = [
  'author', 'editor', 'translator', 'date', 'title', 'journal', 'container-title', 'collection-title', 'volume', 'issue',
  'pages', 'publisher', 'location', 'edition', 'genre', 'note', 'url', 'doi', 'isbn', 'citation-number',
] as const;
export type ReferenceLabel = (typeof REFERENCE_LABELS)[number];

/** A run of tokens with one label, as printed (with its punctuation). */
export interface LabelledSpan {
  label: ReferenceLabel;
  text: string;
  start: number;
  end: number;
}

/** Joins consecutive tokens of one label into spans of `text`. */
export function spansOf(text: string, tokens: readonly Token[], labels: readonly ReferenceLabel[]): LabelledSpan[] {
  const spans: LabelledSpan[] = [];
  tokens.forEach((token, i) => {
    const label = labels[i] ?? 'note';
    const last = spans[spans.length - 1];
    if (last && last.label === label) {
      last.end = token.end;
      last.text = text.slice(last.start, last.end);
    } else {
      spans.push({ label, start: token.start, end: token.end, text: token.text });
    }
  });
  return spans;
}

/** Outer punctuation, brackets and quotes off: `“Title,”` → `Title`, `(2019).` → `2019`. */
function bare(text: string): string {
  let t = text.trim();
  for (let k = 0; k < 3; k += 1) {
    const before = t;
    t = stripTrailing(t, /[\s.,;:]/).replace(/^[\s.,;:]+/, '');
    if (/^[“"‘«„]/.test(t) && /[”"’»“]$/.test(t)) t = t.slice(1, -1);
    else if (/^'/.test(t) && /'$/.test(t) && t.length > 2) t = t.slice(1, -1);
    else if (/^[“"«„]/.test(t) && !/[”"»]/.test(t.slice(1))) t = t.slice(1);
    else if (/[”"»]$/.test(t) && !/[“"«„]/.test(t.slice(0, -1))) t = t.slice(0, -1);
    if (/^\(/.test(t) && /\)$/.test(t) && !/[()]/.test(t.slice(1, -1))) t = t.slice(1, -1);
    else if (/^\[/.test(t) && /\]$/.test(t) && !/[[\]]/.test(t.slice(1, -1))) t = t.slice(1, -1);
    else if (/^\(/.test(t) && !t.includes(')')) t = t.slice(1);
    else if (/\)$/.test(t) && !t.includes('(')) t = t.slice(0, -1);
    if (t === before) break;
  }
  return t.trim();
}

function cleanTitle(text: string): string {
  const t = bare(
    text
      .replace(/\[(?:Internet|online|Online|electronic resource|Electronic version|Abstract|Article in \w+)\]/g, ' ')
      .replace(/^[•·▪]+\s*/, ''),
  );
  // A dash standing alone at the end separated the title from what follows (`Title? – Biol. Conserv.`).
  return t.replace(/\s+/g, ' ').replace(/ [–—-]$/, '');
}

/** A container without the dash some journals print before it (`Title. – J. Ecol. 9: 95–99.`) or the `In` before a book. */
function cleanContainer(text: string): string {
  return cleanTitle(text.trimStart().replace(/^[–—-]\s+/, '').replace(/^(?:In|in|Dans):? /, ''));
}

const YEAR = /(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)/;

/** A date span → date parts: `(2019, October 21).`, `2014 Feb`, `January 30, 2024.`, `1996b),`. */
function dateOf(text: string): DateParts | undefined {
  const t = bare(text)
    .replace(/,/g, ' ')
    .replace(/(\d{4})[a-z]\b/, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  const full = parseDateText(t);
  if (full) return full;
  const y = YEAR.exec(t);
  if (!y?.[1]) return undefined;
  // `Published 2019 Mar`, `septembre 2014`: the year, and a month when one reads.
  return parseDateText(t.slice(y.index)) ?? [Number(y[1])];
}

interface Locator {
  volume?: string;
  issue?: string;
  year?: number;
}

/** A volume span: `36 (44):`, `Vol. 9,`, `vol. 7, no. 3,`, `1994;2(4):`, `2 vols.` */
function volumeOf(text: string): Locator {
  let t = text.trim();
  const out: Locator = {};
  const year = /^\(?(1[5-9]\d\d|20\d\d)[a-z]?\)?\s*[;:,.]\s*/.exec(t);
  if (year?.[1] && t.length > year[0].length) {
    out.year = Number(year[1]);
    t = t.slice(year[0].length);
  }
  const no = /(?:^|[\s,;(])(?:no|nr|n|issue|iss|heft|Suppl)\.?\s*(\d+[A-Za-z]?(?:[–/-]\d+)?|[A-Z]\d*)/i.exec(t);
  if (no?.[1]) {
    out.issue = no[1];
    t = t.slice(0, no.index);
  }
  const paren = /\(([^()]{1,24})\)/.exec(t);
  const inside = paren?.[1]?.trim();
  if (paren && inside) {
    if (!out.issue && !/^(?:1[5-9]\d\d|20\d\d)$/.test(inside)) out.issue = inside.replace(/^(?:no|issue)\.? ?/i, '');
    t = t.slice(0, paren.index) + ' ' + t.slice(paren.index + paren[0].length);
  }
  // The first number (or roman numeral) once the volume words are set aside: `Vol. 9,` `volume 4697` `vols. 19–21.`
  const words = t.split(/[\s,;:()]+/).map((w) => w.replace(/^(?:vols?|volume|bd|t)\.?/i, '').replace(/^\.+/, '').replace(/\.$/, ''));
  const volume = words.find((w) => /^[A-Za-z]?\d+[A-Za-z]?(?:[–-]\d+)?$/.test(w) || /^(?:[IVXLC]+|[ivxlc]+)$/.test(w));
  if (volume) out.volume = volume;
  return out;
}

function issueOf(text: string): string | undefined {
  const t = bare(text).replace(/^(?:no|nr|n|issue|iss|heft|number)\.?\s*/i, '');
  return t === '' ? undefined : t;
}

function pagesOf(text: string): string | undefined {
  const t = bare(text).replace(/^(?:pp?\.?|pages?|S\.|seiten)\s*/i, '');
  const m = /[A-Za-z]{0,2}\d+[A-Za-z]?(?:\s*[–—‐-]+\s*[A-Za-z]{0,2}\d+[A-Za-z]?)?/.exec(t);
  if (!m) return undefined;
  return normalizePages(m[0].replace(/[–—‐-]+/, '-'));
}

function editionOf(text: string): string {
  // `2nd ed.`, `(3rd edn)`, `5e éd.`, `7. Aufl.`: the number is the edition.
  const number = /\d+/.exec(text);
  if (number) return number[0];
  return bare(text.trimEnd().replace(/(?:ed|edn|edition)\.?\)?$/i, ''));
}

/** `text` without a closing editor word: `Saiz-Sapena N, Granell-Gil M, editors.` → the names. */
function withoutEditorWord(text: string): string {
  const t = text.trimEnd();
  const m = /\(?(?:eds?|editors?|hrsg|hg|dir|trans|transl|translators?)\.?\)?[.,:;]*$/i.exec(t);
  // The word must stand alone: `Reeds` is a name.
  if (!m || (m.index > 0 && /[\p{L}]/u.test(t.charAt(m.index - 1)))) return t;
  return t.slice(0, m.index).trimEnd().replace(/[,.]$/, '');
}

/** Names in an editor span: `In: Saiz-Sapena N, Granell-Gil M, editors.`, `In A. Editor (Ed.),`, `edited by A. Editor`. */
function editorNamesOf(text: string): CslName[] {
  const t = text
    .trim()
    .replace(/^(?:In|in)\s*:?\s+/, '')
    .replace(/^(?:edited|ed\.|eds\.|hrsg\.|translated|trans\.|transl\.)\s*(?:by|von)?\s*/i, '');
  return parseNames(withoutEditorWord(t)).names;
}

const PRESS_RELEASE = /\b(?:news|press)\s+release\b/i;

/** Index just after the first `.` that ends a word of two or more letters and is followed by a space, after 3 characters; -1 if none. */
function firstSentenceStop(text: string): number {
  for (let i = 3; i < text.length - 1; i += 1) {
    if (text[i] === '.' && /\s/.test(text.charAt(i + 1)) && /[^\s.A-Z]/.test(text.charAt(i - 1))) return i + 1;
  }
  return -1;
}

/** The fields of a labelled string. `accessSpan` (an access date's place) is never read as the date of the work. */
export function fieldsOf(labelled: readonly LabelledSpan[], accessSpan?: { start: number; end: number }): { item: ParsedItem; undated: boolean; etAl: boolean } {
  const item: ParsedItem = {};
  let spans = labelled;
  const of = (label: ReferenceLabel) => spans.filter((s) => s.label === label);
  const joined = (label: ReferenceLabel, sep = ' ') => of(label).map((s) => s.text.trim()).join(sep).trim();
  let etAl = false;
  let undated = false;

  const authorText = joined('author').replace(/^[•·▪]+\s*/, '').replace(/:$/, '');
  if (authorText) {
    const eds = authorText.includes('(') ? /\(\s*(?:eds?|editors?)\.?\s*\)\.?$/i.exec(authorText) : null;
    const names = parseNames(eds ? authorText.slice(0, eds.index) : authorText);
    etAl = names.etAl;
    if (names.names.length > 0) {
      if (eds) item.editor = names.names;
      else item.author = names.names;
    }
  }
  const editorText = joined('editor');
  if (editorText) {
    const names = editorNamesOf(editorText);
    if (names.length > 0) item.editor = [...(item.editor ?? []), ...names];
  }
  const translatorText = joined('translator');
  if (translatorText) {
    const names = editorNamesOf(translatorText);
    if (names.length > 0) item.translator = names;
  }

  let date: DateParts | undefined;
  for (const span of of('date')) {
    if (accessSpan && span.start >= accessSpan.start && span.end <= accessSpan.end) continue;
    if (/^\(?n\.?\s?d\.?\)?[.,]?$/i.test(span.text.trim()) || /^\(?(?:in press|forthcoming|no date)\)?[.,]?$/i.test(span.text.trim())) {
      undated = true;
      continue;
    }
    const d = dateOf(span.text);
    if (d && !date) date = d;
    else if (d && date && d[0] === date[0] && d.length > date.length) date = d;
  }

  let titles = of('title');
  if (titles.length === 0) {
    // Every work has a title: with none labelled, the first stretch after the names that is not a date or a locator is it.
    const firstOther = spans.find((s) => ['publisher', 'container-title', 'journal', 'genre', 'location', 'collection-title'].includes(s.label) && /\p{L}{2}/u.test(s.text) && !/\d/.test(s.text));
    if (firstOther && spans.filter((s) => s.label === firstOther.label).length === 1) {
      titles = [firstOther];
      spans = spans.filter((s) => s !== firstOther);
    }
  }
  if (titles.length > 0) {
    const title = cleanTitle(titles.map((s) => s.text.trim()).join(' '));
    if (title) item.title = title;
  }
  let journal = cleanContainer(joined('journal'));
  // An "edition" with neither a number nor an edition word is a mislabelled book title (`Ketamine Revisited.`).
  const editionText = joined('edition');
  const editionIsTitle = editionText !== '' && !/\d|\b(?:ed|edn|edition|éd|aufl|rev|revised|enlarged)\b/i.test(editionText.replace(/Revisited/i, ''));
  const container = cleanContainer(joined('container-title') || (editionIsTitle ? editionText : ''));
  if (journal) item['container-title'] = journal;
  else if (container) item['container-title'] = container;
  else if (item.title && (of('volume').length > 0 || of('pages').length > 0) && of('publisher').length === 0 && of('editor').length === 0) {
    // A volume or pages with no journal: the "title" is the journal (physics and chemistry lists print no article title).
    journal = item.title;
    item['container-title'] = journal;
    delete item.title;
  }
  const collection = cleanContainer(joined('collection-title'));
  if (collection) item['collection-title'] = collection;

  const locator: Locator = {};
  for (const span of of('volume')) {
    const v = volumeOf(span.text);
    locator.volume ??= v.volume;
    locator.issue ??= v.issue;
    locator.year ??= v.year;
  }
  const issueText = joined('issue');
  if (issueText) locator.issue = issueOf(issueText) ?? locator.issue;
  if (locator.volume) item.volume = locator.volume;
  if (locator.issue) item.issue = locator.issue;
  if (!date && locator.year) date = [locator.year];
  const pages = of('pages').map((s) => pagesOf(s.text)).find((p) => p !== undefined);
  if (pages) item.page = pages;

  let publisher = bare(joined('publisher', '; '));
  // A chapter's book title read as part of the imprint (`In: Editor A, editors. Book Title. Publisher; 2022.`).
  const inBook = /^\s*In\b/.test(joined('editor')) || /^\s*In\b/.test(joined('container-title'));
  if (inBook && !item['container-title']) {
    const stop = firstSentenceStop(publisher);
    if (stop > 0) {
      item['container-title'] = cleanContainer(publisher.slice(0, stop));
      publisher = bare(publisher.slice(stop));
    }
  }
  let place = bare(joined('location', '; '));
  if (publisher) {
    const colon = /^([^:;]{2,60}):\s*(.+)$/.exec(publisher);
    if (colon?.[1] && colon[2] && !place) {
      place = colon[1].trim();
      item.publisher = bare(colon[2]);
    } else item.publisher = publisher;
  }
  if (place) item['publisher-place'] = place;
  if (editionText && !editionIsTitle) item.edition = editionOf(editionText);
  const genre = bare(joined('genre'));
  if (genre) item.genre = genre;
  const isbn = /(?:97[89][-\s]?)?(?:\d[-\s]?){9}[\dXx]/.exec(joined('isbn'));
  if (isbn) item.ISBN = isbn[0];

  if (date) item.issued = { 'date-parts': [date] };

  // ── type ──
  const notes = joined('note');
  const everything = spans.map((s) => s.text).join(' ');
  const hasUrl = of('url').length > 0 || of('doi').length > 0;
  let type: CslItem['type'];
  const conference = (text: string) => /\b(?:proceedings|proc|conf|conference|symposium|symp|workshop|congress|meeting)\b/i.test(text);
  // `In Proceedings of …`: a paper in a conference's proceedings, not a chapter of a book.
  if (inBook && !PRESS_RELEASE.test(`${genre} ${notes}`)) type = conference(item['container-title'] ?? '') ? 'paper-conference' : 'chapter';
  else if (PRESS_RELEASE.test(`${genre} ${notes} ${item.title ?? ''}`)) {
    type = 'article';
    item.genre = 'Press release';
    if (item.title) item.title = cleanTitle(item.title.replace(/[[(]?\b(?:news|press) release\b[\])]?/i, ''));
  } else if (/\b(?:thesis|dissertation|th[eè]se|doctoral|master'?s)\b/i.test(genre)) type = 'thesis';
  else if (journal) type = 'article-journal';
  else if (container) {
    if (conference(container)) type = 'paper-conference';
    else if (item.editor || /^\s*In\b/.test(joined('container-title')) || /^\s*In\b/.test(joined('editor')) || item.publisher) type = 'chapter';
    else if (item.volume || item.page) type = 'article-journal';
    else if (hasUrl || accessSpan || date?.length === 3 || /\[Internet\]/i.test(everything)) type = 'webpage';
    else type = 'chapter';
  } else if (/\b(?:report|guideline|technical|working paper|white paper|fact sheet|brief)\b/i.test(`${genre} ${item.title ?? ''}`) && (item.publisher || item.author?.[0]?.literal)) {
    type = 'report';
  } else if (item.publisher || item.edition || item.ISBN) type = 'book';
  else if (hasUrl || accessSpan || /\[Internet\]/i.test(everything) || date?.length === 3 || item.author?.[0]?.literal) type = 'webpage';
  else if (item.title && date) type = 'document';
  else type = 'document';
  item.type = type;
  return { item, undated, etAl };
}

