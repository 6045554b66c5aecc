import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { remarkCitations } from '../../src/citations/index.js';
import type { MalformedCitationNode } from '../../src/citations/index.js';

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).use(remarkCitations);

export function parse(markdown: string): Root {
  return processor.parse(markdown);
}

export function malformedOf(tree: Root): MalformedCitationNode[] {
  const found: MalformedCitationNode[] = [];
  visit(tree, 'malformedCitation', (node) => {
    found.push(node);
  });
  return found;
}
