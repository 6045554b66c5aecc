/**
 * weak-evidence: strong wording ("has been shown", "proven", "studies
 * show", "is effective") supported only by web pages, press releases or
 * expert opinion.
 *
 * Fails:  `Ketamine has been shown to relieve pain [@clinicblog2021].` (a web page)
 * Passes: the same sentence citing a meta-analysis; `Ketamine may relieve pain [@clinicblog2021].`
 */
import { evidenceLevelOf, isWeakSupport, strongWording } from '../evidence/index.js';
import type { CslItem } from '../bibliography/schema.js';
import { articleRule } from './define.js';

export default articleRule(
  {
    id: 'weak-evidence',
    defaultSeverity: 'warn',
    description: 'Strong wording supported only by web pages, press releases or expert opinion.',
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
