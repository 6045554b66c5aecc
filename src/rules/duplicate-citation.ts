/**
 * duplicate-citation: one article cites the same work under two keys.
 * Every citation whose key is not the group's kept key is reported, naming
 * the other key the article uses. `--fix` rewrites it to the kept key — the
 * one `citemark dedupe --fix` keeps (`chooseKept`), so the two fixes agree.
 *
 * The examples below (`examples`) are this rule's tests.
 */
import { chooseKept } from '../bibliography/merge.js';
import type { DuplicateGroup } from '../bibliography/dedupe.js';
import { keyRange } from '../citations/key-range.js';
import type { CitationItem } from '../citations/types.js';
import { duplicateIndex } from '../bibliography/duplicate-index.js';
import { articleRule, keySuggestion, type RuleExamples } from './define.js';
import { spanOf } from '../util/line-index.js';

export default articleRule(
  {
    id: 'duplicate-citation',
    defaultSeverity: 'error',
    docs: { description: 'One article cites the same work under two different keys.' },
    fixable: 'code',
    hasSuggestions: true,
    messages: {
      twoKeys:
        '`{{key}}` is the same work as `{{other}}`, cited at line {{otherLine}}; cite one key for both: `{{kept}}`.',
    },
  },
  (ctx) => {
    const { groupOf } = duplicateIndex(ctx.bibliography);
    if (groupOf.size === 0) return;
    // Per group, the keys this article cites, each with its first citation line, in order of first citation.
    const cited = new Map<DuplicateGroup, Map<string, number>>();
    const items: { item: CitationItem; group: DuplicateGroup }[] = [];
    for (const citation of ctx.article.citations) {
      for (const item of citation.items) {
        const group = groupOf.get(item.key);
        if (!group) continue;
        items.push({ item, group });
        let keys = cited.get(group);
        if (!keys) cited.set(group, (keys = new Map<string, number>()));
        if (!keys.has(item.key)) keys.set(item.key, item.position.start.line);
      }
    }
    const keptOf = new Map<DuplicateGroup, string>();
    for (const { item, group } of items) {
      const keys = cited.get(group)!;
      if (keys.size < 2) continue;
      let kept = keptOf.get(group);
      if (kept === undefined) keptOf.set(group, (kept = chooseKept(group.members.map((m) => m.entry)).item.id));
      if (item.key === kept) continue;
      const [other, otherLine] = [...keys].find(([key]) => key !== item.key)!;
      const range = keyRange(ctx.article.source, item);
      ctx.report({
        messageId: 'twoKeys',
        data: { key: item.key, other, otherLine, kept },
        file: ctx.article.file,
        ...spanOf(item.position),
        suggestions: [keySuggestion(ctx.article.source, item, kept)],
        ...(range ? { fix: { ...range, text: kept } } : {}),
      });
    }
  },
);

const paper = (id: string) => ({
  id,
  type: 'article-journal',
  title: 'Spinal cord stimulation for chronic pain',
  author: [{ family: 'Sdrulla', given: 'A.' }],
  issued: { 'date-parts': [[2018]] },
  DOI: '10.1000/scs.2018.1',
});

export const examples: RuleExamples = {
  valid: [
    {
      name: 'one key for the work throughout',
      article: 'Stimulators interrupt pain [@sdrulla2018spinal]. They are implanted [@sdrulla2018spinal].\n',
      references: [paper('sdrulla2018spinal'), paper('sdrulla2018spinala')],
    },
  ],
  invalid: [
    {
      name: 'two keys of one paper (same DOI): the other is rewritten to the kept key',
      article: 'Stimulators interrupt pain [@sdrulla2018spinal]. They are implanted [@sdrulla2018spinala].\n',
      references: [paper('sdrulla2018spinal'), paper('sdrulla2018spinala')],
      errors: [
        {
          messageId: 'twoKeys',
          data: { key: 'sdrulla2018spinala', other: 'sdrulla2018spinal', otherLine: 1, kept: 'sdrulla2018spinal' },
          suggestions: [{ desc: 'sdrulla2018spinal', output: 'Stimulators interrupt pain [@sdrulla2018spinal]. They are implanted [@sdrulla2018spinal].\n' }],
        },
      ],
      output: 'Stimulators interrupt pain [@sdrulla2018spinal]. They are implanted [@sdrulla2018spinal].\n',
    },
  ],
};
