/**
 * Reads and parses one article: bytes → text (UTF-8 checked) → mdast with
 * front matter, GFM and pandoc citations → citations and sentences.
 * Parsing never touches the bibliography; the rules do the checking.
 */
import type { Nodes, Root } from 'mdast';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import { splitSentences } from '../citations/claims.js';
import { collectCitationNodes } from '../citations/index.js';
import { remarkCitations } from '../citations/plugin.js';
import { readFrontMatter, remarkMetadataBlocks } from './front-matter.js';
import { gfmTableWhereCandidate, withTableCandidates } from './table-lines.js';
import type { ArticleProblem, ParsedArticle } from './types.js';
import { lineIndex } from '../util/line-index.js';

/**
 * Larger articles are reported, not parsed. 320 KiB is some 45,000 words,
 * twice the longest systematic review. Linting the largest article the
 * limits allow, dense prose with thousands of citations, must stay under a
 * second as a whole process on a 2-core machine: it costs about 0.28 s of
 * start-up plus 1.7 ms per KiB (remark's parse is most of it), so 512 KiB
 * took 0.84–1.06 s and 320 KiB takes about 0.8 s at the machine's slowest.
 */
export const MAX_ARTICLE_BYTES = 320 * 1024;

/** More `@` signs than this and the article is reported, not parsed: no article cites this often, and each citation costs remark and the rules about 0.1 ms. */
export const MAX_CITATION_SIGNS = 5_000;

/**
 * Limits on one block (a run of lines without a blank line, outside fenced
 * code), where remark's parse time grows with the square of the block: its
 * link-label matching over the square brackets of one paragraph (20,000 `[a]`
 * take 4 s), and its handling of a paragraph's lines (20,000 lazy lines in a
 * block quote take 7 s). Real paragraphs, lists and tables stay far below.
 */
export const MAX_BLOCK_BRACKETS = 1_000;
export const MAX_BLOCK_LINES = 2_000;

/**
 * GFM without autolink literals. A profile of the lint pipeline put the
 * autolink-literal extension at about as much time as the rest of remark's
 * parse (it tests every word for a URL or an email), while a bare URL or
 * email never changes a sentence's text. Tables (a cell is its own
 * sentence), footnotes, strikethrough and task lists stay; tables are
 * tried only on the lines where one can be (see `table-lines.ts`).
 */
function remarkGfmWithoutAutolinkLiterals(this: Processor): undefined {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmTableWhereCandidate(), gfmFootnote(), gfmStrikethrough(), gfmTaskListItem());
  (data.fromMarkdownExtensions ??= []).push(
    gfmTableFromMarkdown(),
    gfmFootnoteFromMarkdown(),
    gfmStrikethroughFromMarkdown(),
    gfmTaskListItemFromMarkdown(),
  );
}

const fastProcessor = unified()
  .use(remarkParse)
  .use(remarkMetadataBlocks)
  .use(remarkGfmWithoutAutolinkLiterals)
  .use(remarkCitations)
  .freeze();

/** Full GFM: used for the rare article where a citation-like `@` sits inside a bare URL or an email. */
const fullProcessor = unified()
  .use(remarkParse)
  .use(remarkMetadataBlocks)
  .use(remarkGfm)
  .use(remarkCitations)
  .freeze();

export type ArticleReadResult =
  | { ok: true; source: string; hadBom: boolean }
  | ({ ok: false } & ArticleProblem);

// ignoreBOM keeps a BOM in the text so `hadBom` can see it and a `--fix` write can put it back.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function describeSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * Read from the bytes: `decodeArticle`'s `hadBom` cannot see the BOM, because
 * its TextDecoder already drops it.
 */
export function startsWithBom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** Turns an article's bytes into text, or says why it cannot be linted. */
export function decodeArticle(bytes: Uint8Array): ArticleReadResult {
  if (bytes.length > MAX_ARTICLE_BYTES) {
    return {
      ok: false,
      reason: 'too-large',
      message: `Article is ${describeSize(bytes.length)}, over the ${MAX_ARTICLE_BYTES / 1024} KiB limit; split it into smaller articles.`,
      line: 1,
      column: 1,
    };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const { line, column } = lineColumnOfByte(bytes, nul);
    return { ok: false, reason: 'binary', message: 'Article is a binary file (it contains a NUL byte), not Markdown text.', line, column };
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const { line, column } = lineColumnOfByte(bytes, bad);
    return {
      ok: false,
      reason: 'not-utf8',
      message: `Article is not valid UTF-8 (byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, '0')} at offset ${bad}); re-save it as UTF-8.`,
      line,
      column,
    };
  }
  const hadBom = text.charCodeAt(0) === 0xfeff;
  const source = hadBom ? text.slice(1) : text;
  const over = overLimits(source);
  if (over) return { ok: false, ...over };
  return { ok: true, source, hadBom };
}

