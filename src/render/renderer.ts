/**
 * The render library behind `citemark render`: one renderer per style and
 * bibliography, many articles through it.
 */
import type { Heading, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import rehypeStringify from 'rehype-stringify';
import { pandocInlineToMarkdown } from '../citations/pandoc-inline-mdast.js';
import { remarkMetadataBlocks } from '../document/front-matter.js';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import remarkStringify from 'remark-stringify';
import { unified, type Processor } from 'unified';
import { resolveStyle, type CslStyle, type StyleInput } from '../format/csl.js';
import { htmlDocument } from './html.js';
import { addCitationSyntax } from './plugin.js';
import type { OutputKind } from './markup.js';
import { itemLookup, renderCitationsInTree, type BibliographyInput, type TransformResult } from './transform.js';

export interface RendererOptions {
  bibliography: BibliographyInput;
  /** A built-in style name (`apa`, `vancouver`, `ama`, `harvard`, `chicago`) or a CSL style's XML; default `apa`. */
  style?: StyleInput;
  /** Locale for articles whose front matter has no `lang`; default `en-US`. */
  locale?: string;
  /** Heading for a bibliography appended at the end of an article; default `References`. */
  referencesTitle?: string;
}

export interface RenderArticleOptions {
  /** Default `html`. */
  to?: OutputKind;
  /** For HTML, the document title when the article has no front matter `title` or level-1 heading. */
  fallbackTitle?: string;
}

export interface RenderResult extends TransformResult {
  /** A Markdown article, or a complete HTML document. */
  output: string;
}

export interface Renderer {
  readonly style: CslStyle;
  /** Renders an article given as Markdown text, or as an mdast tree with `citation` nodes (the tree is not changed). */
  renderArticle(input: string | Root, options?: RenderArticleOptions): RenderResult;
}

const parser = unified().use(remarkParse).use(remarkMetadataBlocks).use(remarkGfm).use(addCitationSyntax).freeze();
const markdownWriter = unified()
  .use(remarkStringify, { bullet: '-', emphasis: '*', strong: '*', fence: '`', rule: '-', listItemIndent: 'one' })
  .use(remarkMetadataBlocks)
  .use(remarkGfm)
  .use(function (this: Processor) {
    // Math, raw TeX and inline notes are written back as pandoc Markdown.
    (this.data().toMarkdownExtensions ??= []).push(pandocInlineToMarkdown());
  })
  .freeze();
// The article's own raw HTML (e.g. a `<div>` wrapper) passes through, as pandoc lets it.
const htmlWriter = unified().use(remarkRehype, { allowDangerousHtml: true }).use(rehypeStringify, { allowDangerousHtml: true }).freeze();

/** Parses Markdown the way citemark reads articles: front matter, GFM and pandoc citations. */
export function parseMarkdown(markdown: string): Root {
  return parser.parse(markdown);
}

export function createRenderer(options: RendererOptions): Renderer {
  const style = resolveStyle(options.style ?? 'apa');
  const lookup = itemLookup(options.bibliography);
  return {
    style,
    renderArticle(input, renderOptions = {}) {
      const to = renderOptions.to ?? 'html';
      const tree = typeof input === 'string' ? parseMarkdown(input) : structuredClone(input);
      const result = renderCitationsInTree(tree, {
        style,
        lookup,
        to,
        ...(options.locale !== undefined ? { locale: options.locale } : {}),
        ...(options.referencesTitle !== undefined ? { referencesTitle: options.referencesTitle } : {}),
      });
      if (to === 'md') return { ...result, output: markdownWriter.stringify(tree) };
      const body = htmlWriter.stringify(htmlWriter.runSync(tree));
      const title = result.title ?? renderOptions.fallbackTitle ?? 'Article';
      // A front matter title is shown at the top, as pandoc's standalone HTML shows it, unless the article's own
      // level-1 heading already says the same.
      const h1 = tree.children.find((n): n is Heading => n.type === 'heading' && n.depth === 1);
      const heading = result.title !== undefined && (h1 === undefined || toString(h1).trim() !== result.title.trim()) ? result.title : undefined;
      return { ...result, output: htmlDocument({ title, lang: result.lang, body, styleTitle: style.title, ...(heading !== undefined ? { heading } : {}) }) };
    },
  };
}
