/**
 * Front matter, read one way for every command: pandoc's YAML metadata
 * blocks, recognised by a micromark flow construct, and read into one
 * record by one function.
 *
 * As in pandoc 2.17 (`yaml_metadata_block`), a metadata block is a line
 * `---` (trailing spaces allowed) not followed by a blank line, then lines
 * up to one that is `---` or `...`. It may stand anywhere a block may start,
 * not only first; it does not interrupt a paragraph (there `---` underlines
 * a heading). Its text must be a YAML mapping, or empty, or only comments:
 * anything else (a list, a bare scalar) is not metadata and reads as Markdown,
 * as pandoc reads it. Text that does not parse as YAML is still metadata
 * (pandoc stops with an error there); it is reported, not read as prose.
 * Several blocks are merged, the first value of a key winning, as pandoc
 * merges them.
 *
 * The blocks become mdast `yaml` nodes (through mdast-util-frontmatter), so
 * code that knows remark-frontmatter's nodes keeps working.
 */
import type { Nodes, Root, Yaml } from 'mdast';
import { frontmatterFromMarkdown, frontmatterToMarkdown } from 'mdast-util-frontmatter';
import { markdownLineEnding, markdownSpace } from 'micromark-util-character';
import { codes } from 'micromark-util-symbol';
import type { Code, Construct, Effects, Extension, Point, State, TokenizeContext } from 'micromark-util-types';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import { parse as parseYaml, parseDocument } from 'yaml';

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    yaml: 'yaml';
    yamlFence: 'yamlFence';
    yamlFenceSequence: 'yamlFenceSequence';
    yamlValue: 'yamlValue';
  }
}

/** What the front matter says, and why part of it could not be read. */
export interface FrontMatter {
  value: Record<string, unknown>;
  problems: FrontMatterProblem[];
}

export interface FrontMatterProblem {
  message: string;
  line: number;
  column: number;
}

// ---------------------------------------------------------------------------
// Syntax.

const blankLine: Construct = { tokenize: tokenizeBlankLine, partial: true };

const metadataBlock: Construct = { name: 'yamlMetadataBlock', tokenize: tokenizeMetadataBlock, concrete: true };

function tokenizeMetadataBlock(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  // eslint-disable-next-line @typescript-eslint/no-this-alias -- micromark states are plain functions that read the tokenizer's context
  const self = this;
  let size = 0;
  let valueStart: Point | undefined;
  const fence: { start?: Point } = {};
  const closingFence: Construct = {
    partial: true,
    tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
      return tokenizeClosingFence.call(this, effects, ok, nok, fence);
    },
  };
  return start;

  function start(code: Code): State | undefined {
    // `---` under a paragraph line is a setext underline, never metadata.
    if (self.interrupt || code !== codes.dash) return nok(code);
    effects.enter('yaml');
    effects.enter('yamlFence');
    effects.enter('yamlFenceSequence');
    return openSequence(code);
  }

  function openSequence(code: Code): State | undefined {
    if (code === codes.dash && size < 3) {
      size++;
      effects.consume(code);
      return openSequence;
    }
    if (size !== 3) return nok(code);
    effects.exit('yamlFenceSequence');
    return openTrailing(code);
  }

  // Trailing spaces are a token of their own: micromark consumes only inside an open token.
  function openTrailing(code: Code): State | undefined {
    if (markdownSpace(code)) {
      effects.enter('whitespace');
      return openSpaces(code);
    }
    return openEnd(code);
  }

  function openSpaces(code: Code): State | undefined {
    if (markdownSpace(code)) {
      effects.consume(code);
      return openSpaces;
    }
    effects.exit('whitespace');
    return openEnd(code);
  }

  function openEnd(code: Code): State | undefined {
    if (!markdownLineEnding(code)) return nok(code);
    effects.exit('yamlFence');
    effects.enter('lineEnding');
    effects.consume(code);
    effects.exit('lineEnding');
    // `---` followed by a blank line is a thematic break.
    return effects.check(blankLine, nok, firstLine);
  }

  function firstLine(code: Code): State | undefined {
    valueStart = self.now();
    return lineStart(code);
  }

  // One `yamlValue` token a line, line endings between, as micromark-extension-frontmatter does:
  // a token spanning lines with nothing inside would be taken for a line break by micromark.
  function lineStart(code: Code): State | undefined {
    return effects.attempt(closingFence, closed, lineContent)(code);
  }

  function lineContent(code: Code): State | undefined {
    if (code === null) return nok(code);
    if (markdownLineEnding(code)) return lineEnd(code);
    effects.enter('yamlValue');
    return lineData(code);
  }

  function lineData(code: Code): State | undefined {
    if (code === null || markdownLineEnding(code)) {
      effects.exit('yamlValue');
      return lineEnd(code);
    }
    effects.consume(code);
    return lineData;
  }

  function lineEnd(code: Code): State | undefined {
    // A block that is never closed is not metadata.
    if (code === null) return nok(code);
    effects.enter('lineEnding');
    effects.consume(code);
    effects.exit('lineEnding');
    return lineStart;
  }

  function closed(code: Code): State | undefined {
    const text = valueStart && fence.start ? self.sliceSerialize({ start: valueStart, end: fence.start }) : '';
    if (!isMetadata(text)) return nok(code);
    effects.exit('yaml');
    return ok(code);
  }
}

