/**
 * HTML → Markdown for importing an article, through an HTML5 parser
 * (parse5, via `hast-util-from-html`), so a page that is not well-formed
 * reads as a browser reads it and every entity is decoded the standard way
 * (a code point that does not exist becomes U+FFFD). The tree is turned
 * into Markdown by `hast-util-to-mdast`, with three choices of our own:
 *
 * - `<sup>` holding a number list stays `<sup>3,4</sup>`, so the marker
 *   search (`markers.ts`) finds it; other superscripts are plain text;
 * - text is written as printed, unescaped: `[1]` must stay `[1]` for the
 *   marker search, and the import reads the result as its own Markdown;
 * - scripts, styles and navigation are not text; images are dropped.
 */
import type { Element, Nodes as HastNodes, Root as HastRoot } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toMdast, type Handle, type State } from 'hast-util-to-mdast';
import type { Html, PhrasingContent, Text } from 'mdast';
import { gfmTableToMarkdown } from 'mdast-util-gfm-table';
import { toMarkdown, type Handle as ToMarkdownHandle } from 'mdast-util-to-markdown';

export interface HtmlArticle {
  /** The page as Markdown. */
  markdown: string;
  /** The `<title>`, if the page has one. */
  title?: string;
}

const HIDDEN = new Set(['script', 'style', 'noscript', 'nav', 'template', 'head']);
const SUPERSCRIPT_LIST = /^[\s\d,;–—\-[\]]+$/;

function textOf(node: HastNodes): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element' || node.type === 'root') return node.children.map(textOf).join('');
  return '';
}

function findElement(node: HastNodes, name: string): Element | undefined {
  if (node.type === 'element' && node.tagName === name) return node;
  if (node.type !== 'element' && node.type !== 'root') return undefined;
  for (const child of node.children) {
    const found = findElement(child, name);
    if (found) return found;
  }
  return undefined;
}

/** Removes hidden elements in place (the title is read before). */
function dropHidden(node: HastRoot | Element): void {
  node.children = node.children.filter((child) => !(child.type === 'element' && HIDDEN.has(child.tagName)));
  for (const child of node.children) if (child.type === 'element') dropHidden(child);
}

const superscript: Handle = (_state: State, node: Element): Html | Text => {
  const text = textOf(node);
  if (/\d/.test(text) && SUPERSCRIPT_LIST.test(text)) return { type: 'html', value: `<sup>${text.replace(/\s+/g, '')}</sup>` };
  return { type: 'text', value: text };
};

/** A link whose text is its address is written as the bare address; an in-page link (`#ref3`) as its text. */
const link: Handle = (state: State, node: Element): PhrasingContent | PhrasingContent[] => {
  const href = typeof node.properties.href === 'string' ? node.properties.href : '';
  const children = state.all(node) as PhrasingContent[];
  const label = textOf(node).trim();
  if (!/^https?:/i.test(href)) return children;
  if (!label || label === href) return { type: 'text', value: href };
  return { type: 'link', url: href, children };
};

const verbatimText: ToMarkdownHandle = (node: Text) => node.value;

/** An HTML page as Markdown, and its title. Never throws on malformed HTML or entities. */
export function readHtml(html: string): HtmlArticle {
  const tree = fromHtml(html);
  const titleElement = findElement(tree, 'title');
  const title = titleElement ? textOf(titleElement).replace(/\s+/g, ' ').trim() : undefined;
  dropHidden(tree);
  const mdast = toMdast(tree, { handlers: { sup: superscript, a: link, img: () => undefined, picture: () => undefined, svg: () => undefined } });
  const markdown = toMarkdown(mdast, {
    extensions: [gfmTableToMarkdown()],
    handlers: { text: verbatimText, break: () => '\n' },
    bullet: '-',
    listItemIndent: 'one',
  });
  return { markdown: markdown.replace(/\n{3,}/g, '\n\n').trim() + '\n', ...(title ? { title } : {}) };
}

/** An HTML page as Markdown. */
export function htmlToMarkdown(html: string): string {
  return readHtml(html).markdown;
}
