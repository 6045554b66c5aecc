/**
 * Words → comparable tokens. Vocabulary terms and prose go through the same
 * normaliser, so a term written once in its base form finds its plurals and
 * inflections (`nerve block` → `nerve blocks`, `blocked`).
 */
import { stemmer } from 'stemmer';

export interface Token {
  /** The word as written. */
  raw: string;
  /** Lower-cased, spelling-normalised, stemmed form. */
  norm: string;
  /** True when the word is written in capitals (an acronym such as `CBT`, `NSAIDs`). */
  upper: boolean;
  /** UTF-16 offsets into the text. */
  start: number;
  end: number;
}

const APOSTROPHES = new Set(["'", '’', 'ʼ']);

/** British and variant spellings folded before stemming; the mapping only has to be consistent, since terms and prose share it. */
function foldSpelling(word: string): string {
  return word
    .replace(/^anaes/, 'anes')
    .replace(/aem/g, 'em')
    .replace(/paed/g, 'ped')
    .replace(/oedem/g, 'edem')
    .replace(/iour/g, 'ior')
    .replace(/is(ation|ed|ing|es)$/, 'iz$1')
    .replace(/tre$/, 'ter');
}

const stemCache = new Map<string, string>();

/** The comparable form of one word. */
export function normalizeWord(word: string): string {
  const lower = word.toLowerCase();
  const cached = stemCache.get(lower);
  if (cached !== undefined) return cached;
  let folded = foldSpelling(lower);
  // Porter strips `-ful` and `-ness`, which turns `mindfulness` into `mind`; keep such words whole.
  if (folded.endsWith('fulness')) folded = folded.slice(0, -4);
  const norm = folded.endsWith('ful') ? folded : stemmer(folded);
  if (stemCache.size > 50_000) stemCache.clear();
  stemCache.set(lower, norm);
  return norm;
}

function isUpperWord(word: string): boolean {
  // Most words start with a lower-case ASCII letter, which the upper-casing below would change.
  const first = word.charCodeAt(0);
  if (first >= 97 && first <= 122) return false;
  // `NSAIDs`: an acronym with a lower-case plural `s` is still an acronym.
  const core = word.length > 2 && word.endsWith('s') ? word.slice(0, -1) : word;
  return core.length >= 2 && /\p{Lu}/u.test(core) && core === core.toUpperCase();
}

/** Splits text into word tokens. A possessive `’s` is dropped; hyphens separate words (`non-opioid` → `non`, `opioid`). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  forEachWord(text, (start, end) => {
    const raw = text.slice(start, end);
    tokens.push({ raw, norm: normalizeWord(raw), upper: isUpperWord(raw), start, end });
  });
  return tokens;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Calls `visit` with the bounds of each word: each run of letters and digits,
 * as `/[\p{L}\p{N}]+/gu` finds them, except an `s` after an apostrophe. A
 * scan with an ASCII fast path; the pattern's match objects cost more than
 * the rest of tokenizing (this runs on every claim and every reference).
 */
function forEachWord(text: string, visit: (start: number, end: number) => void): void {
  let start = -1;
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i);
    let width = 1;
    let isWord: boolean;
    if (code < 128) isWord = (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
    else {
      const point = text.codePointAt(i)!;
      if (point > 0xffff) width = 2;
      isWord = WORD_CHAR.test(String.fromCodePoint(point));
    }
    if (isWord) {
      if (start === -1) start = i;
    } else if (start !== -1) {
      emitWord(text, start, i, visit);
      start = -1;
    }
    i += width;
  }
  if (start !== -1) emitWord(text, start, text.length, visit);
}

function emitWord(text: string, start: number, end: number, visit: (start: number, end: number) => void): void {
  if (end - start === 1 && (text[start] === 's' || text[start] === 'S') && start > 0 && APOSTROPHES.has(text[start - 1]!)) return;
  visit(start, end);
}

/** One token of a vocabulary term: its comparable form and whether it must appear in capitals. */
export interface TermToken {
  norm: string;
  caseSensitive: boolean;
}

/** Tokens of a vocabulary term. A word written in capitals (`TENS`) matches only capitals, so `tens of patients` is not TENS. */
export function termTokens(term: string): TermToken[] {
  return tokenize(term).map((t) => ({ norm: t.norm, caseSensitive: t.upper }));
}

/** The words of `text` as written, split as {@link tokenize} splits them, without normalising each. */
export function wordsOf(text: string): string[] {
  const words: string[] = [];
  forEachWord(text, (start, end) => words.push(text.slice(start, end)));
  return words;
}

/** Normalised tokens joined by spaces, for search indexes. */
export function normalizeText(text: string): string[] {
  return tokenize(text).map((t) => t.norm);
}
