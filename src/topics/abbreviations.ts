/**
 * Abbreviations a text defines for itself: `neuropathic pain (NP)`, found
 * as Schwartz and Hearst describe (the short form's letters, in order, at
 * word starts in the words before the bracket). A later `NP` then carries
 * the long form's topics.
 */

export interface Abbreviation {
  /** As written, without a plural `s`: `NP`, `SNRI`. */
  short: string;
  long: string;
}

const DEFINITION = /\(([A-Za-z][A-Za-z0-9-]{0,10})\)/g;

/** The long form ending just before `end` whose word starts spell `short`, or undefined. */
function longFormBefore(text: string, end: number, short: string): string | undefined {
  const window = text.slice(Math.max(0, end - 160), end).trimEnd();
  const stop = Math.max(window.lastIndexOf('('), window.lastIndexOf(';'), window.lastIndexOf(':'), window.lastIndexOf(','), window.lastIndexOf('.'));
  const candidate = window.slice(stop + 1).trim();
  const words = candidate.split(/\s+/).filter(Boolean);
  const maxWords = Math.min(short.length + 5, short.length * 2);
  const lf = words.slice(-maxWords).join(' ');
  let s = short.length - 1;
  let l = lf.length - 1;
  while (s >= 0) {
    const c = short[s]!.toLowerCase();
    if (!/[a-z0-9]/.test(c)) {
      s--;
      continue;
    }
    while (l >= 0 && (lf[l]!.toLowerCase() !== c || (s === 0 && l > 0 && /[A-Za-z0-9]/.test(lf[l - 1]!)))) l--;
    if (l < 0) return undefined;
    l--;
    s--;
  }
  const start = lf.lastIndexOf(' ', l) + 1;
  const long = lf.slice(start).trim();
  return long.split(/\s+/).length >= 2 || long.length > short.length + 2 ? long : undefined;
}

/** Every abbreviation `texts` define, first definition winning. Only short forms with two or more capitals count. */
export function findAbbreviations(texts: Iterable<string>): Abbreviation[] {
  const found = new Map<string, Abbreviation>();
  for (const text of texts) {
    if (!text.includes('(')) continue;
    DEFINITION.lastIndex = 0;
    for (let m = DEFINITION.exec(text); m !== null; m = DEFINITION.exec(text)) {
      // `(SNRIs)`: the plural `s` is not part of the short form.
      const short = /[A-Z]s$/.test(m[1]!) ? m[1]!.slice(0, -1) : m[1]!;
      if ((short.match(/[A-Z]/g) ?? []).length < 2 || found.has(short)) continue;
      const long = longFormBefore(text, m.index, short);
      if (long) found.set(short, { short, long });
    }
  }
  return [...found.values()];
}
