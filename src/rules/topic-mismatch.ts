/**
 * topic-mismatch: a claim whose specific topics share nothing with the
 * topics of a reference it cites (both sides must have topics; a parent
 * topic is covered by its children). Suggests up to three bibliography
 * items that do cover the claim.
 *
 * Fails:  `Nerve blocks can intercept pain signals [@sdrulla2018spinal].`
 *         (the review is about spinal cord stimulation)
 * Passes: `A stimulator interrupts pain signals [@sdrulla2018spinal].`
 */
import { evidenceContext, previousInBlock } from '../lint/evidence-context.js';
import { compareTopics } from '../topics/index.js';
import { articleRule } from './define.js';

export default articleRule(
  {
    id: 'topic-mismatch',
    defaultSeverity: 'error',
    description: "A claim whose topics share nothing with a cited reference's topics.",
    messages: {
      mismatch: 'Claim is about {{claim}}{{fromContext}} but `{{key}}` covers {{reference}}; cite a source on `{{claimLabel}}`{{suggestions}}.',
    },
  },
  (ctx) => {
    const { article, bibliography, vocabulary } = ctx;
    const evidence = evidenceContext(bibliography, vocabulary);
    const quote = (ids: readonly string[]) => ids.map((id) => `\`${id}\``).join(', ');
    article.sentences.forEach((sentence, index) => {
      if (sentence.citations.length === 0 || sentence.context === 'heading') return;
      const context = previousInBlock(article.sentences, index);
      const claim = evidence.tagger.tagSentence(sentence.text, context === undefined ? {} : { context });
      if (claim.specific.length === 0) return;
      for (const citation of sentence.citations) {
        for (const cited of citation.items) {
          const entry = bibliography.byId.get(cited.key);
          if (!entry) continue;
          const referenceTopics = evidence.topicsOf(entry.item).topics;
          if (referenceTopics.length === 0) continue;
          const comparison = compareTopics(vocabulary, claim.specific, referenceTopics);
          if (comparison.decision !== 'mismatch') continue;
          const suggestions = evidence.suggest(claim, { k: 3, exclude: [cited.key] }).map((s) => s.id);
          const { start, end } = cited.position;
          ctx.report({
            messageId: 'mismatch',
            data: {
              claim: quote(comparison.claimSpecific),
              fromContext: claim.fromContext ? ' (read from the sentence before it, as this one names no topic)' : '',
              key: cited.key,
              reference: quote(comparison.referenceSpecific.length ? comparison.referenceSpecific : referenceTopics),
              claimLabel: comparison.claimSpecific[0]!,
              suggestions: suggestions.length ? ` such as ${quote(suggestions)}` : ', none is in the bibliography yet',
            },
            file: article.file,
            line: start.line,
            column: start.column,
            endLine: end.line,
            endColumn: end.column,
            suggestions,
          });
        }
      }
    });
  },
);
