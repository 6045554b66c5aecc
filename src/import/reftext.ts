/**
 * The exact rules of reference parsing: dates, page ranges, identifiers
 * (DOI, PMID, PMCID, URL, access dates) and the parts of a name. The trained
 * labeller decides which words are which field; these read a field's words.
 */
import type { CslName } from '../bibliography/schema.js';
import organisationWords from '../bibliography/organisation-words.json' with { type: 'json' };

// ───────────────────────────── small helpers ─────────────────────────────

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};
const MONTH_NAME = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';

export function monthNumber(word: string): number | undefined {
  return MONTHS[word.toLowerCase().replace(/\./g, '').slice(0, word.toLowerCase().startsWith('sept') ? 4 : 3)];
}

export type DateParts = [number] | [number, number] | [number, number, number];

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
export function stripTrailing(s: string, oneChar: RegExp): string {
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
export function stripMarkup(s: string): string {
  return stripTags(s)
    .replace(/(\*{1,2})(?=\S)([^*]*?\S)\1/g, '$2')
    .replace(/(?<![\p{L}\p{N}])(_{1,2})(?=\S)([^_]*?\S)\1(?![\p{L}\p{N}])/gu, '$2');
}

// ───────────────────────────── identifiers ─────────────────────────────

export interface Identifiers {
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

/** Where an access date is printed (`Accessed April 5, 2024.`, `[cited 2024 Mar 3]`): its date is not the work's. */
export function accessSpanOf(text: string): { start: number; end: number } | undefined {
  const bracket = accessBracket(text);
  if (bracket) return { start: bracket.index, end: bracket.end };
  return accessPhrase(text);
}

/**
 * `Accessed April 2013`, `Retrieved 2010-08-07`, `(accessed 20 March 2012)`, `[Accessed 13 Apr. 2018]`: the access
 * word and the date after it, up to its last number within 40 characters (and a closing bracket right after).
 */
function accessPhrase(text: string): { start: number; end: number } | undefined {
  const word = /\b(?:Accessed|Retrieved|Viewed|Consulted|Cited|Zugriff|Consulté)\b/iu.exec(text);
  if (!word) return undefined;
  let start = word.index;
  if (start > 0 && /[([]/.test(text.charAt(start - 1))) start -= 1;
  const from = word.index + word[0].length;
  // The date ends before an address or a closing bracket.
  let window = text.slice(from, from + 40);
  const stop = window.search(/https?:|www\.|[)\]]/);
  if (stop >= 0) window = window.slice(0, stop);
  let last = -1;
  for (const n of window.matchAll(/\d+/g)) last = n.index + n[0].length;
  if (last < 0) return undefined;
  let end = from + last;
  while (end < text.length && /[.,]/.test(text.charAt(end))) end += 1;
  if (/[)\]]/.test(text.charAt(end))) end += 1;
  return { start, end };
}

export function extractIdentifiers(input: string): Identifiers {
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

/** Any of the words, whole (`Task Force` as two); none holds a character special in a regular expression. */
const ORG_WORDS = new RegExp(`\\b(?:${organisationWords.referenceAuthor.join('|')})\\b`);

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
  if (!m?.[1]) return dottedVancouverName(t);
  const family = t.slice(0, spaceStart(t, m.index));
  if (!family || /[\n\r\u2028\u2029]/.test(family)) return undefined;
  const name: CslName = { family, given: dotInitials(m[1]) };
  if (m[2]) name.suffix = m[2];
  return name;
}

