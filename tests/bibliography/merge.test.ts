import { describe, expect, it } from 'vitest';
import { chooseKept, impossibleFields, isAuthoritative, mergeGroup } from '../../src/bibliography/merge.js';
import type { CslItem } from '../../src/bibliography/schema.js';

const item = (id: string, extra: Partial<CslItem> = {}): { item: CslItem } => ({
  item: {
    id,
    type: 'article-journal',
    title: 'Chiari-like malformation in dogs',
    author: [{ family: 'Rusbridge', given: 'C.' }],
    issued: { 'date-parts': [[2021]] },
    ...extra,
  },
});

describe('the survivor', () => {
  it('prefers the record fetched by its own identifier, then one with an identifier, then the most complete', () => {
    const complete = item('complete', { 'container-title': 'Vet J', volume: '270', issue: '1', page: '105-112', abstract: 'Long.', ISSN: '1090-0233', URL: 'https://example.org' });
    const withDoi = item('withdoi', { DOI: '10.1016/j.tvjl.2021.105', volume: '270' });
    const fetched = item('fetched', { DOI: '10.1016/j.tvjl.2021.105', custom: { lookup: 'doi:10.1016/J.TVJL.2021.105' } });
    expect(chooseKept([complete, withDoi, fetched])).toBe(fetched);
    expect(chooseKept([complete, withDoi])).toBe(withDoi);
    expect(chooseKept([complete, item('plain')])).toBe(complete);
  });

  it('a look-up marker naming another identifier does not count; Crossref’s own source does', () => {
    expect(isAuthoritative(item('x', { DOI: '10.1/a', custom: { lookup: 'doi:10.1/b' } }).item)).toBe(false);
    expect(isAuthoritative(item('x', { PMID: '123', custom: { lookup: 'pmid:0123' } }).item)).toBe(true);
    expect(isAuthoritative(item('x', { DOI: '10.1/a', source: 'Crossref' }).item)).toBe(true);
    expect(isAuthoritative(item('x', { source: 'Crossref' }).item)).toBe(false);
  });

  it('never keeps a record with an impossible year (30 beside 2021), however complete or authoritative', () => {
    const year30 = item('year30', {
      issued: { 'date-parts': [[30, 5, 12]] },
      DOI: '10.1/a',
      custom: { lookup: 'doi:10.1/a' },
      'container-title': 'Vet J', volume: '270', page: '105-112', abstract: 'Long.',
    });
    const right = item('right', { DOI: '10.1/a' });
    expect(impossibleFields(year30.item)).toEqual(['issued']);
    expect(chooseKept([year30, right])).toBe(right);
    const merged = mergeGroup([year30, right]);
    expect(merged.item.issued).toEqual({ 'date-parts': [[2021]] });
    expect(merged.conflicts).toContainEqual({ field: 'issued', kept: { id: 'right', value: '2021' }, dropped: { id: 'year30', value: '30-05-12' } });
    expect(merged.item.note).toContain('`issued` was 30-05-12 in `year30`');
    // The fields the survivor lacked still come from the other record.
    expect(merged.item.volume).toBe('270');
  });
});

describe('the editor’s choices', () => {
  const a = item('a', { 'container-title': 'Vet J', issued: { 'date-parts': [[2020]] }, volume: '270' });
  const b = item('b', { 'container-title': 'Vet Rec', issued: { 'date-parts': [[2021]] }, DOI: '10.1/a', volume: '271' });

  it('keeps the record and the values the editor picked, noting the others', () => {
    const merged = mergeGroup([a, b], { keep: 'a', fields: { issued: 'b' }, by: 'the editor' });
    expect(merged.kept).toBe(a);
    expect(merged.item.id).toBe('a');
    expect(merged.item.issued).toEqual({ 'date-parts': [[2021]] });
    // Fields not picked follow the rules: the identifier-backed record's value wins.
    expect(merged.item.volume).toBe('271');
    expect(merged.item.DOI).toBe('10.1/a');
    expect(merged.conflicts.map((c) => [c.field, c.kept.id, c.dropped.id])).toEqual([
      ['issued', 'b', 'a'],
      ['container-title', 'b', 'a'],
      ['volume', 'b', 'a'],
    ]);
    const all = mergeGroup([a, b], { keep: 'a', fields: { issued: 'b', 'container-title': 'a', volume: 'a' } });
    expect([all.item['container-title'], all.item.volume]).toEqual(['Vet J', '270']);
    expect(merged.item.note).toMatch(/^Merged with `b` by the editor; `issued` was 2020 in `a`; /);
  });

  it('reads two spellings of one journal as one value, keeping the one written out', () => {
    const merged = mergeGroup([item('x', { 'container-title': 'Vet J' }), item('y', { 'container-title': 'The Veterinary Journal' })]);
    expect(merged.item['container-title']).toBe('The Veterinary Journal');
    expect(merged.conflicts).toEqual([]);
  });

  it('refuses a pick of a record outside the group or a field the record lacks', () => {
    expect(() => mergeGroup([a, b], { keep: 'c' })).toThrow('`c` (the record to keep) is not one of `a`, `b`');
    expect(() => mergeGroup([a, b], { fields: { DOI: 'a' } })).toThrow('`a` has no `DOI` to keep');
  });
});
