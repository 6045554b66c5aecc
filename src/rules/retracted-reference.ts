/**
 * retracted-reference: a citation of an item marked `retracted`.
 *
 * Fails:  citing an item with `retracted: true` or `retracted: {date, notice}`
 * Passes: citing an item without `retracted`
 */
import { articleRule } from './define.js';

export default articleRule(
  {
    id: 'retracted-reference',
    defaultSeverity: 'error',
    description: 'A citation of an item marked retracted.',
    messages: {
      retracted: '`{{key}}` has been retracted{{details}}; remove the citation or cite a sound source.',
    },
  },
  (ctx) => {
    for (const citation of ctx.article.citations) {
      for (const item of citation.items) {
        const retracted = ctx.bibliography.byId.get(item.key)?.item.retracted;
        if (!retracted) continue;
        const parts: string[] = [];
        if (typeof retracted === 'object') {
          if (typeof retracted.date === 'string') parts.push(`on ${retracted.date}`);
          if (typeof retracted.notice === 'string') parts.push(`(${retracted.notice})`);
        }
        const { start, end } = item.position;
        ctx.report({
          messageId: 'retracted',
          data: { key: item.key, details: parts.length ? ` ${parts.join(' ')}` : '' },
          file: ctx.article.file,
          line: start.line,
          column: start.column,
          endLine: end.line,
          endColumn: end.column,
        });
      }
    }
  },
);