/** `Brewer A. C.`, `Rey-Moreno C.`: Vancouver order with dotted initials, read word by word from the end. */
function dottedVancouverName(t: string): CslName | undefined {
  const words = t.split(/\s+/);
  let i = words.length;
  while (i > 1 && /^\p{Lu}\.(?:-\p{Lu}\.)?$/u.test(words[i - 1] ?? '')) i -= 1;
  if (i === words.length || i > 3) return undefined;
  const family = words.slice(0, i);
  if (!family.every((w) => /^\p{L}[\p{L}'’-]*$/u.test(w)) || !/^\p{Lu}/u.test(family.at(-1) ?? '')) return undefined;
  return { family: family.join(' '), given: words.slice(i).join(' ') };
}

export interface NameList {
  names: CslName[];
  etAl: boolean;
}

/**
 * A name written initials first (`S. E. Han`, `J.-P. Dupont`, `Th. Cornelius`, `M. de Tourreil`): initials, then
 * lower-case particles, then one or two capitalised words. Read word by word rather than by one pattern, whose
 * optional spaces and repeated groups backtrack.
 */
function initialsFirst(name: string): boolean {
  const words = name.trim().split(/\s+/);
  let i = 0;
  // `J.-P.` and `R.A.M.` are one word; `S.` `E.` are two.
  while (i < words.length && /^(?:\p{Lu}\p{Ll}?\.-?)+$/u.test(words[i] ?? '')) i += 1;
  if (i === 0) return false;
  while (i < words.length && /^\p{Ll}+$/u.test(words[i] ?? '')) i += 1;
  const rest = words.slice(i);
  return rest.length >= 1 && rest.length <= 2 && rest.every((w) => /^\p{Lu}[\p{L}'’-]+$/u.test(w));
}
/** `Tomás Lindqvist`, `Oscar P. Nakamura`, `Mei-Ling Park`: a given name, maybe initials, and a capitalised family name. */
function givenFirst(name: string): boolean {
  const words = name.trim().split(/\s+/);
  // `Van Zuilen`, `St Clair`: a family name with its particle, not a given name.
  if (words.length < 2 || words.length > 4 || CAPITAL_PARTICLES.has(words[0] ?? '') || /^(?:St|Mac|Mc|Al|El)$/.test(words[0] ?? '')) return false;
  const whole = (w: string) => /^\p{Lu}\p{Ll}[\p{L}'’-]*$/u.test(w);
  return whole(words[0] ?? '') && whole(words.at(-1) ?? '') && words.slice(1, -1).every((w) => whole(w) || /^(?:\p{Lu}\.)+$/u.test(w));
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
    // `and`, `&`, and the French and German words for it (`et`, `und`), never `et al.`.
    .split(/[,;]\s*(?:&\s*|and\s+)?|\s&\s+|\s(?:and|et(?!\s*al\b)|und)\s+/)
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
  const rest = tokens.filter((t) => !ET_AL.test(t));
  if (rest.length !== tokens.length) etAl = true;

  // Initials first (IEEE, Nature's later authors, many books): `S. E. Han, G. Chen`.
  // `R.Urbanke`: initials printed against the name.
  const spaced = rest.map((t) => t.replace(/(\p{Lu}\.)(?=\p{Lu}\p{Ll})/gu, '$1 '));
  if (spaced.length > 0 && spaced.every(initialsFirst)) {
    return { names: spaced.map(naturalOrderName), etAl };
  }
  // A list that opens with `G. W. Family` is in natural order even where a later piece is not a whole name
  // (`… et V.` when the labeller cut the list short): an inverted list never opens with initials.
  if (spaced.length > 1 && initialsFirst(spaced[0] ?? '') && spaced.filter(initialsFirst).length * 2 >= spaced.length) {
    return { names: spaced.filter((t) => !isInitials(t)).map(naturalOrderName), etAl };
  }
  // Full given names first (`Hana Okafor, Tomás Lindqvist, and Joy Adeyemi`): the first two pieces are both
  // whole names ending in a family name, where an inverted list pairs `Family, Given`.
  if (spaced.length > 1 && givenFirst(spaced[0] ?? '') && givenFirst(spaced[1] ?? '') && !looksLikeOrganisation(spaced[0] ?? '')) {
    return { names: spaced.map(naturalOrderName), etAl };
  }

  // Vancouver / AMA: every token is "Family INITIALS".
  const vancouver = rest.map(vancouverName);
  if (rest.length > 0 && vancouver.every((n) => n !== undefined)) {
    return { names: vancouver, etAl };
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


