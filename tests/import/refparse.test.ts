import { describe, expect, it } from 'vitest';
import { MIN_CONFIDENCE, normalizePages, parseDateText, parseNames, parseReference } from '../../src/import/refparse.js';

describe('parseReference details', () => {
  it('keeps a run-together name as printed and says so', () => {
    const r = parseReference(
      '[12] Reddy, ShwethaHulimavu Ramaswamy, Roopa Reddy, NChaitanya Babu, and Gn Ashok. 2018. “Stem-cell therapy and platelet-rich plasma in regenerative medicines: A review on pros and cons of the technologies.” Journal of Oral and Maxillofacial Pathology 22 (3): 367.;',
    );
    expect(r.item.author?.[0]).toEqual({ family: 'Reddy', given: 'ShwethaHulimavu Ramaswamy' });
    expect(r.problems.join(' ')).toContain('`ShwethaHulimavu Ramaswamy` looks run together');
  });

  it('reads a missing space between journal and volume', () => {
    const r = parseReference('Loftus, R. W., & Beach, M. L. (2010). Intraoperative ketamine. Anesthesiology113(3), 639–646.');
    expect([r.item['container-title'], r.item.volume, r.item.issue, r.item.page]).toEqual(['Anesthesiology', '113', '3', '639-646']);
  });

  it('reads access dates, URLs, PMIDs and press releases', () => {
    const web = parseReference('American Psychiatric Nurses Association. Ketamine infusion therapy. Accessed February 12, 2024. http://www.apna.org/ketamine-infusion-therapy');
    expect(web.item.accessed).toEqual({ 'date-parts': [[2024, 2, 12]] });
    expect(web.item.URL).toBe('http://www.apna.org/ketamine-infusion-therapy');
    expect(web.item.author).toEqual([{ literal: 'American Psychiatric Nurses Association' }]);
    const pm = parseReference('Melzack R, Wall PD. Pain mechanisms: a new theory. Science. 1965;150(3699):971-9. PMID: 5320816.');
    expect(pm.item.PMID).toBe('5320816');
    const pr = parseReference('American Society of Anesthesiologists. (2019, October 21). One in three pain patients [Press release].');
    expect([pr.item.type, pr.item.genre, pr.item.title]).toEqual(['article', 'Press release', 'One in three pain patients']);
    expect(pr.item.issued).toEqual({ 'date-parts': [[2019, 10, 21]] });
  });

  it('keeps a DOI with brackets and underscores whole', () => {
    expect(parseReference('Finnerup NB. Pharmacotherapy. Lancet Neurol. 2015;14(2):162-73. doi: 10.1016/S1474-4422(14)70251-0.').item.DOI).toBe(
      '10.1016/S1474-4422(14)70251-0',
    );
    expect(parseReference('Reddy, S. (2018). Stem cells. *Journal*, 22(3), 367. https://doi.org/10.4103/jomfp.JOMFP_93_18').item.DOI).toBe(
      '10.4103/jomfp.JOMFP_93_18',
    );
  });

  it('reads chapters with editors', () => {
    const r = parseReference('Yildirim Guclu C. Ketamine for chronic pain. In: Saiz-Sapena N, Granell-Gil M, editors. Ketamine Revisited. IntechOpen; 2022.');
    expect(r.item.type).toBe('chapter');
    expect(r.item.editor?.map((e) => e.family)).toEqual(['Saiz-Sapena', 'Granell-Gil']);
    expect(r.item.publisher).toBe('IntechOpen');
  });

  it('reads a reference copied from PubMed Central: the list number run into the names, the link labels after it', () => {
    const r = parseReference(
      '4.Okafor H, Lindqvist T, Adeyemi J. Graded motor imagery for phantom limb pain: a pilot study. Pain Med. 2019;20(3):45–52. doi: 10.1000/pm.2019.045. [DOI] [PMC free article] [PubMed] [Google Scholar]',
    );
    expect(r.item.author?.[0]).toEqual({ family: 'Okafor', given: 'H.' });
    expect(r.item.title).toBe('Graded motor imagery for phantom limb pain: a pilot study');
    expect(r.item['container-title']).toBe('Pain Med');
    expect(r.item.page).toBe('45-52');
    expect(r.item.DOI).toBe('10.1000/pm.2019.045');
    expect(JSON.stringify(r.item)).not.toMatch(/Google Scholar|PubMed\]/);
  });
  it('reads an ACS page range printed with a minus sign (1040−1053) and a list number run into the name (2Okafor H)', () => {
    const acs = parseReference('Okafor, H.; Lindqvist, T. Graded Motor Imagery in Phantom Limb Pain. J. Pain Res. 2008, 112, 1040−1053.');
    expect(acs.item.page).toBe('1040-1053');
    expect(acs.item.volume).toBe('112');
    const glued = parseReference('2Okafor H, Lindqvist T: Graded motor imagery in phantom limb pain. Pain Med 2012; 8: 203–213.');
    expect(glued.item.author?.[0]).toEqual({ family: 'Okafor', given: 'H.' });
  });
  it('flags what it cannot read instead of inventing fields', () => {
    const r = parseReference('Ask at the front desk for the leaflet');
    expect(r.confidence).toBeLessThan(MIN_CONFIDENCE);
    expect(r.problems).toContain('no author found');
  });
});

