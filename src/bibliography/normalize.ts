/**
 * Normalisers shared by duplicate detection and validation. Each maps the
 * many spellings of one identifier or title to a single comparison key.
 */

const DOI_PREFIX = /^(?:https?:\/\/)?(?:dx\.|www\.)?doi\.org\/|^(?:info:)?doi:\s*|^doi\/\s*/i;

/** `https://doi.org/10.1111/BCP.12094` and `doi:10.1111/bcp.12094` → `10.1111/bcp.12094`. Empty when nothing is left. */
export function normalizeDoi(raw: string): string {
  return stripDoiPrefixes(raw).toLowerCase();
}

/** A DOI without `https://doi.org/`, `doi:` and percent-encoding, its case kept. */
export function stripDoiPrefixes(raw: string): string {
  let doi = raw.trim();
  // URLs copied from a browser may be percent-encoded; a DOI never contains a literal `%xx` on purpose.
  if (/%[0-9a-f]{2}/i.test(doi)) {
    try {
      doi = decodeURIComponent(doi);
    } catch {
      // leave as is: a stray `%` is reported by the DOI check, not here
    }
  }
  let previous: string;
  do {
    previous = doi;
    doi = doi.replace(DOI_PREFIX, '').trim();
  } while (doi !== previous);
  return doi;
}

export const DOI_PATTERN = /^10\.\d{4,9}\/\S+$/;

/** `PMID: 0027807158` → `27807158`. Empty when the value holds no digits. */
export function normalizePmid(raw: string | number): string {
  const text = String(raw).trim().replace(/^pmid\s*:?\s*/i, '');
  if (!/^\d+$/.test(text)) return text.toLowerCase();
  return text.replace(/^0+(?=\d)/, '');
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '-',
  mdash: '-',
  hyphen: '-',
  lsquo: "'",
  rsquo: "'",
  ldquo: '"',
  rdquo: '"',
};

/** Decodes the HTML entities that publishers' metadata actually carries; unknown names are left in place. */
export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/**
 * Drops HTML tags: `<`, an optional `/`, an ASCII letter, then everything up to the next `>`.
 * A scan rather than a global regex, which re-reads the rest of the text from every `<` never closed.
 */
function stripHtmlTags(text: string): string {
  let out = '';
  let done = 0;
  let start = text.indexOf('<');
  while (start !== -1) {
    const name = text[start + 1] === '/' ? start + 2 : start + 1;
    if (!isAsciiLetter(text.charCodeAt(name))) {
      start = text.indexOf('<', start + 1);
      continue;
    }
    const end = text.indexOf('>', name + 1);
    // No `>` after this tag start means none after any later one either.
    if (end === -1) break;
    out += text.slice(done, start);
    done = end + 1;
    start = text.indexOf('<', done);
  }
  return out + text.slice(done);
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/**
 * A comparison key for titles and names: HTML tags and entities removed,
 * diacritics dropped (NFKD), case folded, `&` read as `and`, punctuation
 * turned into spaces, whitespace collapsed.
 */
export function normalizeTitle(raw: string): string {
  let text = raw;
  if (text.includes('<')) text = stripHtmlTags(text);
  if (text.includes('&')) text = stripHtmlTags(decodeHtmlEntities(text));
  // Most titles are ASCII; the Unicode-aware path is several times slower.
  // eslint-disable-next-line no-control-regex -- the test is for anything outside ASCII, NUL included
  if (/[^\x00-\x7f]/.test(text)) {
    return text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/&/g, ' and ')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  }
  return text.toLowerCase().replace(/&/g, ' and ').replace(/[^a-z0-9]+/g, ' ').trim();
}

const CITEKEY_STOPWORDS = new Set([
  'a', 'an', 'the', 'of', 'on', 'in', 'for', 'and', 'to', 'with', 'at', 'by', 'from', 'is', 'are', 'as', 'or',
]);

function asciiWord(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

interface CitekeySource {
  author?: { family?: string; given?: string; literal?: string }[];
  editor?: { family?: string; given?: string; literal?: string }[];
  issued?: { 'date-parts'?: (string | number)[][] };
  title?: string;
}

/**
 * A citekey by the seed bibliography's rule: first author's family name (an
 * organisation's initials), the year or `nd`, the first significant title
 * word; ASCII letters and digits only. Used for items that arrive without one
 * (most RIS records).
 */
export function suggestCitekey(item: CitekeySource): string {
  const first = item.author?.[0] ?? item.editor?.[0];
  let who = '';
  if (first?.family) who = asciiWord(first.family);
  else if (first?.literal) {
    const words = first.literal.split(/\s+/).filter((w) => /^\p{Lu}/u.test(w));
    who = asciiWord(words.length > 1 ? words.map((w) => w[0]).join('') : first.literal);
  } else if (first?.given) who = asciiWord(first.given);
  const year = item.issued?.['date-parts']?.[0]?.[0];
  const yearPart = year !== undefined && /^-?\d+$/.test(String(year)) ? String(year) : 'nd';
  const word =
    normalizeTitle(item.title ?? '')
      .split(' ')
      .map(asciiWord)
      .find((w) => w.length > 0 && !CITEKEY_STOPWORDS.has(w)) ?? '';
  return `${who || 'anon'}${yearPart}${word}`;
}
