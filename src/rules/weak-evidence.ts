/**
 * weak-evidence: strong wording ("has been shown", "proven", "studies
 * show", "is effective") supported only by web pages, press releases or
 * expert opinion.
 * The examples below (`examples`) are this rule's tests.
 */
import { evidenceLevelOf, isWeakSupport, strongWording } from '../evidence/index.js';
import type { CslItem } from '../bibliography/schema.js';
import { articleRule, type RuleExamples } from './define.js';

export default articleRule(
  {
    id: 'weak-evidence',
    defaultSeverity: 'warn',
    docs: { description: 'Strong wording supported only by web pages, press releases or expert opinion.' },
    messages: {
      weak: 'Strong wording `{{phrase}}` rests only on {{support}}; cite a study or review, or soften the wording.',
    },
  },
  (ctx) => {
    const { article, bibliography } = ctx;
    for (const sentence of article.sentences) {
      if (sentence.citations.length === 0) continue;
      const items: CslItem[] = [];
      for (const citation of sentence.citations) {
        for (const cited of citation.items) {
          const entry = bibliography.byId.get(cited.key);
          if (entry) items.push(entry.item);
        }
      }
      // The support is looked up first: most is not weak, and then the wording needs no reading.
      if (items.length === 0 || !isWeakSupport(items)) continue;
      const strong = strongWording(sentence.text);
      if (strong.length === 0) continue;
      const support = items.map((item) => `\`${item.id}\` (${evidenceLevelOf(item) ?? 'unknown'})`).join(', ');
      const first = sentence.citations[0]!;
      ctx.report({
        messageId: 'weak',
        data: { phrase: strong[0]!.phrase, support },
        file: article.file,
        line: sentence.position.start.line,
        column: sentence.position.start.column,
        endLine: first.position.end.line,
        endColumn: first.position.end.column,
      });
    }
  },
);

const blog = { id: 'clinicblog2021', type: 'webpage', title: 'Ketamine at our clinic', author: [{ literal: 'A Clinic' }], issued: { 'date-parts': [[2021]] }, evidence: 'web-page' };
const review = { id: 'orhurhu2019meta', type: 'article-journal', title: 'Ketamine infusions for chronic pain: a meta-analysis', author: [{ family: 'Orhurhu', given: 'V.' }], issued: { 'date-parts': [[2019]] }, evidence: 'meta-analysis' };

export const examples: RuleExamples = {
  valid: [
    { name: 'strong wording resting on a meta-analysis', article: 'Ketamine has been shown to relieve pain [@orhurhu2019meta].\n', references: [review] },
    { name: 'soft wording resting on a web page', article: 'Ketamine may relieve pain [@clinicblog2021].\n', references: [blog] },
  ],
  invalid: [
    {
      name: 'strong wording resting only on a web page',
      article: 'Ketamine has been shown to relieve pain [@clinicblog2021].\n',
      references: [blog],
      errors: [{ messageId: 'weak', data: { phrase: 'has been shown', support: '`clinicblog2021` (web-page)' }, severity: 'warn' }],
    },
  ],
};