/**
 * Why remark should not be handed this text, if it should not: too many
 * citations, or a block with too many square brackets or lines (see the
 * limits above). One linear pass; the position is where the limit is crossed.
 */
export function overLimits(source: string): ArticleProblem | undefined {
  let signs = 0;
  for (let at = source.indexOf('@'); at !== -1; at = source.indexOf('@', at + 1)) {
    if (++signs > MAX_CITATION_SIGNS) {
      const count = countOf(source, '@');
      return {
        reason: 'too-many-citations',
        message: `Article has ${count.toLocaleString('en-US')} \`@\` signs, over the limit of ${MAX_CITATION_SIGNS.toLocaleString('en-US')} citations per article; split it into smaller articles.`,
        ...lineAndColumn(source, at),
      };
    }
  }
  // Most articles have fewer brackets and lines in all than one block may have: then no block can, and the scan
  // below (this runs on every article of every run) is not needed.
  if (countOf(source, '[') + countOf(source, ']') <= MAX_BLOCK_BRACKETS && countOf(source, '\n') < MAX_BLOCK_LINES) return undefined;
  let fenceChar = 0;
  let fenceLength = 0;
  let blockLines = 0;
  let blockBrackets = 0;
  let blockStart = 1;
  let lineNumber = 0;
  for (let start = 0; start <= source.length; ) {
    let end = source.indexOf('\n', start);
    if (end === -1) end = source.length;
    lineNumber++;
    let first = start;
    while (first < end && isBlank(source.charCodeAt(first))) first++;
    const c = source.charCodeAt(first);
    let run = 0;
    if (first - start < 4 && (c === 96 || c === 126) /* ` ~ */) while (source.charCodeAt(first + run) === c) run++;
    if (fenceChar !== 0) {
      if (run >= 3 && c === fenceChar && run >= fenceLength) fenceChar = 0;
    } else if (run >= 3) {
      fenceChar = c;
      fenceLength = run;
      blockLines = 0;
      blockBrackets = 0;
    } else if (first === end) {
      blockLines = 0;
      blockBrackets = 0;
    } else {
      if (blockLines++ === 0) blockStart = lineNumber;
      if (blockLines > MAX_BLOCK_LINES) {
        return {
          reason: 'block-too-long',
          message: `Article has a block of over ${MAX_BLOCK_LINES.toLocaleString('en-US')} lines without a blank line (from line ${blockStart}); Markdown parsing slows with the square of such a block. Break it up with blank lines.`,
          line: lineNumber,
          column: 1,
        };
      }
      for (let i = start; i < end; i++) {
        const code = source.charCodeAt(i);
        if (code === 92 /* \\ */) i++;
        else if ((code === 91 || code === 93) /* [ ] */ && ++blockBrackets > MAX_BLOCK_BRACKETS) {
          return {
            reason: 'too-many-brackets',
            message: `Article has a block with over ${MAX_BLOCK_BRACKETS.toLocaleString('en-US')} square brackets (from line ${blockStart}); Markdown parsing slows with the square of their number in one block. Break it up with blank lines, or escape the brackets as \`\\[\`.`,
            line: lineNumber,
            column: i - start + 1,
          };
        }
      }
    }
    start = end + 1;
  }
  return undefined;
}

/** Space, tab or carriage return: what a blank line may hold. */
function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 13;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const { line, column } = lineIndex(text)(offset);
  return { line, column };
}

function countOf(text: string, char: string): number {
  let n = 0;
  for (let at = text.indexOf(char); at !== -1; at = text.indexOf(char, at + 1)) n++;
  return n;
}


