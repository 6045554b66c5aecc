/**
 * citation-needed: a sentence that asserts evidence (a statistic or
 * percentage, money and growth figures, "studies show", "research has
 * established", a result in the passive "was observed in", "an estimated
 * 40,000", "FDA-approved", "1 in 5 adults", "a study by…") and cites
 * nothing; in a paragraph whose other sentences cite sources, weaker
 * signals ("significantly reduced", "more effective than") count too. The
 * word lists are data (`src/evidence/default-evidence-words.json`), which a
 * project extends in `references/topics.yaml` under `evidence:`.
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
