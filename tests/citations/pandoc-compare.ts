/**
 * How the differential test compares citemark's citations with pandoc's for one input:
 * item by item on key and mode (and on prefix and suffix, letters and digits only), with
 * the documented deviations (docs/pandoc-deviations.md) applied exactly, each to the items
 * it explains and to nothing else:
 *
 * - a bare URL or email, which GFM reads (to the next white space) and pandoc does not
 *   (`https://x.org/@a`, `a_b@x.org`, `https://x.org)[@a]`): an input whose citations differ
 *   from pandoc's, but agree when citemark reads it without GFM's autolink literals;
 * - a citation nested in another's prefix or suffix (`[@a @b]`, `[see [@b] @a]`): citemark
 *   reads the same keys, in other modes.
 *
 * An input differs when its citations still differ after that; it is a documented deviation
 * when they differ only before.
 */
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { type Processor, unified } from 'unified';
import { visit } from 'unist-util-visit';
import { collectCitationNodes } from '../../src/citations/index.js';
import { remarkCitations } from '../../src/citations/plugin.js';
import type { CitationNode } from '../../src/citations/types.js';
import { parseArticle } from '../../src/document/article.js';
import { remarkMetadataBlocks } from '../../src/document/front-matter.js';

export interface Item {
  key: string;
  mode: string;
  prefix: string;
  suffix: string;
}

export type Deviation = 'nested' | 'url-or-email';

export interface Outcome {
  markdown: string;
  pandoc: Item[];
  ours: Item[];
  /** Set when the citations differ only by documented deviations. */
  deviation?: Deviation[];
  /** Keys and modes agree once the documented deviations are applied (or without them). */
  keysAndModes: boolean;
  /** Keys, modes, prefixes and suffixes agree once the deviations are applied. */
  affixes: boolean;
}

export function squash(text: string): string {
  return text.normalize('NFC').replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();
}

function itemsOf(citations: CitationNode[]): Item[] {
  return citations.flatMap((citation) =>
    citation.items.map((item, i) => ({
      key: item.key,
      mode: item.suppressAuthor ? 'SuppressAuthor' : citation.mode === 'in-text' && i === 0 ? 'AuthorInText' : 'NormalCitation',
      prefix: squash(item.prefix),
      suffix: squash(item.locator + item.suffix),
    })),
  );
}

export function ourItems(markdown: string): Item[] {
  return itemsOf(parseArticle('case.md', markdown).citations);
}

/** GFM without autolink literals: what citemark would read if it did not read bare URLs and emails. */
function withoutLiterals(this: Processor): undefined {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmTable(), gfmFootnote(), gfmStrikethrough());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown(), gfmFootnoteFromMarkdown(), gfmStrikethroughFromMarkdown());
}

const literalFreeReader = unified().use(remarkParse).use(remarkMetadataBlocks).use(withoutLiterals).use(remarkCitations).freeze();

function itemsWithoutLiterals(markdown: string): Item[] {
  return itemsOf(collectCitationNodes(literalFreeReader.parse(markdown)).citations);
}

interface PandocNode {
  t?: string;
  c?: unknown;
}

interface PandocCitation {
  citationId: string;
  citationPrefix: unknown;
  citationSuffix: unknown;
  citationMode: { t: string };
}

/** The text of pandoc inlines; a nested citation adds nothing (it is an item of its own). */
function inlineText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(inlineText).join('');
  if (!value || typeof value !== 'object') return '';
  const node = value as PandocNode;
  switch (node.t) {
    case 'Space':
    case 'SoftBreak':
    case 'LineBreak':
      return ' ';
    case 'Cite':
      return '';
    case 'Code':
    case 'Math':
    case 'RawInline':
      return String((node.c as unknown[])[1]);
    case 'Link':
    case 'Image':
    case 'Quoted':
    case 'Span':
      return inlineText((node.c as unknown[])[1]);
    default:
      return inlineText(node.c);
  }
}

/** A pandoc item, and whether it belongs to a citation that holds a nested one (or is nested itself). */
interface PandocItem extends Item {
  nested: boolean;
}

