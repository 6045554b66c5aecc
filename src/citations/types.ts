import type { PhrasingContent } from 'mdast';
import type { Node, Position } from 'unist';

/** One cited work inside a citation: `see @key, pp. 33-35`. */
export interface CitationItem {
  key: string;
  /** Text before the `@` (e.g. `see`), trimmed; '' if none. */
  prefix: string;
  /** The locator term and value as written, e.g. `pp. 33-35`; '' if none. */
  locator: string;
  /** Any text after the key that is not the locator, trimmed; '' if none. */
  suffix: string;
  suppressAuthor: boolean;
  /** Position of `@key` (or `-@key`) in the source. */
  position: Position;
}

/** mdast node for a pandoc citation. `[@a; @b]` is bracketed; `@a` and `@a [p. 3]` are in-text. */
export interface CitationNode extends Node {
  type: 'citation';
  mode: 'bracketed' | 'in-text';
  items: CitationItem[];
  /** The source text of the whole citation. */
  value: string;
  position: Position;
}

/** mdast node for citation-like text pandoc would not read as intended (`[@]`, `[@ key]`, `[@key`). */
export interface MalformedCitationNode extends Node {
  type: 'malformedCitation';
  value: string;
  /** Why it is malformed: a message id such as `empty-key`, `space-after-at`, `unclosed`, `illegal-character`. */
  reason: string;
  position: Position;
}

declare module 'mdast' {
  interface ImageData {
    /** The alt text's nodes, kept when it holds a citation (see `from-markdown.ts`). */
    altContent?: PhrasingContent[];
  }
  interface ImageReferenceData {
    altContent?: PhrasingContent[];
  }
  interface PhrasingContentMap {
    citation: CitationNode;
    malformedCitation: MalformedCitationNode;
  }
  interface RootContentMap {
    citation: CitationNode;
    malformedCitation: MalformedCitationNode;
  }
}
