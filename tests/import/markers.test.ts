import { describe, expect, it } from 'vitest';
import { applyMarkers, expandNumberList, findMarkers } from '../../src/import/markers.js';

const valid = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
const cite = (text: string): string => applyMarkers(text, findMarkers(text, valid).markers, (n) => `k${n}`);

describe('expandNumberList', () => {
  it('reads lists and ranges', () => {
    expect(expandNumberList('3, 5')).toEqual([3, 5]);
    expect(expandNumberList('3–5')).toEqual([3, 4, 5]);
    expect(expandNumberList('1-3,7')).toEqual([1, 2, 3, 7]);
    expect(expandNumberList('²˒³')).toEqual([2, 3]);
    expect(expandNumberList('¹⁻³')).toEqual([1, 2, 3]);
    expect(expandNumberList('5-3')).toBeUndefined();
    expect(expandNumberList('a')).toBeUndefined();
  });
});

describe('findMarkers + applyMarkers', () => {
  const cases: [string, string][] = [
    ['Ketamine interrupts the wind-up process 2.', 'Ketamine interrupts the wind-up process [@k2].'],
    ['Relief may stretch across a few days 3. Next.', 'Relief may stretch across a few days [@k3]. Next.'],
    ['Shown twice [3, 5].', 'Shown twice [@k3; @k5].'],
    ['Shown in a range [3–5].', 'Shown in a range [@k3; @k4; @k5].'],
    ['Glued[4].', 'Glued [@k4].'],
    ['After the stop.[4] Next.', 'After the stop [@k4]. Next.'],
    ['Adjacent [1][2].', 'Adjacent [@k1; @k2].'],
    ['Superscript<sup>3</sup>.', 'Superscript [@k3].'],
    ['Superscript range<sup>1-3</sup>.', 'Superscript range [@k1; @k2; @k3].'],
    ['Unicode.³ Next', 'Unicode [@k3]. Next'],
    ['Unicode list¹˒⁴.', 'Unicode list [@k1; @k4].'],
  ];
  for (const [input, output] of cases) {
    it(`cites: ${input}`, () => expect(cite(input)).toBe(output));
  }

  const traps = [
    'Do not eat for 4-6 hours before treatment.',
    'About 1 in 5.',
    'Prices rose by 20%.',
    'The trial treated 297 patients.',
    '1. First item in a list.',
    'It was approved in 2019.',
    'Twice per week x 3.',
    'A room of 40 m² is enough.',
    'A BMI over 30 kg/m<sup>2</sup> matters.',
    'The study enrolled 8.',
    'Type 2.',
    'See [12] for more.',
    'Link [text][3] and [3](http://x.example) and `[3]`.',
    'A decimal 2.5 hours.',
  ];
  for (const trap of traps) {
    it(`leaves alone: ${trap}`, () => expect(cite(trap)).toBe(trap));
  }

  it('does not read a bare number that jumps far ahead of the citations so far', () => {
    const scan = findMarkers('First claim 1. The clinic counted 9.', valid);
    expect(scan.markers.map((m) => m.numbers)).toEqual([[1]]);
    expect(scan.skipped.map((s) => s.raw)).toEqual(['9']);
  });

  it('reports a bracketed number outside the list instead of guessing', () => {
    const scan = findMarkers('Claim [12].', valid);
    expect(scan.markers).toEqual([]);
    expect(scan.skipped[0]?.reason).toContain('`12`');
  });
});
