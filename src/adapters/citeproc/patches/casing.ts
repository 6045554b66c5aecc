/**
 * citeproc lower-cases every name and sort key with
 * `text.toLocaleLowerCase(langArray)`. With an array argument V8 resolves
 * the locale list on every call, ~100× slower than `toLowerCase()`, and
 * with an empty array the result depends on the host's locale. Outside the
 * languages with special casing rules both give the same text, so those
 * calls take the plain path; the languages that need the locale still get it.
 */
import type { CiteprocPatch } from './patch.js';

type CaseMapping = (this: { tmp?: { lang_array?: unknown } }, text: string) => string;

interface CiteprocCasing {
  toLocaleLowerCase: CaseMapping;
  toLocaleUpperCase: CaseMapping;
}

/** Languages whose case mapping differs from the default one (dotted/dotless i, Lithuanian dot above). */
export const SPECIAL_CASING_LANGUAGE = /^(tr|az|lt)(?:[-_]|$)/i;

/** True when an item's languages (`tmp.lang_array`) include one with special casing rules. */
export function hasSpecialCasing(langs: unknown): boolean {
  return Array.isArray(langs) && langs.some((lang) => typeof lang === 'string' && SPECIAL_CASING_LANGUAGE.test(lang));
}

export const casing: CiteprocPatch = {
  name: 'casing',
  fingerprints: {
    toLocaleLowerCase: 'dc992250e53bec9a',
    toLocaleUpperCase: '828ebcd9fe2cfa40',
  },
  install(namespace) {
    const csl = namespace as CiteprocCasing;
    const lower = csl.toLocaleLowerCase;
    const upper = csl.toLocaleUpperCase;
    csl.toLocaleLowerCase = function (text) {
      return hasSpecialCasing(this?.tmp?.lang_array) ? lower.call(this, text) : text.toLowerCase();
    };
    csl.toLocaleUpperCase = function (text) {
      return hasSpecialCasing(this?.tmp?.lang_array) ? upper.call(this, text) : text.toUpperCase();
    };
  },
};
