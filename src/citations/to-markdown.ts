/**
 * mdast-util-to-markdown extension: writes `citation` / `malformedCitation`
 * nodes back as their source text, and escapes an `@` in plain text that
 * could otherwise be read back as a citation (`\@key` must stay text).
 */
import type { Options } from 'mdast-util-to-markdown';
import type { CitationNode, MalformedCitationNode } from './types.js';

export function citationToMarkdown(): Options {
  return {
    handlers: {
      citation: (node: CitationNode) => node.value,
      malformedCitation: (node: MalformedCitationNode) => node.value,
    },
    // Escaping an `@` that could not start a citation is harmless, missing one is not: so every `@` before a
    // possible key start is escaped, whatever precedes it. (A `before` condition would be dropped by
    // mdast-util-to-markdown when the character before is itself escaped, as in `\[@a]`.)
    unsafe: [{ character: '@', inConstruct: 'phrasing', after: '[\\p{L}\\p{N}_{]', unicode: true }],
  };
}
