/**
 * The duplicate rule of SPEC §4: what proves two records are different works,
 * what makes them one, and what is only possible. The records reproduce the
 * shapes of the false merges reported on a real 2,000-record library (the
 * titles and names are ours).
 */
import { describe, expect, it } from 'vitest';
import { analyseDuplicates, findDuplicates, type DuplicateAnalysis } from '../../src/bibliography/dedupe.js';
import { cslItemSchema, type CslItem } from '../../src/bibliography/schema.js';
import type { BibEntry, RejectedRecord } from '../../src/bibliography/types.js';

let line = 0;
function entry(item: Partial<CslItem> & { id: string }, file = 'references/library.yaml'): BibEntry {
  return { item: cslItemSchema.parse({ type: 'article-journal', ...item }), source: { file, line: ++line, column: 1 } };
}

function rejected(fields: Record<string, string>, file = 'references/export.ris'): RejectedRecord {
  return { fields, source: { file, line: ++line, column: 1 } };
}

const grouped = (analysis: DuplicateAnalysis): string[][] => analysis.groups.map((g) => g.members.map((m) => m.entry.item.id));
const possible = (analysis: DuplicateAnalysis): string[][] => analysis.possible.map((p) => [p.first.item.id, p.second.item.id, p.why]);

const letter = {
  title: 'Persistent scratching in Cavalier King Charles spaniels',
  author: [{ family: 'Rusbridge', given: 'C.' }],
  issued: { 'date-parts': [[1997]] },
  'container-title': 'Vet Rec',
};

describe('different works are never grouped', () => {
  it('two letters with one title in two issues (volume and first page differ)', () => {
    const march = entry({ ...letter, id: 'rusbridge1997persistent', volume: '140', issue: '9', page: '239–240' });
    const august = entry({ ...letter, id: 'rusbridge1997persistenta', volume: '141', issue: '7', page: '179' });
    const analysis = analyseDuplicates([march, august]);
    expect(grouped(analysis)).toEqual([]);
    // Proven different: not even listed as possible.
    expect(possible(analysis)).toEqual([]);
  });

  it('one volume, two first pages', () => {
    const a = entry({ ...letter, id: 'a', volume: '140', page: '239-240' });
    const b = entry({ ...letter, id: 'b', volume: '140', page: '262' });
    expect(findDuplicates([a, b])).toEqual([]);
  });

  it('an update with its own DOI, whatever else agrees', () => {
    const a = entry({ ...letter, id: 'a', DOI: '10.1136/vr.140.9.239' });
    const b = entry({ ...letter, id: 'b', DOI: '10.1136/vr.140.9.239-a' });
    expect(analyseDuplicates([a, b])).toEqual({ groups: [], possible: [] });
  });

  it('a record linked to two others that differ from each other joins neither blindly', () => {
    // `bare` has the title of both letters and no locator; the letters are proven different.
    const march = entry({ ...letter, id: 'march', volume: '140', page: '239' });
    const august = entry({ ...letter, id: 'august', volume: '141', page: '179' });
    const bare = entry({ ...letter, id: 'bare' });
    const analysis = analyseDuplicates([march, august, bare]);
    expect(grouped(analysis)).toEqual([]);
    expect(possible(analysis)).toEqual([
      ['march', 'bare', 'locator-missing'],
      ['august', 'bare', 'locator-missing'],
    ]);
  });

  it('the same DOI with volume and first page that differ is only possible', () => {
    const a = entry({ ...letter, id: 'a', DOI: '10.1136/vr.140.9.239', volume: '140', page: '239' });
    const b = entry({ ...letter, id: 'b', DOI: '10.1136/VR.140.9.239', volume: '141', page: '179' });
    const analysis = analyseDuplicates([a, b]);
    expect(grouped(analysis)).toEqual([]);
    expect(possible(analysis)).toEqual([['a', 'b', 'locator-differs']]);
  });
});

