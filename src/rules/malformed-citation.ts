/**
 * malformed-citation: citation syntax pandoc would not read as intended.
 *
 * Fails:  `[@]`, `[@ smith2019]`, `[@smith2019` (never closed)
 * Passes: `[@smith2019]`, `[see @smith2019, p. 4]`
 */
import { articleRule } from './define.js';

const REASONS: Record<string, string> = {
  'empty-key': 'has no key after `@`',
  'space-after-at': 'has a space between `@` and the key',
  unclosed: 'is never closed with `]`',
  'illegal-character': 'has a key with a character pandoc does not allow',
};

export default articleRule(
  {
    id: 'malformed-citation',
    defaultSeverity: 'error',
    description: 'Citation syntax that pandoc would not read as intended.',
    messages: {
      malformed: 'Malformed citation `{{text}}`: it {{reason}}; write it as `[@key]`.',
    },
  },
  (ctx) => {
    for (const node of ctx.article.malformed) {
      const { start, end } = node.position;
      ctx.report({
        messageId: 'malformed',
        data: { text: clip(node.reason === 'unclosed' ? restOfLine(ctx.article.source, node.position.start.offset) : node.value), reason: REASONS[node.reason] ?? node.reason },
        file: ctx.article.file,
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
      });
    }
  },
);

/**
 * An unclosed bracket's node is just `[`; show what follows it on the line so the editor can find it. Only as much
 * as the message shows is taken: slicing to the end of the line made 200,000 unclosed brackets on one line quadratic.
 */
function restOfLine(source: string, offset: number | undefined): string {
  if (offset === undefined) return '[';
  const shown = source.slice(offset, offset + CLIP + 1);
  const end = shown.indexOf('\n');
  return end === -1 ? shown : shown.slice(0, end);
}

/** Characters of citation text a message shows. */
const CLIP = 40;

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > CLIP ? `${oneLine.slice(0, CLIP - 1)}…` : oneLine;
}
