/**
 * citeproc compares sort keys with `a.localeCompare(b, locale, options)`,
 * which builds an ICU collator on every call. `localeCompare` is specified
 * as comparing with `new Intl.Collator(locale, options)`, so one collator
 * per engine orders the same. The rest is citeproc's `getSortCompare` as it
 * is: keys lower-cased as the engine lower-cases them, leading brackets and
 * quotes stripped first unless the collator already ignores them.
 */
import type { CiteprocPatch } from './patch.js';

type StringCompare = (a: string, b: string) => number;

interface CiteprocState {
  tmp: { lang_array?: unknown };
}

interface CiteprocSortCompare {
  getSortCompare: (this: CiteprocState, defaultLocale?: unknown) => StringCompare;
  stringCompare?: StringCompare;
  toLocaleLowerCase: (this: CiteprocState, text: string) => string;
}

/** citeproc's options for comparing sort keys (`getSortCompare`). */
const SORT_COLLATION: Intl.CollatorOptions = { sensitivity: 'base', ignorePunctuation: true, numeric: true };

export const sortCompare: CiteprocPatch = {
  name: 'sort-compare',
  fingerprints: {
    getSortCompare: '4b9517e61446c7a0',
  },
  install(namespace) {
    const csl = namespace as CiteprocSortCompare;
    const original = csl.getSortCompare;
    csl.getSortCompare = function getSortCompare(this: CiteprocState, defaultLocale) {
      if (csl.stringCompare) return csl.stringCompare;
      let collator: Intl.Collator;
      try {
        collator = new Intl.Collator((defaultLocale || 'en-US') as string | string[], SORT_COLLATION);
      } catch {
        return original.call(this, defaultLocale);
      }
      const strcmp: StringCompare = (a, b) => collator.compare(csl.toLocaleLowerCase.call(this, a), csl.toLocaleLowerCase.call(this, b));
      if (!strcmp('[x', 'x')) return strcmp;
      const stripPunctuation = (text: string): string => text.replace(/^[[\]'"]*/g, '');
      return (a, b) => strcmp(stripPunctuation(a), stripPunctuation(b));
    };
  },
};
