import { describe, expect, it } from 'vitest';
import { viterbi } from '../../src/import/labeller.js';
import { parseReference } from '../../src/import/refparse.js';
import { gapKindsOf, tokenize } from '../../src/import/tokens.js';

const cut = (text: string) => tokenize(text).map((t) => t.text);

describe('tokens of strings copied from PDFs and pages', () => {
  it('cuts a closing quote run into the next field, and a journal run into its volume', () => {
    expect(cut('Development,"SCRIPTA (2009)')).toEqual(['Development,"', 'SCRIPTA', '(2009)']);
    expect(cut('Acad. Sci. USA113, 9463')).toEqual(['Acad.', 'Sci.', 'USA', '113,', '9463']);
    expect(cut('Bi. Science350 ,413')).toEqual(['Bi.', 'Science', '350', ',413']);
    expect(cut('2007;32:S69-S108.')).toEqual(['2007;', '32:', 'S69-S108.']);
  });

  it('keeps names of things with digits whole', () => {
    expect(cut('CD34+ cells, H2O, WS2, HER2 and COVID-19')).toEqual(['CD34+', 'cells,', 'H2O,', 'WS2,', 'HER2', 'and', 'COVID-19']);
  });

  it('tells the gaps between tokens apart: run-on word, comma, full stop, no space', () => {
    expect(gapKindsOf(tokenize('Fermi arcs. Science 2014;77, 5'))).toEqual([0, 0, 2, 0, 3, 1]);
  });
});

describe('transitions split by the gap before a token', () => {
  it('lets the same two scores decode differently after a full stop than after a run-on word', () => {
    // Two labels; token scores favour label 0 throughout, and the step 0 → 1 pays only after a full stop (block 2).
    const L = 2;
    const block = (L + 1) * L;
    const transitions = new Float64Array(4 * block);
    transitions[2 * block + 0 * L + 1] = 5;
    transitions[2 * block + 1 * L + 1] = 5;
    const scores = [Float64Array.from([1, 0]), Float64Array.from([1, 0])];
    expect(viterbi(scores, transitions, L, [0, 0])).toEqual([0, 0]);
    expect(viterbi(scores, transitions, L, [0, 2])).toEqual([0, 1]);
  });
});

describe('layouts of other fields', () => {
  it('ACS: semicolons between names, the journal before the year, an article number for pages', () => {
    const r = parseReference('(12) Okafor, T. J.; Lindqvist, M.; Haddad, R. Layered Oxide Cathodes at High Voltage. J. Phys. Chem. C 2019, 123, 154104.');
    expect(r.item.author?.map((a) => a.family)).toEqual(['Okafor', 'Lindqvist', 'Haddad']);
    expect([r.item.title, r.item['container-title'], r.item.volume, r.item.page]).toEqual(['Layered Oxide Cathodes at High Voltage', 'J. Phys. Chem. C', '123', '154104']);
    expect(r.item.issued).toEqual({ 'date-parts': [[2019]] });
  });

  it('Nature: a title that ends in an ordinary word before the journal keeps that word', () => {
    const r = parseReference('Brennan, K. et al. Observation of a quantum spin liquid in layered kagome arcs. Science 349, 613–617 (2015).');
    expect([r.item.title, r.item['container-title'], r.item.volume, r.item.page]).toEqual([
      'Observation of a quantum spin liquid in layered kagome arcs',
      'Science',
      '349',
      '613-617',
    ]);
  });

  it('physics with no article title: initials first, a section letter in the journal, an article number', () => {
    const r = parseReference('[7] P. O. Nguyen, S. Tanaka and L. Rossi, Phys. Rev. D 73, 034005 (2006).');
    expect([r.item.author?.[0]?.family, r.item['container-title'], r.item.volume, r.item.page, r.item.title]).toEqual(['Nguyen', 'Phys. Rev. D', '73', '034005', undefined]);
  });

  it('Chicago notes: given names first, the closing quote run into the journal', () => {
    const r = parseReference('4. Marta Kowalczyk, "Counting Voters in the Long Nineteenth Century,"Journal of Social History 41, no. 2 (2007): 233–251.');
    expect([r.item.author?.[0]?.family, r.item.title, r.item['container-title'], r.item.volume, r.item.page]).toEqual([
      'Kowalczyk',
      'Counting Voters in the Long Nineteenth Century',
      'Journal of Social History',
      '41',
      '233-251',
    ]);
  });

  it('conference papers: ACM and IEEE proceedings', () => {
    const acm = parseReference(
      '[3] Hana Novak and Luca Bianchi. 2021. Sparse Retrieval at Scale. In Proceedings of the 44th International ACM SIGIR Conference on Research and Development in Information Retrieval. 211–220.',
    );
    expect([acm.item.type, acm.item.title, acm.item['container-title'], acm.item.page]).toEqual([
      'paper-conference',
      'Sparse Retrieval at Scale',
      'Proceedings of the 44th International ACM SIGIR Conference on Research and Development in Information Retrieval',
      '211-220',
    ]);
    const ieee = parseReference('[14] A. Mensah and J. Dahl, “Event-based odometry for legged robots,” in Proc. IEEE Int. Conf. Robot. Autom., 2020, pp. 5391–5399.');
    expect([ieee.item.type, ieee.item.title, ieee.item['container-title'], ieee.item.page]).toEqual([
      'paper-conference',
      'Event-based odometry for legged robots',
      'Proc. IEEE Int. Conf. Robot. Autom',
      '5391-5399',
    ]);
  });

  it('theses and chapters with editors', () => {
    const thesis = parseReference('Adeyemi, J. (2011). Type inference for gradual languages [Doctoral dissertation, University of Toronto].');
    expect([thesis.item.type, thesis.item.title, thesis.item.issued]).toEqual(['thesis', 'Type inference for gradual languages', { 'date-parts': [[2011]] }]);
    const chapter = parseReference(
      'Ashworth, Tariq. 2004. “Markets and Memory.” Pp. 76–95 in Practising Economic History, edited by Hana Brennan and Felix Dahl. New York: Routledge.',
    );
    expect([chapter.item.type, chapter.item.title, chapter.item['container-title'], chapter.item.page]).toEqual([
      'chapter',
      'Markets and Memory',
      'Practising Economic History',
      '76-95',
    ]);
    expect(chapter.item.editor?.map((e) => e.family)).toEqual(['Brennan', 'Dahl']);
  });
});

describe('the dash some journals print between the title and the journal', () => {
  it('is neither part of the journal nor of the title', () => {
    const r = parseReference('Lindqvist, M. and Okafor, T. 2011. Why do small islands hold more beetles? – Ecol. Lett. 14: 201–210.');
    expect([r.item.title, r.item['container-title'], r.item.volume, r.item.page]).toEqual(['Why do small islands hold more beetles?', 'Ecol. Lett', '14', '201-210']);
  });
});
