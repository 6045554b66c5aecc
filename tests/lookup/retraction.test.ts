/** Retractions read from Crossref and PubMed records (shapes written for this test after the services' documented fields). */
import { describe, expect, it } from 'vitest';
import { correctionsFromCrossref, retractionFromCrossref, retractionFromEsummary } from '../../src/lookup/index.js';

describe('Crossref', () => {
  it('reads a retraction from updated-by, Retraction Watch included', () => {
    const work = {
      title: ['A trial'],
      'updated-by': [
        { type: 'correction', DOI: '10.1000/corr.1', updated: { 'date-parts': [[2020, 2, 1]] } },
        { type: 'retraction', DOI: '10.1000/retr.9', label: 'Retraction', source: 'retraction-watch', updated: { 'date-parts': [[2021, 3, 4]] } },
      ],
    };
    expect(retractionFromCrossref(work)).toEqual({ date: '2021-03-04', notice: 'Retraction notice https://doi.org/10.1000/retr.9 (Retraction Watch)' });
    expect(correctionsFromCrossref(work)).toEqual(['10.1000/corr.1']);
  });
  it('reads an older relation, and nothing from a plain record', () => {
    expect(retractionFromCrossref({ relation: { 'is-retracted-by': [{ 'id-type': 'doi', id: '10.1000/r' }] } })).toEqual({ notice: 'Retraction notice https://doi.org/10.1000/r' });
    expect(retractionFromCrossref({ title: ['Fine'] })).toBeUndefined();
  });
});

describe('PubMed', () => {
  it('reads the Retracted Publication type and the notice', () => {
    const doc = { pubtype: ['Journal Article', 'Retracted Publication'], references: [{ refsource: 'Pain Med. 2019 Jun;20(6):1250.', reftype: 'Retraction in', pmid: '31000001' }] };
    expect(retractionFromEsummary(doc)).toEqual({ date: '2019-06', notice: 'Retraction in: Pain Med. 2019 Jun;20(6):1250. (PMID 31000001)' });
    expect(retractionFromEsummary({ pubtype: ['Journal Article'] })).toBeUndefined();
  });
});
