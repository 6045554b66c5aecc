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

const WORD = /[\p{L}\p{N}]+/gu;
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
  // `NSAIDs`: an acronym with a lower-case plural `s` is still an acronym.
  const core = word.length > 2 && word.endsWith('s') ? word.slice(0, -1) : word;
  return core.length >= 2 && /\p{Lu}/u.test(core) && core === core.toUpperCase();
}

/** Splits text into word tokens. A possessive `’s` is dropped; hyphens separate words (`non-opioid` → `non`, `opioid`). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const raw = m[0];
    const start = m.index;
    if ((raw === 's' || raw === 'S') && start > 0 && APOSTROPHES.has(text[start - 1]!)) continue;
    tokens.push({ raw, norm: normalizeWord(raw), upper: isUpperWord(raw), start, end: start + raw.length });
  }
  return tokens;
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
  for (const m of text.matchAll(WORD)) {
    const raw = m[0];
    if ((raw === 's' || raw === 'S') && m.index > 0 && APOSTROPHES.has(text[m.index - 1]!)) continue;
    words.push(raw);
  }
  return words;
}

/** Normalised tokens joined by spaces, for search indexes. */
export function normalizeText(text: string): string[] {
  return tokenize(text).map((t) => t.norm);
}
