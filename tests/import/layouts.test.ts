/**
 * Markers and reference lists as real pages print them once copied as text:
 * superscripts flattened onto the word (`diverse3,4`), Springer's importance
 * bullets (`[8•]`, `• Persson J.`), Wiley's `• 1` on a line of its own,
 * a legend line under the heading, PubMed Central's `- 1.Devulder`, PDF
 * line breaks inside an entry and hyphenated words split across lines.
 * The texts are written for these tests; each reproduces one quirk.
 */
import { describe, expect, it } from 'vitest';
import { findMarkers } from '../../src/import/markers.js';
import { formatImportReport, importArticle } from '../../src/import/article.js';
import { parseReference } from '../../src/import/refparse.js';

// Invented works in Vancouver layout (the names echo the layouts' examples; the records are made up).
const VANCOUVER = [
  'Persson J, Lindgren A, Berg K. Opioid tolerance after months of oral analgesia in a pain clinic. Scand J Pain Res. 2001;45(6):713-9.',
  'Devulder J, Marcq P, Wouters E. Central pain after stroke: a clinical overview. Acta Neurol Clin. 2002;102(3):97-103.',
  'Bell RF, Okafor T. Low doses for persistent pain: a narrative review. Pain Rep Clin. 2018;3(5):e674.',
  'Hocking G, Mensah K. Infusion regimens in refractory neuropathic pain: an evidence-based review. Anesth Pract. 2003;97(6):1730-9.',
  'Oduya V, Haddad MS, Rossi A, Chen SP. Repeated infusions for chronic pain: a systematic review. Anesth Pract. 2019;129(1):241-54.',
  'Kapoor BM, Lind PK, Shaw JL. Genetic markers of analgesic response. Clin Biochem Rep. 2014;47(13-14):1169-87.',
  'Marchand F, Coutel A, Belmont A, Magne C, Bourget P, Mion G. Oral dosing for intractable pain in a day unit. Eur J Pain Care. 2015;19(7):984-93.',
  'Quill R, Prommel EE, Mihaly M, Tweed R, Wilcox A. Ketamine. J Pain Symptom Manage. 2011;41(3):640-9.',
];

function keysOf(text: string, format: 'txt' | 'md' = 'txt') {
  const r = importArticle(text, { format, existing: [] });
  return { r, key: (n: number) => r.mapping.find((m) => m.number === n)?.key };
}

describe('flattened superscripts', () => {
  const valid = new Set([1, 2, 3, 4, 5, 6, 7, 8]);
  it('reads digits glued to a word or a stop when they are list numbers in first-citation order', () => {
    const text = 'Chronic pain has many diseases1 behind it. Its mechanisms are diverse2,3 and its treatments are many.4 Opioids such as morphine.5,6,7,8 remain common.';
    const scan = findMarkers(text, valid);
    expect(scan.markers.map((m) => m.numbers)).toEqual([[1], [2, 3], [4], [5, 6, 7, 8]]);
  });

  it('leaves a glued number alone when it is out of order, not in the list, or part of a name', () => {
    const text = 'Levels of CO2 and vitamin B12 matter, as does COVID19. Its mechanisms are diverse3,4 here. The fall of 1989 was cold.';
    const scan = findMarkers(text, valid);
    expect(scan.markers).toEqual([]);
    expect(scan.skipped.map((s) => s.raw)).toContain('3,4');
  });

  it('takes repeats of numbers already cited, and ranges', () => {
    const text = 'First finding1. Second finding2–4. The first again1 and the range again.2-4';
    expect(findMarkers(text, valid).markers.map((m) => m.numbers)).toEqual([[1], [2, 3, 4], [1], [2, 3, 4]]);
  });

  it('imports an article whose markers were flattened', () => {
    const text = ['Ketamine helps some patients with chronic pain1. The effect fades within weeks.2,3', '', 'References', '', ...VANCOUVER.slice(0, 3).map((s, i) => `${i + 1}. ${s}`), ''].join('\n');
    const { r, key } = keysOf(text);
    expect(r.markdown).toContain(`chronic pain [@${key(1)}].`);
    expect(r.markdown).toContain(`within weeks [@${key(2)}; @${key(3)}].`);
  });
});

