/**
 * GFM tables, tried only where one can be. micromark's table construct is
 * attempted at the start of every line of every block and reads the whole
 * line as a possible header row before it looks for the delimiter row
 * below; in prose that is a second pass over nearly all the text, and it
 * made the lint parse about 1.4× a bare remark parse. A table needs a
 * delimiter row (`| --- | :-: |`), so only the line above one, the row
 * itself and the lines after it up to a blank line can belong to a table.
 * The construct below skips every other line at once; where it does run,
 * it is GFM's own, so the tree is the same.
 */
import type { Construct, Extension, State, TokenizeContext } from 'micromark-util-types';
import { gfmTable } from 'micromark-extension-gfm-table';
import { isSpaceOrTab } from '../util/chars.js';

/** The lines that may be part of a table in the text being parsed (index: 1-based line number); undefined: all may. */
let candidates: Uint8Array | undefined;

/** Runs a parse of `source` with table lines known; the parse must be synchronous (remark's `parse` is). */
export function withTableCandidates<T>(source: string, parse: () => T): T {
  const outer = candidates;
  candidates = tableCandidateLines(source);
  try {
    return parse();
  } finally {
    candidates = outer;
  }
}

/** The GFM table extension, trying its construct only on candidate lines (all lines outside {@link withTableCandidates}). */
export function gfmTableWhereCandidate(): Extension {
  // micromark keys constructs tried at any character by the string `null`.
  const base = (gfmTable().flow)?.null;
  if (base === undefined || Array.isArray(base)) throw new Error('micromark-extension-gfm-table no longer has one flow construct on `null`');
  const construct: Construct = {
    ...base,
    tokenize(this: TokenizeContext, effects, ok, nok): State {
      const lines = candidates;
      if (lines !== undefined && lines[this.now().line] !== 1) return nok;
      return base.tokenize.call(this, effects, ok, nok);
    },
  };
  return { flow: { null: construct } };
}

const BLANK = 1;
const DELIMITER = 2;

/**
 * Flags (1) the lines that may belong to a table: each delimiter-like line,
 * the line above it, and the lines after it up to the next blank line.
 * Lines end at `\n`, `\r\n` or `\r`, as in micromark, and are numbered from 1.
 */
export function tableCandidateLines(source: string): Uint8Array {
  let count = 1;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 10 || (c === 13 && source.charCodeAt(i + 1) !== 10)) count++;
  }
  const kinds = new Uint8Array(count + 1);
  let line = 1;
  let start = 0;
  for (let i = 0; i <= source.length; i++) {
    const c = i < source.length ? source.charCodeAt(i) : 10;
    if (c !== 10 && c !== 13) continue;
    kinds[line] = lineKind(source, start, i);
    if (c === 13 && source.charCodeAt(i + 1) === 10) i++;
    line++;
    start = i + 1;
  }
  const flags = new Uint8Array(count + 1);
  let inTable = false;
  for (let n = 1; n <= count; n++) {
    if (kinds[n] === DELIMITER) {
      flags[n - 1] = 1;
      flags[n] = 1;
      inTable = true;
    } else if (kinds[n] === BLANK) inTable = false;
    else if (inTable) flags[n] = 1;
  }
  return flags;
}

/**
 * Blank (spaces and tabs only), delimiter-like (after any indentation and
 * `>` markers, only `-`, `:`, `|`, spaces and tabs, with a `-`), or neither.
 */
function lineKind(source: string, start: number, end: number): number {
  let i = start;
  while (i < end && isSpaceOrTab(source.charCodeAt(i))) i++;
  if (i === end) return BLANK;
  while (i < end && (isSpaceOrTab(source.charCodeAt(i)) || source.charCodeAt(i) === 62) /* > */) i++;
  let dash = false;
  for (; i < end; i++) {
    const c = source.charCodeAt(i);
    if (c === 45 /* - */) dash = true;
    else if (c !== 58 /* : */ && c !== 124 /* | */ && !isSpaceOrTab(c)) return 0;
  }
  return dash ? DELIMITER : 0;
}

