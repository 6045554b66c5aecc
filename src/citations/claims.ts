import type { Position } from 'unist';
import type { CitationNode, MalformedCitationNode } from './types.js';
import type { Heading, Nodes, PhrasingContent, Root } from 'mdast';
import type { Point } from 'unist';
import { isWhiteSpace } from '../util/chars.js';
import { lineIndex } from '../util/line-index.js';

/** A sentence of an article's prose; a claim is a sentence with citations. */
export interface Sentence {
  /** Plain text of the sentence (citations removed). */
  text: string;
  position: Position;
  /** Citations that belong to the sentence (including one placed right after its full stop). */
  citations: CitationNode[];
  /** Block the sentence is in. */
  context: 'paragraph' | 'listItem' | 'tableCell' | 'heading' | 'blockquote';
  /** The text of the nearest heading above, '' if none. */
  section: string;
  /** Index of the paragraph/list-item/cell the sentence belongs to, so rules can find neighbours. */
  blockIndex: number;
}

// ---------------------------------------------------------------------------
// Implementation.
//
// Decisions:
// - A paragraph (also in a block quote or a footnote) and a list item's paragraph are split into
//   sentences; a heading and a table cell are each exactly one sentence.
// - `blockIndex` counts the blocks in document order: each paragraph, heading and table cell is
//   one block (a list item with two paragraphs therefore has two).
// - `section` is the text of the nearest heading above; a heading's own section is itself.
// - A citation belongs to the sentence holding the last non-space character before it, so one
//   placed after a full stop (`pain. [@key]`, `pain.[@key]`) belongs to the sentence that stop
//   ends; a citation opening a block belongs to the block's first sentence.
// - A block whose only content is citations still yields one sentence (text ''), so no citation
//   is left without a claim.
// - Code, HTML, front matter, definitions and images produce no text; math and raw TeX are text.
// - An inline note with prose, and the alt text of an image holding a citation (a figure caption
//   to pandoc), are blocks of their own, after the block they are in; a note holding only
//   citations lends them to the sentence its mark is in.


type Context = Sentence['context'];

/**
 * Plain text of a block, each character mapped back to its offset in the
 * source by runs: text from `runText[k]` up to the next run's start came
 * from the source at `runSource[k]` onwards. Most text nodes are one run.
 */
interface Flattened {
  text: string;
  runText: number[];
  runSource: number[];
  /** Citations with the plain-text index they were removed at. */
  citations: Array<{ at: number; node: CitationNode }>;
  /** Inline notes with prose, and image alt text with citations: blocks of their own, after this one. */
  deferred: PhrasingContent[][];
}

/** Maps text index `at` (just appended) to source offset `offset`, starting a run unless the last one already says so. */
function mapTo(out: Flattened, at: number, offset: number): void {
  const last = out.runText.length - 1;
  if (last >= 0 && out.runSource[last]! + (at - out.runText[last]!) === offset) return;
  out.runText.push(at);
  out.runSource.push(offset);
}

