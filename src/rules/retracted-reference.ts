/**
 * retracted-reference: a citation of an item marked `retracted`.
 * The examples below (`examples`) are this rule's tests.
 */
import { articleRule, type RuleExamples } from './define.js';
import { spanOf } from '../util/line-index.js';

export default articleRule(
  {
    id: 'retracted-reference',
    defaultSeverity: 'error',
    docs: { description: 'A citation of an item marked retracted.' },
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
        ctx.report({
          messageId: 'retracted',
          data: { key: item.key, details: parts.length ? ` ${parts.join(' ')}` : '' },
          file: ctx.article.file,
          ...spanOf(item.position),
        });
      }
    }
  },
);

const study = (id: string, extra: Record<string, unknown> = {}) => ({ id, type: 'article-journal', title: 'Ketamine for pain', author: [{ family: 'Roe', given: 'J.' }], issued: { 'date-parts': [[2012]] }, ...extra });

export const examples: RuleExamples = {
  valid: [{ name: 'citing an item not marked retracted', article: 'Ketamine eases pain [@roe2012].\n', references: [study('roe2012')] }],
  invalid: [
    { name: '`retracted: true`', article: 'Ketamine eases pain [@roe2012].\n', references: [study('roe2012', { retracted: true })], errors: [{ messageId: 'retracted', data: { key: 'roe2012', details: '' } }] },
    {
      name: 'a retraction with its date and notice',
      article: 'Ketamine eases pain [@roe2012].\n',
      references: [study('roe2012', { retracted: { date: '2015-03-01', notice: 'data fabricated' } })],
      errors: [{ messageId: 'retracted', data: { key: 'roe2012', details: ' on 2015-03-01 (data fabricated)' } }],
    },
  ],
};
