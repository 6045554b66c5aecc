/**
 * citemark's rendering: pandoc citations in a CSL style, a bibliography,
 * Markdown or a standalone HTML page. A command. May import: document/, rules/, topics/, evidence/, lookup/, format/, bibliography/, citations/, adapters/, util/. Imported by: cli/, index.ts.
 */
export { createRenderer, parseMarkdown, type Renderer, type RendererOptions, type RenderArticleOptions, type RenderResult } from './renderer.js';
export { citemarkRender, type CitemarkRenderOptions } from './plugin.js';
export { renderCitationsInTree, itemLookup, type BibliographyInput, type ItemLookup, type TransformOptions, type TransformResult } from './transform.js';
export { htmlDocument, STYLESHEET, type HtmlDocumentOptions } from './html.js';
export type { OutputKind } from './markup.js';
export type { CitemarkInline, CitemarkBlock } from './nodes.js';
