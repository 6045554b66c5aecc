/**
 * A parsed article in a compact form, for the trip from a parse worker to
 * the main thread and for the parse cache. Handed to V8's serializer as is,
 * an article was about 45 KB of small objects (a sentence's position alone
 * is three objects and eight property names), and rebuilding them took the
 * main thread longer than linting some articles. Here every number goes
 * into one `Int32Array` and every string into one array, positions shrink
 * to their two offsets (line and column are recomputed from the text on the
 * way back), and a sentence names its citations by index. The result is
 * about half the size, and packing plus unpacking take a third of the time
 * of serializing plus deserializing the objects.
 *
 * Unpacking rebuilds exactly what was packed (a test compares them): a
 * point whose line or column is not the one its offset gives in the text
 * is kept whole.
 */
import type { Point, Position } from 'unist';
import type { Sentence } from '../citations/claims.js';
import type { CitationItem, CitationNode } from '../citations/types.js';
import type { ParsedArticle } from './types.js';
import { lineIndex } from '../util/line-index.js';

/** The article without its tree and text, packed. */
export interface PackedArticle {
  file: string;
  frontMatter: ParsedArticle['frontMatter'];
  malformed: ParsedArticle['malformed'];
  problems?: ParsedArticle['problems'];
  citationCount: number;
  sentenceCount: number;
  numbers: Int32Array;
  strings: string[];
}

const CONTEXTS: readonly Sentence['context'][] = ['paragraph', 'listItem', 'tableCell', 'heading', 'blockquote'];
const CONTEXT_CODES = new Map(CONTEXTS.map((c, i) => [c, i]));
/** Marks a position written whole (six numbers) rather than as two offsets. */
const WHOLE = -1;

export function packArticle(article: Omit<ParsedArticle, 'tree'>): PackedArticle {
  const pointAt = lineIndex(article.source);
  const numbers: number[] = [];
  const strings: string[] = [];
  const position = (p: Position): void => {
    if (isPlain(pointAt, p.start) && isPlain(pointAt, p.end)) numbers.push(p.start.offset!, p.end.offset!);
    else numbers.push(WHOLE, p.start.line, p.start.column, p.start.offset ?? -1, p.end.line, p.end.column, p.end.offset ?? -1);
  };
  const citationIndex = new Map<CitationNode, number>();
  for (const citation of article.citations) {
    citationIndex.set(citation, citationIndex.size);
    numbers.push(citation.mode === 'bracketed' ? 0 : 1, citation.items.length);
    strings.push(citation.value);
    position(citation.position);
    for (const item of citation.items) {
      strings.push(item.key, item.prefix, item.locator, item.suffix);
      numbers.push(item.suppressAuthor ? 1 : 0);
      position(item.position);
    }
  }
  for (const sentence of article.sentences) {
    strings.push(sentence.text, sentence.section);
    numbers.push(CONTEXT_CODES.get(sentence.context)!, sentence.blockIndex, sentence.citations.length);
    position(sentence.position);
    for (const citation of sentence.citations) {
      const index = citationIndex.get(citation);
      if (index === undefined) throw new Error(`${article.file}: a sentence's citation is not among the article's citations`);
      numbers.push(index);
    }
  }
  const packed: PackedArticle = {
    file: article.file,
    frontMatter: article.frontMatter,
    malformed: article.malformed,
    citationCount: article.citations.length,
    sentenceCount: article.sentences.length,
    numbers: Int32Array.from(numbers),
    strings,
  };
  if (article.problems) packed.problems = article.problems;
  return packed;
}

/** The article `packArticle` was given, for its text `source`; throws on a malformed pack. */
export function unpackArticle(packed: PackedArticle, source: string): Omit<ParsedArticle, 'tree'> {
  const pointAt = lineIndex(source);
  const { numbers, strings } = packed;
  let n = 0;
  let s = 0;
  const number = (): number => {
    if (n >= numbers.length) throw new Error('packed article ends early');
    return numbers[n++]!;
  };
  const string = (): string => {
    const value = strings[s++];
    if (value === undefined) throw new Error('packed article ends early');
    return value;
  };
  const point = (line: number, column: number, offset: number): Point => (offset === -1 ? { line, column } : { line, column, offset });
  const position = (): Position => {
    const first = number();
    if (first !== WHOLE) return { start: pointAt(first), end: pointAt(number()) };
    return { start: point(number(), number(), number()), end: point(number(), number(), number()) };
  };
  const citations: CitationNode[] = [];
  for (let c = 0; c < packed.citationCount; c++) {
    const mode = number() === 0 ? 'bracketed' : 'in-text';
    const count = number();
    const value = string();
    const at = position();
    const items: CitationItem[] = [];
    for (let i = 0; i < count; i++) {
      const key = string();
      const prefix = string();
      const locator = string();
      const suffix = string();
      const suppressAuthor = number() === 1;
      items.push({ key, prefix, locator, suffix, suppressAuthor, position: position() });
    }
    citations.push({ type: 'citation', mode, items, value, position: at });
  }
  const sentences: Sentence[] = [];
  for (let k = 0; k < packed.sentenceCount; k++) {
    const text = string();
    const section = string();
    const context = CONTEXTS[number()];
    if (context === undefined) throw new Error('packed article has an unknown sentence context');
    const blockIndex = number();
    const count = number();
    const at = position();
    const cited: CitationNode[] = [];
    for (let i = 0; i < count; i++) {
      const citation = citations[number()];
      if (citation === undefined) throw new Error('packed article names a citation it does not have');
      cited.push(citation);
    }
    sentences.push({ text, position: at, citations: cited, context, section, blockIndex });
  }
  if (n !== numbers.length || s !== strings.length) throw new Error('packed article has data left over');
  const article: Omit<ParsedArticle, 'tree'> = {
    file: packed.file,
    source,
    frontMatter: packed.frontMatter,
    citations,
    malformed: packed.malformed,
    sentences,
  };
  if (packed.problems) article.problems = packed.problems;
  return article;
}



/** Whether a point is exactly what its offset gives. */
function isPlain(pointAt: (offset: number) => Point, p: Point): boolean {
  if (p.offset === undefined || p.offset < 0 || p.offset > 0x7fffffff) return false;
  const expected = pointAt(p.offset);
  return expected.line === p.line && expected.column === p.column;
}
