/**
 * citations/: pandoc's citation syntax for micromark and remark (tokens,
 * mdast nodes, Markdown out) and claims, the sentences with their citations.
 * At the bottom of the layers. May import: adapters/, util/,
 * bibliography/schema.ts, bibliography/types.ts, document/errors.ts.
 * Imported by: document/ (parsing), topics/, rules/, the commands, index.ts.
 */
export { citationSyntax, maxBracketDepth, maxBracedKeyLength } from './syntax.js';
export type { MalformedReason } from './syntax.js';
export { citationFromMarkdown, splitLocator } from './from-markdown.js';
export { remarkCitations } from './plugin.js';
export { citationToMarkdown } from './to-markdown.js';
export { splitSentences, collectCitations, collectCitationNodes } from './claims.js';
export type { Sentence } from './claims.js';
export type { CitationItem, CitationNode, MalformedCitationNode } from './types.js';
