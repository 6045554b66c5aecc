/**
 * unused-reference: a bibliography item that no article cites. Reported only
 * when every article of the project is linted.
 *
 * Fails:  `references/yang2020emerging.yaml` when no article cites `@yang2020emerging`
 * Passes: an item cited by at least one article
 */
import { projectRule } from './define.js';

export default projectRule(
  {
    id: 'unused-reference',
    defaultSeverity: 'warn',
    description: 'A bibliography item that no article cites.',
    messages: {
      unused: '`{{key}}` is not cited by any article; cite it or delete `{{file}}`.',
    },
  },
  (ctx) => {
    if (!ctx.allArticles) return;
    const cited = new Set<string>();
    for (const article of ctx.articles) for (const key of article.citedKeys) cited.add(key);
    for (const entry of ctx.bibliography.entries) {
      if (cited.has(entry.item.id)) continue;
      ctx.report({
        messageId: 'unused',
        data: { key: entry.item.id, file: entry.source.file },
        file: entry.source.file,
        line: entry.source.line,
        column: entry.source.column,
      });
    }
  },
);
