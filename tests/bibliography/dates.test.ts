import { describe, expect, it } from 'vitest';
import { readDate, toCslDate } from '../../src/bibliography/dates.js';

describe('readDate: dates as exports print them', () => {
  it.each([
    ['2019/10//undefined', { start: { year: 2019, month: 10 } }],
    ['2005/07/15', { start: { year: 2005, month: 7, day: 15 } }],
    ['2019///', { start: { year: 2019 } }],
    ['2019//', { start: { year: 2019 } }],
    ['2020///nan', { start: { year: 2020 } }],
    ['2014-02', { start: { year: 2014, month: 2 } }],
    ['2012-03-15', { start: { year: 2012, month: 3, day: 15 } }],
    ['SEP 30', { start: { month: 9, day: 30 } }],
    ['AUG', { start: { month: 8 } }],
    ['Mar 3', { start: { month: 3, day: 3 } }],
    ['2019 Jul 7', { start: { year: 2019, month: 7, day: 7 } }],
    ['July 2019', { start: { year: 2019, month: 7 } }],
    ['JUL-AUG', { start: { month: 7 }, end: { month: 8 } }],
    ['2019 Jul-Aug', { start: { year: 2019, month: 7 }, end: { year: 2019, month: 8 } }],
    ['1998 Dec-1999 Jan', { start: { year: 1998, month: 12 }, end: { year: 1999, month: 1 } }],
    ['WIN', { start: {}, season: 4 }],
    ['2020 Winter', { start: { year: 2020 }, season: 4 }],
  ])('%s', (text, expected) => expect(readDate(text)).toEqual(expected));

  it.each(['in press', 'Early Access', '30', '2019/13/01', 'n.d.', '', 'Epub ahead of print'])('cannot read %j', (text) => {
    expect(readDate(text)).toBeUndefined();
  });

  it('gives the year of the record where the text had none', () => {
    expect(toCslDate(readDate('SEP 30')!, 2021)).toEqual({ 'date-parts': [[2021, 9, 30]] });
    expect(toCslDate(readDate('WIN')!, 2018)).toEqual({ 'date-parts': [[2018]], season: 4 });
  });
});
