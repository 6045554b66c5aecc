/**
 * Is this the same journal? Containers are compared through ISSN first, then
 * through their names, abbreviated or not: `J Vet Intern Med`, `J. Vet.
 * Intern. Med.` and `Journal of veterinary internal medicine` are one
 * journal; `Praktische Tierarzt` is another.
 *
 * No list of abbreviations is needed for that: ISO 4 (the rule behind
 * MEDLINE's and Web of Science's abbreviations) shortens a word by keeping
 * its first letter and some of the following ones in order (`Intern` for
 * Internal, `Natl` for National, `Dtsch` for Deutsche) and drops articles,
 * prepositions and conjunctions. So two names match when, once those small
 * words are gone, their words pair up one by one, each pair being one word
 * and an abbreviation of it (same first letter, the short one's letters
 * found in order in the long one); a run of words may also pair with its
 * initials (`IOVS`, `JAMA`, `USA`). No npm package keeps an ISO 4 / LTWA list
 * up to date, and a fixed list would still miss most journals; the rule
 * errs towards "different", which only ever costs a duplicate being listed
 * as possible instead of certain.
 *
 * Names are also read the way bibliographic databases print them:
 * `Journal of Alzheimer's disease : JAD` (PubMed's title, a subtitle after
 * ` : `), `Zhonghua wai ke za zhi [Chinese journal of surgery]`,
 * `… / Le Journal Canadien …` and `BMJ (Clinical research ed.)`.
 */
import { normalizeTitle } from './normalize.js';

/** Words ISO 4 leaves out of abbreviations (English, French, German, Spanish, Italian). */
const SMALL_WORDS = new Set([
  'the', 'a', 'an', 'of', 'and', 'for', 'in', 'on', 'at', 'to', 'by', 'with', 'from',
  'de', 'des', 'du', 'la', 'le', 'les', 'et', 'l', 'd',
  'der', 'die', 'das', 'und', 'fur', 'fuer', 'im', 'zur', 'zum',
  'y', 'el', 'los', 'las', 'del', 'e', 'di', 'della', 'il',
]);

/** Forms already worked out, by printed name: a library names few journals many times. */
const formsCache = new Map<string, string[][]>();
const FORMS_CACHE_SIZE = 5000;

/** The spellings under which one printed journal name can be compared, each as its significant words. */
export function journalNameForms(name: string): string[][] {
  let forms = formsCache.get(name);
  if (forms === undefined) {
    if (formsCache.size >= FORMS_CACHE_SIZE) formsCache.clear();
    forms = formsOf(name);
    formsCache.set(name, forms);
  }
  return forms;
}

/** The longest journal name looked at: longer text is not a name, and is cut rather than scanned. */
const MAX_NAME = 300;

/** `text` with every `[…]` cut out, and what the brackets held. */
function bracketed(text: string): { outside: string; inside: string[] } {
  let outside = '';
  const inside: string[] = [];
  let at = 0;
  for (;;) {
    const open = text.indexOf('[', at);
    const close = open === -1 ? -1 : text.indexOf(']', open + 1);
    if (close === -1) return { outside: outside + text.slice(at), inside };
    outside += `${text.slice(at, open)} `;
    inside.push(text.slice(open + 1, close));
    at = close + 1;
  }
}

/** `text` without a parenthesised tail such as `(London, England : 1995)`. */
function withoutParenthesisedTail(text: string): string {
  const trimmed = text.trimEnd();
  if (!trimmed.endsWith(')')) return text;
  const open = trimmed.lastIndexOf('(');
  if (open === -1 || trimmed.slice(open + 1, -1).includes(')')) return text;
  return trimmed.slice(0, open);
}