describe('likely but not certain: listed as possible, never grouped', () => {
  it('same author and title in two journals a year apart (J Vet Intern Med 2002, Praktische Tierarzt 2003)', () => {
    const base = { title: 'Syringomyelia in dogs: a review', author: [{ family: 'Rusbridge', given: 'Clare' }] };
    const jvim = entry({ ...base, id: 'jvim', issued: { 'date-parts': [[2002]] }, 'container-title': 'J Vet Intern Med', volume: '16', page: '301-309' });
    const pt = entry({ ...base, id: 'pt', issued: { 'date-parts': [[2003]] }, 'container-title': 'Praktische Tierarzt', volume: '84', page: '12-19' });
    const analysis = analyseDuplicates([jvim, pt]);
    expect(grouped(analysis)).toEqual([]);
    // Volume and page differ too, which proves two works: not listed.
    expect(possible(analysis)).toEqual([]);
    const ptNoPages = entry({ ...base, id: 'ptb', issued: { 'date-parts': [[2003]] }, 'container-title': 'Praktische Tierarzt' });
    const withoutPages = analyseDuplicates([jvim, ptNoPages]);
    expect(grouped(withoutPages)).toEqual([]);
    expect(possible(withoutPages)).toEqual([['jvim', 'ptb', 'different-container']]);
    expect(withoutPages.possible[0]!.detail).toBe('they are in `J Vet Intern Med` and `Praktische Tierarzt`');
  });

  it('a paper and its conference abstract (PLOS ONE 2014 and IOVS 55)', () => {
    const base = { title: 'Retinal thickness after intravitreal ketamine', author: [{ family: 'Okafor', given: 'N.' }], issued: { 'date-parts': [[2014]] } };
    const paper = entry({ ...base, id: 'paper', 'container-title': 'PLOS ONE', volume: '9', page: 'e98765' });
    const abstract = entry({ ...base, id: 'abstract', 'container-title': 'Invest Ophthalmol Vis Sci', volume: '55', issue: '13', page: '4821' });
    const abstractNoPage = entry({ ...base, id: 'abstract2', 'container-title': 'Investigative Ophthalmology & Visual Science', volume: '55' });
    const analysis = analyseDuplicates([paper, abstract, abstractNoPage]);
    expect(grouped(analysis)).toEqual([]);
    // The paper and the abstract with its page differ in volume and page: two works, not listed.
    expect(possible(analysis)).toEqual([
      ['paper', 'abstract2', 'different-container'],
      ['abstract', 'abstract2', 'locator-missing'],
    ]);
  });

  it('one record without the pages the other has', () => {
    const a = entry({ ...letter, id: 'a', volume: '140', page: '239-240' });
    const b = entry({ ...letter, id: 'b', volume: '140' });
    expect(possible(analyseDuplicates([a, b]))).toEqual([['a', 'b', 'locator-missing']]);
  });

  it('years two apart, a missing year, a conference paper and an article, a generic title', () => {
    const a = entry({ ...letter, id: 'a', issued: { 'date-parts': [[1997]] } });
    const b = entry({ ...letter, id: 'b', issued: { 'date-parts': [[1999]] } });
    const c = entry({ ...letter, id: 'c', title: 'Another title', issued: undefined });
    const d = entry({ ...letter, id: 'd', title: 'Another title' });
    const e = entry({ ...letter, id: 'e', title: 'Yet another', type: 'paper-conference' });
    const f = entry({ ...letter, id: 'f', title: 'Yet another' });
    const g = entry({ ...letter, id: 'g', title: 'Reply' });
    const h = entry({ ...letter, id: 'h', title: 'Reply.' });
    expect(possible(analyseDuplicates([a, b, c, d, e, f, g, h]))).toEqual([
      ['a', 'b', 'years-apart'],
      ['c', 'd', 'year-missing'],
      ['e', 'f', 'type-differs'],
      ['g', 'h', 'generic-title'],
    ]);
  });
});

