import { describe, expect, it } from 'vitest';
import { compareContainers, issnsOf, sameJournalName } from '../../src/bibliography/journal.js';

describe('sameJournalName', () => {
  it.each([
    ['J Vet Intern Med', 'Journal of Veterinary Internal Medicine'],
    ['J. Vet. Intern. Med.', 'Journal of veterinary internal medicine / American College of Veterinary Internal Medicine'],
    ['Vet Rec', 'The Veterinary record'],
    ['PLoS One', 'PLOS ONE'],
    ['IOVS', 'Investigative Ophthalmology & Visual Science'],
    ['Invest Ophthalmol Vis Sci', 'Investigative ophthalmology & visual science'],
    ['Proc Natl Acad Sci USA', 'Proceedings of the National Academy of Sciences of the United States of America'],
    ['J Alzheimers Dis', "Journal of Alzheimer's disease : JAD"],
    ['JAD', "Journal of Alzheimer's disease : JAD"],
    ['J Neurosci', 'The Journal of neuroscience : the official journal of the Society for Neuroscience'],
    ['N Engl J Med', 'The New England Journal of Medicine'],
    ['BMJ', 'BMJ (Clinical research ed.)'],
    ['Tierarztl Prax', 'Tierärztliche Praxis'],
    ['Zhonghua Wai Ke Za Zhi', 'Zhonghua wai ke za zhi [Chinese journal of surgery]'],
    ['Chin J Surg', 'Zhonghua wai ke za zhi [Chinese journal of surgery]'],
    ['Int. J. Ind. Organ.', 'INTERNATIONAL JOURNAL OF INDUSTRIAL ORGANIZATION'],
  ])('`%s` is `%s`', (a, b) => {
    expect(sameJournalName(a, b)).toBe(true);
    expect(sameJournalName(b, a)).toBe(true);
  });

  it.each([
    ['J Vet Intern Med', 'Praktische Tierarzt'],
    ['PLOS ONE', 'Investigative Ophthalmology & Visual Science'],
    ['J Neurosurg', 'Journal of Neurosurgery: Spine'],
    ['Pain', 'Pain Medicine'],
    ['Pain Med', 'Pain Physician'],
    ['Vet Rec', 'Vet Clin North Am Small Anim Pract'],
    ['Ann Neurol', 'Ann Neurosci'],
  ])('`%s` is not `%s`', (a, b) => {
    expect(sameJournalName(a, b)).toBe(false);
  });
});

describe('containers', () => {
  it('reads ISSNs as exports print them', () => {
    expect(issnsOf('0167-7187')).toEqual(['01677187']);
    expect(issnsOf('01677187 (ISSN) ')).toEqual(['01677187']);
    expect(issnsOf('1759-2879, 1759-2887')).toEqual(['17592879', '17592887']);
    expect(issnsOf('0000-000x')).toEqual(['0000000X']);
    // An ISBN is not an ISSN.
    expect(issnsOf('978-0-12-373861-5')).toEqual([]);
  });

  it('a shared ISSN makes one journal; disjoint ISSNs alone prove nothing', () => {
    expect(compareContainers({ names: ['Vet Rec'], issns: ['00424900'] }, { names: ['Tierarztl Prax'], issns: ['00424900'] })).toBe('same');
    expect(compareContainers({ names: ['Vet Rec'], issns: ['00424900'] }, { names: ['Veterinary Record'], issns: ['20427670'] })).toBe('same');
    expect(compareContainers({ names: ['Vet Rec'], issns: [] }, { names: ['Pain'], issns: [] })).toBe('different');
    expect(compareContainers({ names: [], issns: [] }, { names: ['Pain'], issns: [] })).toBe('unknown');
  });
});
