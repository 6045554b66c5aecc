/**
 * The mdast nodes the renderer writes for HTML output. Each carries
 * `data.hName`/`data.hProperties`, so remark-rehype turns it into the right
 * element without raw HTML: the output survives pipelines that do not allow
 * dangerous HTML. Markdown output never contains these nodes.
 */
import type { BlockContent, PhrasingContent } from 'mdast';
import type { Data, Parent } from 'unist';

export interface CitemarkElementData extends Data {
  hName: string;
  hProperties?: Record<string, string | string[] | boolean>;
}

/** An inline element: a citation span, `<sup>`, `<mark>`, a bibliography entry's margin. */
export interface CitemarkInline extends Parent {
  type: 'citemarkInline';
  data: CitemarkElementData;
  children: PhrasingContent[];
}

/** A block element: the bibliography and its entries. */
export interface CitemarkBlock extends Parent {
  type: 'citemarkBlock';
  data: CitemarkElementData;
  children: (CitemarkBlock | PhrasingContent | BlockContent)[];
}

declare module 'mdast' {
  interface PhrasingContentMap {
    citemarkInline: CitemarkInline;
  }
  interface BlockContentMap {
    citemarkBlock: CitemarkBlock;
  }
  interface RootContentMap {
    citemarkInline: CitemarkInline;
    citemarkBlock: CitemarkBlock;
  }
}

export function inline(hName: string, hProperties: CitemarkElementData['hProperties'], children: PhrasingContent[]): CitemarkInline {
  return { type: 'citemarkInline', data: { hName, ...(hProperties ? { hProperties } : {}) }, children };
}

export function block(hName: string, hProperties: CitemarkElementData['hProperties'], children: CitemarkBlock['children']): CitemarkBlock {
  return { type: 'citemarkBlock', data: { hName, ...(hProperties ? { hProperties } : {}) }, children };
}
