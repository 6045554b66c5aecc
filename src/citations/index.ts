export { citationSyntax, maxBracketDepth, maxBracedKeyLength } from './syntax.js';
export type { MalformedReason } from './syntax.js';
export { citationFromMarkdown, splitLocator } from './from-markdown.js';
export { remarkCitations } from './plugin.js';
export { citationToMarkdown } from './to-markdown.js';
export { splitSentences, collectCitations, collectCitationNodes } from './claims.js';
export type { Sentence } from './claims.js';
export type { CitationItem, CitationNode, MalformedCitationNode } from './types.js';
