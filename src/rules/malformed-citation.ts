/**
 * malformed-citation: citation syntax pandoc would not read as intended.
 * The examples below (`examples`) are this rule's tests.
 */
import { articleRule, type RuleExamples } from './define.js';
import { spanOf } from '../util/line-index.js';

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
    docs: { description: 'Citation syntax that pandoc would not read as intended.' },
    messages: {
      malformed: 'Malformed citation `{{text}}`: it {{reason}}; write it as `[@key]`.',
    },
  },
  (ctx) => {
    for (const node of ctx.article.malformed) {
      ctx.report({
        messageId: 'malformed',
        data: { text: clip(node.reason === 'unclosed' ? restOfLine(ctx.article.source, node.position.start.offset) : node.value), reason: REASONS[node.reason] ?? node.reason },
        file: ctx.article.file,
        ...spanOf(node.position),
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

const smith = { id: 'smith2019', type: 'book', title: 'Pain', author: [{ family: 'Smith', given: 'A.' }], issued: { 'date-parts': [[2019]] } };

export const examples: RuleExamples = {
  valid: [
    { name: 'a bracketed citation', article: 'Pain is common [@smith2019].\n', references: [smith] },
    { name: 'a prefix and a locator', article: 'Pain is common [see @smith2019, p. 4].\n', references: [smith] },
  ],
  invalid: [
    { name: 'no key after `@`', article: 'Pain is common [@].\n', errors: [{ messageId: 'malformed', data: { text: '[@]', reason: 'has no key after `@`' }, line: 1, column: 16 }] },
    { name: 'a space after `@`', article: 'Pain is common [@ smith2019].\n', references: [smith], errors: [{ messageId: 'malformed', data: { reason: 'has a space between `@` and the key' } }] },
    { name: 'never closed', article: 'Pain is common [@smith2019\n', references: [smith], errors: [{ messageId: 'malformed', data: { reason: 'is never closed with `]`' } }] },
  ],
};
