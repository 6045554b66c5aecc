/**
 * The HTML escapes, in one place. Two on purpose: what render writes must
 * match pandoc's HTML byte for byte, and pandoc leaves `'` as it is; the
 * evidence map escapes `'` too, since it writes attribute values in either
 * quote.
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or an attribute value in either quote: `&`, `<`, `>`, `"` and `'` escaped. */
export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/gu, (c) => ESCAPES[c]!);
}

/** As pandoc escapes text and double-quoted attribute values: `&`, `<`, `>`, `"`; an apostrophe stays. */
export function escapeHtmlAsPandoc(text: string): string {
  return text.replace(/[&<>"]/gu, (c) => ESCAPES[c]!);
}