function hasNestedCite(citations: PandocCitation[]): boolean {
  let found = false;
  const walk = (value: unknown): void => {
    if (found || !value || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach(walk);
    if ((value as PandocNode).t === 'Cite') found = true;
    else Object.values(value).forEach(walk);
  };
  for (const c of citations) {
    walk(c.citationPrefix);
    walk(c.citationSuffix);
  }
  return found;
}

/** Every citation item in pandoc's blocks, nested ones included, in document order. */
export function pandocItems(blocks: unknown): PandocItem[] {
  const items: PandocItem[] = [];
  const walk = (value: unknown, inNested: boolean): void => {
    if (Array.isArray(value)) {
      for (const child of value) walk(child, inNested);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const node = value as PandocNode;
    if (node.t === 'Cite') {
      const [citations] = node.c as [PandocCitation[], unknown];
      const nested = inNested || hasNestedCite(citations);
      for (const citation of citations) {
        items.push({
          key: citation.citationId,
          mode: citation.citationMode.t,
          prefix: squash(inlineText(citation.citationPrefix)),
          suffix: squash(inlineText(citation.citationSuffix)),
          nested,
        });
        walk(citation.citationPrefix, nested);
        walk(citation.citationSuffix, nested);
      }
      return;
    }
    for (const child of Object.values(node)) walk(child, inNested);
  };
  walk(blocks, false);
  return items;
}

const gfmReader = unified().use(remarkParse).use(remarkMetadataBlocks).use(remarkGfm).use(remarkCitations).freeze();

/** Whether GFM reads a bare URL or email here (an autolink literal: a link whose source is neither `<…>` nor `[…](…)`). */
export function hasLiteral(markdown: string): boolean {
  if (!/[@:.]/u.test(markdown)) return false;
  let found = false;
  visit(gfmReader.parse(markdown), 'link', (node) => {
    const start = node.position?.start.offset;
    const first = start === undefined ? undefined : markdown[start];
    if (first !== '<' && first !== '[') found = true;
  });
  return found;
}

type Shape = (item: Item) => string;
export const keyAndMode: Shape = (i) => `${i.key} ${i.mode}`;
const withAffixes: Shape = (i) => `${i.key} ${i.mode} ${i.prefix} ${i.suffix}`;

/**
 * Whether `ours` matches `theirs`, where an item of theirs marked `anyMode` matches an item of
 * ours with its key in any mode (and, for affixes, any prefix and suffix).
 */
function matches(theirs: (Item & { anyMode?: boolean })[], ours: Item[], shape: Shape): boolean {
  if (theirs.length !== ours.length) return false;
  const left = new Map<string, number>();
  for (const item of ours) left.set(shape(item), (left.get(shape(item)) ?? 0) + 1);
  const loose: string[] = [];
  for (const item of theirs) {
    if (item.anyMode) {
      loose.push(item.key);
      continue;
    }
    const count = left.get(shape(item)) ?? 0;
    if (count === 0) return false;
    left.set(shape(item), count - 1);
  }
  const keysLeft = new Map<string, number>();
  for (const [shaped, count] of left) {
    if (count === 0) continue;
    const item = ours.find((o) => shape(o) === shaped)!;
    keysLeft.set(item.key, (keysLeft.get(item.key) ?? 0) + count);
  }
  for (const key of loose) {
    const count = keysLeft.get(key) ?? 0;
    if (count === 0) return false;
    keysLeft.set(key, count - 1);
  }
  return true;
}

/** Compares one input's citations; `blocks` is pandoc's JSON AST (`pandoc -f markdown -t json`) for it. */
export function compare(markdown: string, blocks: unknown): Outcome {
  const theirs = pandocItems(blocks);
  const ours = ourItems(markdown);
  const plain: Item[] = theirs.map((item) => ({ key: item.key, mode: item.mode, prefix: item.prefix, suffix: item.suffix }));
  const outcome: Outcome = { markdown, pandoc: plain, ours, keysAndModes: matches(plain, ours, keyAndMode), affixes: matches(plain, ours, withAffixes) };
  if (outcome.keysAndModes && outcome.affixes) return outcome;

  const applied = new Set<Deviation>();
  // A citation nested in another's prefix or suffix: the same keys, other modes and affixes.
  const adjusted = theirs.map(({ nested, ...item }) => {
    if (!nested) return item;
    applied.add('nested');
    return { ...item, anyMode: true };
  });
  let read = ours;
  // A bare URL or email: what citemark reads where GFM reads none.
  if (hasLiteral(markdown)) {
    read = itemsWithoutLiterals(markdown);
    applied.add('url-or-email');
  }
  if (applied.size === 0 || !matches(adjusted, read, keyAndMode)) return outcome;
  if (read === ours && outcome.keysAndModes) return outcome;
  return { ...outcome, keysAndModes: true, affixes: matches(adjusted, read, withAffixes), deviation: [...applied] };
}
