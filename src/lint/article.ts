/**
 * Reads and parses one article: bytes → text (UTF-8 checked) → mdast with
 * front matter, GFM and pandoc citations → citations and sentences.
 * Parsing never touches the bibliography; the rules do the checking.
 */
import type { Root, Yaml } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { parse as parseYaml } from 'yaml';
import { splitSentences } from '../citations/claims.js';
import { collectCitations } from '../citations/index.js';
import { remarkCitations } from '../citations/plugin.js';
import type { ParsedArticle } from './types.js';

/** Larger articles are reported, not parsed: remark's memory and time grow with input, and no real article is this big. */
export const MAX_ARTICLE_BYTES = 5 * 1024 * 1024;

const processor = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkGfm)
  .use(remarkCitations)
  .freeze();

export type ArticleReadResult =
  | { ok: true; source: string; hadBom: boolean }
  | { ok: false; message: string; line: number; column: number };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Turns an article's bytes into text, or says why it cannot be linted. */
export function decodeArticle(bytes: Uint8Array): ArticleReadResult {
  if (bytes.length > MAX_ARTICLE_BYTES) {
    return {
      ok: false,
      message: `Article is ${(bytes.length / 1024 / 1024).toFixed(1)} MiB, over the ${MAX_ARTICLE_BYTES / 1024 / 1024} MiB limit; split it into smaller articles.`,
      line: 1,
      column: 1,
    };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const { line, column } = lineColumnOfByte(bytes, nul);
    return { ok: false, message: 'Article is a binary file (it contains a NUL byte), not Markdown text.', line, column };
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const { line, column } = lineColumnOfByte(bytes, bad);
    return {
      ok: false,
      message: `Article is not valid UTF-8 (byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, '0')} at offset ${bad}); re-save it as UTF-8.`,
      line,
      column,
    };
  }
  const hadBom = text.charCodeAt(0) === 0xfeff;
  return { ok: true, source: hadBom ? text.slice(1) : text, hadBom };
}

/** Parses article text. Throws only on internal failure (e.g. a stack overflow on pathological nesting). */
export function parseArticle(file: string, source: string): ParsedArticle {
  const tree = processor.parse(source) as Root;
  const frontMatter = readFrontMatter(tree);
  return {
    file,
    source,
    tree,
    frontMatter,
    citations: collectCitations(tree),
    sentences: splitSentences(tree, source),
  };
}

function readFrontMatter(tree: Root): Record<string, unknown> {
  const first = tree.children[0];
  if (!first || first.type !== 'yaml') return {};
  return parseFrontMatterYaml((first as Yaml).value);
}

/** An article's front matter without parsing the whole article (for `render`'s per-article `csl`). */
export function frontMatterOf(source: string): Record<string, unknown> {
  const match = /^---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)\r?(?:\n|$)/.exec(source);
  return match ? parseFrontMatterYaml(match[1]!) : {};
}

function parseFrontMatterYaml(text: string): Record<string, unknown> {
  try {
    const value: unknown = parseYaml(text, { maxAliasCount: 50, uniqueKeys: true });
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

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
