/**
 * Free-text reference strings → CSL fields.
 *
 * Handles the shapes health writers print: APA and Harvard (`Family, I. (2019).`),
 * Chicago author-date (`Family, Given, and Given Family. 2019. “Title.” Journal 3 (2): 1–9.`),
 * Vancouver and AMA (`Family AB, Family C. Title. J Abbr. 2019;3(2):1-9.`), and
 * the mixed forms in between. It reads what the string says: a wrong year or a
 * run-together name is kept as printed and left to the bibliography validator.
 *
 * Strategy: pull out identifiers (DOI, PMID, URL, access date) first, since they
 * are unambiguous; then find where the authors end by anchoring on the date's
 * position, which is what tells the styles apart; then split the rest into
 * title and source, anchoring on the journal locator at the end when there is one.
 */
import type { CslItem, CslName } from '../bibliography/schema.js';

export type ParsedItem = Partial<CslItem>;

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

// ───────────────────────────── small helpers ─────────────────────────────

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};
const MONTH_NAME = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';

function monthNumber(word: string): number | undefined {
  return MONTHS[word.toLowerCase().replace(/\./g, '').slice(0, word.toLowerCase().startsWith('sept') ? 4 : 3)];
}

type DateParts = [number] | [number, number] | [number, number, number];

/** Reads `2019`, `2019, October 21`, `2016 Nov 2`, `January 30, 2024`, `3 March 2024`, `2024-03-03`. */
export function parseDateText(text: string): DateParts | undefined {
  const t = text.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  m = new RegExp(`^(\\d{4})[a-z]?(?:,?\\s+(${MONTH_NAME})(?:\\s+(\\d{1,2}))?)?`, 'i').exec(t);
  if (m) return buildDate(m[1], m[2], m[3]);
  m = new RegExp(`^(${MONTH_NAME})\\s+(\\d{1,2}),?\\s+(\\d{4})`, 'i').exec(t);
  if (m) return buildDate(m[3], m[1], m[2]);
  m = new RegExp(`^(\\d{1,2})\\s+(${MONTH_NAME}),?\\s+(\\d{4})`, 'i').exec(t);
  if (m) return buildDate(m[3], m[2], m[1]);
  m = new RegExp(`^(${MONTH_NAME})\\s+(\\d{4})`, 'i').exec(t);
  if (m) return buildDate(m[2], m[1], undefined);
  return undefined;
}

function buildDate(year?: string, month?: string, day?: string): DateParts | undefined {
  if (!year) return undefined;
  const y = Number(year);
  const mo = month ? monthNumber(month) : undefined;
  if (mo === undefined) return [y];
  const d = day ? Number(day) : undefined;
  return d === undefined ? [y, mo] : [y, mo, d];
}

// Linear-time stand-ins for patterns like `[.,;]+$`, `\s*X` and `\s+X`, which a regex engine retries from every
// character of a long run (quadratic). Each takes the run apart with a scan instead.

/** Drops the trailing characters `oneChar` (a one-character class) accepts: `[.,;]+$` without the rescans. */
function stripTrailing(s: string, oneChar: RegExp): string {
  let end = s.length;
  while (end > 0 && oneChar.test(s.charAt(end - 1))) end -= 1;
  return s.slice(0, end);
}

/** Start of the run of whitespace that ends at `end` (`end` itself when there is none). */
function spaceStart(s: string, end: number): number {
  let i = end;
  while (i > 0 && /\s/.test(s.charAt(i - 1))) i -= 1;
  return i;
}

/** `text.replace(/\s*MARK/g, keep ? '$&' : '')` for a global `mark` that starts with a non-space. */
function dropSpaceBefore(text: string, mark: RegExp, keep: boolean): string {
  let out = '';
  let from = 0;
  for (const m of text.matchAll(mark)) {
    out += text.slice(from, m.index).trimEnd() + (keep ? m[0] : '');
    from = m.index + m[0].length;
  }
  return out + text.slice(from);
}

/** `11158–64` → `11158-11164`; en/em dashes become hyphens; `e34253` is left alone. */
export function normalizePages(pages: string): string {
  // Split at the dashes and trim the parts: the same as replacing `\s*[–—‐-]\s*` with `-` once the ends are trimmed.
  const joined = pages.trim().split(/[–—‐-]/).map((part) => part.trim()).join('-');
  const p = stripTrailing(joined.replace(/^pp?\.\s*/i, ''), /[.,;]/);
  const m = /^(\d+)-(\d+)$/.exec(p);
  if (m?.[1] && m[2] && m[2].length < m[1].length && Number(m[2]) < Number(m[1])) {
    return `${m[1]}-${m[1].slice(0, m[1].length - m[2].length)}${m[2]}`;
  }
  return p;
}

function trimPunct(s: string): string {
  return stripTrailing(s.replace(/^[\s.,;:]+/, ''), /[\s.,;:]/);
}

/**
 * Drops `<i>`, `</em>`, `<span class="x">` … (`<\/?(?:i|em|b|strong|span|cite)\b[^>]*>`): each tag runs to the next
 * `>`, looked up with `indexOf`, since the pattern would rescan the rest of the text from every unclosed tag.
 */
function stripTags(s: string): string {
  const open = /<\/?(?:i|em|b|strong|span|cite)\b/gi;
  let out = '';
  let from = 0;
  for (let m = open.exec(s); m; m = open.exec(s)) {
    const close = s.indexOf('>', open.lastIndex);
    if (close < 0) break; // no later tag can close either
    out += s.slice(from, m.index);
    from = close + 1;
    open.lastIndex = from;
  }
  return out + s.slice(from);
}

/** Removes Markdown emphasis and stray HTML tags that reference lists carry around titles and journals. */
function stripMarkup(s: string): string {
  return stripTags(s)
    .replace(/(\*{1,2})(?=\S)([^*]*?\S)\1/g, '$2')
    .replace(/(?<![\p{L}\p{N}])(_{1,2})(?=\S)([^_]*?\S)\1(?![\p{L}\p{N}])/gu, '$2');
}

// ───────────────────────────── identifiers ─────────────────────────────

interface Identifiers {
  DOI?: string;
  PMID?: string;
  PMCID?: string;
  URL?: string;
  accessed?: DateParts;
  rest: string;
}