/** `---` or `...` alone on a line (trailing spaces allowed); notes where it starts. */
function tokenizeClosingFence(this: TokenizeContext, effects: Effects, ok: State, nok: State, fence: { start?: Point }): State {
  // eslint-disable-next-line @typescript-eslint/no-this-alias -- micromark states are plain functions that read the tokenizer's context
  const self = this;
  let marker: Code = null;
  let size = 0;
  return start;

  function start(code: Code): State | undefined {
    if (code !== codes.dash && code !== codes.dot) return nok(code);
    marker = code;
    fence.start = self.now();
    effects.enter('yamlFence');
    effects.enter('yamlFenceSequence');
    return sequence(code);
  }

  function sequence(code: Code): State | undefined {
    if (code === marker && size < 3) {
      size++;
      effects.consume(code);
      return sequence;
    }
    if (size !== 3) return nok(code);
    effects.exit('yamlFenceSequence');
    return trailing(code);
  }

  function trailing(code: Code): State | undefined {
    if (markdownSpace(code)) {
      effects.enter('whitespace');
      return spaces(code);
    }
    return end(code);
  }

  function spaces(code: Code): State | undefined {
    if (markdownSpace(code)) {
      effects.consume(code);
      return spaces;
    }
    effects.exit('whitespace');
    return end(code);
  }

  function end(code: Code): State | undefined {
    if (code !== null && !markdownLineEnding(code)) return nok(code);
    effects.exit('yamlFence');
    return ok(code);
  }
}

function tokenizeBlankLine(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  let open = false;
  return blank;
  function blank(code: Code): State | undefined {
    if (markdownSpace(code)) {
      if (!open) effects.enter('whitespace');
      open = true;
      effects.consume(code);
      return blank;
    }
    if (open) effects.exit('whitespace');
    open = false;
    return code === null || markdownLineEnding(code) ? ok(code) : nok(code);
  }
}

/**
 * Whether a block's text is metadata to pandoc: a mapping, nothing (empty,
 * `null`, only comments), or text that does not parse. A list or a scalar is not.
 */
function isMetadata(text: string): boolean {
  if (MAPPING_LINE.test(text)) return true;
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) return true;
  const contents = doc.contents;
  if (contents === null) return true;
  const json = contents.toJSON() as unknown;
  return json === null || (typeof json === 'object' && !Array.isArray(json));
}

/** The common case, decided without the yaml package: the first line is a plain `key:` entry. */
const MAPPING_LINE = /^[A-Za-z_][\w-]*:(?:[ \t]|\r?\n|$)/;

/** The micromark extension: YAML metadata blocks anywhere a block starts. */
export function metadataBlockSyntax(): Extension {
  return { flow: { [codes.dash]: metadataBlock } };
}

/**
 * remark plugin: parse pandoc's metadata blocks into `yaml` nodes (and write
 * them back). Use it instead of remark-frontmatter's `yaml`.
 */
export function remarkMetadataBlocks(this: Processor): undefined {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(metadataBlockSyntax());
  (data.fromMarkdownExtensions ??= []).push(frontmatterFromMarkdown('yaml'));
  (data.toMarkdownExtensions ??= []).push(frontmatterToMarkdown('yaml'));
}

// ---------------------------------------------------------------------------
// Reading.

/** The metadata blocks of a tree, in document order (blocks inside block quotes and lists included). */
export function metadataNodes(tree: Root): Yaml[] {
  const found: Yaml[] = [];
  const stack: Nodes[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'yaml') found.push(node);
    else if ('children' in node && node.type !== 'paragraph' && node.type !== 'heading' && node.type !== 'tableCell') {
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Nodes);
    }
  }
  return found;
}

