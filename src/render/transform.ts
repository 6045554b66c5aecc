/**
 * Rewrites an article's mdast in place: every `citation` node becomes the
 * style's in-text form and the cited works' bibliography is put where the
 * article asks for it (`<div id="refs">`, pandoc's `::: {#refs}`, a
 * "References" heading) or at the end.
 */
import type { FootnoteDefinition, Heading, Nodes, Paragraph, Parent, PhrasingContent, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Bibliography } from '../bibliography/types.js';
import type { CslItem } from '../bibliography/schema.js';
import type { CitationItem, CitationNode, MalformedCitationNode } from '../citations/types.js';
import { readFrontMatter as readMetadata } from '../document/front-matter.js';
import { formatArticle, refId, resolveLocale, type ClusterInput, type CslStyle, type FormattedArticle } from '../format/csl.js';
import { citeprocToMdast, type OutputKind } from './markup.js';
import { block, inline, type CitemarkBlock } from './nodes.js';

/** The works citations are resolved against: citemark's loaded bibliography, a map by id, or a list of items. */
export type BibliographyInput = Bibliography | ReadonlyMap<string, CslItem> | readonly CslItem[];

export type ItemLookup = (key: string) => CslItem | undefined;

export function itemLookup(bibliography: BibliographyInput): ItemLookup {
  if (bibliography instanceof Map) {
    const byKey = bibliography as ReadonlyMap<string, CslItem>;
    return (key) => byKey.get(key);
  }
  if (Array.isArray(bibliography)) {
    const byId = new Map((bibliography as readonly CslItem[]).map((item) => [item.id, item]));
    return (key) => byId.get(key);
  }
  const loaded = bibliography as Bibliography;
  return (key) => loaded.byId.get(key)?.item;
}

export interface TransformOptions {
  style: CslStyle;
  lookup: ItemLookup;
  to: OutputKind;
  /** Used when the front matter has no `lang`; default `en-US`. */
  locale?: string;
  /** Heading added above a bibliography appended at the end; default `References`. */
  referencesTitle?: string;
}

export interface TransformResult {
  /** Cited items whose key is not in the bibliography, in document order. They stay visible in the output, marked. */
  unresolved: CitationItem[];
  /** Malformed citations left in the output as written. */
  malformed: MalformedCitationNode[];
  /** Ids of the works in the bibliography, in the style's order. */
  cited: string[];
  /** The CSL locale used. */
  locale: string;
  /** The article's language: front matter `lang`, else the renderer's locale, else the CSL locale. */
  lang: string;
  /** Front matter `title`, else the first level-1 heading. */
  title?: string;
  warnings: string[];
}

interface FrontMatter {
  title?: string;
  lang?: string;
}

/** The front matter as lint reads it; a broken block is the linter's to report, and renders with the defaults. */
function readFrontMatter(tree: Root): FrontMatter {
  const record = readMetadata(tree).value;
  return {
    ...(typeof record.title === 'string' ? { title: record.title } : {}),
    ...(typeof record.lang === 'string' ? { lang: record.lang } : {}),
  };
}

interface Found {
  node: CitationNode;
  known: CitationItem[];
  unknown: CitationItem[];
  cluster?: number;
  /** With a note style, a citation in the text is rendered as a note of its own. */
  ownNote?: boolean;
}

/** A note style: its root `<style …>` tag says `class="note"`. */
function isNoteStyle(xml: string): boolean {
  const start = xml.indexOf('<style');
  if (start === -1) return false;
  const end = xml.indexOf('>', start);
  return /\bclass="note"|\bclass='note'/.test(xml.slice(start, end === -1 ? undefined : end));
}

/**
 * Every node in document order, with the note (inline note or footnote definition) it is in;
 * an image's alt text (kept by the citation parser when it holds a citation) is walked where
 * the image is, as pandoc reads a figure's caption.
 */
function walkInOrder(node: Nodes, note: Nodes | undefined, visitor: (node: Nodes, note: Nodes | undefined) => void): void {
  visitor(node, note);
  const inside = node.type === 'inlineNote' || node.type === 'footnoteDefinition' ? node : note;
  if ((node.type === 'image' || node.type === 'imageReference') && node.data?.altContent) {
    for (const child of [...node.data.altContent]) walkInOrder(child, inside, visitor);
  }
  if ('children' in node) for (const child of [...(node.children as Nodes[])]) walkInOrder(child, inside, visitor);
}

