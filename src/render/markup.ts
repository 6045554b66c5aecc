/**
 * Turns citeproc's HTML output (a small, known vocabulary: `i`, `b`, `a`,
 * `sup`, `sub`, `span style=…`, `div class=csl-…`, escaped text) into mdast
 * phrasing nodes, for Markdown or for HTML through remark-rehype.
 */
import type { PhrasingContent } from 'mdast';
import { inline } from './nodes.js';

export type OutputKind = 'md' | 'html';

interface TextPart {
  kind: 'text';
  value: string;
}
interface ElementPart {
  kind: 'element';
  tag: string;
  attributes: Record<string, string>;
  children: Part[];
}
type Part = TextPart | ElementPart;

const TOKEN = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z-:]+(?:="[^"]*")?)*)\s*(\/?)>|([^<]+)|(<)/g;
const ATTRIBUTE = /([a-zA-Z-:]+)(?:="([^"]*)")?/g;
const VOID = new Set(['br', 'wbr']);

function parse(html: string): Part[] {
  const root: ElementPart = { kind: 'element', tag: '#root', attributes: {}, children: [] };
  const stack: ElementPart[] = [root];
  for (const match of html.matchAll(TOKEN)) {
    const top = stack[stack.length - 1] ?? root;
    const [, closing, tag, attrText, selfClosing, text, stray] = match;
    if (text !== undefined || stray !== undefined) {
      top.children.push({ kind: 'text', value: decodeEntities(text ?? stray ?? '') });
      continue;
    }
    const name = (tag ?? '').toLowerCase();
    if (closing) {
      // Close the nearest open element of that name; ignore a closing tag that matches nothing.
      const at = stack.map((e) => e.tag).lastIndexOf(name);
      if (at > 0) stack.length = at;
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const a of (attrText ?? '').matchAll(ATTRIBUTE)) attributes[(a[1] ?? '').toLowerCase()] = decodeEntities(a[2] ?? '');
    const element: ElementPart = { kind: 'element', tag: name, attributes, children: [] };
    top.children.push(element);
    if (!selfClosing && !VOID.has(name)) stack.push(element);
  }
  return root.children;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X')) return safeCodePoint(Number.parseInt(body.slice(2), 16), whole);
    if (body.startsWith('#')) return safeCodePoint(Number.parseInt(body.slice(1), 10), whole);
    return NAMED[body] ?? whole;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}

/** citeproc's `style` attributes, mapped to what they mean. */
function styleClass(style: string | undefined): string | undefined {
  if (!style) return undefined;
  if (/font-variant:\s*small-caps/.test(style)) return 'small-caps';
  if (/text-decoration:\s*underline/.test(style)) return 'underline';
  if (/font-style:\s*normal/.test(style)) return 'roman';
  if (/font-weight:\s*normal/.test(style)) return 'normal-weight';
  if (/vertical-align:\s*sup/.test(style)) return 'sup';
  return undefined;
}

function toNodes(parts: Part[], kind: OutputKind): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  for (const part of parts) {
    if (part.kind === 'text') {
      const last = out[out.length - 1];
      if (last?.type === 'text') last.value += part.value;
      else out.push({ type: 'text', value: part.value });
      continue;
    }
    const children = toNodes(part.children, kind);
    switch (part.tag) {
      case 'i':
      case 'em':
        out.push({ type: 'emphasis', children });
        break;
      case 'b':
      case 'strong':
        out.push({ type: 'strong', children });
        break;
      case 'a':
        out.push({ type: 'link', url: part.attributes.href ?? '', children });
        break;
      case 'br':
        out.push({ type: 'break' });
        break;
      case 'sup':
      case 'sub':
        if (kind === 'html') out.push(inline(part.tag, undefined, children));
        else out.push({ type: 'html', value: `<${part.tag}>` }, ...children, { type: 'html', value: `</${part.tag}>` });
        break;
      default: {
        // span and div: keep the meaning for HTML as a class on a span (entries are phrasing), flatten for Markdown.
        if (kind === 'md') {
          out.push(...children);
          break;
        }
        const className = [part.attributes.class, styleClass(part.attributes.style)].filter((c): c is string => Boolean(c));
        if (className.length === 0 && part.tag === 'span') out.push(...children);
        else out.push(inline('span', className.length ? { className } : undefined, children));
      }
    }
  }
  return out;
}

/** citeproc HTML → mdast phrasing nodes. For `md`, `<sup>`/`<sub>` stay as inline HTML and spans are flattened. */
export function citeprocToMdast(html: string, kind: OutputKind): PhrasingContent[] {
  return toNodes(parse(html), kind);
}
