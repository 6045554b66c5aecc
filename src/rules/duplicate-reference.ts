/**
 * duplicate-reference: two bibliography items that are the same work (same
 * DOI or PMID; or same normalised title, first author and year within one —
 * unless both carry different DOIs/PMIDs). Reported at the later item,
 * pointing at the first, with the fields on which they disagree.
 *
 * Fails:  `niesters2013ketamine` and `niesters2014ketamine`, same title and authors, 2013 vs 2014
 * Passes: an erratum with the same title and its own DOI
 */
import { describeDifference } from '../bibliography/dedupe.js';
import { duplicateIndex } from '../lint/duplicates.js';
import { bibliographyRule } from './define.js';

export default bibliographyRule(
  {
    id: 'duplicate-reference',
    defaultSeverity: 'error',
    description: 'Two bibliography items that are the same work.',
    messages: {
      same: 'Same work as `{{first}}` ({{where}}), by {{reason}}; merge them (`citemark dedupe --fix`) and cite one key.',
      sameDisagree:
        'Same work as `{{first}}` ({{where}}), by {{reason}}; they disagree on {{differences}}. Merge them (`citemark dedupe --fix`) and cite one key.',
    },
  },
  (ctx) => {
    for (const group of duplicateIndex(ctx.bibliography).groups) {
      const [first, ...later] = group.members;
      if (!first) continue;
      const { item, source } = first.entry;
      for (const member of later) {
        const differences = member.differences.map(describeDifference).map((d) => `\`${d}\``);
        ctx.report({
          messageId: differences.length > 0 ? 'sameDisagree' : 'same',
          data: {
            first: item.id,
            where: `${source.file}:${source.line}`,
            reason: member.reason === 'title' ? 'title, first author and year' : (member.reason ?? 'identifier'),
            differences: differences.join(', '),
          },
          file: member.entry.source.file,
          line: member.entry.source.line,
          column: member.entry.source.column,
        });
      }
    }
  },
);