describe("Springer's importance bullets", () => {
  it('reads `[8•]` and `[2••]` as markers and keeps the bullets out of names and titles', () => {
    const text = [
      'Tolerance develops with long-term use [1•]. Central pain is hard to treat [2••].',
      '',
      'References',
      '',
      'Papers of particular interest, published recently, have been highlighted as: • Of importance •• Of major importance',
      '',
      `1. • ${VANCOUVER[0]}`,
      `2. •• ${VANCOUVER[1]}`,
      '',
    ].join('\n');
    const { r, key } = keysOf(text);
    expect(r.report.referenceList?.entries).toBe(2);
    expect(r.markdown).toContain(`long-term use [@${key(1)}].`);
    expect(r.markdown).toContain(`hard to treat [@${key(2)}].`);
    const persson = r.items.find((i) => i.id === key(1));
    expect(persson?.author?.[0]?.family).toBe('Persson');
    expect(persson?.title).toBe('Opioid tolerance after months of oral analgesia in a pain clinic');
    expect(JSON.stringify(r.items)).not.toContain('•');
  });

  it('reads an unnumbered bulleted list', () => {
    const text = ['Claim one [1]. Claim two [2].', '', 'References', '', `• ${VANCOUVER[0]}`, `• ${VANCOUVER[1]}`, ''].join('\n');
    const { r } = keysOf(text);
    expect(r.report.referenceList?.entries).toBe(2);
    expect(r.items.map((i) => i.author?.[0]?.family)).toEqual(['Persson', 'Devulder']);
  });
});

describe('reference-list layouts', () => {
  it("Wiley: `• 1` on a line of its own, the entry on the next", () => {
    const lines = ['Ketamine is an NMDA antagonist [1]. It is used in pain clinics [2, 3].', '', 'References', ''];
    VANCOUVER.slice(0, 3).forEach((s, i) => lines.push(`• ${i + 1}`, s, ''));
    const { r, key } = keysOf(lines.join('\n'));
    expect(r.report.referenceList?.entries).toBe(3);
    expect(r.items.map((i) => i.author?.[0]?.family)).toEqual(['Persson', 'Devulder', 'Bell']);
    expect(r.markdown).toContain(`pain clinics [@${key(2)}; @${key(3)}].`);
  });

  it('a legend line under the heading does not stop detection', () => {
    const text = ['Claim [1]. Another [2].', '', 'References', '', 'Recently published papers of interest are marked with an asterisk.', '', ...VANCOUVER.slice(0, 2).map((s, i) => `${i + 1}. ${s}`), ''].join('\n');
    expect(keysOf(text).r.report.referenceList?.entries).toBe(2);
  });

  it("PubMed Central: `- 1.Devulder …` entries do not merge", () => {
    const text = ['Claims [1-5].', '', '## References', '', ...VANCOUVER.slice(0, 5).map((s, i) => `- ${i + 1}.${s}`), ''].join('\n');
    const { r } = keysOf(text, 'md');
    expect(r.report.referenceList?.entries).toBe(5);
    expect(r.items.map((i) => i.author?.[0]?.family)).toEqual(['Persson', 'Devulder', 'Bell', 'Hocking', 'Oduya']);
    expect(r.report.merged).toEqual([]);
  });

  it('warns about every entry that looks like several references run together', () => {
    const text = ['Claims [1, 2].', '', 'References', '', `1. ${VANCOUVER[0]} 2.${VANCOUVER[1]} 3.${VANCOUVER[2]}`, `2. ${VANCOUVER[3]} ${VANCOUVER[4]}`, ''].join('\n');
    const { r } = keysOf(text);
    expect(r.report.merged.map((m) => m.number)).toEqual([1, 2]);
    expect(formatImportReport(r.report)).toMatch(/Reference 1 looks like 3 references run together/);
    expect(formatImportReport(r.report)).toMatch(/Reference 2 looks like 2 references run together/);
  });

  it('joins an entry broken across lines by a PDF, and a word hyphenated at the break', () => {
    const text = [
      'A survey [1] and a review [2].',
      '',
      'References',
      '',
      'Smith AB, Jones C. Pain among at-',
      'tendees of a rural clinic. J Rural Health. 2019;35(2):',
      '101-9.',
      'Quill R, Prommel EE, Mihaly M, Tweed R, Wilcox A. Ketamine. J Pain',
      'Symptom Manage. 2011;41(3):640-9.',
      '',
    ].join('\n');
    const { r } = keysOf(text);
    expect(r.report.referenceList?.entries).toBe(2);
    expect(r.items[0]?.title).toBe('Pain among attendees of a rural clinic');
    expect(r.items[0]?.page).toBe('101-109');
    expect(r.items[1]?.['container-title']).toBe('J Pain Symptom Manage');
  });
});

describe('dates', () => {
  it('never takes an access date over the printed year', () => {
    const r = parseReference('World Health Organization. Relief of pain in clinics: a guide for nurses. Geneva: WHO; 2003. Accessed April 2013.');
    expect(r.item.issued).toEqual({ 'date-parts': [[2003]] });
    const r2 = parseReference('Regional Pain Society. Opioids for persistent pain: advice for clinicians. 2003. Available at http://www.example.org/opioids.pdf (accessed April 2013).');
    expect(r2.item.issued?.['date-parts']?.[0]?.[0]).toBe(2003);
  });
});
