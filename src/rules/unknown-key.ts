/**
 * unknown-key: a citation whose key is not in the bibliography.
 *
 * Suggests the closest keys (at most `maxSuggestions`, default 3), each with
 * the edit that writes it; `--fix` rewrites a key that matches exactly one
 * item after case folding (`[@Niesters2014Ketamine]`), which cannot change
 * meaning. The examples below (`examples`: `[@niesters2104]` fails,
 * `[@niesters2014ketamine]` passes) are this rule's tests.
 */
import { z } from 'zod';
import { KeyIndex, keyIndexOf } from '../bibliography/key-index.js';
import { keyRange } from '../citations/key-range.js';
import { articleRule, keySuggestion, type RuleExamples } from './define.js';
import { spanOf } from '../util/line-index.js';

export default articleRule(
  {
    id: 'unknown-key',
    defaultSeverity: 'error',
    docs: { description: 'A citation whose key is not in the bibliography.' },
    schema: z.object({ maxSuggestions: z.number().int().min(0).max(10).default(3) }).strict(),
    fixable: 'code',
    hasSuggestions: true,
    messages: {
      unknown: 'Unknown citation key `{{key}}`; add it to `references/` or fix the key.',
      unknownDidYouMean: 'Unknown citation key `{{key}}`; did you mean {{suggestions}}?',
      caseMismatch: 'Citation key `{{key}}` differs only in case from `{{match}}`; keys are case-sensitive, write `{{match}}`.',
    },
  },
  (ctx) => {
    const { bibliography, article } = ctx;
    let index: KeyIndex | undefined;
    for (const citation of article.citations) {
      for (const item of citation.items) {
        if (bibliography.byId.has(item.key)) continue;
        // Folded and indexed once per bibliography, not once per article or per key.
        index ??= keyIndexOf(bibliography.byId);
        const sameFold = index.sameFold(item.key);
        const base = {
          file: article.file,
          ...spanOf(item.position),
        };
        if (sameFold.length === 1) {
          const range = keyRange(article.source, item);
          ctx.report({
            ...base,
            messageId: 'caseMismatch',
            data: { key: item.key, match: sameFold[0]! },
            suggestions: [keySuggestion(article.source, item, sameFold[0]!)],
            ...(range ? { fix: { ...range, text: sameFold[0]! } } : {}),
          });
          continue;
        }
        const limit = ctx.options.maxSuggestions;
        const suggestions = sameFold.length > 1 ? sameFold.slice(0, limit) : index.closest(item.key, limit);
        ctx.report({
          ...base,
          messageId: suggestions.length > 0 ? 'unknownDidYouMean' : 'unknown',
          data: { key: item.key, suggestions: suggestions.map((s) => `\`${s}\``).join(' or ') },
          suggestions: suggestions.map((key) => keySuggestion(article.source, item, key)),
        });
      }
    }
  },
);

/** Keys within a typo's reach of `key`, best first (see `KeyIndex.closest`). */
export function closestKeys(key: string, keys: Iterable<string>, limit: number): string[] {
  return new KeyIndex(keys).closest(key, limit);
}

const ref = (id: string) => ({ id, type: 'article-journal', title: `A study called ${id}`, author: [{ family: 'Niesters', given: 'M.' }], issued: { 'date-parts': [[2014]] } });

export const examples: RuleExamples = {
  valid: [
    { name: 'a key in the bibliography', article: 'Ketamine relieves pain [@niesters2014ketamine].\n', references: [ref('niesters2014ketamine')] },
    { name: 'an email address is not a citation', article: 'Write to niesters@example.org.\n', references: [ref('niesters2014ketamine')] },
  ],
  invalid: [
    {
      name: 'a typo: the closest key is suggested, with its edit',
      article: 'Ketamine relieves pain [@niesters2104].\n',
      references: [ref('niesters2014ketamine'), ref('sdrulla2018spinal')],
      errors: [
        {
          messageId: 'unknownDidYouMean',
          data: { key: 'niesters2104', suggestions: '`niesters2014ketamine`' },
          line: 1,
          column: 25,
          suggestions: [{ desc: 'niesters2014ketamine', output: 'Ketamine relieves pain [@niesters2014ketamine].\n' }],
        },
      ],
    },
    {
      name: 'a key that differs only in case is fixed',
      article: 'Ketamine relieves pain [@Niesters2014Ketamine].\n',
      references: [ref('niesters2014ketamine')],
      errors: [{ messageId: 'caseMismatch', data: { key: 'Niesters2014Ketamine', match: 'niesters2014ketamine' } }],
      output: 'Ketamine relieves pain [@niesters2014ketamine].\n',
    },
    {
      name: 'nothing close: no suggestion',
      article: 'See [@completelydifferent].\n',
      references: [ref('niesters2014ketamine')],
      errors: [{ messageId: 'unknown', data: { key: 'completelydifferent' } }],
    },
    {
      name: '`maxSuggestions: 0` suggests nothing',
      article: 'Ketamine relieves pain [@niesters2104].\n',
      references: [ref('niesters2014ketamine')],
      options: { maxSuggestions: 0 },
      errors: [{ messageId: 'unknown', data: { key: 'niesters2104' }, suggestions: [] }],
    },
  ],
};
