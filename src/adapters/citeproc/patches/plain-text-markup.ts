/**
 * citeproc passes every piece of output through its inline markup parser
 * (`processTags`), which looks for tags (`<i>`, `<span class="nocase">`, …)
 * and quotation marks to nest and flip. It finds none in most pieces
 * (names, numbers, dates) and then leaves the piece as it was, having built
 * a pattern and split the text to find out. Every tag and quote it knows
 * has a `<`, a straight quote or one of the locale's quotation marks, and
 * it reads a `’` between letters as a quote, so a text with none of those
 * characters goes past it unchanged.
 *
 * The parser is made per engine (`CSL.Util.FlipFlopper`), with the
 * engine's locale, so this patch changes each engine as it is built.
 */
import type { CiteprocEngine } from '../engine.js';
import type { CiteprocPatch } from './patch.js';

const markupSkipped = new WeakSet<object>();

export const plainTextMarkup: CiteprocPatch = {
  name: 'plain-text-markup',
  fingerprints: {
    'Util.FlipFlopper': '7ad92ab26b501100',
  },
  install() {},
  prepare(engine: CiteprocEngine) {
    const flipflopper = engine.fun.flipflopper;
    if (markupSkipped.has(flipflopper)) return;
    markupSkipped.add(flipflopper);
    const characters = new Set(['<', '"', "'", '\u2019']);
    for (const term of ['open-quote', 'close-quote', 'open-inner-quote', 'close-inner-quote']) {
      const text: unknown = engine.getTerm(term);
      if (typeof text === 'string') for (const character of text) characters.add(character);
    }
    const markupOrQuote = new RegExp(`[${[...characters].map((c) => c.replace(/[\\\]^-]/g, '\\$&')).join('')}]`, 'u');
    const original = flipflopper.processTags;
    flipflopper.processTags = function processTags(blob) {
      const text = blob.blobs;
      if (typeof text === 'string' && !markupOrQuote.test(text)) return;
      original.call(this, blob);
    };
  },
};
