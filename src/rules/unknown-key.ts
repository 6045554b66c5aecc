/**
 * unknown-key: a citation whose key is not in the bibliography.
 *
 * Fails:  `… as reported [@niesters2104].` (no such item)
 * Passes: `… as reported [@niesters2014ketamine].`
 *
 * Suggests the closest keys; `--fix` rewrites a key that matches exactly one
 * item after case folding (`[@Niesters2014Ketamine]`), which cannot change meaning.
 */
import { distance } from 'fastest-levenshtein';
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
    let folded: Map<string, string[]> | undefined;
    for (const citation of article.citations) {
      for (const item of citation.items) {
        if (bibliography.byId.has(item.key)) continue;
        folded ??= foldKeys(bibliography.byId.keys());
        const sameFold = folded.get(item.key.toLowerCase()) ?? [];
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
            suggestions: sameFold,
            ...(range ? { fix: { ...range, text: sameFold[0]! } } : {}),
          });
          continue;
        }
        const suggestions = sameFold.length > 1 ? sameFold.slice(0, 3) : closestKeys(item.key, bibliography.byId.keys(), 3);
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

function foldKeys(keys: Iterable<string>): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const key of keys) {
    const folded = key.toLowerCase();
    const list = map.get(folded);
    if (list) list.push(key);
    else map.set(folded, [key]);
  }
  return map;
}

/**
 * Keys within a typo's reach. A misspelt key is usually a typo in a prefix
 * of the real key (`niesters2104` for `niesters2014ketamine`), so a candidate
 * is scored by its full edit distance and by the distance to its prefix of
 * the same length, whichever is smaller.
 */
export function closestKeys(key: string, keys: Iterable<string>, limit: number): string[] {
  const lower = key.toLowerCase();
  const budget = Math.max(2, Math.floor(lower.length * 0.34));
  const scored: { key: string; score: number }[] = [];
  for (const candidate of keys) {
    const c = candidate.toLowerCase();
    if (c.length < lower.length - budget) continue;
    // A much longer candidate can only be close through its prefix.
    const whole = c.length > lower.length + budget ? Infinity : distance(lower, c);
    const prefix = c.length > lower.length && lower.length >= 4 ? distance(lower, c.slice(0, lower.length)) + 0.5 : Infinity;
    const score = Math.min(whole, prefix);
    if (score <= budget) scored.push({ key: candidate, score });
  }
  scored.sort((a, b) => a.score - b.score || a.key.localeCompare(b.key));
  return scored.slice(0, limit).map((s) => s.key);
}
