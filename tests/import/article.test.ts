/**
 * Marker accuracy over the labelled articles in tests/fixtures/import/articles:
 * each `*.expected.json` lists every citation marker (the text just before it
 * and the entry numbers it names) and "traps", numbers that must stay text.
 * A marker is right when the output holds `before [@keys]after`; extra
 * citations count against the score (right / max(expected, found)).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CslItem } from '../../src/bibliography/schema.js';
import { formatImportReport, importArticle, type ImportFormat } from '../../src/import/index.js';

interface Expected {
  format: ImportFormat;
  entries: number;
  markers: { before: string; numbers: number[]; after?: string }[];
  traps: string[];
  repeats?: Record<string, number>;
  unparsed?: number[];
}

const DIR = fileURLToPath(new URL('../fixtures/import/articles/', import.meta.url));
const SEED_BIB = fileURLToPath(new URL('../fixtures/import/seed-references.csl.json', import.meta.url));
const articles = readdirSync(DIR)
  .filter((f) => !f.endsWith('.expected.json'))
  .map((file) => ({
    file,
    text: readFileSync(DIR + file, 'utf8'),
    expected: JSON.parse(readFileSync(DIR + file.replace(/\.\w+$/, '.expected.json'), 'utf8')) as Expected,
  }));

describe('importArticle on the labelled articles', () => {
  it('has at least 5 labelled articles', () => {
    expect(articles.length).toBeGreaterThanOrEqual(5);
  });

  let right = 0;
  let expectedTotal = 0;
  let foundTotal = 0;
  const misses: string[] = [];
  for (const { file, text, expected } of articles) {
    const result = importArticle(text, { format: expected.format, existing: [] });
    const keyOf = new Map(result.mapping.map((m) => [m.number, m.key]));
    const found = (result.markdown.match(/\[@[^\]]+\]/g) ?? []).length;
    let ok = 0;
    for (const m of expected.markers) {
      const keys = [...new Set(m.numbers.map((n) => keyOf.get(n)))];
      const want = `${m.before} [${keys.map((k) => `@${k}`).join('; ')}]${m.after ?? ''}`;
      if (result.markdown.includes(want)) ok += 1;
      else misses.push(`${file}: missing \`${want}\``);
    }
    right += ok;
    expectedTotal += expected.markers.length;
    foundTotal += Math.max(found, expected.markers.length);

    describe(file, () => {
      it(`finds all ${expected.entries} reference entries`, () => {
        expect(result.report.referenceList?.entries).toBe(expected.entries);
        expect(result.mapping).toHaveLength(expected.entries);
      });
      it('places every expected citation and no other', () => {
        expect(misses.filter((x) => x.startsWith(file))).toEqual([]);
        expect(found).toBe(expected.markers.length);
      });
      it('leaves quantities, counters and years as text', () => {
        for (const trap of expected.traps) expect(result.markdown, trap).toContain(trap);
      });
      it('removes the reference list from the prose', () => {
        const firstEntry = result.mapping[0]?.raw ?? '';
        expect(result.markdown).not.toContain(firstEntry.slice(0, 40));
      });
      it('keeps each repeated entry as its own item, and unreadable entries verbatim', () => {
        for (const [n, same] of Object.entries(expected.repeats ?? {})) {
          // A list that prints one work twice keeps both, so duplicate-reference shows the mistake.
          expect(keyOf.get(Number(n))).not.toBe(keyOf.get(same));
          expect(result.mapping.find((m) => m.number === Number(n))).toMatchObject({ status: 'repeat', sameAs: same });
          expect(importArticle(text, { format: expected.format, existing: [], repeats: 'share' }).mapping.find((m) => m.number === Number(n))?.key).toBe(keyOf.get(same));
        }
        expect(result.unparsed.map((u) => u.number)).toEqual(expected.unparsed ?? []);
        for (const u of result.unparsed) {
          const item = result.items.find((i) => i.id === u.key);
          expect(item?.note).toBe(u.raw);
        }
        // Nothing dropped: each distinct work is an item or a repeat.
        const distinct = new Set(result.mapping.map((m) => m.key));
        expect(result.items.length).toBe(distinct.size);
      });
    });
  }

  const accuracy = right / Math.max(1, foundTotal);
  console.log(`marker accuracy: ${accuracy.toFixed(3)} (${right} right of ${expectedTotal} expected; ${foundTotal - expectedTotal} extra)`);
  if (misses.length > 0) console.log(misses.join('\n'));
  it('marker accuracy ≥ 0.95', () => {
    expect(expectedTotal).toBeGreaterThan(20);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });
});

describe('importArticle against an existing bibliography', () => {
  const seedBib = JSON.parse(readFileSync(SEED_BIB, 'utf8')) as CslItem[];
  const seedA = articles.find((a) => a.file === 'seed-a.txt');
  const seedB = articles.find((a) => a.file === 'seed-b.txt');

  it('maps every seed entry onto its verified key and creates nothing', () => {
    const a = importArticle(seedA?.text ?? '', { format: 'txt', existing: seedBib });
    expect(a.items).toEqual([]);
    expect(a.mapping.map((m) => m.key)).toEqual([
      'rosenbaum2024ketamine', 'zorumski2016ketamine', 'niesters2014ketamine', 'griffiths2021qualitative',
      'zhao2019nonopioid', 'sdrulla2018spinal', 'sdrulla2018spinal', 'trulssonschouenborg2021physiotherapist',
      'tsubaki2023longterm', 'marske2020mindfulnessbased', 'chen2017management', 'reddy2018stemcell', 'moreau2024virtual',
    ]);
    expect(a.markdown).toContain('wind-up process by blocking');
    expect(a.markdown).toContain('coursing through your nerves [@zorumski2016ketamine].');
    const b = importArticle(seedB?.text ?? '', { format: 'txt', existing: seedBib.map((item) => ({ item, source: { file: 'references.json', line: 1, column: 1 } })) });
    expect(b.items).toEqual([]);
    expect(b.report.matched).toHaveLength(13);
  });

  it('gives a new work a fresh key when its base key is taken', () => {
    const text = 'Pain relief fades 1.\n\nReferences\n\n1. Zorumski CF, Izumi Y. Ketamine and a different topic entirely. J Psychiatr Res. 2016;80:1-9.\n';
    const taken: CslItem = { id: 'zorumski2016ketamine', type: 'article-journal', title: 'Ketamine: NMDA Receptors and Beyond', author: [{ family: 'Zorumski' }] };
    const r = importArticle(text, { format: 'txt', existing: [taken] });
    expect(r.items.map((i) => i.id)).toEqual(['zorumski2016ketaminea']);
    expect(r.markdown).toContain('Pain relief fades [@zorumski2016ketaminea].');
  });

  it('uses a custom key rule', () => {
    const r = importArticle('Claim [1].\n\n## Sources\n\n[1] Melzack R, Wall PD. Pain mechanisms: a new theory. Science. 1965;150(3699):971-9.\n', {
      format: 'md',
      keyFor: (item) => `custom-${String(item.issued?.['date-parts']?.[0]?.[0])}`,
    });
    expect(r.markdown.trim()).toBe('Claim [@custom-1965].');
  });

  it('reports what it did in words', () => {
    const r = importArticle(articles.find((a) => a.file === 'bare-chicago.md')?.text ?? '', { format: 'md' });
    const text = formatImportReport(r.report);
    expect(text).toContain('Imported 6 new items');
    expect(text).toContain('Reference 6 could not be read');
    expect(text).toContain('Left `3` at');
    expect(formatImportReport(importArticle('No references here.', { format: 'txt' }).report)).toContain('No reference list found');
  });
});