describe('helpers', () => {
  it('expands abbreviated page ranges', () => {
    expect(normalizePages('11158–64')).toBe('11158-11164');
    expect(normalizePages('pp. 971–979')).toBe('971-979');
    expect(normalizePages('e34253')).toBe('e34253');
  });
  it('reads dates in the printed orders', () => {
    expect(parseDateText('2019, October 21')).toEqual([2019, 10, 21]);
    expect(parseDateText('January 30, 2024')).toEqual([2024, 1, 30]);
    expect(parseDateText('2016 Nov 2')).toEqual([2016, 11, 2]);
    expect(parseDateText('3 March 2024')).toEqual([2024, 3, 3]);
    expect(parseDateText('Sept 2020')).toEqual([2020, 9]);
  });
  it('splits names in each style', () => {
    expect(parseNames('Zhou HY, Chen SR, Pan HL').names[0]).toEqual({ family: 'Zhou', given: 'H. Y.' });
    expect(parseNames('Zarate CA Jr, Singh JB').names[0]).toEqual({ family: 'Zarate', given: 'C. A.', suffix: 'Jr' });
    expect(parseNames('Moreau, Sacha, Alexandra Thérond, et al.')).toEqual({
      names: [{ family: 'Moreau', given: 'Sacha' }, { family: 'Thérond', given: 'Alexandra' }],
      etAl: true,
    });
    expect(parseNames('Melzack, R. and Wall, P.D.').names[1]).toEqual({ family: 'Wall', given: 'P. D.' });
    expect(parseNames('World Health Organization').names).toEqual([{ literal: 'World Health Organization' }]);
    // Vancouver with dotted initials, as PubMed Central prints some journals: `Brewer A. C., Endly D. C.`.
    expect(parseNames('Okafor H. L., Rey-Moreno C., Lindqvist T. A. B., et al.')).toEqual({
      names: [{ family: 'Okafor', given: 'H. L.' }, { family: 'Rey-Moreno', given: 'C.' }, { family: 'Lindqvist', given: 'T. A. B.' }],
      etAl: true,
    });
  });
  it('reads a list that starts with a given-first name in natural order throughout', () => {
    // Full given names first (IEEE, Chicago notes): not "Family, Given" pairs.
    expect(parseNames('Hana Okafor, Tomás Lindqvist, Mei-Ling Park, and Joy Adeyemi').names).toEqual([
      { family: 'Okafor', given: 'Hana' },
      { family: 'Lindqvist', given: 'Tomás' },
      { family: 'Park', given: 'Mei-Ling' },
      { family: 'Adeyemi', given: 'Joy' },
    ]);
    expect(parseNames('Priya Rossi and Oscar P. Nakamura').names).toEqual([
      { family: 'Rossi', given: 'Priya' },
      { family: 'Nakamura', given: 'Oscar P.' },
    ]);
    // Initials first, even when the labeller cut the list short after a lone initial.
    expect(parseNames('K. L. DAHL, M. E. FOURNIER, S. T. OKONKWO et P.').names.slice(0, 3)).toEqual([
      { family: 'DAHL', given: 'K. L.' },
      { family: 'FOURNIER', given: 'M. E.' },
      { family: 'OKONKWO', given: 'S. T.' },
    ]);
    // Inverted lists keep reading as before.
    expect(parseNames('Lindqvist, Tomás, and Joy Adeyemi').names).toEqual([
      { family: 'Lindqvist', given: 'Tomás' },
      { family: 'Adeyemi', given: 'Joy' },
    ]);
    expect(parseNames('Van Zuilen, Marcus, Priya Rossi').names[0]).toEqual({ family: 'Van Zuilen', given: 'Marcus' });
    expect(parseNames('St Clair, Anna Maria, and Priya Rossi').names[0]).toEqual({ family: 'St Clair', given: 'Anna Maria' });
  });
});
