/**
 * Linear-time text scanning helpers for the import's marker search: they
 * stand in for patterns such as `/<[^>]+>/g`, which a backtracking regex
 * engine retries from every `<`, reading on to the end of the text each time
 * when the closing part is missing (quadratic on hostile input).
 */

/**
 * `haystack.indexOf(needle, from)` for calls with growing `from`: while the last answer is still at or
 * after `from` it is the answer again (and a miss stays a miss), so the text is read once in all.
 */
export function indexFinder(haystack: string, needle: string): (from: number) => number {
  let asked = -1;
  let found = -1;
  return (from) => {
    if (asked < 0 || from < asked || (found !== -1 && from > found)) found = haystack.indexOf(needle, from);
    asked = from;
    return found;
  };
}

/** Lower-cases A–Z only: every index stays where it was, and a non-Unicode `/i` pattern matches ASCII letters no other way. */
export function asciiLowerCase(text: string): string {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

/** A word character for `\b` in a pattern without the `u` flag. */
export function isAsciiWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /^\w$/.test(ch);
}

interface Replacement {
  /** Exclusive end of the match. */
  end: number;
  replacement: string;
}

/**
 * `text.replace(/…/g, …)` with a hand-written matcher: from left to right, at each `first` that is not
 * inside an earlier match, `matchAt` says whether a match starts there (it is never empty).
 */
function replaceEach(text: string, first: string, matchAt: (i: number) => Replacement | undefined): string {
  let out = '';
  let last = 0;
  for (let i = text.indexOf(first); i !== -1; ) {
    const m = matchAt(i);
    if (m) {
      out += text.slice(last, i) + m.replacement;
      last = m.end;
    }
    i = text.indexOf(first, m ? m.end : i + 1);
  }
  return out + text.slice(last);
}

/** Removes tags: `text.replace(/<[^>]+>/g, '')`. */
export function stripTags(text: string): string {
  const tagEnd = indexFinder(text, '>');
  return replaceEach(text, '<', (i) => {
    const end = tagEnd(i + 1);
    return end > i + 1 ? { end: end + 1, replacement: '' } : undefined;
  });
}