/** Note numbers as pandoc gives them: inline notes and footnote references in text order; a definition takes its reference's. */
function noteNumbers(tree: Root): Map<Nodes, number> {
  const numbers = new Map<Nodes, number>();
  const byLabel = new Map<string, number>();
  let count = 0;
  walkInOrder(tree, undefined, (node) => {
    if (node.type === 'inlineNote') numbers.set(node, ++count);
    if (node.type === 'footnoteReference') {
      if (!byLabel.has(node.identifier)) byLabel.set(node.identifier, ++count);
      numbers.set(node, byLabel.get(node.identifier)!);
    }
  });
  walkInOrder(tree, undefined, (node) => {
    if (node.type === 'footnoteDefinition') numbers.set(node, byLabel.get(node.identifier) ?? ++count);
  });
  return numbers;
}

/**
 * An image's alt text after its citations are rendered: the plain text for the `alt`
 * attribute (and for Markdown output); in HTML an image alone in its paragraph with alt text
 * is a figure, as pandoc's `implicit_figures` makes it, the rendered alt text its caption.
 */
function finishImages(tree: Root, to: OutputKind): void {
  walkInOrder(tree, undefined, (node) => {
    if ((node.type === 'image' || node.type === 'imageReference') && node.data?.altContent) {
      node.alt = toString({ type: 'paragraph', children: node.data.altContent }).replace(/\s+/g, ' ').trim();
    }
  });
  if (to !== 'html') return;
  const figures = (parent: Parent): void => {
    parent.children = parent.children.map((child) => {
      if ('children' in child && child.type !== 'paragraph') figures(child);
      if (child.type !== 'paragraph') return child;
      const content = child.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
      const only = content.length === 1 ? content[0] : undefined;
      if (!only || (only.type !== 'image' && only.type !== 'imageReference') || !only.alt) return child;
      const image = only;
      const caption = image.data?.altContent ?? [{ type: 'text', value: image.alt ?? '' }];
      return block('figure', {}, [image, block('figcaption', { ariaHidden: 'true' }, caption)]);
    });
  };
  figures(tree);
}

/** Inline notes become footnotes (a reference where the note was, its text after the article), for remark-rehype. */
function notesAsFootnotes(tree: Root): void {
  const definitions: FootnoteDefinition[] = [];
  const taken = new Set<string>();
  walkInOrder(tree, undefined, (node) => {
    if (node.type === 'footnoteDefinition' || node.type === 'footnoteReference') taken.add(node.identifier);
  });
  let count = 0;
  const convert = (parent: Parent): void => {
    parent.children = parent.children.map((child) => {
      if ('children' in child) convert(child);
      if (child.type !== 'inlineNote') return child;
      let identifier = `note-${++count}`;
      while (taken.has(identifier)) identifier = `note-${++count}`;
      taken.add(identifier);
      definitions.push({ type: 'footnoteDefinition', identifier, label: identifier, children: [{ type: 'paragraph', children: (child).children }] });
      return { type: 'footnoteReference', identifier, label: identifier };
    });
  };
  convert(tree);
  tree.children.push(...definitions);
}