function trimIdentifierTail(id: string): string {
  let out = stripTrailing(id, /[.,;:*_]/);
  // A closing bracket belongs to the identifier only when the identifier opened it.
  while (/[)\]]$/.test(out)) {
    const open = (out.match(/[([]/g) ?? []).length;
    const close = (out.match(/[)\]]/g) ?? []).length;
    if (close <= open) break;
    out = stripTrailing(out.slice(0, -1), /[.,;:]/);
  }
  return out;
}

interface Found {
  /** Where the match starts and ends in the text. */
  index: number;
  end: number;
  value: string;
}

/**
 * `[cited 2024 Mar 3]`, `[accessed …]`, `[updated 2023 Jan 5; cited 2024 Mar 3]`, with the date text as `value`: the
 * match of `/\[\s*(?:cited|accessed|updated [^\]]*?cited)\s+([^\]]+)\]/i`, found by walking the brackets, since
 * that pattern rescans the text from every `[` (cubic on a string of `[updated cited cited…`).
 */
function accessBracket(text: string): Found | undefined {
  const isSpace = (i: number) => /\s/.test(text.charAt(i));
  // `\s+([^\]]+)` up to the `]` at `close`: the date text, or undefined.
  const dateAt = (from: number, close: number): string | undefined => {
    let k = from;
    while (k < close && isSpace(k)) k += 1;
    if (k === from) return undefined;
    if (k < close) return text.slice(k, close);
    return k - from >= 2 ? text.slice(k - 1, close) : undefined; // only spaces: the last one is the date
  };
  let open = text.indexOf('[');
  while (open >= 0) {
    // Every `[` before the next `]` closes there. With no `]` after it, neither it nor a later `[` can match.
    const close = text.indexOf(']', open + 1);
    if (close < 0) return undefined;
    let updatedTried = false;
    for (; open >= 0 && open < close; open = text.indexOf('[', open + 1)) {
      let i = open + 1;
      while (i < close && isSpace(i)) i += 1;
      const word = /^(?:(cited|accessed)|updated )/i.exec(text.slice(i, i + 8));
      if (!word) continue;
      if (word[1]) {
        const date = dateAt(i + word[1].length, close);
        if (date !== undefined) return { index: open, end: close + 1, value: date };
        continue;
      }
      // `updated … cited`: the first `cited` with a date after it. Whether a `cited` has one depends only on where it
      // is, so once one `[updated` found none, a later `[updated` before the same `]` finds none either.
      if (updatedTried) continue;
      updatedTried = true;
      const inner = text.slice(i + 8, close);
      const cited = /cited/gi;
      for (let c = cited.exec(inner); c; cited.lastIndex = c.index + 1, c = cited.exec(inner)) {
        const date = dateAt(i + 8 + c.index + 5, close);
        if (date !== undefined) return { index: open, end: close + 1, value: date };
      }
    }
  }
  return undefined;
}

/**
 * The first match of `core`, widened to take in a lead-in printed just before it (`Available from: https://doi.org/`).
 * `lead` is optional and anchored at the end (`…$`), and is tried on the text before the match: searched as one
 * pattern, the lead-in's runs of spaces are rescanned from every start. No lead-in can hold the start of a core,
 * so the first core is the one the single pattern would find.
 */
function withLeadIn(text: string, core: RegExp, lead: RegExp): Found | undefined {
  const m = core.exec(text);
  if (!m) return undefined;
  const start = lead.exec(text.slice(0, m.index))?.index ?? m.index;
  return { index: start, end: m.index + m[0].length, value: m[0] };
}

const ACCESS_PHRASE = new RegExp(
  `\\(?\\b(?:Last\\s+)?(?:Accessed|Retrieved|Viewed|Consulted)(?:\\s+on)?:?\\s+((?:${MONTH_NAME}\\s+\\d{1,2},?\\s+\\d{4})|(?:\\d{1,2}\\s+${MONTH_NAME},?\\s+\\d{4})|(?:\\d{4}\\s+${MONTH_NAME}\\s+\\d{1,2})|(?:\\d{4}-\\d{2}-\\d{2}))\\)?[.,]?(?:\\s*from\\b)?`,
  'i',
);

