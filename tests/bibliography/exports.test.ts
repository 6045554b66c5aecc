/**
 * Exports as the tools that write them mean them: one fixture per exporter
 * (tests/fixtures/bibliography/exports, invented records that reproduce each
 * exporter's quirks), read per record, never into a wrong value.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatForPath, parseBibliographyText, type ParseResult } from '../../src/bibliography/parse.js';
import type { CslItem } from '../../src/bibliography/schema.js';

const DIR = join(import.meta.dirname, '../fixtures/bibliography/exports');

function read(name: string): ParseResult {
  return parseBibliographyText(readFileSync(join(DIR, name), 'utf8'), `references/${name}`, formatForPath(name)!);
}

function item(result: ParseResult, title: RegExp): CslItem {
  const found = result.entries.find((e) => title.test(e.item.title ?? ''));
  if (!found) throw new Error(`no item titled ${title}`);
  return found.item;
}

const problems = (result: ParseResult) => result.problems.map((p) => [p.messageId, p.source.line, p.severity ?? 'error']);

describe('Web of Science RIS', () => {
  let wos: ParseResult;
  beforeAll(() => {
    wos = read('wos.ris');
  });

  it('loads every record', () => {
    expect(wos.entries.map((e) => e.source.line)).toEqual([1, 27, 44, 58, 71, 82]);
  });

  it('a patent: its SN lines are its numbers, not ISSNs; wrapped lines lose their runs of spaces', () => {
    const patent = item(wos, /^Wearable/);
    expect(patent).toMatchObject({ type: 'patent', title: 'Wearable nerve stimulator for chronic pain relief with adaptive pulse width', number: 'EX100000001-A' });
    expect(patent.abstract).toBe('NOVELTY - A wearable stimulator adapts its pulse width to the measured skin impedance. USE - Relief of chronic pain.');
    expect(patent.author).toEqual([{ family: 'OKAFOR', given: 'C' }, { family: 'LARSEN', given: 'B' }]);
    expect(wos.problems.filter((p) => p.source.line >= 82)).toEqual([]);
  });

  it('reads PY as the year and DA as a month and day of it, never the year', () => {
    expect(item(wos, /^Low-dose ketamine/).issued).toEqual({ 'date-parts': [[2021, 9, 30]] });
    expect(item(wos, /^Spinal cord/).issued).toEqual({ 'date-parts': [[2019, 8]] });
    expect(item(wos, /^Ketamine and cognition/).issued).toEqual({ 'date-parts': [[2012, 5, 16]] });
    expect(item(wos, /^Pain education/).issued).toEqual({ 'date-parts': [[2020, 7], [2020, 8]] });
    expect(item(wos, /^Acupuncture/).issued).toEqual({ 'date-parts': [[2018]], season: 4 });
  });

  it('reads two SN lines as the ISSN list CSL expects, with no schema error', () => {
    expect(item(wos, /^Low-dose ketamine/).ISSN).toBe('1526-2375, 1526-4637');
    expect(wos.problems.map((p) => p.messageId)).not.toContain('schema');
  });

  it('splits a particle written against the name; other run-together names are warnings, with no guessed fix', () => {
    const authors = item(wos, /^Low-dose ketamine/).author;
    expect(authors?.[1]).toEqual({ 'non-dropping-particle': 'van', family: 'Zuilen', given: 'Maria' });
    expect(item(wos, /^Spinal cord/).author?.[1]).toMatchObject({ 'non-dropping-particle': 'van', family: 'Dijk' });
    const warnings = wos.problems.filter((p) => p.messageId === 'run-together-name');
    expect(warnings.map((p) => p.severity)).toEqual(['warning', 'warning']);
    expect(warnings.map((p) => p.message).join('\n')).not.toMatch(/Linde Forsberg|Taillieu Le/);
  });

  it('keeps a DOI that is not one in note, reported at its line; the record loads', () => {
    const okafor = item(wos, /^Pain education/);
    expect(okafor.DOI).toBeUndefined();
    expect(okafor.note).toBe('DOI as exported: 10.5555/ s12875-020-0004');
    expect(problems(wos)).toContainEqual(['invalid-doi', 67, 'error']);
    expect(okafor.number).toBe('140');
  });

  it('keeps every other DOI', () => {
    expect(wos.entries.map((e) => e.item.DOI).filter(Boolean)).toHaveLength(4);
  });
});

describe('Zotero RIS', () => {
  let zotero: ParseResult;
  beforeAll(() => {
    zotero = read('zotero.ris');
  });
  it('reads DA `2019/10//undefined`, ISSNs on one line, keywords, PMID from the note', () => {
    const article = item(zotero, /^Mindfulness/);
    expect(article.issued).toEqual({ 'date-parts': [[2019, 10]] });
    expect(article.ISSN).toBe('1939-5914, 1939-5922');
    expect(article.keyword).toBe('mindfulness, pelvic pain');
    expect(article.PMID).toBe('31234567');
    expect(article.note).toBeUndefined();
    expect(article.URL).toBe('https://example.org/articles/jpm-2019-0042');
    expect(item(zotero, /^Managing/)).toMatchObject({ type: 'book', ISBN: '978-0-19-000000-2', issued: { 'date-parts': [[2015]] } });
    expect(zotero.problems).toEqual([]);
  });
});

describe('Ovid RIS', () => {
  let ovid: ParseResult;
  beforeAll(() => {
    ovid = read('ovid.ris');
  });
  it('reads records between numbers and links, DOIs given as URLs, and "No Pagination Specified" as no pages', () => {
    expect(ovid.problems).toEqual([]);
    expect(ovid.entries.map((e) => [e.source.line, e.item.DOI, e.item.issued])).toEqual([
      [2, '10.5555/ex.2398', { 'date-parts': [[2019]] }],
      [24, '10.5555/ex.1201', { 'date-parts': [[2018]] }],
    ]);
    expect(item(ovid, /^Self-compassion/).page).toBeUndefined();
    // Ovid's ID is an accession number, not a citekey.
    expect(ovid.entries[0]?.item.id).not.toBe('2019-12345-001');
  });
});

describe('Embase RIS', () => {
  let embase: ParseResult;
  beforeAll(() => {
    embase = read('embase.ris');
  });
  it('reads `Chen R.` as family and initials, the full journal title, one ISSN', () => {
    const article = embase.entries[0]!.item;
    expect(article.author).toEqual([
      { family: 'Chen', given: 'R.' },
      { family: 'Abbott', given: 'D.G.' },
      { family: 'Martinez-Ortega', given: 'L.' },
    ]);
    expect(article['container-title']).toBe('Endoscopy Reports');
    expect(article['container-title-short']).toBe('Endosc. Rep.');
    expect(article.ISSN).toBe('2226-7190');
    expect(article.issued).toEqual({ 'date-parts': [[2014]] });
  });
});

describe('Scopus RIS', () => {
  let scopus: ParseResult;
  beforeAll(() => {
    scopus = read('scopus.ris');
  });
  it('reads `03064530 (ISSN)`, repeated N1 notes and continuation lines', () => {
    const article = scopus.entries[0]!.item;
    expect(article.ISSN).toBe('0306-4530');
    expect(article.note?.split('\n')).toHaveLength(3);
    expect(article.note).toContain('(2015) Example Rev., 12, pp. 205-217;');
    expect(article.number).toBe('104501');
    expect(scopus.problems).toEqual([]);
  });
});

describe('Zotero BibTeX', () => {
  let zotero: ParseResult;
  beforeAll(() => {
    zotero = read('zotero.bib');
  });
  it('keeps the key, reads `month = jan`, accents, PMID from the note, drops `and others`', () => {
    const madany = zotero.entries[0]!.item;
    expect(madany.id).toBe('madany_canine_2006');
    expect(madany.issued).toEqual({ 'date-parts': [[2006, 1]] });
    expect(madany.author?.map((a) => a.family)).toEqual(['Madany', 'Müller', 'Zuilen']);
    expect(madany.author?.[2]?.['non-dropping-particle']).toBe('van');
    expect(madany.PMID).toBe('16400000');
    expect(madany.keyword).toBe('CRPS, dogs, pain');
  });
  it('loads an entry whose DOI is not one, with the DOI kept in note and reported', () => {
    const madany = zotero.entries[0]!.item;
    expect(madany.DOI).toBeUndefined();
    expect(madany.note).toBe('DOI as exported: 10.5555/vp 2006.12');
    expect(problems(zotero)).toEqual([['invalid-doi', 2, 'error']]);
    expect(zotero.entries).toHaveLength(2);
  });
});

describe('Better BibLaTeX', () => {
  let bbt: ParseResult;
  beforeAll(() => {
    bbt = read('bbt.bib');
  });
  it('reads `date`, `journaltitle`, doubled braces, accents, `eprinttype = pubmed` and braced organisations', () => {
    const okafor = bbt.entries[0]!.item;
    expect(okafor).toMatchObject({
      id: 'okaforPainEducationPrimary2020',
      title: 'Pain Education in Primary Care: A Mixed-Methods Evaluation',
      'container-title': 'BMC Family Practice',
      'container-title-short': 'BMC Fam Pract',
      issued: { 'date-parts': [[2020, 7, 15]] },
      PMID: '32600000',
      DOI: '10.5555/s12875-020-0004',
    });
    expect(okafor.author?.[1]).toEqual({ literal: 'World Health Organization' });
    expect(okafor.author?.[3]).toEqual({ family: 'González', given: 'María' });
    expect(bbt.entries[1]!.item).toMatchObject({ type: 'book', publisher: 'Example University Press', 'publisher-place': 'Oxford' });
    expect(bbt.problems).toEqual([]);
  });
});

describe('JabRef and Mendeley BibTeX', () => {
  it('JabRef: `{\\aa}`, `month = aug`, a DOI written as a URL', () => {
    const larsen = read('jabref.bib').entries[0]!.item;
    expect(larsen.author?.[1]).toEqual({ family: 'Nygård', given: 'Ole' });
    expect(larsen.issued).toEqual({ 'date-parts': [[2019, 8]] });
    expect(larsen.DOI).toBe('10.5555/ner.2019.0002');
  });
  it('Mendeley: the header text, `pmid`, a braced title, a joined particle', () => {
    const mendeley = read('mendeley.bib');
    expect(mendeley.problems).toEqual([]);
    const brennan = mendeley.entries[0]!.item;
    expect(brennan).toMatchObject({ id: 'Brennan2019', PMID: '31234567', title: 'Mindfulness training for chronic pelvic pain: a pilot trial' });
    expect(brennan.author?.[2]).toMatchObject({ 'non-dropping-particle': 'van', family: 'Dijk' });
  });
});

describe('PubMed MEDLINE (.nbib)', () => {
  let pubmed: ParseResult;
  beforeAll(() => {
    pubmed = read('pubmed.nbib');
  });
  it('reads each record with its line: full names, collective authors, DP ranges and seasons, the DOI of LID/AID', () => {
    expect(pubmed.problems).toEqual([]);
    expect(pubmed.entries.map((e) => e.source.line)).toEqual([2, 43, 61]);
    const [trial, survey, third] = pubmed.entries.map((e) => e.item);
    expect(trial).toMatchObject({
      title: 'Mindfulness training for chronic pelvic pain: a pilot trial',
      'container-title': 'Journal of pain management',
      'container-title-short': 'J Pain Manag',
      page: '311-318',
      PMID: '31234567',
      DOI: '10.5555/jpm.2019.0042',
      ISSN: '1939-5922, 1939-5914',
      issued: { 'date-parts': [[2019, 7], [2019, 8]] },
    });
    expect(trial?.author).toEqual([{ family: 'Brennan', given: 'Siobhan' }, { family: 'Okoye', given: 'Emeka C' }, { literal: 'Pelvic Pain Study Group' }]);
    expect(trial?.abstract).toBe('BACKGROUND: Chronic pelvic pain is common. METHODS: We randomised adults to mindfulness training or usual care.');
    expect(survey).toMatchObject({ issued: { 'date-parts': [[2020]], season: 4 }, PMCID: 'PMC7000001', page: 'e1001' });
    expect(survey?.DOI).toBeUndefined();
    expect(third).toMatchObject({ title: 'Is pain after surgery undertreated?', issued: { 'date-parts': [[2018, 12, 5]] }, DOI: '10.5555/ej.2018.0007' });
  });
});

describe('EndNote XML', () => {
  let endnote: ParseResult;
  beforeAll(() => {
    endnote = read('endnote.xml');
  });
  it('reads records from one line, by column: styled text, ISSNs in <isbn>, PMID in the accession number', () => {
    expect(endnote.entries.map((e) => e.source.line)).toEqual([1, 1]);
    expect(new Set(endnote.entries.map((e) => e.source.column)).size).toBe(2);
    const [article, chapter] = endnote.entries.map((e) => e.item);
    expect(article).toMatchObject({
      type: 'article-journal',
      'container-title': 'Journal of Pain Management',
      page: '311-318',
      PMID: '31234567',
      DOI: '10.5555/jpm.2019.0042',
      ISSN: '1939-5922, 1939-5914',
      issued: { 'date-parts': [[2019, 7], [2019, 8]] },
    });
    expect(article?.author).toEqual([{ family: 'Brennan', given: 'S.' }, { literal: 'Pelvic Pain Study Group' }]);
    expect(chapter).toMatchObject({ type: 'chapter', editor: [{ family: 'Okafor', given: 'Chidi' }], ISBN: '978-0-19-000000-2', note: 'DOI as exported: Ch. 4, print only' });
    expect(endnote.problems.map((p) => p.messageId)).toEqual(['invalid-doi']);
  });

  it('reports other XML with its line, and a file that is not well-formed', () => {
    const other = parseBibliographyText('<?xml version="1.0"?>\n<PubmedArticleSet><PubmedArticle/></PubmedArticleSet>\n', 'references/p.xml', 'endnote-xml');
    expect(other.problems.map((p) => [p.messageId, p.source.line])).toEqual([['parse-error', 2]]);
    expect(other.problems[0]?.message).toContain('`<PubmedArticleSet>`');
    const broken = parseBibliographyText('<xml><records><record>\n<titles></record></xml>', 'references/b.xml', 'endnote-xml');
    expect(broken.problems.map((p) => [p.messageId, p.source.line])).toEqual([['parse-error', 2]]);
  });
});

describe('a record that cannot be read', () => {
  it('RIS: a year citemark cannot read is reported and kept in note, never a wrong value', () => {
    const text = 'TY  - JOUR\nTI  - A title\nAU  - Doe, Jane\nPY  - in press\nER  - \n';
    const result = parseBibliographyText(text, 'references/x.ris', 'ris');
    expect(result.entries[0]?.item.issued).toBeUndefined();
    expect(result.entries[0]?.item.note).toBe('PY as exported: in press');
    expect(problems(result)).toEqual([['unreadable-value', 4, 'error']]);
  });

  it('RIS: a DA month without any year is reported, not taken for a year', () => {
    const text = 'TY  - JOUR\nTI  - A title\nAU  - Doe, Jane\nDA  - AUG\nER  - \n';
    const result = parseBibliographyText(text, 'references/x.ris', 'ris');
    expect(result.entries[0]?.item.issued).toBeUndefined();
    expect(problems(result)).toEqual([['unreadable-value', 4, 'error']]);
  });

  it('keeps what identifies a broken record: a RIS record without a title still loads with its DOI; a BibTeX entry that does not parse is rejected with its DOI and PMID normalised', () => {
    const ris = parseBibliographyText('TY  - JOUR\nDO  - https://doi.org/10.5555/ABC\nAU  - Doe, J\nER  - \n', 'references/x.ris', 'ris');
    expect(ris.entries.map((e) => e.item.DOI)).toEqual(['10.5555/ABC']);
    expect(problems(ris)).toEqual([['missing-title', 1, 'error']]);
    const bib = parseBibliographyText('@article{k,\n  title = {Unclosed {brace},\n  doi = {https://doi.org/10.5555/ABC},\n  pmid = {00123}\n', 'references/x.bib', 'bib');
    expect(bib.rejected).toEqual([{ source: { file: 'references/x.bib', line: 1, column: 1 }, fields: { id: 'k', DOI: '10.5555/abc', PMID: '123' } }]);
  });
});
