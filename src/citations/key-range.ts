import type { CitationItem } from './types.js';

/**
 * The source offsets of a cited key's own characters (without `@`, `-@` or
 * braces), so a fix can rewrite the key and nothing else.
 */
export function keyRange(source: string, item: CitationItem): { start: number; end: number } | undefined {
  const from = item.position.start.offset;
  const to = item.position.end.offset;
  if (from === undefined || to === undefined) return undefined;
  const text = source.slice(from, to);
  const at = text.indexOf('@');
  if (at === -1) return undefined;
  const braced = text[at + 1] === '{';
  const keyStart = from + at + 1 + (braced ? 1 : 0);
  const found = source.indexOf(item.key, keyStart);
  if (found !== keyStart) return undefined;
  return { start: keyStart, end: keyStart + item.key.length };
}