function formsOf(name: string): string[][] {
  // Whitespace folded to single spaces first, so the separators below are found by plain string search.
  const raw = name.slice(0, MAX_NAME).replace(/['’`]/g, '').split(/\s+/).join(' ').trim();
  const texts = new Set<string>();
  const add = (text: string): void => {
    const trimmed = text.trim();
    if (trimmed) texts.add(trimmed);
  };
  // `Title [Translated title]`: both are names of the journal.
  const { outside, inside } = bracketed(raw);
  for (const text of inside) add(text);
  // A parenthesised tail is a place, a series or an edition.
  const base = withoutParenthesisedTail(outside.split(/\s+/).join(' ').trim());
  add(base);
  for (const part of base.split(' = ')) for (const piece of part.split(' / ')) add(piece);
  const colon = base.split(' : ');
  if (colon.length > 1) {
    add(colon[0] ?? '');
    // `… : JAD` names the journal by its acronym; a longer tail is a motto, not a name.
    const tail = (colon[colon.length - 1] ?? '').trim();
    if (/^[A-Za-z]{2,8}$/.test(tail)) add(tail);
  }
  const forms: string[][] = [];
  const seen = new Set<string>();
  for (const text of texts) {
    const words = normalizeTitle(text)
      .split(' ')
      .filter((w) => w.length > 0 && !SMALL_WORDS.has(w));
    const key = words.join(' ');
    if (words.length > 0 && !seen.has(key)) {
      seen.add(key);
      forms.push(words);
    }
  }
  return forms;
}

/** `short` is `long` abbreviated by ISO 4's rule: same first letter, its letters found in order in `long`. */
function abbreviates(short: string, long: string): boolean {
  if (short === long) return true;
  if (short.length > long.length || short[0] !== long[0]) return false;
  // A number is never an abbreviation of another number.
  if (/\d/.test(short) || /\d/.test(long)) return false;
  let at = 1;
  for (let i = 1; i < short.length; i++) {
    at = long.indexOf(short[i] as string, at);
    if (at === -1) return false;
    at++;
  }
  return true;
}

function sameWord(a: string, b: string): boolean {
  return a.length <= b.length ? abbreviates(a, b) : abbreviates(b, a);
}

/** The most words one acronym may stand for (`PNAS`, `JAMA`, `IOVS`). */
const MAX_ACRONYM = 8;

/** True when the two word lists name one journal: word by word, or a run of words by its initials. */
function sameWords(a: readonly string[], b: readonly string[], i = 0, j = 0): boolean {
  if (i === a.length || j === b.length) return i === a.length && j === b.length;
  const [x, y] = [a[i] as string, b[j] as string];
  if (sameWord(x, y) && sameWords(a, b, i + 1, j + 1)) return true;
  for (const [word, list, at, swap] of [[x, b, j, false], [y, a, i, true]] as const) {
    if (word.length < 2 || word.length > MAX_ACRONYM || word.length > list.length - at) continue;
    let initials = '';
    for (let k = at; k < at + word.length; k++) initials += (list[k] as string)[0];
    if (initials !== word) continue;
    if (swap ? sameWords(a, b, i + word.length, j + 1) : sameWords(a, b, i + 1, j + word.length)) return true;
  }
  return false;
}

/** Whether two printed journal names are one journal. */
export function sameJournalName(a: string, b: string): boolean {
  const left = journalNameForms(a);
  const right = journalNameForms(b);
  return left.some((x) => right.some((y) => sameWords(x, y)));
}

/** Each ISSN in a field as `12345678` (check digit `X` upper case): `0167-7187`, `01677187 (ISSN)`, `1759-2879, 1759-2887`. */
export function issnsOf(value: unknown): string[] {
  if (typeof value !== 'string' && typeof value !== 'number') return [];
  const out: string[] = [];
  for (const match of String(value).matchAll(/(?<![\dXx-])(\d{4})-?(\d{3}[\dXx])(?![\dXx-])/g)) {
    const issn = `${match[1]}${match[2]}`.toUpperCase();
    if (!out.includes(issn)) out.push(issn);
  }
  return out;
}

export interface Container {
  names: string[];
  issns: string[];
}

/**
 * `same` when the two share an ISSN or their names match, `different` when
 * both are named and no name matches (disjoint ISSNs alone prove nothing:
 * one record may carry the print ISSN and the other the electronic one),
 * `unknown` when either is not named.
 */
export function compareContainers(a: Container, b: Container): 'same' | 'different' | 'unknown' {
  if (a.issns.some((issn) => b.issns.includes(issn))) return 'same';
  if (a.names.length === 0 || b.names.length === 0) return 'unknown';
  return a.names.some((x) => b.names.some((y) => sameJournalName(x, y))) ? 'same' : 'different';
}
