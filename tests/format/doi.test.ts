/**
 * DOI content-negotiation records into CSL-JSON, without
 * `@citation-js/plugin-doi` (no release for citation-js 0.8): Crossref's type
 * names read as citation-js reads them, and what DOI records put differently
 * from CSL.
 */
import { describe, expect, test } from 'vitest';
import { hasInputType, loadedPlugins } from '../../src/adapters/citation-js.js';
import { cslFromDoiRecord } from '../../src/bibliography/doi.js';

describe('cslFromDoiRecord', () => {
  test.each([
    ['journal-article', 'article-journal'],
    ['book-chapter', 'chapter'],
    ['posted-content', 'manuscript'],
    ['proceedings-article', 'paper-conference'],
    ['dissertation', 'thesis'],
    ['article-journal', 'article-journal'],
    ['book', 'book'],
    ['report', 'report'],
    // Not a CSL type, and no name for one: kept, so validation reports it as it is.
    ['peer-review', 'peer-review'],
    ['constructor', 'constructor'],
  ])('type `%s` is `%s`', (type, expected) => {
    expect(cslFromDoiRecord({ type, title: 'T' }).type).toBe(expected);
  });

  test('a preprint is an article in its server; a Front Matter post is a blog post in its blog', () => {
    expect(cslFromDoiRecord({ type: 'posted-content', subtype: 'preprint', institution: [{ name: 'medRxiv' }, { name: 'Other' }], title: 'P' })).toEqual({
      type: 'article',
      subtype: 'preprint',
      institution: [{ name: 'medRxiv' }, { name: 'Other' }],
      title: 'P',
      'container-title': 'medRxiv',
    });
    expect(cslFromDoiRecord({ type: 'posted-content', subtype: 'other', member: '31795', institution: [{ name: 'A blog' }] })).toMatchObject({
      type: 'post-weblog',
      'container-title': 'A blog',
    });
    // Another member's `other` content is a manuscript, and its institution is not its container.
    expect(cslFromDoiRecord({ type: 'posted-content', subtype: 'other', member: '297', institution: [{ name: 'Univ' }], 'container-title': 'Kept' })).toMatchObject({
      type: 'manuscript',
      'container-title': 'Kept',
    });
    expect(cslFromDoiRecord({ type: 'posted-content', subtype: 'preprint', institution: [] })).not.toHaveProperty('container-title');
  });

  test('a dissertation without a genre is a doctoral one; a given genre stays', () => {
    expect(cslFromDoiRecord({ type: 'dissertation' }).genre).toBe('Doctoral dissertation');
    expect(cslFromDoiRecord({ type: 'dissertation', genre: 'MSc thesis' }).genre).toBe('MSc thesis');
    expect(cslFromDoiRecord({ type: 'journal-article' })).not.toHaveProperty('genre');
  });

  test('a date given as one list of parts becomes a list of lists, and the record handed in is left as it was', () => {
    const served = { type: 'journal-article', issued: { 'date-parts': [2014, 3, 5] }, accessed: { 'date-parts': [[2020, 1]] }, 'event-date': { literal: 'Spring' } };
    const before = structuredClone(served);
    const record = cslFromDoiRecord(served);
    expect(record.issued).toEqual({ 'date-parts': [[2014, 3, 5]] });
    expect(record.accessed).toEqual({ 'date-parts': [[2020, 1]] });
    expect(record['event-date']).toEqual({ literal: 'Spring' });
    expect(served).toEqual(before);
  });

  test('other fields pass through in their order, and no fetching plugin gets loaded', () => {
    const record = cslFromDoiRecord({ DOI: '10.1111/bcp.12094', title: 'K', type: 'journal-article', page: '1-2', 'container-title': 'J' });
    expect(Object.keys(record)).toEqual(['DOI', 'title', 'type', 'page', 'container-title']);
    expect(loadedPlugins().filter((plugin) => /doi/i.test(plugin))).toEqual([]);
    expect(hasInputType('@doi/id')).toBe(false);
  });
});
