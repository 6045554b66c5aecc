/**
 * mdast-util-from-markdown extension: turns the tokens of `citationSyntax()` into
 * `citation` and `malformedCitation` nodes.
 *
 * Prefix, locator and suffix are kept as written in the source (markup such as `*see*`
 * is not rendered), with runs of whitespace, line endings included, collapsed to one space,
 * and with character references and backslash escapes decoded as pandoc decodes them
 * (`p.&nbsp;3` is `p. 3` with a no-break space).
 */
import type { Extension as FromMarkdownExtension, CompileContext, Handle } from 'mdast-util-from-markdown';
import { decodeString } from 'micromark-util-decode-string';
import type { Point as TokenPoint, Token } from 'micromark-util-types';
import type { PhrasingContent } from 'mdast';
import type { Point } from 'unist';
import { malformedTokenReasons } from './syntax.js';
import type { CitationItem, CitationNode, MalformedCitationNode } from './types.js';

interface Part {
  kind: 'key' | 'open' | 'close' | 'separator';
  start: TokenPoint;
  end: TokenPoint;
  text: string;
}

const partsByNode = new WeakMap<CitationNode, Part[]>();

function point(p: TokenPoint): Point {
  return { line: p.line, column: p.column, offset: p.offset };
}

function slice(context: CompileContext, start: TokenPoint, end: TokenPoint): string {
  const span: Token = { type: 'data', start, end };
  const text = context.sliceSerialize(span);
  return normaliseSpace(text.includes('&') || text.includes('\\') ? decodeString(text) : text);
}

/** White space other than a no-break space (which a decoded `&nbsp;` is, and pandoc keeps) collapsed to one space. */
function normaliseSpace(text: string): string {
  const collapsed = text.replace(/[^\S\u00a0]+/gu, ' ');
  const start = collapsed.startsWith(' ') ? 1 : 0;
  const end = collapsed.endsWith(' ') && collapsed.length > start ? collapsed.length - 1 : collapsed.length;
  return collapsed.slice(start, end);
}

function currentCitation(context: CompileContext): CitationNode | undefined {
  const node = context.stack[context.stack.length - 1];
  return node && node.type === 'citation' ? (node) : undefined;
}

function recorder(kind: Part['kind']): Handle {
  return function (this: CompileContext, token: Token): undefined {
    const node = currentCitation(this);
    if (!node) return;
    const parts = partsByNode.get(node);
    if (!parts) return;
    parts.push({ kind, start: token.start, end: token.end, text: this.sliceSerialize(token) });
  };
}

function enterCitation(mode: CitationNode['mode']): Handle {
  return function (this: CompileContext, token: Token): undefined {
    const node: CitationNode = {
      type: 'citation',
      mode,
      items: [],
      value: '',
      position: { start: point(token.start), end: point(token.end) },
    };
    partsByNode.set(node, []);
    this.enter(node, token);
  };
}

const exitCitation: Handle = function (this: CompileContext, token: Token): undefined {
  const node = currentCitation(this);
  if (node) {
    node.items = buildItems(this, partsByNode.get(node) ?? []);
    node.value = this.sliceSerialize(token);
    partsByNode.delete(node);
  }
  this.exit(token);
  keepAltContent(this);
};

/**
 * mdast keeps an image's alt text as a string, so a citation in it would be lost. pandoc reads
 * citations there (an image alone in a paragraph is a figure, its alt text the caption): the alt
 * text's nodes are kept on the image as `data.altContent`, where claims and render find them.
 */
function keepAltContent(context: CompileContext): void {
  const stack = context.stack;
  for (let i = stack.length - 1; i > 0; i--) {
    const node = stack[i - 1]!;
    if (node.type === 'image' || node.type === 'imageReference') {
      const data = (node.data ??= {}) as { altContent?: PhrasingContent[] };
      const fragment = stack[i] as { children?: PhrasingContent[] };
      if (!data.altContent && fragment.children) data.altContent = fragment.children;
      return;
    }
  }
}

/** `@key`, `-@key`, `@{key}` → the key. */
function keyOf(text: string): { key: string; suppressAuthor: boolean } {
  const suppressAuthor = text.startsWith('-');
  let key = text.slice(suppressAuthor ? 2 : 1);
  if (key.startsWith('{') && key.endsWith('}')) key = key.slice(1, -1);
  return { key, suppressAuthor };
}

function makeItem(context: CompileContext, key: Part, prefix: string, suffixText: string): CitationItem {
  const { key: id, suppressAuthor } = keyOf(key.text);
  const { locator, suffix } = splitLocator(suffixText);
  return {
    key: id,
    prefix,
    locator,
    suffix,
    suppressAuthor,
    position: { start: point(key.start), end: point(key.end) },
  };
}

/** Items of a `[ … ; … ]` list: parts from the opening marker to the closing one. */
function listItems(context: CompileContext, parts: Part[]): CitationItem[] {
  const items: CitationItem[] = [];
  let boundary = parts[0];
  let pendingKey: Part | undefined;
  let prefix = '';
  for (const part of parts.slice(1)) {
    if (!boundary) break;
    if (part.kind === 'key') {
      pendingKey = part;
      prefix = slice(context, boundary.end, part.start);
      continue;
    }
    if (pendingKey) {
      items.push(makeItem(context, pendingKey, prefix, slice(context, pendingKey.end, part.start)));
    }
    pendingKey = undefined;
    boundary = part;
  }
  return items;
}