/** The source offset of plain-text index `at`. */
function sourceOffset(flat: Flattened, at: number): number {
  let lo = 0;
  let hi = flat.runText.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (flat.runText[mid]! <= at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? 0 : flat.runSource[found]! + (at - flat.runText[found]!);
}

/**
 * A line break inside a paragraph is a space in the plain text: ICU's
 * sentence rules end a sentence at every line break, and a paragraph
 * wrapped at 80 columns is still one paragraph of whole sentences.
 */
function softBreaksAsSpaces(value: string): string {
  return value.includes('\n') || value.includes('\r') ? value.replace(/[\r\n]/g, ' ') : value;
}

const abbreviationEnd =
  /(?:^|[\s(])(?:approx|fig|figs|no|nos|vol|vols|vs|cf|ca|dr|mr|mrs|ms|prof|st|jr|sr|eq|ref|refs|resp|incl|e\.g|i\.e|et al|p|pp|ch|chap|sec|tab|suppl|min|max|mg|ml|kg)\.$/iu;
const alwaysFollowed = /(?:^|[\s(])(?:fig|figs|no|nos|vol|vols|vs|cf|dr|mr|mrs|ms|prof|eq|e\.g|i\.e|p|pp)\.$/iu;



/**
 * Appends `value`, the text of the node at `source[from, to)`, mapped to the
 * source. Usually the node's text is its source verbatim: one run. Otherwise
 * (escapes, entities, container markers on continuation lines) each
 * character is found in order, skipping what the text does not have.
 */
function align(value: string, source: string, from: number, to: number, out: Flattened): void {
  if (to - from === value.length && source.startsWith(value, from)) {
    mapTo(out, out.text.length, from);
    out.text += softBreaksAsSpaces(value);
    return;
  }
  let cursor = from;
  let piece = '';
  const base = out.text.length;
  for (const char of value) {
    let found = cursor;
    while (found < to && source[found] !== char) {
      // Entities and other rewrites: give up on this character and keep the cursor.
      if (found - cursor > 8) break;
      found++;
    }
    const at = found < to && source[found] === char ? found : cursor;
    for (let i = 0; i < char.length; i++) {
      mapTo(out, base + piece.length, Math.min(at + i, Math.max(to - 1, from)));
      piece += char[i];
    }
    if (at !== cursor || source[at] === char) cursor = at + char.length;
  }
  out.text += softBreaksAsSpaces(piece);
}

function flattenInto(nodes: readonly Nodes[], source: string, out: Flattened): void {
  for (const node of nodes) {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    switch (node.type) {
      case 'text':
      case 'inlineCode':
      case 'inlineMath':
      case 'rawTex':
        if (start !== undefined && end !== undefined) align(node.value, source, start, end, out);
        break;
      case 'inlineNote':
        flattenNote(node.children, source, out);
        break;
      case 'image':
      case 'imageReference':
        // A citation in alt text (a figure's caption, to pandoc): the caption is a block of its own.
        if (node.data?.altContent) out.deferred.push(node.data.altContent);
        break;
      case 'break':
        if (start !== undefined) {
          mapTo(out, out.text.length, start);
          out.text += ' ';
        }
        break;
      case 'citation':
        out.citations.push({ at: out.text.length, node });
        break;
      case 'emphasis':
      case 'strong':
      case 'delete':
      case 'link':
      case 'linkReference':
        flattenInto(node.children, source, out);
        break;
      default:
        // html, images, footnote references and malformed citations carry no prose.
        break;
    }
  }
}

function flatten(children: readonly PhrasingContent[], source: string): Flattened {
  const out: Flattened = { text: '', runText: [], runSource: [], citations: [], deferred: [] };
  flattenInto(children, source, out);
  return out;
}

/**
 * An inline note `^[…]`. One that holds only citations (`pain fell.^[@a]`) supports the
 * sentence its mark is in, as a citation there would; one with prose of its own is a block of
 * its own, as a footnote's text is.
 */
function flattenNote(children: readonly PhrasingContent[], source: string, out: Flattened): void {
  const note = flatten(children, source);
  if (/[\p{L}\p{N}]/u.test(note.text)) {
    out.deferred.push(children as PhrasingContent[]);
    return;
  }
  for (const cited of note.citations) out.citations.push({ at: out.text.length, node: cited.node });
  out.deferred.push(...note.deferred);
}

/**
 * Collapses white space to single spaces, drops a space before `.,;:!?)]`
 * and after `(` or `[`, and trims: what `.replace(/\s+/gu, ' ')`, then
 * `/ ([.,;:!?)\]])/gu` and `/([([]) /gu` replaced by their character, then
 * `.trim()` give, in one pass (it runs on every sentence).
 */
function normalise(text: string): string {
  let out = '';
  /** The last character of `out`, -1 while it is empty. */
  let last = -1;
  let from = 0;
  let i = 0;
  while (i < text.length) {
    if (!isWhiteSpace(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < text.length && isWhiteSpace(text.charCodeAt(end))) end++;
    if (i > from) {
      out += text.slice(from, i);
      // Tracked rather than read back: reading a character of a string being built by `+=` flattens it each time.
      last = text.charCodeAt(i - 1);
    }
    const next = text.charCodeAt(end);
    if (last !== -1 && end < text.length && last !== 0x28 && last !== 0x5b && !CLOSING_PUNCTUATION.has(next)) {
      out += ' ';
      last = 0x20;
    }
    from = end;
    i = end;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** `.,;:!?)]`: no space before these. */
const CLOSING_PUNCTUATION = new Set([0x2e, 0x2c, 0x3b, 0x3a, 0x21, 0x3f, 0x29, 0x5d]);

interface Range {
  start: number;
  end: number;
}

/**
 * Sentence boundaries come from ICU's rules (Unicode UAX #29) through
 * `Intl.Segmenter`, built into Node: linear, and about 40 times faster than
 * the `sentence-splitter` package, which took four times as long as remark's
 * whole parse. ICU ends a sentence at every abbreviation followed by a
 * capital or a number ("Dr. Smith", "et al. 2020"); those are joined back.
 */
const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Sentence ranges in the plain text (surrounding white space excluded), with abbreviation breaks joined back. */
function sentenceRanges(text: string): Range[] {
  const ranges: Range[] = [];
  let joinNext = false;
  for (const chunk of segmentChunks(text)) {
    for (const segment of segmenter.segment(text.slice(chunk.start, chunk.end))) {
      let start = chunk.start + segment.index;
      let end = start + segment.segment.length;
      while (start < end && isWhiteSpace(text.charCodeAt(start))) start++;
      while (end > start && isWhiteSpace(text.charCodeAt(end - 1))) end--;
      if (end === start) continue;
      for (const piece of splitBeforeNumbers(text, start, end)) {
        const previous = ranges[ranges.length - 1];
        if (previous) {
          const before = text.slice(Math.max(previous.start, previous.end - 12), previous.end);
          const next = text.slice(piece.start, piece.start + 1);
          if (joinNext || alwaysFollowed.test(before) || (abbreviationEnd.test(before) && /^[\p{Ll}\p{N}]/u.test(next)) || endsWithNameInitial(text, previous, next)) {
            previous.end = piece.end;
            joinNext = false;
            continue;
          }
        }
        ranges.push(piece);
      }
    }
    joinNext = chunk.cutMidSentence;
  }
  return ranges;
}

/** A full stop, `!` or `?`, closing quotes or brackets, then white space and a digit. */
const END_BEFORE_NUMBER = /[.!?]["'”’)\]]*\s+(?=\d)/g;
/**
 * What a full stop before a number ends without ending a sentence: an initialism or a letter (`the U.S. 12 years
 * and older`), a month (`Jan. 2020`) or a bare number (`step 1. 5 mg`). The abbreviations of `abbreviationEnd`
 * (`p. 54`, `et al. 2020`) are joined back by the caller.
 */
const NO_END_BEFORE_NUMBER = /(?:^|[\s(])(?:(?:\p{L}\.)+\p{L}?|\p{L}|\d|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|sect|art|ed|eds|edn)[.!?]["'”’)\]]*$/iu;

/**
 * ICU's rules (UAX #29) do not end a sentence before one that opens with a number (`… common. 54% of adults …`),
 * since what follows the stop is not a capital: `text[start, end)` cut there, unless the stop ends an initialism,
 * a letter, a month or a bare number.
 */
function splitBeforeNumbers(text: string, start: number, end: number): Range[] {
  const segment = text.slice(start, end);
  if (!/[.!?]["'”’)\]]*\s+\d/.test(segment)) return [{ start, end }];
  const pieces: Range[] = [];
  let from = 0;
  for (const m of segment.matchAll(END_BEFORE_NUMBER)) {
    const stop = m.index + m[0].trimEnd().length;
    if (NO_END_BEFORE_NUMBER.test(segment.slice(Math.max(from, stop - 12), stop))) continue;
    pieces.push({ start: start + from, end: start + stop });
    from = m.index + m[0].length;
  }
  pieces.push({ start: start + from, end });
  return pieces;
}

/**
 * V8's sentence segmenter slows down quadratically on long text (20,000
 * short sentences in one paragraph took 5 s, 40,000 took 17 s), so a block
 * longer than {@link SEGMENT_CHUNK} is segmented in pieces, cut after a
 * sentence's full stop where there is one (where ICU breaks too) and
 * otherwise at a space, in which case the pieces' sentences are joined back.
 * Blocks of real prose are shorter and are segmented whole.
 */
const SEGMENT_CHUNK = 2000;

function segmentChunks(text: string): Array<{ start: number; end: number; cutMidSentence: boolean }> {
  const chunks: Array<{ start: number; end: number; cutMidSentence: boolean }> = [];
  let start = 0;
  while (text.length - start > SEGMENT_CHUNK) {
    const limit = start + SEGMENT_CHUNK;
    let cut = -1;
    let midSentence = false;
    for (let i = limit; i > start + SEGMENT_CHUNK / 2; i--) {
      const before = text.charCodeAt(i - 1);
      if (isWhiteSpace(text.charCodeAt(i)) && (before === 0x2e || before === 0x21 || before === 0x3f) && /\p{Lu}/u.test(text.charAt(i + 1))) {
        cut = i;
        break;
      }
    }
    if (cut === -1) {
      midSentence = true;
      cut = limit;
      for (let i = limit; i > start + SEGMENT_CHUNK / 2; i--) {
        if (isWhiteSpace(text.charCodeAt(i))) {
          cut = i;
          break;
        }
      }
    }
    chunks.push({ start, end: cut, cutMidSentence: midSentence });
    start = cut;
  }
  chunks.push({ start, end: text.length, cutMidSentence: false });
  return chunks;
}

/**
 * True when the range ends with a person's initial ("J. David Clark",
 * "George W. Bush") rather than a sentence: a single capital and a full
 * stop, with a capital after it, and before it either nothing but initials
 * or a capitalised name. "… vitamin D. Then …" still splits.
 */
function endsWithNameInitial(text: string, range: Range, next: string): boolean {
  if (!/^\p{Lu}/u.test(next)) return false;
  const before = text.slice(Math.max(range.start, range.end - 40), range.end);
  const match = /(?:^|\s)(\S+\s+)?\p{Lu}\.$/u.exec(before);
  if (!match) return false;
  const word = match[1]?.trim();
  if (word === undefined) return range.end - range.start <= 40 && /^(?:\p{Lu}\.\s*)+$/u.test(text.slice(range.start, range.end));
  return /^\p{Lu}\p{Ll}/u.test(word) && match.index > 0;
}


interface Walk {
  source: string;
  pointAt: (offset: number) => Point;
  sentences: Sentence[];
  section: string;
  blockIndex: number;
}

/** For each offset, the offset of the last non-whitespace character at or before it (-1 when none). */
function lastNonSpaceBefore(text: string): Int32Array {
  const out = new Int32Array(text.length);
  let last = -1;
  for (let i = 0; i < text.length; i++) {
    if (!isWhiteSpace(text.charCodeAt(i))) last = i;
    out[i] = last;
  }
  return out;
}

/** The index of the last range whose start is at or before `offset` (ranges are in text order), or 0. */
function lastRangeStartingBy(ranges: readonly Range[], offset: number): number {
  let lo = 0;
  let hi = ranges.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((ranges[mid]?.start ?? 0) <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function emit(walk: Walk, children: readonly PhrasingContent[], context: Context, splitBlock: boolean): void {
  const flat = flatten(children, walk.source);
  const trimmedEnd = flat.text.trimEnd().length;
  const trimmedStart = flat.text.length - flat.text.trimStart().length;
  let ranges: Range[];
  if (trimmedEnd <= trimmedStart) ranges = [];
  else if (splitBlock) ranges = sentenceRanges(flat.text);
  else ranges = [{ start: trimmedStart, end: trimmedEnd }];
  if (ranges.length === 0 && flat.citations.length === 0) {
    walk.blockIndex++;
    for (const deferred of flat.deferred) emit(walk, deferred, context, true);
    return;
  }
  if (ranges.length === 0) ranges = [{ start: 0, end: 0 }];

  const owned: CitationNode[][] = ranges.map(() => []);
  // Precomputed and binary-searched: walking back per citation made a paragraph of 100,000 citations quadratic.
  const lastNonSpace = lastNonSpaceBefore(flat.text);
  for (const { at, node } of flat.citations) {
    const lastChar = at > 0 ? (lastNonSpace[Math.min(at, flat.text.length) - 1] ?? -1) : -1;
    const index = lastChar >= 0 ? lastRangeStartingBy(ranges, lastChar) : 0;
    owned[index]?.push(node);
  }

  ranges.forEach((range, i) => {
    const citations = owned[i] ?? [];
    let startOffset: number;
    let endOffset: number;
    if (range.end > range.start) {
      startOffset = sourceOffset(flat, range.start);
      endOffset = sourceOffset(flat, range.end - 1) + 1;
    } else {
      startOffset = citations[0]?.position.start.offset ?? 0;
      endOffset = startOffset;
    }
    for (const citation of citations) {
      startOffset = Math.min(startOffset, citation.position.start.offset ?? startOffset);
      endOffset = Math.max(endOffset, citation.position.end.offset ?? endOffset);
    }
    walk.sentences.push({
      text: normalise(flat.text.slice(range.start, range.end)),
      position: { start: walk.pointAt(startOffset), end: walk.pointAt(endOffset) },
      citations,
      context,
      section: walk.section,
      blockIndex: walk.blockIndex,
    });
  });
  walk.blockIndex++;
  for (const deferred of flat.deferred) emit(walk, deferred, context, true);
}

function headingText(heading: Heading, source: string): string {
  return normalise(flatten(heading.children, source).text);
}

function visitBlocks(walk: Walk, nodes: readonly Nodes[], context: Context): void {
  for (const node of nodes) {
    switch (node.type) {
      case 'heading':
        walk.section = headingText(node, walk.source);
        emit(walk, node.children, 'heading', false);
        break;
      case 'paragraph':
        emit(walk, (node).children, context, true);
        break;
      case 'blockquote':
        visitBlocks(walk, node.children, 'blockquote');
        break;
      case 'list':
        visitBlocks(walk, node.children, 'listItem');
        break;
      case 'listItem':
        visitBlocks(walk, node.children, 'listItem');
        break;
      case 'footnoteDefinition':
        visitBlocks(walk, node.children, 'paragraph');
        break;
      case 'table':
        for (const row of node.children) {
          for (const cell of row.children) emit(walk, (cell).children, 'tableCell', false);
        }
        break;
      default:
        // code, html, yaml front matter, thematic breaks, definitions: no prose.
        break;
    }
  }
}

/**
 * Splits an article's prose into sentences with the citations that support them.
 * `tree` must come from a parser with `remarkCitations`; `source` is the text it was parsed from.
 */
export function splitSentences(tree: Root, source: string): Sentence[] {
  const walk: Walk = { source, pointAt: lineIndex(source), sentences: [], section: '', blockIndex: 0 };
  visitBlocks(walk, tree.children, 'paragraph');
  return walk.sentences;
}

/** Every `citation` node of the tree, in document order. */
export function collectCitations(tree: Nodes): CitationNode[] {
  return collectCitationNodes(tree).citations;
}

/** Every `citation` and `malformedCitation` node of the tree, each list in document order. */
export function collectCitationNodes(tree: Nodes): { citations: CitationNode[]; malformed: MalformedCitationNode[] } {
  const found: CitationNode[] = [];
  const malformed: MalformedCitationNode[] = [];
  const stack: Nodes[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    if (node.type === 'citation') found.push(node);
    else if (node.type === 'malformedCitation') malformed.push(node);
    else if ((node.type === 'image' || node.type === 'imageReference') && node.data?.altContent) {
      const alt = node.data.altContent;
      for (let i = alt.length - 1; i >= 0; i--) stack.push(alt[i]!);
    }
    if ('children' in node) {
      const children = node.children as Nodes[];
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i];
        if (child) stack.push(child);
      }
    }
  }
  return { citations: found, malformed };
}