/** Why an article that `parseArticle` refused (a RangeError) is not linted. */
export const TOO_DEEP: ArticleProblem = {
  reason: 'too-deep',
  message: 'Article is nested too deeply to parse (e.g. thousands of nested lists or brackets); flatten it.',
  line: 1,
  column: 1,
};

/**
 * Parses article text. Throws only on internal failure (e.g. a stack overflow on pathological nesting).
 * `keepTree: false` leaves the tree out (see `ParsedArticle.tree`).
 */
export function parseArticle(file: string, source: string, options: { keepTree?: boolean } = {}): ParsedArticle {
  // remark recurses once per nesting level and is quadratic before it overflows; refuse absurd depth up front.
  if (containerDepth(source) > MAX_CONTAINER_DEPTH) throw new RangeError('article nested too deeply');
  let tree = withTableCandidates(source, () => fastProcessor.parse(source));
  if (citationTouchesLiteral(tree, source)) tree = fullProcessor.parse(source);
  const { value: frontMatter, problems } = readFrontMatter(tree);
  const { citations, malformed } = collectCitationNodes(tree);
  return {
    file,
    source,
    ...(options.keepTree === false ? {} : { tree }),
    frontMatter,
    citations,
    malformed,
    sentences: splitSentences(tree, source),
    ...(problems.length > 0 ? { problems: problems.map((p) => ({ reason: 'unparsable', ...p })) } : {}),
  };
}

/**
 * True when a citation or malformed citation starts inside what GFM would
 * read as a bare URL (`https://x.org/@a`, `www.x.org/@a`) or an email whose
 * `@` follows `_`, `+` or `-` (`a_b@x.org`): only there do autolink literals
 * change which citations an article has. The test over-approximates GFM's
 * rules on purpose; a false alarm costs one more parse, never a wrong result.
 */
function citationTouchesLiteral(tree: Root, source: string): boolean {
  const stack: Nodes[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'citation' || node.type === 'malformedCitation') {
      const start = node.position?.start.offset;
      if (start !== undefined && insideLiteral(source, start)) return true;
      continue;
    }
    if ('children' in node) for (const child of node.children) stack.push(child);
  }
  return false;
}

const literalStart = /(?:https?:\/\/|www\.|mailto:|xmpp:)/i;

function insideLiteral(source: string, offset: number): boolean {
  const before = source.charCodeAt(offset - 1);
  // `_`, `+`, `-`: email local-part characters that, unlike letters, digits and `.`, do not already stop a citation.
  if (before === 0x5f || before === 0x2b || before === 0x2d) return true;
  let runStart = offset;
  while (runStart > 0 && !/\s/.test(source[runStart - 1]!)) runStart--;
  return runStart < offset && literalStart.test(source.slice(runStart, offset));
}

/** Re-exported for the callers that read front matter through the article module; the reader is `front-matter.ts`. */
export { frontMatterOf, simpleMapping } from './front-matter.js';

function lineColumnOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return 0;
}

/** No real article nests lists or block quotes this deep; remark needs seconds and then overflows its stack well beyond it. */
export const MAX_CONTAINER_DEPTH = 100;

/**
 * The deepest run of list and block-quote markers at the start of any line
 * (`> > * 1. text`), counted by a linear scan: markers are `>`, `*`, `-`,
 * `+` and a number ending in `.` or `)`, each followed by a space or tab.
 */
export function containerDepth(source: string): number {
  let max = 0;
  let depth = 0;
  let atLineStart = true;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 10) {
      atLineStart = true;
      depth = 0;
      continue;
    }
    if (!atLineStart) continue;
    if (c === 32 || c === 9) continue;
    let end = i;
    if (c === 62 /* > */) end = i + 1;
    else if (c === 42 || c === 45 || c === 43) end = i + 1;
    else if (c >= 48 && c <= 57) {
      end = i;
      while (end < source.length && end - i < 9 && source.charCodeAt(end) >= 48 && source.charCodeAt(end) <= 57) end++;
      const close = source.charCodeAt(end);
      end = close === 46 || close === 41 ? end + 1 : i;
    }
    const next = source.charCodeAt(end);
    if (end > i && (c === 62 || next === 32 || next === 9)) {
      depth++;
      if (depth > max) max = depth;
      i = end - 1;
    } else {
      atLineStart = false;
    }
  }
  return max;
}
