/**
 * citation-needed: a sentence that asserts evidence (a statistic or
 * percentage, money and growth figures, "studies show", "research has
 * established", a result in the passive "was observed in", "an estimated
 * 40,000", "FDA-approved", "1 in 5 adults", "a study by…", a ranking
 * "the leading cause of", a trend "is on the rise", a comparison "more
 * effective than", "more often than men", "most people with…", "there is
 * no evidence") and cites nothing; in a paragraph whose other sentences cite sources, weaker
 * signals ("significantly reduced", "more effective than") count too. The
 * word lists are data (`src/evidence/default-evidence-words.json`), which a
 * project extends in `references/topics.yaml` under `evidence:`.
 * The examples below (`examples`) are this rule's tests.
 */
import { assertsEvidence } from '../evidence/index.js';
import { articleRule, type RuleExamples } from './define.js';
import { spanOf } from '../util/line-index.js';

export default articleRule(
  {
    id: 'citation-needed',
    defaultSeverity: 'warn',
    docs: { description: 'A sentence that asserts evidence and cites nothing.' },
    messages: {
      needed: 'Sentence asserts evidence ({{signals}}) but cites nothing; add a citation for it.',
    },
  },
  (ctx) => {
    const { article, vocabulary } = ctx;
    // Paragraphs (blocks) where some sentence cites a source: weaker signals count in their uncited sentences.
    const citedBlocks = new Set<number>();
    for (const sentence of article.sentences) if (sentence.citations.length > 0) citedBlocks.add(sentence.blockIndex);
    for (const sentence of article.sentences) {
      if (sentence.citations.length > 0 || sentence.text === '') continue;
      const assessment = assertsEvidence(sentence.text, {
        kind: sentence.context,
        words: vocabulary.evidenceWords,
        paragraphCited: sentence.context === 'paragraph' && citedBlocks.has(sentence.blockIndex),
      });
      if (!assessment.asserts) continue;
      const signals = [...new Set(assessment.signals.map((s) => s.text))].slice(0, 3);
      ctx.report({
        messageId: 'needed',
        data: { signals: signals.map((s) => `\`${s}\``).join(', ') },
        file: article.file,
        ...spanOf(sentence.position),
      });
    }
  },
);

export const examples: RuleExamples = {
  valid: [
    {
      name: 'a statistic with its source',
      article: '1 in 5 American adults live with chronic pain [@cdc2023].\n',
      references: [{ id: 'cdc2023', type: 'webpage', title: 'Chronic pain among adults', author: [{ literal: 'CDC' }], issued: { 'date-parts': [[2023]] } }],
    },
    { name: 'advice asserts no evidence', article: 'Talk to your doctor before an infusion.\n' },
  ],
  invalid: [
    {
      name: 'a statistic that cites nothing',
      article: '1 in 5 American adults live with chronic pain.\n',
      errors: [{ messageId: 'needed', line: 1, column: 1, severity: 'warn' }],
    },
    {
      name: 'a ranking that cites nothing',
      article: 'Low back pain is the leading cause of disability worldwide.\n',
      errors: [{ messageId: 'needed', data: { signals: '`the leading cause`' } }],
    },
    {
      name: '"studies show" that cites nothing',
      article: 'Studies show that ketamine eases depression within hours.\n',
      errors: [{ messageId: 'needed', data: { signals: '`Studies show`' } }],
    },
  ],
};