function extractIdentifiers(input: string): Identifiers {
  let rest = input;
  const ids: Identifiers = { rest };

  let access = accessBracket(rest);
  if (!access) {
    const m = ACCESS_PHRASE.exec(rest);
    if (m?.[1]) access = { index: m.index, end: m.index + m[0].length, value: m[1] };
  }
  if (access) {
    ids.accessed = parseDateText(access.value.replace(/,/g, '').replace(/\s+/g, ' '));
    rest = rest.slice(0, access.index) + ' ' + rest.slice(access.end);
  }

  const doi = withLeadIn(
    rest,
    /\b10\.\d{4,9}\/[^\s"<>]+/,
    /(?:\b(?:Available\s+(?:from|at)|Retrieved\s+from)\s*(?::\s*)?)?(?:\b(?:https?:\/\/)?(?:dx\.)?doi\.org\/|\bdoi:?\s*)?$/i,
  );
  if (doi) {
    ids.DOI = trimIdentifierTail(doi.value);
    rest = rest.slice(0, doi.index) + ' ' + rest.slice(doi.end - (doi.value.length - ids.DOI.length));
  }
  const pmcid = /\bPMCID:?\s*(PMC\d+)|\b(PMC\d{5,})\b/i.exec(rest);
  if (pmcid) {
    ids.PMCID = (pmcid[1] ?? pmcid[2] ?? '').toUpperCase();
    rest = rest.slice(0, pmcid.index) + ' ' + rest.slice(pmcid.index + pmcid[0].length);
  }
  const pmid = /\bPMID:?\s*(\d{1,9})\b/i.exec(rest);
  if (pmid?.[1]) {
    ids.PMID = pmid[1];
    rest = rest.slice(0, pmid.index) + ' ' + rest.slice(pmid.index + pmid[0].length);
  }
  const url = withLeadIn(rest, /(?:https?:\/\/|www\.)[^\s<>]+/i, /(?:\b(?:Available\s+(?:from|at)|Retrieved\s+from|URL)\s*(?::\s*)?)?<?$/i);
  if (url) {
    const found = trimIdentifierTail(url.value);
    ids.URL = found.startsWith('www.') ? `https://${found}` : found;
    const end = url.end + (rest.charAt(url.end) === '>' ? 1 : 0);
    rest = rest.slice(0, url.index) + ' ' + rest.slice(end);
  }
  rest = rest
    .replace(/\b(?:Available\s+(?:from|at)|Retrieved\s+from)\s*(?::\s*)?$/i, '')
    .replace(/\bEpub(?:\s+ahead\s+of\s+print)?\.?(?:\s+\d{4}(?:\s+[A-Z][a-z]{2}(?:\s+\d{1,2})?)?)?\.?/gi, ' ');
  rest = dropSpaceBefore(rest, /[.,;]/g, true).replace(/([.,;])(?:\s*\.)+/g, '$1');
  ids.rest = collapseTrailingMarks(rest).replace(/\s+/g, ' ').trim();
  return ids;
}

/** `Title.;,` / `Journal, ;` at the end keep only their first mark (`([.,;])(?:\s*[,;])+(?=\s*$)` → `$1`), by a scan. */
function collapseTrailingMarks(s: string): string {
  const run = stripTrailing(s, /[\s,;]/).length; // where the closing run of spaces, commas and semicolons starts
  let first = -1;
  let last = -1;
  for (let i = run; i < s.length; i += 1) {
    if (s[i] === ',' || s[i] === ';') {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (last < 0) return s;
  const keep = run > 0 && s[run - 1] === '.' ? run - 1 : first;
  return keep === last ? s : s.slice(0, keep + 1) + s.slice(last + 1);
}

// ───────────────────────────── names ─────────────────────────────

const LOWER_PARTICLES = new Set(['van', 'von', 'de', 'der', 'den', 'da', 'di', 'du', 'le', 'la', 'del', 'della', 'dos', 'das', 'ter', 'ten', 'bin', 'al', 'el', 'st']);
const CAPITAL_PARTICLES = new Set(['Da', 'De', 'Del', 'Della', 'Di', 'Dos', 'Du', 'Van', 'Von', 'Le', 'La', 'Ter', 'Ten']);

const ORG_WORDS = /\b(?:Association|Society|Institutes?|Organi[sz]ation|Agency|Administration|Cent(?:er|re)s?|College|Academy|Council|Foundation|Department|Ministry|Commission|Committee|Board|Federation|Alliance|Coalition|Network|Collaboration|Group|Office|Service|Services|Publishing|Publications|Solutions|Health|Clinic|Hospital|University|Trust|Inc|Ltd|LLC|Company|Corporation|Bureau|Union|Program(?:me)?|Team|Panel|Taskforce|Task Force|Authority|Registry|Press)\b/;

/** An all-caps short word (`NICE`, `WHO`, `NIH`) or a name with an institution word. */
export function looksLikeOrganisation(text: string): boolean {
  const t = text.trim();
  if (/\d/.test(t) || t.length > 150 || t.length < 2) return false;
  if (/^[A-Z][A-Z&]{1,9}$/.test(t)) return true;
  return ORG_WORDS.test(t) && !/,\s*\p{Lu}\.(?:\s|$)/u.test(t);
}

// Separators come before each further initial (never both before and after), so matching stays linear.
const INITIALS_DOTTED = /^\p{Lu}\.?(?:[\s-]*\p{Lu}\.?){0,3}[\s-]*$/u;
const INITIALS_BARE = /^\p{Lu}{1,4}(?:-\p{Lu})?$/u;

function isInitials(token: string): boolean {
  const t = token.trim();
  return (INITIALS_DOTTED.test(t) && /\./.test(t)) || INITIALS_BARE.test(t);
}

/** `CF` → `C. F.`, `H-Y` → `H.-Y.`, `R.C.` → `R. C.`. */
function dotInitials(token: string): string {
  const t = token.trim();
  if (/\./.test(t)) return t.replace(/\.\s*(?=\p{Lu})/gu, '. ').replace(/\.-\s*/g, '.-').replace(/(\p{Lu})$/u, '$1.');
  return t
    .split('-')
    .map((part) => part.split('').map((c) => `${c}.`).join(' '))
    .join('-');
}

/** `Jorge L. Palacios` → Palacios / Jorge L.; `Ksenija Maravic Da Silva` → Da Silva / Ksenija Maravic. */
function naturalOrderName(text: string): CslName {
  const words = text.trim().split(/\s+/);
  if (words.length === 1) return { family: words[0] ?? '' };
  let start = words.length - 1;
  while (start > 1) {
    const w = words[start - 1] ?? '';
    if (LOWER_PARTICLES.has(w) || CAPITAL_PARTICLES.has(w)) start -= 1;
    else break;
  }
  return { family: words.slice(start).join(' '), given: words.slice(0, start).join(' ') };
}

function vancouverName(text: string): CslName | undefined {
  // `Family INITIALS [Suffix]`, read from the end: the family name is all before the spaces ahead of the initials
  // (as `^(.+?)\s+…$`, whose `.` stops at a line break, but without rescanning a run of spaces from each start).
  const t = text.trim();
  const m = /\s(\p{Lu}{1,4}(?:-\p{Lu})?)(?:\s+(Jr|Sr|II|III|IV)\.?)?$/u.exec(t);
  if (!m?.[1]) return undefined;
  const family = t.slice(0, spaceStart(t, m.index));
  if (!family || /[\n\r\u2028\u2029]/.test(family)) return undefined;
  const name: CslName = { family, given: dotInitials(m[1]) };
  if (m[2]) name.suffix = m[2];
  return name;
}

interface NameList {
  names: CslName[];
  etAl: boolean;
}

const ET_AL = /^(?:et\.?\s*al\.?|and others|…|\.\.\.)$/i;

/** Splits an author string in any of the supported styles. */
export function parseNames(input: string): NameList {
  let text = input.trim();
  const eds = /\((?:Eds?|Comp|Ed)\.?\)\.?$/i.exec(text);
  if (eds) text = text.slice(0, spaceStart(text, eds.index));
  text = stripTrailing(text, /[.,;]/).trim();
  let etAl = false;
  const etAlStart = etAlTailStart(text);
  if (etAlStart >= 0) {
    etAl = true;
    text = text.slice(0, etAlStart).trim();
  }
  if (!text) return { names: [], etAl };
  if (!/,/.test(text) && looksLikeOrganisation(text)) {
    return { names: [{ literal: text }], etAl };
  }
  const tokens = text
    // The tokens are trimmed, so leaving the spaces before a separator in the token changes nothing.
    .split(/,\s*(?:&\s*|and\s+)?|\s&\s+|\sand\s+/)
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
  const rest = tokens.filter((t) => !ET_AL.test(t));
  if (rest.length !== tokens.length) etAl = true;

  // Vancouver / AMA: every token is "Family INITIALS".
  const vancouver = rest.map(vancouverName);
  if (rest.length > 0 && vancouver.every((n) => n !== undefined)) {
    return { names: vancouver as CslName[], etAl };
  }
  if (rest.length === 1) {
    const only = rest[0] ?? '';
    return { names: [looksLikeOrganisation(only) || only.split(/\s+/).length > 3 ? { literal: only } : naturalOrderName(only)], etAl };
  }

  // Inverted first name (APA, Harvard, Chicago); later names inverted (APA) or in natural order (Chicago).
  const names: CslName[] = [];
  let i = 0;
  while (i < rest.length) {
    const token = rest[i] ?? '';
    const next = rest[i + 1];
    const single = /^(?:\p{Ll}+\s+)+\S+$/u.test(token) || isCompoundFamily(token, next);
    // The first name of an APA, Harvard or Chicago list is always inverted ("Family, Given").
    if (next !== undefined && (isInitials(next) || i === 0 || single)) {
      names.push({ family: token, given: isInitials(next) ? dotInitials(next) : next });
      i += 2;
    } else if (/\s/.test(token)) {
      names.push(naturalOrderName(token));
      i += 1;
    } else {
      names.push({ family: token });
      i += 1;
    }
  }
  return { names, etAl };
}

/** Where a closing `, et al.`, `and others` or `…` starts (`,?\s*(?:et\.?\s*al\.?|and others|…)\s*$`), or -1. */
function etAlTailStart(text: string): number {
  const t = text.trimEnd();
  const m = /(?:et\.?\s*al\.?|and others|…)$/i.exec(t);
  if (!m) return -1;
  const start = spaceStart(t, m.index);
  return start > 0 && t[start - 1] === ',' ? start - 1 : start;
}

/** `Yildirim Guclu, C.` and `Trulsson Schouenborg, A.` are one family name when initials follow. */
function isCompoundFamily(token: string, next: string | undefined): boolean {
  return next !== undefined && isInitials(next) && /^\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){1,2}$/u.test(token);
}

/** Plausible as the author part of a reference: names, an organisation, not a sentence. */
function looksLikeAuthors(text: string): boolean {
  const t = text.trim();
  if (!t || t.length > 700) return false;
  if (/[“”"]|\b(?:19|20)\d{2}\b/.test(t)) return false;
  if (looksLikeOrganisation(t)) return true;
  const { names } = parseNames(t);
  if (names.length === 0) return false;
  // A run of lowercase words means prose, not names.
  const lowerWords = t.split(/\s+/).filter((w) => /^\p{Ll}{3,}/u.test(w) && !LOWER_PARTICLES.has(w) && w !== 'and');
  return lowerWords.length === 0;
}

// ───────────────────────────── body: title and source ─────────────────────────────

const QUOTE_PAIRS: Record<string, string> = { '“': '”', '"': '"', '‘': '’', "'": "'", '«': '»', '„': '“' };
const ABBREVIATIONS = /(?:^|\s)(?:vs|e\.g|i\.e|etc|St|Dr|Mr|Mrs|Ms|No|Vol|U\.S|U\.K|approx|Suppl|ed|eds|Jr|Sr|Inc|Ltd|Co|al)$/i;

/** Index just after the sentence end that closes the first segment, ignoring brackets and abbreviations. */
function firstBoundary(text: string, from = 0): number {
  let depth = 0;
  for (let i = from; i < text.length; i += 1) {
    const ch = text[i] ?? '';
    if (ch === '(' || ch === '[') depth += 1;
    else if ((ch === ')' || ch === ']') && depth > 0) depth -= 1;
    else if (depth === 0 && (ch === '.' || ch === '?' || ch === '!')) {
      const after = text.slice(i + 1);
      if (after.length === 0) return i + 1;
      if (!/^\s+\S/.test(after)) continue;
      if (ch === '.') {
        const before = text.slice(0, i);
        if (ABBREVIATIONS.test(before)) continue;
        if (/(?:^|[\s(])\p{Lu}$/u.test(before) && /^\s+\p{Lu}\./u.test(after)) continue; // "J. A." initials
      }
      return i + 1;
    }
  }
  return -1;
}

/** Index of the last boundary before `end` (a title/container split point). */
function lastBoundary(text: string): number {
  let last = -1;
  let pos = 0;
  for (;;) {
    const b = firstBoundary(text, pos);
    if (b < 0 || b >= text.length) break;
    last = b;
    pos = b;
  }
  return last;
}

function quotedTitle(body: string): { title: string; rest: string } | undefined {
  const open = body.charAt(0);
  const close = QUOTE_PAIRS[open];
  if (!close) return undefined;
  // The closing quote is the one followed by punctuation, a space or the end, so apostrophes inside are skipped.
  for (let i = 1; i < body.length; i += 1) {
    if (body[i] !== close) continue;
    const after = body.slice(i + 1);
    if (after === '' || /^[\s.,;:?!]/.test(after)) {
      const inner = body.slice(1, i);
      if (open === "'" && /\w$/.test(inner) && /^s\b/.test(after)) continue;
      return { title: stripTrailing(inner, /[\s.,;:]/).trim(), rest: trimPunct(after) };
    }
  }
  return undefined;
}

interface Locator {
  container: string;
  volume?: string;
  issue?: string;
  page?: string;
  date?: DateParts;
  /** Where the locator starts in the text, so the title can be split off before it. */
  prefix: string;
}

const PAGES = '(?:[A-Za-z]{0,2}\\d+[A-Za-z]?(?:\\s*[–—‐-]\\s*[A-Za-z]{0,2}\\d+[A-Za-z]?)?)';

/** `Br J Clin Pharmacol. 2014 Feb;77(2):357-67` (Vancouver/AMA): year before the semicolon. */
function vancouverLocator(text: string): Locator | undefined {
  const re = new RegExp(
    `^(?<pre>.*?)[.,]?\\s*(?<date>\\d{4}(?:\\s+${MONTH_NAME}(?:\\s*[-–/]\\s*${MONTH_NAME})?(?:\\s+\\d{1,2})?)?)\\s*;\\s*(?<vol>[A-Za-z]?\\d+[A-Za-z]?)?\\s*(?:\\((?<iss>[^)]+)\\))?(?:\\s*Suppl\\.?\\s*\\d*)?\\s*(?::\\s*(?<pg>${PAGES}))?\\s*[.;]?\\s*(?<tail>.*)$`,
    'i',
  );
  const m = re.exec(text);
  if (!m?.groups) return undefined;
  const g = m.groups;
  if (!g.vol && !g.pg) return undefined;
  if (g.tail && g.tail.trim().length > 40) return undefined;
  return {
    prefix: trimPunct(g.pre ?? ''),
    container: '',
    volume: g.vol,
    issue: g.iss?.trim(),
    page: g.pg ? normalizePages(g.pg) : undefined,
    date: parseDateText(g.date ?? ''),
  };
}

/** `Journal, 43(5), 521-546` (APA/Harvard), `Journal 36 (44): 11158–64` (Chicago), `Anesthesiology113(3), 639–646`. */
function trailingLocator(text: string): Locator | undefined {
  const t = stripTrailing(text, /[.\s]/);
  // `BMJ, April, j1284` is Chicago with a month in place of volume(issue), read first.
  const re = new RegExp(
    `^(?<pre>.*?[\\p{L})\\]])(?:,\\s*|\\s+|(?<=\\p{L}{4})(?=\\d))(?:vol\\.?\\s*)?(?<vol>\\d+)\\s*(?:\\((?<iss>[^)]+)\\))?\\s*(?:(?:[,:]|,?\\s*(?:no\\.|pp?\\.))\\s*(?:pp?\\.\\s*|[Aa]rticle\\s+(?:no\\.\\s*)?)?(?<pg>${PAGES}))?$`,
    'u',
  );
  const monthOnly = new RegExp(`^(?<pre>.*?[\\p{L}]),\\s*(?<mon>${MONTH_NAME})(?:\\s+\\d{1,2})?,\\s*(?<pg>${PAGES})$`, 'u').exec(t);
  if (monthOnly?.groups?.pre) {
    const mon = monthNumber(monthOnly.groups.mon ?? '');
    return {
      prefix: monthOnly.groups.pre,
      container: '',
      page: normalizePages(monthOnly.groups.pg ?? ''),
      date: mon ? [0, mon] : undefined,
    };
  }
  const m = re.exec(t);
  if (m?.groups?.pre && !new RegExp(`${MONTH_NAME}$`, 'i').test(m.groups.pre)) {
    const g = m.groups;
    let issue = g.iss?.trim();
    let date: DateParts | undefined;
    const month = issue ? monthNumber(issue) : undefined;
    if (issue && month !== undefined && /^[A-Za-z]+\.?$/.test(issue)) {
      date = [0, month];
      issue = undefined;
    }
    return {
      prefix: g.pre ?? '',
      container: '',
      volume: g.vol,
      issue,
      page: g.pg ? normalizePages(g.pg) : undefined,
      date,
    };
  }
  return undefined;
}

/** Splits `Title. Container` at the last sentence end; returns only a title when there is none. */
function splitTitleContainer(prefix: string, titleKnown: boolean): { title?: string; container?: string } {
  const p = trimPunct(prefix);
  if (titleKnown) return { container: p };
  const at = lastBoundary(p);
  if (at < 0) return { title: p };
  return { title: cleanTitle(p.slice(0, at)), container: trimPunct(p.slice(at)) };
}

function cleanTitle(title: string): string {
  const t = dropSpaceBefore(title.trim(), /\[(?:Internet|online|Online|electronic resource)\]/g, false);
  return stripTrailing(t, /[\s.,;:]/).trim();
}

const PUBLISHER_WORDS = /\b(?:Press|Publishing|Publishers?|Books|Wiley|Elsevier|Springer|Saunders|Lippincott|Wolters|McGraw|Routledge|Sage|Thieme|Karger|Mosby|Churchill|IntechOpen|Oxford|Cambridge|Blackwell|Taylor|Francis|Sons|Verlag|Academic|Pearson|Guilford|Norton|Penguin|HarperCollins|Random House)\b/;

interface BookInfo {
  /** Series or document kind printed before the imprint, e.g. `NICE guideline NG193`. */
  genre?: string;
  publisher?: string;
  place?: string;
  edition?: string;
  date?: DateParts;
  pages?: string;
}

/** `2nd ed. London: Publisher; 2019.`, `Publisher.`, `New York: Publisher.`, `Place: Publisher, 2019, pp. 3–9.` */
function parsePublication(text: string): BookInfo | undefined {
  let t = trimPunct(text);
  const info: BookInfo = {};
  const ed = /(?:^|[\s(])(\d+)(?:st|nd|rd|th)\s+(?:ed|edn|edition)\.?\)?\.?/i.exec(t);
  if (ed?.[1]) {
    info.edition = ed[1];
    t = trimPunct(t.slice(0, ed.index) + ' ' + t.slice(ed.index + ed[0].length));
  }
  const pages = /(?:^|[\s,;.])p{1,2}\.\s*(\d+\s*[–—-]\s*\d+|\d+)\.?$/.exec(t);
  if (pages?.[1]) {
    info.pages = normalizePages(pages[1]);
    t = trimPunct(t.slice(0, pages.index));
  }
  const yearTail = /[;,]\s*(\d{4})(?:\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{1,2})?)?\s*-?$/.exec(t);
  if (yearTail?.[1]) {
    info.date = parseDateText(t.slice(yearTail.index).replace(/^[;,]\s*/, ''));
    t = trimPunct(t.slice(0, yearTail.index));
  }
  const lastStop = lastBoundary(t);
  if (lastStop > 0 && /:/.test(t.slice(lastStop))) {
    info.genre = trimPunct(t.slice(0, lastStop));
    t = trimPunct(t.slice(lastStop));
  }
  const placePub = /^([^:;]{2,60}):\s*([^:;]+)$/.exec(t);
  if (placePub?.[1] && placePub[2]) {
    info.place = placePub[1].trim();
    info.publisher = trimPunct(placePub[2]);
    return info;
  }
  if (t && (PUBLISHER_WORDS.test(t) || info.date || info.edition) && !/\.\s/.test(t)) {
    info.publisher = t;
    return info;
  }
  return info.edition || info.pages ? info : undefined;
}

interface ChapterInfo extends BookInfo {
  editors: CslName[];
  container?: string;
}

/** After `In:`/`In`: editors and book title in Vancouver, APA or Chicago order. */
function parseChapter(text: string): ChapterInfo {
  let t = text.replace(/^In:?\s+/i, '').trim();
  const info: ChapterInfo = { editors: [] };
  // APA: `A. Editor & B. Editor (Eds.), Book (2nd ed., pp. 1–9). Publisher.` (taken first when the Vancouver form fits too)
  const aEd = splitAtParenthesisedEds(t);
  if (aEd && aEd[0].length < 300) {
    info.editors = editorNames(aEd[0]);
    t = aEd[1];
    const book = splitAtParentheses(t);
    let bookTitle: string;
    let after: string;
    if (book && /pp?\.|ed\.|vol\./i.test(book[1])) {
      bookTitle = book[0];
      const inside = book[1];
      const pp = /pp?\.\s*([\d–—-]+)/.exec(inside);
      if (pp?.[1]) info.pages = normalizePages(pp[1]);
      // `(?:^|\D)` starts the number at its first digit, so a run of digits is not rescanned from each one.
      const ed = /(?:^|\D)(\d+)(?:st|nd|rd|th)\s+ed/i.exec(inside);
      if (ed?.[1]) info.edition = ed[1];
      after = book[2];
    } else {
      const b = firstBoundary(t);
      bookTitle = b < 0 ? t : t.slice(0, b);
      after = b < 0 ? '' : t.slice(b);
    }
    info.container = cleanTitle(bookTitle);
    Object.assign(info, withoutUndefined(parsePublication(after) ?? {}), info.pages ? { pages: info.pages } : {});
    return info;
  }
  // Vancouver/AMA: `Editor A, Editor B, editors. Book. Place: Publisher; 2019. p. 1-9.`
  const vEd = splitAtEditorsWord(t);
  if (vEd) {
    info.editors = editorNames(vEd[0]);
    t = vEd[1];
  }
  // Chicago: `Book Title, edited by A. Editor, 33–45. Place: Publisher.`
  const chicago = splitAtEditedBy(t);
  if (chicago) {
    info.container = cleanTitle(chicago.title);
    info.editors = editorNames(chicago.editors);
    if (chicago.pages) info.pages = normalizePages(chicago.pages);
    Object.assign(info, withoutUndefined(parsePublication(chicago.rest) ?? {}), info.pages ? { pages: info.pages } : {});
    return info;
  }
  const b = firstBoundary(t);
  info.container = cleanTitle(b < 0 ? t : t.slice(0, b));
  const pub = parsePublication(b < 0 ? '' : t.slice(b));
  if (pub) Object.assign(info, withoutUndefined(pub));
  return info;
}

// The splits below find what the patterns `^(.+?)SEPARATOR(.*)$` found: the shortest non-empty head before a
// separator, and the rest. They search for the separator itself, since a lazy head retried against a separator that
// opens with `\s*` or `\s+` rescans each run of spaces. (Unlike `.`, they do not stop at line breaks; the text here
// has none, as parseReference collapses all whitespace first.)

/** `Editor A, Editor B, editors. Book…` → names, rest (`^(.+?),?\s+(?:eds?|editors?)\.\s+(.*)$`). */
function splitAtEditorsWord(t: string): [string, string] | undefined {
  const word = /\s(?:eds?|editors?)\.\s/gi;
  for (let m = word.exec(t); m; word.lastIndex = m.index + 1, m = word.exec(t)) {
    const run = spaceStart(t, m.index + 1);
    const cut = run >= 2 && t[run - 1] === ',' ? run - 1 : Math.max(run, 1);
    if (cut <= m.index) return [t.slice(0, cut), t.slice(m.index + m[0].length).trimStart()];
  }
  return undefined;
}

/** `A. Editor & B. Editor (Eds.), Book…` → names, rest (`^(.+?)\s*\((?:Eds?|Editors?)\.?\),?\s+(.*)$`). */
function splitAtParenthesisedEds(t: string): [string, string] | undefined {
  const eds = /\((?:Eds?|Editors?)\.?\),?\s+/gi;
  eds.lastIndex = 1;
  const m = eds.exec(t);
  if (!m) return undefined;
  return [t.slice(0, Math.max(spaceStart(t, m.index), 1)), t.slice(m.index + m[0].length)];
}

/** `Book (2nd ed., pp. 1–9). Publisher.` → before, inside, after (`^(.+?)\s*\(([^)]*?)\)\.?\s*(.*)$`). */
function splitAtParentheses(t: string): [string, string, string] | undefined {
  const open = t.indexOf('(', 1);
  const close = open < 0 ? -1 : t.indexOf(')', open + 1);
  if (close < 0) return undefined;
  const after = t.charAt(close + 1) === '.' ? close + 2 : close + 1;
  return [t.slice(0, Math.max(spaceStart(t, open), 1)), t.slice(open + 1, close), t.slice(after).trimStart()];
}

/**
 * `Book Title, edited by A. Editor, 33–45. Place: Publisher.`
 * (`^(.+?),\s+edited by\s+(.+?)(?:,\s*(\d+\s*[–—-]\s*\d+))?\.\s*(.*)$`): the editors end at the first `.`, or at a
 * `, 33–45.`, after at least one character.
 */
function splitAtEditedBy(t: string): { title: string; editors: string; pages?: string; rest: string } | undefined {
  const by = /,\s+edited by\s/gi;
  by.lastIndex = 1;
  const m = by.exec(t);
  if (!m) return undefined;
  const spaces = m.index + m[0].length - 1;
  let names = spaces;
  while (names < t.length && /\s/.test(t.charAt(names))) names += 1;
  const end = /\.|,\s*(\d+\s*[–—-]\s*\d+)\./g;
  end.lastIndex = names + 1;
  let e = end.exec(t);
  if (!e && names - spaces >= 2) {
    // Only an end right where the names start is left: the pattern then gave the last space to the names.
    names -= 1;
    end.lastIndex = names + 1;
    e = end.exec(t);
  }
  if (!e) return undefined; // a later `, edited by` has no end after it either
  const rest = t.slice(e.index + e[0].length).trimStart();
  return { title: t.slice(0, m.index), editors: t.slice(names, e.index), pages: e[1], rest };
}

function editorNames(text: string): CslName[] {
  return parseNames(text.replace(/^(?:edited by|eds?\.?)\s+/i, '')).names;
}

function withoutUndefined<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}

// ───────────────────────────── the parser ─────────────────────────────

interface Head {
  style: ReferenceStyle;
  authors: NameList;
  date?: DateParts;
  body: string;
  undated?: boolean;
}

const APA_HEAD = new RegExp(
  `^(?<auth>(?:[^()]|\\((?:[A-Z][A-Za-z&]*|Eds?\\.|Ed\\.)\\))*?)[.,]?\\s*\\((?<date>(?:\\d{4}[a-z]?(?:,\\s*${MONTH_NAME}(?:\\s+\\d{1,2}(?:\\s*[–-]\\s*\\d{1,2})?)?)?|n\\.\\s?d\\.?|in press|${MONTH_NAME}\\s+\\d{1,2},\\s+\\d{4}))\\)[.,]?\\s*(?<body>.*)$`,
  'i',
);

/**
 * Chicago author-date: `Authors. 2019. Body` / `Authors. n.d. Body`. The same split as
 * `^(?<auth>[^“"]{2,700}?)\.\s+(?<date>\d{4}[a-z]?\.|n\.\s?d\.|[Nn]o date\.|forthcoming\.)\s+(?<body>.*)$`, found by
 * searching for the date, since the lazy author part retried against `\.\s+` rescans each run of spaces.
 */
function chicagoHead(text: string): { auth: string; date: string; body: string } | undefined {
  const date = /\.\s+(\d{4}[a-z]?\.|n\.\s?d\.|[Nn]o date\.|forthcoming\.)\s/g;
  date.lastIndex = 2;
  const m = date.exec(text);
  if (!m?.[1] || m.index > 700 || /[“"]/.test(text.slice(0, m.index))) return undefined;
  return { auth: text.slice(0, m.index), date: m[1], body: text.slice(m.index + m[0].length).trimStart() };
}

const V_FAMILY = "(?:(?:van|von|de|der|den|da|di|du|le|la|del|della|dos|das|ter|ten|bin|al|el)\\s+)*\\p{Lu}[\\p{L}'’\\-]*(?:\\s+\\p{Lu}[\\p{L}'’\\-]*){0,2}";
const V_AUTHOR = `${V_FAMILY}\\s+\\p{Lu}{1,4}(?:-\\p{Lu})?(?:\\s+(?:Jr|Sr|II|III|IV)\\.?)?`;
const VANCOUVER_HEAD = new RegExp(`^(?<auth>${V_AUTHOR}(?:,\\s*${V_AUTHOR})*(?:,?\\s*(?:et al|and others))?)\\.\\s+(?<body>.*)$`, 'u');

function readHead(text: string): Head {
  const apa = APA_HEAD.exec(text);
  if (apa?.groups?.auth !== undefined && apa.groups.body !== undefined) {
    const auth = apa.groups.auth.trim();
    if (auth.length > 0 && looksLikeAuthors(auth)) {
      const dateText = apa.groups.date ?? '';
      const date = parseDateText(dateText);
      return { style: 'apa', authors: parseNames(auth), date, body: apa.groups.body, undated: !date };
    }
  }
  const chicago = chicagoHead(text);
  if (chicago && looksLikeAuthors(chicago.auth)) {
    const date = parseDateText(chicago.date);
    return { style: 'chicago', authors: parseNames(chicago.auth), date, body: chicago.body, undated: !date };
  }
  const vancouver = VANCOUVER_HEAD.exec(text);
  if (vancouver?.groups?.auth && vancouver.groups.body !== undefined) {
    return { style: 'vancouver', authors: parseNames(vancouver.groups.auth), body: vancouver.groups.body };
  }
  // An organisation as author: `World Health Organization. Title. …`
  const b = firstBoundary(text);
  if (b > 0 && b < text.length) {
    const first = trimPunct(text.slice(0, b));
    if (looksLikeOrganisation(first)) {
      return { style: 'vancouver', authors: { names: [{ literal: first }], etAl: false }, body: text.slice(b).trim() };
    }
  }
  return { style: 'unknown', authors: { names: [], etAl: false }, body: text };
}

function mergeDate(base: DateParts | undefined, extra: DateParts | undefined): DateParts | undefined {
  if (!extra) return base;
  if (!base) return extra[0] === 0 ? undefined : extra;
  if (extra[0] !== 0 && extra[0] !== base[0]) return base;
  if (extra.length > base.length) return [base[0], ...extra.slice(1)] as DateParts;
  return base;
}

/** A date printed in the source part (`January 30, 2024.`, `Published March 3, 2020.`), removed from the text. */
function takeLooseDate(text: string): { date?: DateParts; rest: string } {
  const re = new RegExp(
    `(?:^|[.,]\\s*|\\s)(?:(?:Published|Updated|Last updated|Posted)(?: on)?:?\\s+)?((?:${MONTH_NAME}\\s+\\d{1,2},?\\s+\\d{4})|(?:\\d{1,2}\\s+${MONTH_NAME}\\s+\\d{4})|(?:\\d{4}\\s+${MONTH_NAME}\\s+\\d{1,2})|(?:${MONTH_NAME}\\s+\\d{4}))\\.?`,
    'i',
  );
  const m = re.exec(text);
  if (!m?.[1]) return { rest: text };
  const date = parseDateText(m[1].replace(/,/g, ''));
  return { date, rest: trimPunct(text.slice(0, m.index) + '. ' + text.slice(m.index + m[0].length)) };
}

/** Parses one free-text reference. Never throws; an unreadable string comes back with low confidence. */
export function parseReference(raw: string): ParsedReference {
  const problems: string[] = [];
  let text = raw
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:\[\d+\]|\(\d+\)|\d+[.)](?=\s)|\^\d+)\s*/, '');
  // A closing run of spaces and semicolons goes when it holds a semicolon (`(?:\s*;)+\s*$`).
  const unpunctuated = stripTrailing(text, /[\s;]/);
  if (text.slice(unpunctuated.length).includes(';')) text = unpunctuated;
  text = text.trim();

  // Identifiers first: a DOI may hold `_x_`, which Markdown emphasis stripping would eat.
  const ids = extractIdentifiers(text);
  text = stripMarkup(ids.rest).replace(/\s+/g, ' ').trim();

  let pressRelease = false;
  const pr = /\[?\(?\b(?:news|press)\s+release\b\]?\)?/i.exec(text);
  if (pr) {
    // The spaces before it go too (as `\s*` in front of the pattern would take them, but without rescanning them).
    pressRelease = true;
    text = (text.slice(0, spaceStart(text, pr.index)) + text.slice(pr.index + pr[0].length)).trim();
  }
  const internet = /\[Internet\]/i.test(text);
  const descriptor = /\[(?:Blog post|Fact sheet|Web page|Webpage|Website|Video|Podcast|Infographic|Online|Internet|Editorial|Letter)\]/gi;
  text = dropSpaceBefore(dropSpaceBefore(text, descriptor, false), /\./g, true).trim();

  const head = readHead(text);
  const item: ParsedItem = {};
  if (head.authors.names.length > 0) item.author = head.authors.names;
  if (head.authors.etAl) problems.push('author list ends with `et al.`: only the printed authors were imported');

  let body = head.body.trim();
  let date = head.date;
  let title: string | undefined;
  let type: CslItem['type'] | undefined;

  const quoted = quotedTitle(body);
  if (quoted) {
    title = cleanTitle(quoted.title);
    body = quoted.rest;
  }

  let container: string | undefined;
  let chapter: ChapterInfo | undefined;
  let book: BookInfo | undefined;
  let locator: Locator | undefined;

  // Chapter: `Title. In: …` / `Title. In …` / `“Title.” In …`
  const inMatch = title ? /^In:?\s+/i.exec(body) : /[.?!]\s+In:?\s+(?=\p{Lu}|\p{L}\.)/u.exec(body);
  if (inMatch) {
    if (!title) title = cleanTitle(body.slice(0, inMatch.index + 1));
    chapter = parseChapter(body.slice(inMatch.index + (title && inMatch.index === 0 ? 0 : 1)).trim());
    type = 'chapter';
  } else {
    locator = vancouverLocator(body) ?? trailingLocator(body);
    if (locator && head.style !== 'vancouver' && locator.date && locator.date[0] !== 0 && date) {
      // An APA/Chicago string with a `2019;` inside the title is not a Vancouver locator.
      if (locator.date[0] !== date[0]) locator = trailingLocator(body);
    }
    if (locator) {
      const split = splitTitleContainer(locator.prefix, title !== undefined);
      if (split.title !== undefined) title = split.title;
      container = split.container;
      if (!container && title && !quoted) {
        // No container before the locator: the "title" was the journal.
        container = title;
        title = undefined;
      }
      if (container) type = 'article-journal';
      else locator = undefined;
    }
  }

  if (!locator && !chapter) {
    const loose = takeLooseDate(body);
    if (loose.date) {
      date = mergeDate(date, loose.date);
      body = loose.rest;
    }
    if (!title) {
      const b = firstBoundary(body);
      title = cleanTitle(b < 0 ? body : body.slice(0, b));
      body = b < 0 ? '' : body.slice(b).trim();
    }
    const rest = trimPunct(body);
    const dated = date !== undefined && date.length === 3;
    if (rest) {
      book = dated && firstBoundary(rest) < 0 && !/:/.test(rest) ? undefined : parsePublication(rest);
      if (book?.publisher || book?.place) {
        const kind = `${title ?? ''} ${book.genre ?? ''}`;
        if (ids.URL && !/\b(?:reports?|guidelines?)\b/i.test(kind) && !PUBLISHER_WORDS.test(book.publisher ?? '')) type = 'webpage';
        else type = /\b(?:report|guideline|technical)\b/i.test(kind.replace(/s\b/g, '')) ? 'report' : 'book';
      } else {
        book = undefined;
        const first = firstBoundary(rest);
        container = cleanTitle(first < 0 ? rest : rest.slice(0, first));
        const tail = first < 0 ? '' : trimPunct(rest.slice(first));
        if (tail) {
          const pub = parsePublication(tail);
          if (pub?.publisher) book = pub;
        }
      }
    }
  }

  if (date === undefined && locator?.date && locator.date[0] !== 0) date = locator.date;
  else date = mergeDate(date, locator?.date);
  if (book?.date) date = mergeDate(date, book.date) ?? book.date;
  if (chapter?.date) date = mergeDate(date, chapter.date) ?? chapter.date;

  // ── type ──
  const dayDate = date !== undefined && date.length === 3;
  if (pressRelease) {
    type = 'article';
    item.genre = 'Press release';
  } else if (!type) {
    if (ids.URL || ids.accessed || internet || dayDate) type = 'webpage';
    else if (container) type = 'chapter';
    else if (item.author?.[0]?.literal) type = 'webpage';
    else type = 'document';
  }
  item.type = type;

  if (title) item.title = title;
  if (chapter) {
    if (chapter.container) item['container-title'] = chapter.container;
    if (chapter.editors.length > 0) item.editor = chapter.editors;
    if (chapter.publisher) item.publisher = chapter.publisher;
    if (chapter.place) item['publisher-place'] = chapter.place;
    if (chapter.pages) item.page = chapter.pages;
    if (chapter.edition) item.edition = chapter.edition;
  }
  if (container) item['container-title'] = container;
  if (locator) {
    if (locator.volume) item.volume = locator.volume;
    if (locator.issue) item.issue = locator.issue;
    if (locator.page) item.page = locator.page;
  }
  if (book) {
    if (book.genre) item.genre = book.genre;
    if (book.publisher) item.publisher = book.publisher;
    if (book.place) item['publisher-place'] = book.place;
    if (book.edition) item.edition = book.edition;
    if (book.pages && !item.page) item.page = book.pages;
  }
  if (date && date[0] !== 0) item.issued = { 'date-parts': [date] };
  if (ids.accessed) item.accessed = { 'date-parts': [ids.accessed] };
  if (ids.DOI) item.DOI = ids.DOI;
  if (ids.PMID) item.PMID = ids.PMID;
  if (ids.PMCID) item.PMCID = ids.PMCID;
  if (ids.URL) item.URL = ids.URL;

  // ── checks and confidence ──
  for (const name of item.author ?? []) {
    for (const part of [name.family, name.given]) {
      // Three lowercase letters before a capital: the same test as `\p{Ll}{3,}\p{Lu}`, without rescanning long words.
      if (part && /\p{Ll}{3}\p{Lu}/u.test(part)) {
        problems.push(`author name \`${part}\` looks run together; kept as printed — correct it in the reference file`);
      }
    }
  }
  if (!item.author && !item.editor) problems.push('no author found');
  if (!item.issued && !head.undated) problems.push('no year found');
  if (!item.title) problems.push('no title found');
  if (type === 'document') problems.push('could not tell what kind of work this is');

  let confidence = 0;
  if (item.author || item.editor) confidence += 0.25;
  if (item.issued || head.undated) confidence += 0.2;
  if (item.title && item.title.length >= 3) confidence += 0.3;
  if (item['container-title'] || item.publisher || item.URL || item.DOI || item.type === 'webpage' || item.type === 'article') {
    confidence += 0.25;
  }
  if (head.style === 'unknown' && !item.DOI) confidence = Math.min(confidence, 0.45);

  return { item, confidence: Math.round(confidence * 100) / 100, problems, style: head.style };
}
