/**
 * unified plugin: parse pandoc citations into `citation` / `malformedCitation` mdast nodes,
 * and write them back as written when the pipeline stringifies.
 * Registers its extensions the way remark-gfm does, so it composes with remark-gfm and
 * remark-frontmatter in any order.
 */
import type { Processor } from 'unified';
import { citationSyntax } from './syntax.js';
import { citationFromMarkdown } from './from-markdown.js';
import { citationToMarkdown } from './to-markdown.js';

export function remarkCitations(this: Processor): undefined {
  const data = this.data();
  const micromarkExtensions = data.micromarkExtensions ?? (data.micromarkExtensions = []);
  const fromMarkdownExtensions = data.fromMarkdownExtensions ?? (data.fromMarkdownExtensions = []);
  micromarkExtensions.push(citationSyntax());
  const toMarkdownExtensions = data.toMarkdownExtensions ?? (data.toMarkdownExtensions = []);
  fromMarkdownExtensions.push(citationFromMarkdown());
  toMarkdownExtensions.push(citationToMarkdown());
}