/** The front matter of a parsed article: every metadata block, merged. */
export function readFrontMatter(tree: Root): FrontMatter {
  const value: Record<string, unknown> = {};
  const problems: FrontMatterProblem[] = [];
  for (const node of metadataNodes(tree)) {
    const read = readBlock(node.value, node.position?.start.line ?? 1);
    if (read.problem) problems.push(read.problem);
    for (const [key, entry] of Object.entries(read.value)) if (!Object.hasOwn(value, key)) value[key] = entry;
  }
  return { value, problems };
}

function readBlock(text: string, fenceLine: number): { value: Record<string, unknown>; problem?: FrontMatterProblem } {
  const simple = simpleMapping(text);
  if (simple) return { value: simple };
  try {
    const doc = parseYaml(text, { maxAliasCount: 50, uniqueKeys: true }) as unknown;
    return { value: doc && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : {} };
  } catch (error) {
    const pos = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    // The YAML text starts on the line after the opening `---`.
    const line = fenceLine + (pos?.line ?? 1);
    const reason = String((error as Error).message).split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    return {
      value: {},
      problem: { message: `Front matter does not parse (${reason}); its settings (title, csl, lang…) are ignored until it is fixed.`, line, column: pos?.col ?? 1 },
    };
  }
}

const metadataOnly = unified().use(remarkParse).use(remarkMetadataBlocks).freeze();

/**
 * An article's front matter from its text, for a command that needs a
 * setting (`render`'s `csl`) before it parses the article. A block that
 * opens the article is read directly; only when a later block may exist is
 * the text parsed, so both readings are the parser's.
 */
export function frontMatterOf(source: string): Record<string, unknown> {
  const leading = LEADING_BLOCK.exec(source);
  const rest = leading ? source.slice(leading[0].length) : source;
  if (!LATER_BLOCK.test(rest) && (!leading || isMetadata(leading[1]!))) return leading ? readBlock(leading[1]!, 1).value : {};
  return readFrontMatter(metadataOnly.parse(source)).value;
}

/** A block opening the text: `---`, a non-blank line, and lines up to `---` or `...`. */
const LEADING_BLOCK = /^---[ \t]*\r?\n(?![ \t]*(?:\r?\n|$))([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;
/** Where a later block could start: a `---` line (after container markers) followed by a non-blank line. */
const LATER_BLOCK = /(?:^|\n)[ \t>]*(?:[-*+][ \t]+|\d+[.)][ \t]+)?---[ \t]*\r?\n(?![ \t>]*(?:\r?\n|$))/;

/**
 * Most front matter is a few `key: value` lines (`title: "…"`, `lang: en-US`),
 * which the yaml package takes about half a millisecond to read, as long as a
 * third of the article's sentence splitting. Such a block is read here when
 * every line is a plain key, `: `, and a value whose YAML reading is plainly
 * the string between its quotes or the words themselves; anything else
 * (numbers, booleans, lists, escapes, comments, repeated keys) is left to
 * the yaml package. A test checks both readings agree.
 */
export function simpleMapping(text: string): Record<string, string> | undefined {
  if (text.includes('\r')) return undefined;
  const value: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const colon = line.indexOf(': ');
    if (colon <= 0 || !SIMPLE_KEY.test(line.slice(0, colon)) || line.slice(0, colon) === '__proto__') return undefined;
    const key = line.slice(0, colon);
    let start = colon + 2;
    let end = line.length;
    while (start < end && (line[start] === ' ' || line[start] === '\t')) start++;
    while (end > start && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
    const raw = line.slice(start, end);
    let scalar: string;
    if (QUOTED.test(raw)) scalar = raw.slice(1, -1);
    else if (PLAIN.test(raw) && !CORE_SCHEMA_WORDS.has(raw)) scalar = raw;
    else return undefined;
    if (Object.hasOwn(value, key)) return undefined;
    value[key] = scalar;
  }
  return value;
}

const SIMPLE_KEY = /^[A-Za-z][\w-]*$/;
/** A double-quoted string without escapes, or a single-quoted one without quotes inside. */
const QUOTED = /^(?:"[^"\\]*"|'[^']*')$/;
/** Words, numbers inside them, and light punctuation, starting with a letter: never a number, a date or a flow collection. */
const PLAIN = /^[A-Za-z][\w.,/()-]*(?: [\w.,/()-]+)*$/;
/** Plain words the YAML 1.2 core schema reads as something other than a string. */
const CORE_SCHEMA_WORDS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);
