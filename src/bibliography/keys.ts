/**
 * The citekey rule shared by `citemark import` and `citemark add`:
 * first author's family name (an organisation's acronym, or its name when it
 * is a brand rather than an institution) + year (`nd` when undated) + the
 * first significant word of the title; lowercased ASCII letters and digits
 * only; `a`, `b`, `c`… appended while the key is taken.
 *
 *   Zorumski 2016 "Ketamine: NMDA Receptors and Beyond"   → zorumski2016ketamine
 *   Zhao 2019 "Non-opioid analgesics as adjuvants …"      → zhao2019nonopioid
 *   American Society of Anesthesiologists 2019 "One in …" → asa2019one
 */
import organisationWords from './organisation-words.json' with { type: 'json' };

/** Title words that never make a key: articles, prepositions, conjunctions, auxiliaries. */
export const KEY_STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'on', 'of', 'for', 'in', 'and', 'or', 'to', 'at', 'by', 'with', 'from', 'as', 'into',
  'is', 'are', 'was', 'were', 'be', 'does', 'do', 'did', 'can', 'how', 'what', 'why', 'when', 'which',
  'who', 'whom', 'whose', 'its', 'their', 'your', 'our', 'his', 'her', 'this', 'that', 'these', 'those',
  'vs', 'versus', 'about', 'via', 'should', 'will', 'would', 'could',
]);

/**
 * Words that mark a name as an institution, which is keyed by its acronym
 * (American Psychiatric Nurses Association → apna). Other organisation names
 * (brands such as "Medicare Benefits Solutions") keep every word.
 */
const INSTITUTION_WORDS = new Set([...organisationWords.organisation, ...organisationWords.institutionKey]);

const ACRONYM_SKIP = new Set(['of', 'and', 'for', 'the', 'on', 'in', 'to', 'at', '&', 'de', 'la', 'du', 'des']);

/** Letters outside Unicode's decomposable set that still have a customary ASCII spelling. */
const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss', æ: 'ae', Æ: 'ae', ø: 'o', Ø: 'o', œ: 'oe', Œ: 'oe', ł: 'l', Ł: 'l', đ: 'd', Đ: 'd',
  ð: 'd', þ: 'th', Þ: 'th', ı: 'i', ħ: 'h',
};