export function renderCitationsInTree(tree: Root, options: TransformOptions): TransformResult {
  const front = readFrontMatter(tree);
  const { locale, warning } = resolveLocale(front.lang ?? options.locale);
  const warnings = warning ? [warning] : [];

  const found: Found[] = [];
  const malformed: MalformedCitationNode[] = [];
  const items = new Map<string, CslItem>();
  const clusters: ClusterInput[] = [];
  const noteStyle = isNoteStyle(options.style.xml);
  const notes = noteNumbers(tree);
  let notesSoFar = 0;
  walkInOrder(tree, undefined, (node, note) => {
    if (node.type === 'malformedCitation') malformed.push(node);
    if (node.type === 'inlineNote' || node.type === 'footnoteReference') notesSoFar = Math.max(notesSoFar, notes.get(node) ?? 0);
    if (node.type !== 'citation') return;
    const citation = node;
    const entry: Found = { node: citation, known: [], unknown: [] };
    for (const cited of citation.items) {
      const item = options.lookup(cited.key);
      if (item) {
        entry.known.push(cited);
        items.set(item.id, item);
      } else {
        entry.unknown.push(cited);
      }
    }
    // pandoc's note semantics: a citation in a note stays in it; with a note style, one in the text becomes a note of its own.
    const noteIndex = note !== undefined ? (notes.get(note) ?? 0) : noteStyle ? ++notesSoFar : 0;
    if (note === undefined && noteStyle) entry.ownNote = true;
    if (entry.known.length > 0) {
      entry.cluster = clusters.length;
      clusters.push({
        inText: citation.mode === 'in-text',
        noteIndex,
        cites: entry.known.map((c) => ({
          id: options.lookup(c.key)?.id ?? c.key,
          prefix: c.prefix,
          locator: c.locator,
          suffix: c.suffix,
          suppressAuthor: c.suppressAuthor,
        })),
      });
    }
    found.push(entry);
  });

  const formatted: FormattedArticle = formatArticle(options.style, locale, [...items.values()], clusters, { links: options.to === 'html' });

  const replacements = new Map<object, PhrasingContent[]>();
  // As pandoc does, the space before a citation rendered as a superscript goes (`brain<sup>6</sup>.`); a no-break space stays.
  const superscript = new Set<object>();
  for (const entry of found) {
    const rendered = renderCitation(entry, formatted, options.to);
    replacements.set(entry.node, entry.ownNote ? [{ type: 'inlineNote', children: rendered }] : rendered);
    if (entry.cluster !== undefined && !entry.ownNote && /^<sup>/u.test(formatted.clusters[entry.cluster]?.html ?? '')) superscript.add(entry.node);
  }
  for (const node of malformed) replacements.set(node, renderMalformed(node, options.to));
  if (replacements.size > 0) {
    const replace = (children: Nodes[]): Nodes[] | undefined => {
      if (!children.some((child) => replacements.has(child))) return undefined;
      children.forEach((child, i) => {
        const before = children[i - 1];
        if (superscript.has(child) && before?.type === 'text') before.value = withoutTrailingSpace(before.value);
      });
      return children.flatMap((child) => replacements.get(child) ?? [child]);
    };
    walkInOrder(tree, undefined, (node) => {
      if ('children' in node) {
        const replaced = replace(node.children as Nodes[]);
        if (replaced) (node as Parent).children = replaced as Parent['children'];
      }
      if ((node.type === 'image' || node.type === 'imageReference') && node.data?.altContent) {
        const replaced = replace(node.data.altContent);
        if (replaced) node.data.altContent = replaced as PhrasingContent[];
      }
    });
  }
  finishImages(tree, options.to);
  if (options.to === 'html') notesAsFootnotes(tree);

  placeBibliography(tree, bibliographyNodes(formatted, options), options.referencesTitle ?? 'References');

  const unresolved = found.flatMap((f) => f.unknown);
  const title = front.title ?? firstHeading(tree);
  return {
    unresolved,
    malformed,
    cited: formatted.bibliography.map((e) => e.id),
    locale,
    lang: front.lang ?? options.locale ?? locale,
    ...(title !== undefined ? { title } : {}),
    warnings,
  };
}

/** The text without the spaces, tabs and line breaks that end it (a no-break space stays), in one backward scan. */
function withoutTrailingSpace(text: string): string {
  let end = text.length;
  while (end > 0 && ' \t\r\n'.includes(text[end - 1]!)) end--;
  return text.slice(0, end);
}

function renderCitation(entry: Found, formatted: FormattedArticle, to: OutputKind): PhrasingContent[] {
  const keys = entry.node.items.map((i) => i.key);
  if (entry.cluster === undefined) return [marker(entry.node.value, keys, to)];
  const output = formatted.clusters[entry.cluster];
  const html = to === 'html' ? (output?.linkedHtml ?? output?.html ?? '') : (output?.html ?? '');
  const children: PhrasingContent[] = citeprocToMdast(html, to);
  for (const unknown of entry.unknown) children.push({ type: 'text', value: ' ' }, marker(`@${unknown.key}`, [unknown.key], to));
  if (to === 'md') return children;
  return [inline('span', { className: ['citation'], dataCites: keys.join(' ') }, children)];
}

