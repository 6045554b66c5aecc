/**
 * The HTML escape citeproc applies to every piece of output: five
 * replacements in a row (`&`, `<`, `>`, a double space, superscript
 * characters), each a copy of the text. A text in which none of them finds
 * anything comes back unchanged, so one search for all of them decides.
 */
import type { CiteprocPatch } from './patch.js';

interface CiteprocHtmlEscape {
  SUPERSCRIPTS_REGEXP: RegExp;
  Output: { Formats: { html: { text_escape: (text: unknown) => string } } };
}

export const textEscape: CiteprocPatch = {
  name: 'text-escape',
  fingerprints: {
    'Output.Formats.html.text_escape': '964bd38436faf728',
    SUPERSCRIPTS_REGEXP: '83ddef25e0dcf9b1',
  },
  install(namespace) {
    const csl = namespace as CiteprocHtmlEscape;
    const html = csl.Output.Formats.html;
    const original = html.text_escape;
    const anyEscaped = new RegExp(`[&<>]|\\s\\s|${csl.SUPERSCRIPTS_REGEXP.source}`);
    html.text_escape = function textEscape(text) {
      if (!text) return '';
      if (typeof text === 'string' && !anyEscaped.test(text)) return text;
      return original.call(this, text);
    };
  },
};