/** `Thérond` → `therond`, `Non-opioid` → `nonopioid`, `O’Neill-Kerr` → `oneillkerr`. */
export function asciiKeyPart(text: string): string {
  return text
    .replace(/[ßæÆøØœŒłŁđĐðþÞıħ]/g, (ch) => SPECIAL_LETTERS[ch] ?? '')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** The name fields makeKey reads; both `CslItem` and a parsed reference fit. */
export interface KeyName {
  family?: string;
  given?: string;
  literal?: string;
  'non-dropping-particle'?: string;
}

export interface KeySource {
  author?: KeyName[];
  editor?: KeyName[];
  issued?: { 'date-parts'?: (string | number)[][]; raw?: string; literal?: string };
  title?: string;
}

/**
 * Replaces each span from `open` to the first `close` after it (with at least `minInner`
 * characters between) by `replacement`, left to right: what `/\([^)]*\)/g` (0) and
 * `/<[^>]+>/g` (1) do, but in one linear pass; those regexes re-scan the rest of the text
 * from every opener that is never closed.
 */
export function replaceEnclosed(text: string, open: string, close: string, minInner: 0 | 1, replacement: string): string {
  let out = '';
  let done = 0;
  let start = text.indexOf(open);
  while (start !== -1) {
    const end = text.indexOf(close, start + 1);
    // No closer after this opener means none after any later opener either.
    if (end === -1) break;
    if (end - start - 1 < minInner) {
      start = text.indexOf(open, start + 1);
      continue;
    }
    out += text.slice(done, start) + replacement;
    done = end + 1;
    start = text.indexOf(open, done);
  }
  return out + text.slice(done);
}

/** The author part of a key for an organisation: its acronym if it is an institution, else its full name. */
export function organisationKeyPart(name: string): string {
  const words = replaceEnclosed(name, '(', ')', 0, ' ')
    .split(/[\s,/–-]+/)
    .filter((w) => w.length > 0);
  const first = words[0] ?? '';
  // Already an acronym ("NICE", "WHO", "CDC").
  if (words.length === 1) return asciiKeyPart(first);
  // A bracketed acronym given by the writer wins: "World Health Organization (WHO)".
  const given = /\(([A-Z][A-Z0-9&]{1,9})\)/.exec(name);
  if (given?.[1]) return asciiKeyPart(given[1]);
  const isInstitution = words.some((w) => INSTITUTION_WORDS.has(w.toLowerCase()));
  if (!isInstitution) return asciiKeyPart(words.join(''));
  const initials = words
    .filter((w) => !ACRONYM_SKIP.has(w.toLowerCase()))
    .map((w) => (/^[A-Z]{2,}$/.test(w) ? w : w.charAt(0)))
    .join('');
  return asciiKeyPart(initials);
}

function authorPart(item: KeySource): string {
  const first = item.author?.[0] ?? item.editor?.[0];
  if (!first) return '';
  if (first.family) {
    const particle = first['non-dropping-particle'] ?? '';
    return asciiKeyPart(particle + first.family);
  }
  if (first.literal) return organisationKeyPart(first.literal);
  return asciiKeyPart(first.given ?? '');
}

/** The year as a string, or `nd`. */
export function yearPart(item: KeySource): string {
  const year = item.issued?.['date-parts']?.[0]?.[0];
  if (year !== undefined && /^\d{1,4}$/.test(String(year))) return String(year);
  const fromText = /\b(\d{4})\b/.exec(item.issued?.raw ?? item.issued?.literal ?? '');
  return fromText?.[1] ?? 'nd';
}

/** The first title word that is not a stop word, in key form. */
export function titleWordPart(title: string | undefined): string {
  if (!title) return '';
  // Hyphenated words stay one word ("Non-opioid" → nonopioid); other punctuation separates.
  const words = replaceEnclosed(title, '<', '>', 1, ' ')
    .split(/[\s:;,.!?"“”‘’'()[\]/]+/)
    .map(asciiKeyPart)
    .filter((w) => w.length > 0);
  return words.find((w) => !KEY_STOP_WORDS.has(w)) ?? words[0] ?? '';
}

/** The key before de-duplication. Falls back to the title word, then `ref`, when there is no author. */
export function baseKey(item: KeySource): string {
  const who = authorPart(item);
  const word = titleWordPart(item.title);
  if (who) return `${who}${yearPart(item)}${word}`;
  return `${word || 'ref'}${yearPart(item)}`;
}

/**
 * The citekey for an item, not in `taken`. `taken` is not modified: add the
 * result yourself when you keep it.
 */
export function makeKey(item: KeySource, taken: ReadonlySet<string>): string {
  const base = baseKey(item);
  if (!taken.has(base)) return base;
  for (let n = 0; ; n += 1) {
    const key = base + suffixFor(n);
    if (!taken.has(key)) return key;
  }
}

/** 0 → a, 25 → z, 26 → aa, … */
function suffixFor(n: number): string {
  let out = '';
  let rest = n;
  do {
    out = String.fromCharCode(97 + (rest % 26)) + out;
    rest = Math.floor(rest / 26) - 1;
  } while (rest >= 0);
  return out;
}

/**
 * A pandoc citation key: starts with a letter, a digit or `_`; then letters,
 * digits, `_` and the internal punctuation `:.#$%&-+?<>~/`, ending on a
 * letter, a digit or `_` (pandoc's rule: trailing punctuation is not part of
 * the key).
 */
export function isPandocKey(key: string): boolean {
  return /^[\p{L}\p{N}_](?:[\p{L}\p{N}_:.#$%&\-+?<>~/]*[\p{L}\p{N}_])?$/u.test(key);
}

/**
 * Whether a key a source file already has is kept as the citekey (SPEC §2):
 * a pandoc key that can name a file and has a letter, so record numbers
 * (`17`, `2019-65183-001`, Embase's `L373791783`) and URLs
 * (`http://zotero.org/users/…`) are not taken for keys.
 */
export function isKeptSourceKey(key: string): boolean {
  if (!isPandocKey(key) || key.includes('/') || key.length > 200) return false;
  return /\p{L}/u.test(key) && !/^\p{L}?\d{5,}$/u.test(key);
}
