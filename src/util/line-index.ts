/**
 * The one line index: offsets into a text to 1-based line and column. A
 * line ends at `\n`, `\r\n` or a lone `\r`, as micromark counts them, so a
 * point made here is the point remark puts on the same character.
 * (vfile-location, grown lazily: a text is scanned only as far as asked.)
 */
import { location } from 'vfile-location';

export interface LinePoint {
  line: number;
  column: number;
  offset: number;
}

/** A function from offset to point for `text`; an offset past the end counts on along the last line. */
export function lineIndex(text: string): (offset: number) => LinePoint {
  const place = location(text);
  return (offset) => {
    const at = place.toPoint(offset);
    if (at) return { line: at.line, column: at.column, offset };
    const end = place.toPoint(text.length)!;
    return { line: end.line, column: end.column + offset - text.length, offset };
  };
}

/** A node's start and end as a finding states them: `line`, `column`, `endLine`, `endColumn` (1-based). */
export function spanOf(position: { start: { line: number; column: number }; end: { line: number; column: number } }): {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
} {
  return { line: position.start.line, column: position.start.column, endLine: position.end.line, endColumn: position.end.column };
}
