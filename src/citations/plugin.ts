/**
 * unified plugin: parse pandoc citations into `citation` / `malformedCitation` mdast nodes,
 * and write them back as written when the pipeline stringifies.
 * Registers its extensions the way remark-gfm does, so it composes with remark-gfm and
 * remark-frontmatter in any order.
 *
 * With the citations come the pandoc constructs that decide where a citation can be
 * (`pandoc-inline.ts`: math, raw TeX, inline notes), and a citation list at the start of
 * a line followed by `:` stays a citation (`[@a]: text`), as in pandoc, rather than
 * becoming a link definition.
 */
import type { Processor } from 'unified';
import { citationSyntax } from './syntax.js';
import { citationFromMarkdown } from './from-markdown.js';
import { citationToMarkdown } from './to-markdown.js';
import { pandocInlineSyntax } from './pandoc-inline.js';
import { pandocInlineFromMarkdown, pandocInlineToMarkdown } from './pandoc-inline-mdast.js';

/**
 * Adds the micromark and mdast-util-from-markdown extensions to a processor, and the
 * to-markdown ones for math, raw TeX and notes; with `citations: true`, also the one that
 * writes citations back and escapes an `@` that could start one.
 */
export function registerCitationExtensions(processor: Processor, options: { citations: boolean }): void {
  const data = processor.data();
  (data.micromarkExtensions ??= []).push(citationSyntax(), pandocInlineSyntax());
  (data.fromMarkdownExtensions ??= []).push(citationFromMarkdown(), pandocInlineFromMarkdown());
  (data.toMarkdownExtensions ??= []).push(...(options.citations ? [citationToMarkdown()] : []), pandocInlineToMarkdown());
}

export function remarkCitations(this: Processor): undefined {
  registerCitationExtensions(this, { citations: true });
}
