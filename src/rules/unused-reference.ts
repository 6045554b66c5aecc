/**
 * unused-reference: a bibliography item that no article cites. Reported only
 * when every article of the project is linted.
 * The examples below (`examples`) are this rule's tests.
 */
import { projectRule, type RuleExamples } from './define.js';

export default projectRule(
  {
    id: 'unused-reference',
    defaultSeverity: 'warn',
    docs: { description: 'A bibliography item that no article cites.' },
    messages: {
      unused: '`{{key}}` is not cited by any article; cite it or delete `{{file}}`.',
      unusedShared: '`{{key}}` is not cited by any article; cite it or remove its record from `{{file}}`, which holds other records too.',
    },
  },
  (ctx) => {
    if (!ctx.allArticles) return;
    const cited = new Set<string>();
    for (const article of ctx.articles) for (const key of article.citedKeys) cited.add(key);
    // Deleting the file is the advice only when the file holds this one record.
    const perFile = new Map<string, number>();
    for (const { source } of [...ctx.bibliography.entries, ...ctx.bibliography.rejected]) perFile.set(source.file, (perFile.get(source.file) ?? 0) + 1);
    for (const entry of ctx.bibliography.entries) {
      if (cited.has(entry.item.id)) continue;
      ctx.report({
        messageId: (perFile.get(entry.source.file) ?? 0) > 1 ? 'unusedShared' : 'unused',
        data: { key: entry.item.id, file: entry.source.file },
        file: entry.source.file,
        line: entry.source.line,
        column: entry.source.column,
      });
    }
  },
);

const yang = { id: 'yang2020emerging', type: 'article-journal', title: 'Emerging therapies', author: [{ family: 'Yang', given: 'L.' }], issued: { 'date-parts': [[2020]] } };

export const examples: RuleExamples = {
  valid: [{ name: 'an item an article cites', article: 'New drugs are coming [@yang2020emerging].\n', references: [yang] }],
  invalid: [
    {
      name: 'an item no article cites, reported at its file',
      article: 'Nothing cited here.\n',
      references: [yang],
      errors: [{ messageId: 'unused', data: { key: 'yang2020emerging', file: 'references/yang2020emerging.json' }, line: 1, column: 1 }],
    },
  ],
};