describe('one work, grouped', () => {
  it('the same title in an abbreviated and a full journal name, same volume and first page, a year apart', () => {
    const base = { title: 'Ketamine for chronic pain: risks and benefits', author: [{ family: 'Niesters', given: 'M.' }] };
    const a = entry({ ...base, id: 'a', issued: { 'date-parts': [[2013]] }, 'container-title': 'Br J Clin Pharmacol', volume: '77', page: '357-67' });
    const b = entry({ ...base, id: 'b', issued: { 'date-parts': [[2014]] }, 'container-title': 'British Journal of Clinical Pharmacology', volume: '77', page: '357–367' });
    expect(grouped(analyseDuplicates([a, b]))).toEqual([['a', 'b']]);
  });

  it('journals told apart by name match through an ISSN', () => {
    const base = { ...letter, volume: '140', page: '239' };
    const a = entry({ ...base, id: 'a', 'container-title': 'Veterinary Record', ISSN: '0042-4900' });
    const b = entry({ ...base, id: 'b', 'container-title': 'The Vet. record (London)', ISSN: '00424900 (ISSN)' });
    expect(grouped(analyseDuplicates([a, b]))).toEqual([['a', 'b']]);
  });

  it('`vs.` and `versus` in titles', () => {
    const base = { author: [{ family: 'Santos' }], issued: { 'date-parts': [[1996]] }, 'container-title': 'Headache', volume: '23', page: '1734' };
    const a = entry({ ...base, id: 'a', title: 'TENS versus sham stimulation for back pain' });
    const b = entry({ ...base, id: 'b', title: 'TENS vs. sham stimulation for back pain' });
    expect(grouped(analyseDuplicates([a, b]))).toEqual([['a', 'b']]);
  });

  it('supplement pages and article numbers are compared by their number', () => {
    const base = { ...letter, volume: '8' };
    const a = entry({ ...base, id: 'a', page: 'S169' });
    const b = entry({ ...base, id: 'b', volume: '8(SUPPL 1)', page: '169' });
    expect(grouped(analyseDuplicates([a, b]))).toEqual([['a', 'b']]);
  });
});

describe('buckets too large to be one work', () => {
  it('hundreds of records under one placeholder DOI link nothing (and are not compared pair by pair)', () => {
    const many = Array.from({ length: 300 }, (_, i) => entry({ id: `r${i}`, title: `Report ${i}`, author: [{ family: `A${i}` }], DOI: '10.1000/xyz' }));
    expect(analyseDuplicates(many)).toEqual({ groups: [], possible: [] });
    // Two under one DOI are still one work.
    expect(grouped(analyseDuplicates(many.slice(0, 2)))).toEqual([['r0', 'r1']]);
  });
});

describe('records that failed validation take part through DOI and PMID', () => {
  it('a broken copy with the same DOI joins the group of the valid one, as a broken copy', () => {
    const valid = entry({ ...letter, id: 'valid', DOI: '10.1111/jvim.2002.0301' });
    const broken = rejected({ id: 'broken', title: 'Syringomyelia', DOI: 'https://doi.org/10.1111/JVIM.2002.0301', issued: 'thirty' });
    const analysis = analyseDuplicates([valid], [broken]);
    expect(analysis.groups).toHaveLength(1);
    expect(analysis.groups[0]!.members.map((m) => m.entry.item.id)).toEqual(['valid']);
    expect(analysis.groups[0]!.brokenCopies).toEqual([{ record: broken, reason: 'DOI' }]);
    // findDuplicates (mergeable groups only) leaves it out.
    expect(findDuplicates([valid])).toEqual([]);
  });

  it('two broken copies with one PMID form a group without valid members', () => {
    const a = rejected({ PMID: '12345678' });
    const b = rejected({ PMID: 'PMID: 012345678' });
    const analysis = analyseDuplicates([], [a, b]);
    expect(analysis.groups.map((g) => [g.members.length, g.brokenCopies?.length])).toEqual([[0, 2]]);
  });

  it('a broken copy whose volume and page contradict the DOI-sharing record stays out', () => {
    const valid = entry({ ...letter, id: 'valid', DOI: '10.1/x', volume: '140', page: '239' });
    const broken = rejected({ DOI: '10.1/x', volume: '141', page: '179' });
    expect(analyseDuplicates([valid], [broken]).groups).toEqual([]);
  });

  it('a broken record without an identifier is never matched', () => {
    const valid = entry({ ...letter, id: 'valid' });
    expect(analyseDuplicates([valid], [rejected({ title: letter.title })]).groups).toEqual([]);
  });
});
