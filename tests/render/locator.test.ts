import { expect, test } from 'vitest';
import { parseLocator, straightenQuotes } from '../../src/format/csl.js';

test.each([
  ['pp. 33-35', { label: 'page', value: '33-35' }],
  ['p. 4', { label: 'page', value: '4' }],
  ['p.4', { label: 'page', value: '4' }],
  ['33', { label: 'page', value: '33' }],
  ['chap. 3', { label: 'chapter', value: '3' }],
  ['chapter 3', { label: 'chapter', value: '3' }],
  ['sec. 2.1', { label: 'section', value: '2.1' }],
  ['§ 4', { label: 'section', value: '4' }],
  ['vol. 2', { label: 'volume', value: '2' }],
  ['fig. 1', { label: 'figure', value: '1' }],
  ['para. 12', { label: 'paragraph', value: '12' }],
  ['l. 5', { label: 'line', value: '5' }],
  ['s.v. pain', { label: 'sub-verbo', value: 'pain' }],
  ['pageant 3', { label: 'page', value: 'pageant 3' }],
])('%s', (written, expected) => {
  expect(parseLocator(written)).toEqual(expected);
});

test('an empty locator is none', () => {
  expect(parseLocator('  ')).toBeUndefined();
});

test('quoted words in titles become straight quotes; apostrophes stay', () => {
  expect(straightenQuotes('The ‘Ketamine and me’ project')).toBe('The "Ketamine and me" project');
  expect(straightenQuotes('Patients’ views of “pain”')).toBe('Patients’ views of "pain"');
  expect(straightenQuotes('It’s the patients’ choice')).toBe('It’s the patients’ choice');
});
