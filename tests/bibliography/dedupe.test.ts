import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeDifference, findDuplicates } from '../../src/bibliography/dedupe.js';
import { normalizeDoi, normalizePmid, normalizeTitle } from '../../src/bibliography/normalize.js';
import { cslItemSchema, type CslItem } from '../../src/bibliography/schema.js';
import type { BibEntry } from '../../src/bibliography/types.js';
import { seedItems } from '../helpers/seeds.js';

const seeds = new Map(seedItems().map((item) => [item.id, item] as const));
const seed = (id: string): CslItem => structuredClone(seeds.get(id)!);

function entry(item: Partial<CslItem> & { id: string }, file = `references/${item.id}.yaml`, line = 1): BibEntry {
  return { item: cslItemSchema.parse({ type: 'article-journal', ...item }), source: { file, line, column: 1 } };
}

function summary(entries: BibEntry[]): string[][] {
  return findDuplicates(entries).map((g) =>
    g.members.map((m) => [m.entry.item.id, m.reason ?? 'first', ...m.differences.map(describeDifference)].join(' | ')),
  );
}

describe('findDuplicates', () => {
  it('groups the Niesters 2013/2014 pair by DOI and names the year', () => {
    const y2014 = seed('niesters2014ketamine');
    const y2013 = { ...seed('niesters2014ketamine'), id: 'niesters2013ketamine', issued: { 'date-parts': [[2013]] } };
    const result = summary([entry(y2014), entry(y2013)]);
    expect(result).toEqual([['niesters2013ketamine | first', 'niesters2014ketamine | DOI | issued: 2013 vs 2014']]);
  });

  it('groups the Niesters pair by title and year when only one has a DOI', () => {
    const a = { ...seed('niesters2014ketamine'), id: 'a', DOI: undefined, issued: { 'date-parts': [[2013, 11]] } };
    const b = { ...seed('niesters2014ketamine'), id: 'b' };
    expect(summary([entry(a), entry(b)])).toEqual([['a | first', 'b | title | issued: 2013 vs 2014 | DOI: (none) vs 10.1111/bcp.12094']]);
  });

  it('groups a Sdrulla pair with identical metadata and no identifiers, with no differences', () => {
    const a = seed('sdrulla2018spinal');
    const b = { ...seed('sdrulla2018spinal'), id: 'sdrulla2018spinalb' };
    expect(summary([entry(a, 'references/a.yaml', 3), entry(b, 'references/a.yaml', 20)])).toEqual([
      ['sdrulla2018spinal | first', 'sdrulla2018spinalb | title'],
    ]);
  });

  it('matches titles that differ in case, punctuation, diacritics, HTML and &', () => {
    const a = entry({ id: 'a', title: 'Pain & depression: the “Ketamine-and-me” project', author: [{ family: 'Joud' }], issued: { 'date-parts': [[2020]] } });
    const b = entry({
      id: 'b',
      title: 'PAIN AND DEPRESSION &ndash; THE <i>Ketamine and Me</i> Project.',
      author: [{ family: 'Jöud', given: 'A.' }],
      issued: { 'date-parts': [[2021]] },
    });
    const c = entry({ id: 'c', title: 'Pain and depression: the ketamine and me project', author: [{ family: 'Joud' }], issued: { 'date-parts': [[2023]] } });
    expect(summary([a, b, c])).toEqual([
      ['a | first', 'b | title | title: Pain & depression: the “Ketamine-and-me” project vs PAIN AND DEPRESSION &ndash; THE <i>Ketamine and Me</i> Project. | author: Joud vs Jöud | issued: 2020 vs 2021'],
    ]);
  });

  it('does not group the same title with different DOIs (an update or erratum)', () => {
    const base = { title: 'Ketamine for chronic pain', author: [{ family: 'Niesters' }], issued: { 'date-parts': [[2014]] } };
    expect(summary([entry({ ...base, id: 'a', DOI: '10.1111/bcp.12094' }), entry({ ...base, id: 'b', DOI: '10.1111/bcp.99999' })])).toEqual([]);
    expect(summary([entry({ ...base, id: 'a', PMID: '1' }), entry({ ...base, id: 'b', PMID: '2' })])).toEqual([]);
  });

  it('does not group the same title by another first author or years apart', () => {
    const base = { title: 'Ketamine', issued: { 'date-parts': [[2014]] } };
    expect(summary([entry({ ...base, id: 'a', author: [{ family: 'A' }] }), entry({ ...base, id: 'b', author: [{ family: 'B' }] })])).toEqual([]);
    expect(
      summary([entry({ ...base, id: 'a', author: [{ family: 'A' }] }), entry({ ...base, id: 'b', author: [{ family: 'A' }], issued: { 'date-parts': [[2016]] } })]),
    ).toEqual([]);
  });

  it('matches DOIs and PMIDs in their other spellings', () => {
    const a = entry({ id: 'a', title: 'One', DOI: 'https://doi.org/10.1111/BCP.12094' });
    const b = entry({ id: 'b', title: 'Two', DOI: 'doi:10.1111/bcp.12094' });
    const c = entry({ id: 'c', title: 'Three', PMID: 'PMID: 0031082965' });
    const d = entry({ id: 'd', title: 'Four', PMID: 31082965 });
    expect(findDuplicates([a, b, c, d]).map((g) => g.members.map((m) => [m.entry.item.id, m.reason]))).toEqual([
      [['a', undefined], ['b', 'DOI']],
      [['c', undefined], ['d', 'PMID']],
    ]);
  });

  it('finds nothing among the seed bibliography', () => {
    expect(findDuplicates([...seeds.values()].map((item) => entry(item)))).toEqual([]);
  });

  it('gives the same groups whatever the input order', () => {
    const items = [
      entry(seed('niesters2014ketamine'), 'references/b.yaml', 1),
      entry({ ...seed('niesters2014ketamine'), id: 'n13', issued: { 'date-parts': [[2013]] } }, 'references/a.yaml', 9),
      entry(seed('sdrulla2018spinal'), 'references/c.yaml', 1),
      entry({ ...seed('sdrulla2018spinal'), id: 's2' }, 'references/a.yaml', 1),
      entry(seed('zhou2011targeting'), 'references/d.yaml', 1),
    ];
    const expected = summary(items);
    expect(expected).toEqual([
      ['s2 | first', 'sdrulla2018spinal | title'],
      ['n13 | first', 'niesters2014ketamine | DOI | issued: 2013 vs 2014'],
    ]);
    fc.assert(
      fc.property(fc.shuffledSubarray(items, { minLength: items.length }), (shuffled) => {
        expect(summary(shuffled)).toEqual(expected);
      }),
    );
  });
});

describe('normalisers', () => {
  it.each([
    ['https://doi.org/10.1111/BCP.12094', '10.1111/bcp.12094'],
    ['http://dx.doi.org/10.1111/bcp.12094', '10.1111/bcp.12094'],
    ['doi: 10.1111/bcp.12094', '10.1111/bcp.12094'],
    ['https://doi.org/10.1007%2Fs11916-024-01246-2', '10.1007/s11916-024-01246-2'],
  ])('normalizeDoi(%s)', (raw, expected) => expect(normalizeDoi(raw)).toBe(expected));

  it.each([
    ['PMID: 0027807158', '27807158'],
    [27807158, '27807158'],
  ])('normalizePmid(%s)', (raw, expected) => expect(normalizePmid(raw)).toBe(expected));

  it.each([
    ['Pain &amp; Depression', 'pain and depression'],
    ['<i>Ketamine</i>: a review', 'ketamine a review'],
    ['Thérond’s “study”', 'therond s study'],
    ['Non-opioid analgesics', 'non opioid analgesics'],
  ])('normalizeTitle(%s)', (raw, expected) => expect(normalizeTitle(raw)).toBe(expected));
});
