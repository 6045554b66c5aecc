/**
 * duplicate-reference: two bibliography records that are the same work (SPEC
 * §4): the same DOI or PMID; or the same normalised title, first author and
 * year within one in the same journal, agreeing on volume and first page —
 * unless DOIs, PMIDs, or volume and first page prove them different works.
 * Pairs that are only possibly one work (a conference abstract and its paper,
 * one record without pages) are not reported: `citemark dedupe` lists them.
 * Reported at the later record (file order, then line), pointing at the
 * first, with the fields on which they disagree. A copy that fails
 * validation still counts through its DOI or PMID; the message then says to
 * fix or delete it, since `dedupe --fix` never merges a record it cannot read.
 * The examples below (`examples`) are this rule's tests.
 */
import { describeDifference } from '../bibliography/dedupe.js';
import type { SourceLocation } from '../bibliography/types.js';
import { duplicateIndex } from '../bibliography/duplicate-index.js';
import { bibliographyRule, type RuleExamples } from './define.js';

function before(a: SourceLocation, b: SourceLocation): boolean {
  if (a.file !== b.file) return a.file < b.file;
  return a.line !== b.line ? a.line < b.line : a.column < b.column;
}

export default bibliographyRule(
  {
    id: 'duplicate-reference',
    defaultSeverity: 'error',
    docs: { description: 'Two bibliography items that are the same work.' },
    messages: {
      same: 'Same work as `{{first}}` ({{where}}), by {{reason}}; merge them (`citemark dedupe --fix`) and cite one key.',
      sameDisagree:
        'Same work as `{{first}}` ({{where}}), by {{reason}}; they disagree on {{differences}}. Merge them (`citemark dedupe --fix`) and cite one key.',
      brokenCopy:
        'Same work as `{{first}}` ({{where}}), by {{reason}}, but this copy fails validation (see `invalid-reference`); fix it and run `citemark dedupe --fix`, or delete it.',
      brokenFirst:
        'Same work as the record at {{where}}, by {{reason}}, which fails validation (see `invalid-reference`); fix that record and run `citemark dedupe --fix`, or delete it.',
      bothBroken:
        'Same work as the record at {{where}}, by {{reason}}; both fail validation (see `invalid-reference`): fix one and delete the other.',
    },
  },
  (ctx) => {
    for (const group of duplicateIndex(ctx.bibliography).groups) {
      const [first, ...later] = group.members;
      if (first) {
        const { item, source } = first.entry;
        for (const member of later) {
          const differences = member.differences.map(describeDifference).map((d) => `\`${d}\``);
          ctx.report({
            messageId: differences.length > 0 ? 'sameDisagree' : 'same',
            data: {
              first: item.id,
              where: `${source.file}:${source.line}`,
              reason: member.reason === 'title' ? 'title, first author, year, journal and pages' : (member.reason ?? 'identifier'),
              differences: differences.join(', '),
            },
            file: member.entry.source.file,
            line: member.entry.source.line,
            column: member.entry.source.column,
          });
        }
      }
      const broken = group.brokenCopies ?? [];
      broken.forEach((copy, i) => {
        const where = (s: SourceLocation) => `${s.file}:${s.line}`;
        if (!first) {
          // Every copy fails: each later one points at the first.
          if (i === 0) return;
          const earliest = broken[0]!.record.source;
          ctx.report({ messageId: 'bothBroken', data: { where: where(earliest), reason: copy.reason }, ...copy.record.source });
          return;
        }
        const valid = first.entry;
        if (before(valid.source, copy.record.source)) {
          ctx.report({ messageId: 'brokenCopy', data: { first: valid.item.id, where: where(valid.source), reason: copy.reason }, ...copy.record.source });
        } else {
          ctx.report({ messageId: 'brokenFirst', data: { where: where(copy.record.source), reason: copy.reason }, ...valid.source });
        }
      });
    }
  },
);

const niesters = (id: string, year: number, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'article-journal',
  title: 'Ketamine for chronic pain: risks and benefits',
  author: [{ family: 'Niesters', given: 'Marieke' }],
  issued: { 'date-parts': [[year]] },
  'container-title': 'British Journal of Clinical Pharmacology',
  volume: '77',
  page: '357-367',
  ...extra,
});

export const examples: RuleExamples = {
  valid: [
    {
      name: 'two letters with one title in different volumes are two works',
      references: [niesters('letter2013a', 2013, { volume: '140' }), niesters('letter2013b', 2013, { volume: '141' })],
    },
  ],
  invalid: [
    {
      name: 'same title, journal, volume and first page, a year apart: reported at the later record, naming the first',
      references: [niesters('niesters2013ketamine', 2013), niesters('niesters2014ketamine', 2014)],
      errors: [
        {
          messageId: 'sameDisagree',
          data: { first: 'niesters2013ketamine', where: 'references/niesters2013ketamine.json:1', differences: '`issued: 2013 vs 2014`' },
        },
      ],
    },
  ],
};
