/**
 * Each evidence pattern runs only when a cheap test of the sentence (its
 * `needs`: a word it cannot match without) passes. These are the sentences
 * where such a test could wrongly skip a pattern that matches: upper case,
 * white space other than a space, numbers blanked out by a mask inside a
 * match, `per cent`, and a reporting verb that ends at `-` or `’`. Each
 * expected answer is what the detector gave before the tests existed.
 */
import { describe, expect, it } from 'vitest';
import { assertsEvidence, strongWording } from '../../src/evidence/index.js';

const signalsOf = (sentence: string) => assertsEvidence(sentence).signals.map((s) => [s.kind, s.text]);

describe('assertsEvidence skips no pattern that matches', () => {
  it.each([
    ['ONE IN FIVE ADULTS LIVE WITH CHRONIC PAIN.', [['ratio', 'ONE IN FIVE']]],
    ['STUDIES SHOW THAT SLEEP MATTERS.', [['research', 'STUDIES SHOW']]],
    ['1\tin\t5 adults have chronic pain.', [['ratio', '1\tin\t5']]],
    ['1\u00a0in\u00a05 adults have chronic pain.', [['ratio', '1\u00a0in\u00a05']]],
    ['3 out\nof 10 patients stopped.', [['ratio', '3 out\nof 10']]],
    ['One in ten.', [['ratio', 'One in ten']]],
    ['Relief came in 12 per cent of patients.', [['percentage', '12 per cent']]],
    ['Relief came in 12 PERCENT of patients.', [['percentage', '12 PERCENT']]],
    ['Two-Thirds of U.S. adults have tried it.', [['ratio', 'Two-Thirds of U.S. adults']]],
    ['Prescriptions FELL BY A THIRD after the warning.', [['statistic', 'FELL BY A THIRD']]],
    ['Opioids DOUBLED THE RISK of falls.', [['multiplier', 'DOUBLED THE RISK']]],
    ['Migraine costs employers $13 BILLION a year.', [['count', '$13 BILLION']]],
    ['The MEDIAN survival was 14 months.', [['statistic', 'MEDIAN survival was 14']]],
    ['It HAS BEEN PROVEN TO reduce pain.', [['research', 'HAS BEEN PROVEN TO']]],
    ['Ketamine is SCIENTIFICALLY PROVEN.', [['research', 'is SCIENTIFICALLY PROVEN']]],
    // A year inside the match is blanked before the patterns run.
    ['Data from 2019 showed a rise in visits.', [['research', 'Data from 2019 showed']]],
    ['In a 2019 study by Smith, pain fell.', [['attribution', 'a 2019 study by']]],
    // A clock time is blanked; the ratio after it stays.
    ['The clinic opens at 9 am and 1 in 5 adults attend.', [['ratio', '1 in 5']]],
    ['Our data: 3 in 10 adults.', [['ratio', '3 in 10']]],
    // A blanked amount is the white space the ratio needs after `in`.
    ['1 in$5 5 adults.', [['ratio', '1 in$5 5']]],
    // A reporting verb ends at `-` or `’`, not at a letter or digit.
    ['Studies show-case new devices.', [['research', 'Studies show']]],
    ['Findings suggest’ a link.', [['research', 'Findings suggest']]],
    ['Studies showcase new devices.', []],
    ['Research shows2 things.', []],
    // Case matters to these two patterns.
    ['ACCORDING TO the CDC, pain is common.', []],
    ['Ketamine is FDA-APPROVED for anesthesia.', []],
  ] as const)('%j', (sentence, expected) => {
    expect(signalsOf(sentence)).toEqual(expected);
  });
});

describe('strongWording skips no pattern that matches', () => {
  it.each([
    ['IT HAS BEEN SHOWN TO WORK.', ['HAS BEEN SHOWN']],
    ['This is a WELL-ESTABLISHED therapy.', ['WELL-ESTABLISHED']],
    ['Data consistently DEMONSTRATES benefit.', ['Data consistently DEMONSTRATES']],
    ['Ketamine is highly EFFICACIOUS.', ['is highly EFFICACIOUS']],
    ['The most EFFECTIVE treatment is rest.', ['The most EFFECTIVE treatment']],
    ['It is clinically\tproven.', ['clinically\tproven']],
  ] as const)('%j', (text, expected) => {
    expect(strongWording(text).map((m) => m.phrase)).toEqual(expected);
  });
});
