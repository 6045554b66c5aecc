/**
 * Property-based checks with a fixed seed and bounded runs, so a failure
 * reproduces and the suite stays fast.
 */
import { ALL_RULES } from '../../src/rules/index.js';
import fc from 'fast-check';
import type { Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { findDuplicates, parseBibliographyText, serializeItem, type BibEntry, type CslInput } from '../../src/bibliography/index.js';
import { collectCitations, remarkCitations } from '../../src/citations/index.js';
import { applyFixes } from '../../src/lint/fix.js';
import { lint } from '../../src/lint/linter.js';
import type { Finding } from '../../src/lint/types.js';
import { journalArticle, makeArticle, makeBibliography } from '../helpers/lint.js';

const SEED = 42;

const IDS = ['good2020', 'niesters2014ketamine', 'sdrulla2018spinal', 'doe.a:b#1'];
const bibliography = makeBibliography([
  ...IDS.map((id) => journalArticle(id)),
  // The same work twice, so duplicate-citation has something to merge.
  journalArticle('twin2019a', { DOI: '10.1000/twin', title: 'Twin study' }),
  journalArticle('twin2019b', { DOI: '10.1000/TWIN', title: 'Twin study' }),
]);

const key = fc.oneof(
  fc.constantFrom(...IDS, 'twin2019a', 'twin2019b', 'missing', 'GOOD2020', 'Good2020', 'NIESTERS2014KETAMINE'),
  fc.stringMatching(/^[A-Za-z_][\w:.#$%&+?<>~/-]{0,12}$/),
);
const citationForms = (malformed: string[]) => fc.oneof(
  key.map((k) => `[@${k}]`),
  fc.tuple(key, key).map(([a, b]) => `[@${a}; @${b}]`),
  fc.tuple(key, fc.nat(999)).map(([k, p]) => `[see @${k}, p. ${p}]`),
  key.map((k) => `[-@${k}]`),
  key.map((k) => `@${k}`),
  fc.tuple(key, fc.nat(99)).map(([k, p]) => `@${k} [p. ${p}]`),
  key.map((k) => `[@{${k}}]`),
  fc.constantFrom(...malformed),
);
const citation = citationForms(['[@]', '[@ key]', '[@open', 'a@b.org', '[@good2020']);
const prose = fc.oneof(
  fc.constantFrom('Ketamine eases pain', 'Studies show 40% of adults', 'effective', 'It has been shown.', 'Dr. Smith', 'e.g.', '1 in 5 adults'),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);
const markup = fc.constantFrom(
  ' ', ' ', ' ', '. ', '\n', '\n\n', '\r\n', '\t', '*', '_', '**', '`', '```\n', '# ', '> ', '- ', '1. ', '| a | b |\n|---|---|\n| ', ' | ',
  '[', ']', '(', ')', '](https://x.org)', '<span>', '</span>', '<div>\n', '<!-- ', ' -->', '[^1]', '\n\n[^1]: ', '\\', '---\n', '\uFEFF', '\u00a0',
);
const markdownWith = (cites: fc.Arbitrary<string>) =>
  fc.array(fc.oneof({ weight: 3, arbitrary: cites }, { weight: 3, arbitrary: prose }, { weight: 4, arbitrary: markup }), { maxLength: 40 }).map((parts) => parts.join(''));
const markdown = markdownWith(citation);
// remark-stringify writes a GFM email autolink literal (`a@b.org`) as `<a@b.org>`, which changes the text around it
// (`a@b.org@A` becomes `<a@b.org>@A`, where pandoc too reads a citation); the round trip leaves emails out.
const citationNoEmail = citationForms(['[@]', '[@ key]', '[@open', '[@good2020']);
const markdownNoEmail = markdownWith(citationNoEmail);
// Stray brackets next to citations are where remark-stringify's escapes (`\\[`) change which `]` closes which `[`;
// this generator keeps brackets to well-formed citations only.
const wellFormedCitation = citationForms(['[@good2020]']);
const plainProse = fc.constantFrom('Ketamine eases pain', 'Studies show 40% of adults', 'effective', 'It has been shown.', 'Dr. Smith', 'e.g.', 'a_b*c', '50 % off', 'Müller');
const plainMarkup = fc.constantFrom(' ', '. ', '\n', '\n\n', '\t', '*', '_', '**', '`', '# ', '> ', '- ', '1. ', '<span>', '</span>', '\\', '\u00a0', '(', ')', '-', ';', ',', '@');
const spacedNoEmail = fc
  .array(fc.oneof({ weight: 3, arbitrary: wellFormedCitation }, { weight: 3, arbitrary: plainProse }, { weight: 4, arbitrary: plainMarkup }), { maxLength: 40 })
  .map((parts) => parts.join(' '));

function lintSource(source: string): Finding[] {
  const article = makeArticle(source, 'articles/p.md');
  const byFile = lint({ articles: [article], bibliography, allArticles: false, rules: ALL_RULES });
  return byFile.get('articles/p.md') ?? [];
}

describe('lint over arbitrary Markdown with arbitrary citations', () => {
  it('never throws, and every finding lies inside the file', () => {
    fc.assert(
      fc.property(markdown, (source) => {
        const lines = source.split(/\r\n|\r|\n/);
        const inside = (line: number, column: number): boolean =>
          Number.isInteger(line) && Number.isInteger(column) && line >= 1 && line <= lines.length && column >= 1 && column <= (lines[line - 1]?.length ?? 0) + 1;
        for (const f of lintSource(source)) {
          expect(inside(f.line, f.column), `${f.ruleId} at ${f.line}:${f.column}`).toBe(true);
          if (f.endLine !== undefined && f.endColumn !== undefined) {
            expect(inside(f.endLine, f.endColumn), `${f.ruleId} ends at ${f.endLine}:${f.endColumn}`).toBe(true);
            expect(f.endLine > f.line || (f.endLine === f.line && f.endColumn >= f.column)).toBe(true);
          }
          if (f.fix) expect(0 <= f.fix.start && f.fix.start <= f.fix.end && f.fix.end <= source.length).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('the citation parser after a round trip through remark-stringify', () => {
  const parser = unified().use(remarkParse).use(remarkGfm).use(remarkCitations);
  // remarkCitations registers the to-markdown side too: citations are written as written, a text `@` is escaped.
  const stringifier = unified().use(remarkGfm).use(remarkCitations).use(remarkStringify);
  const summary = (tree: Root) =>
    collectCitations(tree).map((c) => ({
      mode: c.mode,
      items: c.items.map((i) => ({ key: i.key, prefix: i.prefix, locator: i.locator, suffix: i.suffix, suppressAuthor: i.suppressAuthor })),
    }));

  it('reads the same citations from its own output (brackets only in well-formed citations)', () => {
    fc.assert(
      fc.property(spacedNoEmail, (source) => {
        const tree = parser.parse(source);
        const written = stringifier.stringify(tree);
        expect(summary(parser.parse(written))).toEqual(summary(tree));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it.each(['\\@good2020 says', 'x \\@A', '[\\@a]', '\\[@a]', '@a and \\@b', '[-\\@a]', 'mail a\\@b.org', '\\@Müller', '(\\@a)'])(
    'an escaped `@` in %j is written escaped and stays text; citations are written as written',
    (source) => {
      const tree = parser.parse(source);
      const written = stringifier.stringify(tree);
      expect(summary(parser.parse(written))).toEqual(summary(tree));
    },
  );

  // Jammed together, remark-stringify's escapes can change the text as pandoc reads it (`@a[@][@b]` is written
  // `@a[@]\[@b]`, and pandoc, like citemark, then reads `[@]` as the suffix of `@a`), so there the check is that
  // one round trip reaches a fixed point.
  it('after one round trip, another changes nothing (fragments jammed together)', () => {
    fc.assert(
      fc.property(markdownNoEmail, (source) => {
        const once = stringifier.stringify(parser.parse(source));
        const tree = parser.parse(once);
        const twice = stringifier.stringify(tree);
        expect(summary(parser.parse(twice))).toEqual(summary(tree));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('--fix', () => {
  const fixable = fc
    .array(fc.oneof(citation, prose, markup, fc.constantFrom('[@GOOD2020]', '[@Twin2019B]', '@Niesters2014Ketamine', '[@twin2019b; @GOOD2020]')), { maxLength: 30 })
    .map((parts) => parts.join(''));

  it('is idempotent and changes no byte outside the ranges it fixed', () => {
    fc.assert(
      fc.property(fixable, (source) => {
        const { output, applied } = applyFixes(source, lintSource(source));
        // Rebuild the output from the source and the applied edits: anything else changed is a stray byte.
        let rebuilt = '';
        let cursor = 0;
        for (const f of [...applied].sort((a, b) => a.fix!.start - b.fix!.start)) {
          rebuilt += source.slice(cursor, f.fix!.start) + f.fix!.text;
          cursor = f.fix!.end;
        }
        expect(output).toBe(rebuilt + source.slice(cursor));
        // A second pass may only pick up edits the first skipped as overlapping; a third changes nothing.
        const second = applyFixes(output, lintSource(output)).output;
        expect(applyFixes(second, lintSource(second)).output).toBe(second);
        if (applied.length > 0) expect(applyFixes(output, lintSource(output)).applied.length).toBeLessThan(applied.length + 1);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('a fixed article has no fixable finding left', () => {
    fc.assert(
      fc.property(fixable, (source) => {
        let text = source;
        for (let pass = 0; pass < 3; pass++) text = applyFixes(text, lintSource(text)).output;
        expect(lintSource(text).filter((f) => f.fix !== undefined)).toEqual([]);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});

const text = (max: number) => fc.string({ unit: 'grapheme', minLength: 1, maxLength: max }).filter((s) => s.trim() !== '');
const yamlTricky = fc.oneof(
  text(40),
  fc.constantFrom('yes', 'no', 'null', '~', '1e3', '0x1F', '- dash', '# hash', 'key: value', '"quoted"', "'single'", '  leading', 'trailing  ', 'multi\nline', 'tab\there', '[flow]', '{map}', '&anchor', '*alias', '!tag', '%', '@at', '`tick`', '|', '>', 'Ünïcödé', '日本語', '🙂'),
);
const cslItem: fc.Arbitrary<CslInput> = fc.record(
  {
    id: fc.stringMatching(/^[a-z][a-z0-9]{2,10}[0-9]{4}[a-z]{0,6}$/),
    type: fc.constantFrom('article-journal', 'book', 'chapter', 'webpage', 'report'),
    title: yamlTricky,
    author: fc.array(fc.record({ family: fc.constantFrom('Doe', "O'Brien", 'van der Berg', 'Müller', 'Nguyễn'), given: fc.constantFrom('Jane', 'J. R.', 'Élodie') }), { minLength: 1, maxLength: 3 }),
    issued: fc.tuple(fc.integer({ min: 1950, max: 2024 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => ({ 'date-parts': [[y, m]] })),
    'container-title': yamlTricky,
    volume: fc.oneof(fc.nat(300).map(String), fc.constant('12(3)')),
    page: fc.constantFrom('1-10', '33–35', 'e123'),
    DOI: fc.stringMatching(/^10\.[0-9]{4,5}\/[a-z0-9.()-]{1,12}$/),
    abstract: yamlTricky,
    note: yamlTricky,
  },
  { requiredKeys: ['id', 'type', 'title', 'author', 'issued'] },
);

describe('canonical reference files', () => {
  it('reading a canonical file and writing it again is byte-identical', () => {
    let roundTrips = 0;
    fc.assert(
      fc.property(cslItem, (raw) => {
        const first = parseBibliographyText(JSON.stringify(raw), 'references/x.json', 'json').entries[0];
        fc.pre(first !== undefined);
        const canonical = serializeItem(first.item);
        const back = parseBibliographyText(canonical, `references/${first.item.id}.yaml`, 'yaml');
        expect(back.problems.filter((p) => p.messageId === 'parse-error' || p.messageId === 'schema')).toEqual([]);
        expect(back.entries).toHaveLength(1);
        expect(serializeItem(back.entries[0]!.item)).toBe(canonical);
        roundTrips++;
      }),
      { seed: SEED, numRuns: 200 },
    );
    // The generator must produce mostly valid items, or the property checks little.
    expect(roundTrips).toBeGreaterThan(150);
  });
});

describe('dedupe', () => {
  const member = fc.record({
    title: fc.constantFrom('Ketamine for pain', 'KETAMINE FOR PAIN.', 'Ketamine & pain', 'Ketamine and pain', 'Spinal cord stimulation'),
    family: fc.constantFrom('Doe', 'Roe'),
    year: fc.integer({ min: 2012, max: 2015 }),
    doi: fc.option(fc.constantFrom('10.1000/a', '10.1000/A', '10.1000/b'), { nil: undefined }),
    pmid: fc.option(fc.constantFrom('111', '222'), { nil: undefined }),
  });

  it('groups are the same whatever the file order', () => {
    fc.assert(
      fc.property(
        fc.array(member, { minLength: 2, maxLength: 12 }).chain((members) => fc.tuple(fc.constant(members), fc.shuffledSubarray(members.map((_, i) => i), { minLength: members.length, maxLength: members.length }))),
        ([members, order]) => {
          const items = members.map((m, i) =>
            journalArticle(`item${i}`, {
              title: m.title,
              author: [{ family: m.family, given: 'A' }],
              issued: { 'date-parts': [[m.year]] },
              ...(m.doi ? { DOI: m.doi } : {}),
              ...(m.pmid ? { PMID: m.pmid } : {}),
            }),
          );
          // The same items, put in files whose names give the opposite orders.
          const place = (rank: (i: number) => number): BibEntry[] =>
            makeBibliography(items).entries.map((e, i) => ({ ...e, source: { file: `references/${String(rank(i)).padStart(3, '0')}.yaml`, line: 1, column: 1 } }));
          const groups = (entries: BibEntry[]) =>
            findDuplicates(entries)
              .map((g) => g.members.map((m) => m.entry.item.id).sort())
              .sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
          const inOrder = groups(place((i) => i));
          expect(groups(place((i) => order.indexOf(i)))).toEqual(inOrder);
          expect(groups(place((i) => members.length - i))).toEqual(inOrder);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});
