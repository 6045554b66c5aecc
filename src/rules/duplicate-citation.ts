/**
 * duplicate-citation: one article cites the same work under two keys.
 * Reported at the first citation of the second key, naming the other key.
 * `--fix` rewrites it to the key cited first in the article.
 *
 * Fails:  `… nerve blocks [@sdrulla2018spinal]. … stimulator [@sdrulla2018spinala].`
 *         where both items are the same paper
 * Passes: both sentences cite `@sdrulla2018spinal`
 */
import { keyRange } from '../citations/key-range.js';
import { duplicateIndex } from '../lint/duplicates.js';
import { articleRule } from './define.js';

export default articleRule(
  {
    id: 'duplicate-citation',
    defaultSeverity: 'error',
    description: 'One article cites the same work under two different keys.',
    messages: {
      twoKeys:
        '`{{key}}` is the same work as `{{other}}`, cited at line {{otherLine}}; cite one key for both (e.g. `{{other}}`).',
    },
  },
  (ctx) => {
    const { groupOf } = duplicateIndex(ctx.bibliography);
    if (groupOf.size === 0) return;
    // For each duplicate group, the first key this article cites and where.
    const firstKeyOfGroup = new Map<object, { key: string; line: number }>();
    for (const citation of ctx.article.citations) {
      for (const item of citation.items) {
        const group = groupOf.get(item.key);
        if (!group) continue;
        const first = firstKeyOfGroup.get(group);
        if (!first) {
          firstKeyOfGroup.set(group, { key: item.key, line: item.position.start.line });
          continue;
        }
        if (first.key === item.key) continue;
        const range = keyRange(ctx.article.source, item);
        const { start, end } = item.position;
        ctx.report({
          messageId: 'twoKeys',
          data: { key: item.key, other: first.key, otherLine: first.line },
          file: ctx.article.file,
          line: start.line,
          column: start.column,
          endLine: end.line,
          endColumn: end.column,
          suggestions: [first.key],
          ...(range ? { fix: { ...range, text: first.key } } : {}),
        });
      }
    }
  },
);
