/**
 * mdast for the constructs of `pandoc-inline.ts`: `inlineMath`, `rawTex`
 * and `inlineNote` nodes, built from their tokens and written back as
 * Markdown. In HTML (through remark-rehype) math becomes pandoc's
 * `<span class="math inline">\(…\)</span>`; raw TeX stays visible as text.
 */
import type { Parent, PhrasingContent } from 'mdast';
import type { CompileContext, Extension as FromMarkdownExtension, Handle } from 'mdast-util-from-markdown';
import type { Options as ToMarkdownOptions } from 'mdast-util-to-markdown';
import type { Data, Literal, Node } from 'unist';

export interface InlineMathNode extends Literal {
  type: 'inlineMath';
  value: string;
  data?: Data & { display?: boolean; hName?: string; hProperties?: Record<string, unknown>; hChildren?: unknown[] };
}

export interface RawTexNode extends Literal {
  type: 'rawTex';
  value: string;
}

/** pandoc's inline note `^[…]`: its content is phrasing, as a footnote's would be. */
export interface InlineNoteNode extends Parent {
  type: 'inlineNote';
  children: PhrasingContent[];
}

declare module 'mdast' {
  interface PhrasingContentMap {
    inlineMath: InlineMathNode;
    rawTex: RawTexNode;
    inlineNote: InlineNoteNode;
  }
  interface RootContentMap {
    inlineMath: InlineMathNode;
    rawTex: RawTexNode;
    inlineNote: InlineNoteNode;
  }
}

function top(context: CompileContext): Node | undefined {
  return context.stack[context.stack.length - 1];
}

const data: Handle = function (this: CompileContext, token) {
  this.config.enter.data!.call(this, token);
  this.config.exit.data!.call(this, token);
};

export function pandocInlineFromMarkdown(): FromMarkdownExtension {
  return {
    canContainEols: ['inlineMath', 'rawTex'],
    enter: {
      mathText(token) {
        this.enter({ type: 'inlineMath', value: '' }, token);
        this.buffer();
      },
      rawTex(token) {
        this.enter({ type: 'rawTex', value: '' }, token);
        this.buffer();
      },
      inlineNote(token) {
        this.enter({ type: 'inlineNote', children: [] }, token);
      },
    },
    exit: {
      mathTextData: data,
      rawTexData: data,
      mathText(token) {
        const value = this.resume();
        const node = top(this) as InlineMathNode;
        this.exit(token);
        const display = this.sliceSerialize(token).startsWith('$$');
        node.value = value;
        node.data = {
          display,
          hName: 'span',
          hProperties: { className: ['math', display ? 'display' : 'inline'] },
          hChildren: [{ type: 'text', value: display ? `\\[${value}\\]` : `\\(${value}\\)` }],
        };
      },
      rawTex(token) {
        const value = this.resume();
        const node = top(this) as RawTexNode;
        this.exit(token);
        node.value = value;
      },
      inlineNote(token) {
        this.exit(token);
      },
    },
  };
}

export function pandocInlineToMarkdown(): ToMarkdownOptions {
  return {
    handlers: {
      inlineMath: (node: InlineMathNode) => {
        const fence = node.data?.display ? '$$' : '$';
        return `${fence}${node.value}${fence}`;
      },
      rawTex: (node: RawTexNode) => node.value,
      inlineNote: (node: InlineNoteNode, _parent, state, info) => {
        const exit = state.enter('label');
        const tracker = state.createTracker(info);
        let value = tracker.move('^[');
        value += tracker.move(state.containerPhrasing(node, { ...tracker.current(), before: value, after: ']' }));
        value += tracker.move(']');
        exit();
        return value;
      },
    },
  };
}
