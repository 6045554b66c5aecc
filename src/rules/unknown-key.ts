/**
 * unknown-key: a citation whose key is not in the bibliography.
 *
 * Fails:  `… as reported [@niesters2104].` (no such item)
 * Passes: `… as reported [@niesters2014ketamine].`
 *
 * Suggests the closest keys; `--fix` rewrites a key that matches exactly one
 * item after case folding (`[@Niesters2014Ketamine]`), which cannot change meaning.
 */
import { KeyIndex, keyIndexOf } from '../bibliography/key-index.js';
import { keyRange } from '../citations/key-range.js';
import { articleRule } from './define.js';

export default articleRule(
  {
    id: 'unknown-key',
    defaultSeverity: 'error',
    description: 'A citation whose key is not in the bibliography.',
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
        const start = item.position.start;
        const end = item.position.end;
        const base = {
          file: article.file,
          line: start.line,
          column: start.column,
          endLine: end.line,
          endColumn: end.column,
        };
        if (sameFold.length === 1) {
          const range = keyRange(article.source, item);
          ctx.report({
            ...base,
            messageId: 'caseMismatch',
            data: { key: item.key, match: sameFold[0]! },
            suggestions: [...sameFold],
            ...(range ? { fix: { ...range, text: sameFold[0]! } } : {}),
          });
          continue;
        }
        const suggestions = sameFold.length > 1 ? sameFold.slice(0, 3) : index.closest(item.key, 3);
        ctx.report({
          ...base,
          messageId: suggestions.length > 0 ? 'unknownDidYouMean' : 'unknown',
          data: { key: item.key, suggestions: suggestions.map((s) => `\`${s}\``).join(' or ') },
          suggestions,
        });
      }
    }
  },
);

/** Keys within a typo's reach of `key`, best first (see `KeyIndex.closest`). */
export function closestKeys(key: string, keys: Iterable<string>, limit: number): string[] {
  return new KeyIndex(keys).closest(key, limit);
}
