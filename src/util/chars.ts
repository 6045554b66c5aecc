/** Character classes read by code point, where a regular expression per character would cost more than the scan. */

/** White space as `\s` reads it; ASCII answered without a regular expression. */
export function isWhiteSpace(code: number): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return /\s/u.test(String.fromCharCode(code));
}

/** A space or a tab: what may pad a GFM table cell or a blank line (not a line ending). */
export function isSpaceOrTab(code: number): boolean {
  return code === 32 || code === 9;
}
