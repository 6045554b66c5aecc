/**
 * parseArticle tries GFM's table construct only on lines that can belong to
 * a table (see src/document/table-lines.ts). Its tree must be the one GFM's own
 * table extension builds, positions included, for any text.
 */
import fc from 'fast-check';
import type { Root } from 'mdast';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import { describe, expect, it } from 'vitest';
import { remarkCitations } from '../../src/citations/plugin.js';
import { remarkMetadataBlocks } from '../../src/document/front-matter.js';
import { parseArticle } from '../../src/document/article.js';
import { tableCandidateLines } from '../../src/document/table-lines.js';

function gfmWithPlainTables(this: Processor): undefined {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmTable(), gfmFootnote(), gfmStrikethrough(), gfmTaskListItem());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown(), gfmFootnoteFromMarkdown(), gfmStrikethroughFromMarkdown(), gfmTaskListItemFromMarkdown());
}

// Front matter as every command reads it (pandoc's metadata blocks), so only the table shortcut differs.
const reference = unified().use(remarkParse).use(remarkMetadataBlocks).use(gfmWithPlainTables).use(remarkCitations).freeze();

function treeOf(source: string): Root {
  const tree = parseArticle('a.md', source).tree;
  if (!tree) throw new Error('parseArticle kept no tree');
  return tree;
}

const cases = [
  '| a | b |\n| --- | --- |\n| 1 | 2 |\n',
  'Text before.\n| a | b |\n|---|:-:|\n| 1 | 2 [@k] |\nlazy body row\n\nAfter.\n',
  'a | b\n- | -\nc | d\n',
  '| one |\n| - |\n',
  '> | a | b |\n> | --- | --- |\n> | 1 | 2 |\n',
  '- item\n\n  | a | b |\n  |---|---|\n  | 1 | 2 |\n',
  '1. a | b\n   --|--\n   c | d\n',
  'Note[^1].\n\n[^1]: | a | b |\n    |---|---|\n    | 1 | 2 |\n',
  '| a | b |\r\n| --- | --- |\r\n| 1 | 2 |\r\n',
  '| a | b |\r| --- | --- |\r| 1 | 2 |\r',
  'Heading\n---\n\nPara | with pipe\nnext line\n',
  '---\ntitle: x\n---\n\n| a |\n| - |\n',
  '| a \\| b | c |\n| --- | --- |\n',
  '    | code | block |\n    | --- | --- |\n',
  '```\n| a | b |\n| - | - |\n```\n',
  '| a | b |\n| --- | --- | --- |\n| 1 | 2 |\n',
  '| a | b |\n| --- | --- |\n> quote\n| 1 | 2 |\n',
  'Para one\nPara two | x\n:-: | -:\n',
];

describe('GFM tables tried only on candidate lines', () => {
  it.each(cases)('builds the tree GFM builds for %j', (source) => {
    expect(treeOf(source)).toEqual(reference.parse(source));
  });

  it('builds the same tree for arbitrary table-like text', () => {
    const piece = fc.constantFrom('|', ' | ', '-', '--', ':', ' ', '\t', 'a', 'b c', '>', '> ', '- ', '1. ', '    ', '`', '[@k]', '\\|', '[^1]: ', '***',
      // pandoc's constructs citemark reads: metadata fences, math, raw TeX, inline notes.
      '---', '...', 'k: v', '$', '$$', '\\emph{', '}', '^[', ']');
    const row = fc.constantFrom('| a | b |', 'a | b', '|---|---|', '--|--', '| :-: | --: |', '| x |', '| - |', 'c', '> | a | b |', '> |---|---|');
    const prefix = fc.constantFrom('', '', '> ', '  ', '- ', '    ');
    const line = fc.oneof(fc.array(piece, { maxLength: 8 }).map((p) => p.join('')), fc.tuple(prefix, row).map(([p, r]) => p + r));
    const ending = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r', '\n\n');
    const text = fc.array(fc.tuple(line, ending), { maxLength: 12 }).map((ls) => ls.map(([l, e]) => l + e).join(''));
    fc.assert(
      fc.property(text, (source) => {
        expect(treeOf(source)).toEqual(reference.parse(source));
      }),
      { seed: Number(process.env.TABLE_LINES_SEED ?? 20261123), numRuns: Number(process.env.TABLE_LINES_RUNS ?? 600) },
    );
  });

  it('flags the line above a delimiter row, the row, and what follows up to a blank line', () => {
    const flags = tableCandidateLines('intro\nhead | x\n--|--\nbody\n\nprose\n');
    expect([...flags.slice(1)]).toEqual([0, 1, 1, 1, 0, 0, 0]);
  });

  it('flags nothing in prose without a delimiter row', () => {
    expect(tableCandidateLines('One line | with a pipe.\nAnother - with a dash.\n').every((f) => f === 0)).toBe(true);
  });
});