function buildItems(context: CompileContext, parts: Part[]): CitationItem[] {
  const first = parts[0];
  if (!first) return [];
  if (first.kind === 'open') return listItems(context, parts);
  // In-text: `@key`, then perhaps `[suffix; @more]` or `[@more]`.
  const open = parts[1];
  if (!open) return [makeItem(context, first, '', '')];
  const rest = parts.slice(1);
  const firstBoundary = rest.findIndex((p, i) => i > 0 && (p.kind === 'separator' || p.kind === 'close'));
  const boundary = rest[firstBoundary];
  const keyBeforeBoundary = rest.slice(1, firstBoundary).some((p) => p.kind === 'key');
  if (keyBeforeBoundary || !boundary) return [makeItem(context, first, '', ''), ...listItems(context, rest)];
  const head = makeItem(context, first, '', slice(context, open.end, boundary.start));
  return [head, ...listItems(context, rest.slice(firstBoundary))];
}

function enterMalformed(this: CompileContext, token: Token): undefined {
  const node: MalformedCitationNode = {
    type: 'malformedCitation',
    value: '',
    reason: malformedTokenReasons[token.type] ?? 'malformed',
    position: { start: point(token.start), end: point(token.end) },
  };
  this.enter(node, token);
}

function exitMalformed(this: CompileContext, token: Token): undefined {
  const node = this.stack[this.stack.length - 1];
  if (node && node.type === 'malformedCitation') node.value = this.sliceSerialize(token);
  this.exit(token);
  keepAltContent(this);
}

/** The mdast extension: add it to `fromMarkdownExtensions`. */
export function citationFromMarkdown(): FromMarkdownExtension {
  const enter: Record<string, Handle> = {
    citationBracketed: enterCitation('bracketed'),
    citationInText: enterCitation('in-text'),
  };
  const exit: Record<string, Handle> = {
    citationBracketed: exitCitation,
    citationInText: exitCitation,
    citationKey: recorder('key'),
    citationSeparator: recorder('separator'),
    citationMarker: function (this: CompileContext, token: Token): undefined {
      const node = currentCitation(this);
      const parts = node ? partsByNode.get(node) : undefined;
      if (!parts) return;
      const kind = this.sliceSerialize(token) === '[' ? 'open' : 'close';
      parts.push({ kind, start: token.start, end: token.end, text: kind === 'open' ? '[' : ']' });
    },
  };
  for (const type of Object.keys(malformedTokenReasons)) {
    enter[type] = enterMalformed;
    exit[type] = exitMalformed;
  }
  return { enter, exit };
}

// ---------------------------------------------------------------------------
// Locators.

/**
 * Locator terms pandoc recognises in English (the CSL en-US locator terms, long and short,
 * singular and plural, plus the symbols). Longest first so `pp.` wins over `p.`.
 */
const locatorTerms = [
  'book', 'books', 'bk.', 'bks.',
  'chapter', 'chapters', 'chap.', 'chaps.',
  'column', 'columns', 'col.', 'cols.',
  'figure', 'figures', 'fig.', 'figs.',
  'folio', 'folios', 'fol.', 'fols.',
  'number', 'numbers', 'no.', 'nos.',
  'line', 'lines', 'l.', 'll.',
  'note', 'notes', 'n.', 'nn.',
  'opus', 'opera', 'op.', 'opp.',
  'page', 'pages', 'p.', 'pp.',
  'paragraph', 'paragraphs', 'para.', 'paras.', '¶', '¶¶',
  'part', 'parts', 'pt.', 'pts.',
  'section', 'sections', 'sec.', 'secs.', '§', '§§',
  'sub verbo', 'sub verbis', 's.v.', 's.vv.',
  'verse', 'verses', 'v.', 'vv.',
  'volume', 'volumes', 'vol.', 'vols.',
  'table', 'tables', 'tbl.',
  'timestamp', 'timestamps',
].sort((a, b) => b.length - a.length);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

const termPattern = locatorTerms.map(escapeRegExp).join('|');
const word = String.raw`(?:\d+[a-z]?|[ivxlcdm]+|\{[^}]*\})`;
const numericWord = String.raw`(?:\d+[a-z]?|\{[^}]*\})`;
const joiner = String.raw`\s*(?:-+|–|—|,|&)\s*`;
const explicitLocator = new RegExp(
  String.raw`^,?\s*((?:${termPattern})\s*${word}(?:${joiner}${word})*)(?![\p{L}\p{N}])`,
  'iu',
);
const implicitLocator = new RegExp(
  String.raw`^,?\s*(${numericWord}(?:${joiner}${numericWord})*)(?![\p{L}\p{N}])`,
  'u',
);

/**
 * The text without its trailing whitespace, commas, ampersands and dashes. A backward scan:
 * a `[…]+$` regex would re-read every run of those characters that is not at the end.
 */
function withoutTrailingJoiners(text: string): string {
  let end = text.length;
  while (end > 0 && /[\s,&–—-]/u.test(text[end - 1]!)) end -= 1;
  return text.slice(0, end);
}

/**
 * Splits the text after a key into the locator (a term such as `pp.` and its value, or a bare
 * number, which pandoc reads as a page) and the rest.
 * `, pp. 33-35, and elsewhere` → `pp. 33-35` and `, and elsewhere`.
 */
export function splitLocator(text: string): { locator: string; suffix: string } {
  const trimmed = normaliseSpace(text);
  const match = explicitLocator.exec(trimmed) ?? implicitLocator.exec(trimmed);
  if (!match || match[1] === undefined) return { locator: '', suffix: trimmed };
  // A joiner grabbed at the very end (`p. 3,`) belongs to the suffix.
  const locator = withoutTrailingJoiners(match[1]);
  const consumed = match[0].length - (match[1].length - locator.length);
  return { locator, suffix: trimmed.slice(consumed).trim() };
}