/** An unresolved citation, kept as written and marked so a reader and a reviewer both see it. */
function marker(text: string, keys: string[], to: OutputKind): PhrasingContent {
  const label = `${text}?`;
  if (to === 'md') return { type: 'strong', children: [{ type: 'text', value: label }] };
  return inline(
    'mark',
    {
      className: ['citation', 'citation-unresolved'],
      dataCites: keys.join(' '),
      title: `Unknown citation key ${keys.map((k) => `\`${k}\``).join(', ')}: not in the bibliography`,
    },
    [{ type: 'text', value: label }],
  );
}

function renderMalformed(node: MalformedCitationNode, to: OutputKind): PhrasingContent[] {
  if (to === 'md') return [{ type: 'text', value: node.value }];
  return [inline('mark', { className: ['citation-malformed'], title: `Malformed citation (${node.reason})` }, [{ type: 'text', value: node.value }])];
}

function bibliographyNodes(formatted: FormattedArticle, options: TransformOptions): RootContent[] {
  if (formatted.bibliography.length === 0) return [];
  if (options.to === 'md') {
    return formatted.bibliography.map((entry): Paragraph => ({ type: 'paragraph', children: citeprocToMdast(entry.html, 'md') }));
  }
  const className = ['references', 'csl-bib-body'];
  if (formatted.hangingIndent) className.push('hanging-indent');
  if (formatted.secondFieldAlign) className.push('numbered');
  const entries: CitemarkBlock[] = formatted.bibliography.map((entry) =>
    block('div', { id: refId(entry.id), className: ['csl-entry'], role: 'listitem' }, citeprocToMdast(entry.html, 'html')),
  );
  return [block('div', { id: 'refs', className, role: 'list' }, entries)];
}

const DIV_OPEN = /<div\b/gi;
const ID_REFS = /\bid\s*=\s*["']?refs["'\s>/]/i;

/**
 * Whether HTML opens `<div … id="refs">`, as `/<div\b[^>]*\bid\s*=\s*["']?refs["'\s>/]/i` tells: each
 * tag's attributes, up to its `>`, are searched once, where that pattern reads the rest of the text again
 * from every `<div` left unclosed.
 */
function opensRefsDiv(html: string): boolean {
  DIV_OPEN.lastIndex = 0;
  for (let m = DIV_OPEN.exec(html); m; m = DIV_OPEN.exec(html)) {
    const close = html.indexOf('>', DIV_OPEN.lastIndex);
    const end = close === -1 ? html.length : close + 1;
    if (ID_REFS.test(html.slice(DIV_OPEN.lastIndex, end))) return true;
    // A `<div` inside these attributes has the same `>`; with no `>` at all, none later has one.
    if (close === -1) return false;
    DIV_OPEN.lastIndex = end;
  }
  return false;
}
const REFS_FENCE = /^:::+\s*\{\s*#refs\b[^}]*\}/;
const REFERENCES_HEADING = /^(references|bibliography|works cited|reference list|literature cited|literatur|références|referencias|referenties)$/i;

/** Puts the bibliography at the article's marker, or at the end under a heading. */
function placeBibliography(tree: Root, nodes: RootContent[], title: string): void {
  const children = tree.children;
  for (let i = 0; i < children.length; i++) {
    const node = children[i];
    if (node?.type === 'html' && opensRefsDiv(node.value)) {
      const closesItself = /<\/div>\s*$/i.test(node.value);
      let end = i;
      if (!closesItself) {
        const close = children.findIndex((n, j) => j > i && n.type === 'html' && /^\s*<\/div>\s*$/i.test((n).value));
        if (close !== -1) end = close;
      }
      children.splice(i, end - i + 1, ...nodes);
      return;
    }
    if (node?.type === 'paragraph' && REFS_FENCE.test(toString(node))) {
      let end = i;
      if (!/\n:::+\s*$/.test(toString(node))) {
        const close = children.findIndex((n, j) => j > i && n.type === 'paragraph' && /^:::+\s*$/.test(toString(n)));
        if (close !== -1) end = close;
      }
      children.splice(i, end - i + 1, ...nodes);
      return;
    }
  }
  const heading = children.findIndex((n) => n.type === 'heading' && REFERENCES_HEADING.test(toString(n).trim()));
  if (heading !== -1) {
    children.splice(heading + 1, 0, ...nodes);
    return;
  }
  if (nodes.length === 0) return;
  const head: Heading = { type: 'heading', depth: 2, children: [{ type: 'text', value: title }] };
  children.push(head, ...nodes);
}

function firstHeading(tree: Root): string | undefined {
  const h1 = tree.children.find((n): n is Heading => n.type === 'heading' && n.depth === 1);
  return h1 ? toString(h1) : undefined;
}
