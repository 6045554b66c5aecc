/**
 * citation-needed: a sentence that asserts evidence (a statistic or
 * percentage, "studies show", "research has found", "FDA-approved",
 * "1 in 5 adults", "a study by…") and cites nothing.
 *
 * Fails:  `1 in 5 American adults live with chronic pain.`
 * Passes: `1 in 5 American adults live with chronic pain [@cdc2023].`;
 *         `Talk to your doctor before an infusion.`
 */
import { assertsEvidence } from '../evidence/index.js';
import { articleRule } from './define.js';

export default articleRule(
  {
    id: 'citation-needed',
    defaultSeverity: 'warn',
    description: 'A sentence that asserts evidence and cites nothing.',
    messages: {
      needed: 'Sentence asserts evidence ({{signals}}) but cites nothing; add a citation for it.',
    },
  },
  (ctx) => {
    const { article } = ctx;
    for (const sentence of article.sentences) {
      if (sentence.citations.length > 0 || sentence.text === '') continue;
      const assessment = assertsEvidence(sentence.text, { kind: sentence.context });
      if (!assessment.asserts) continue;
      const signals = [...new Set(assessment.signals.map((s) => s.text))].slice(0, 3);
      const { start, end } = sentence.position;
      ctx.report({
        messageId: 'needed',
        data: { signals: signals.map((s) => `\`${s}\``).join(', ') },
        file: article.file,
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
      });
    }
  },
);
