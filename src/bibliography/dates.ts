/**
 * Dates as bibliographic exports print them, read into CSL date parts:
 * RIS `2019/10//undefined` and `2005/07/15/`, ISO `2014-02`, and the
 * textual forms databases write (`SEP 30`, `AUG`, `2019 Jul-Aug`,
 * `2020 Winter`, `Mar 3`, `1998 Dec-1999 Jan`). A text that cannot be read
 * gives `undefined`, never a guess: callers report it and keep it in `note`.
 */

const MONTH_NAMES: ReadonlyMap<string, number> = new Map([
  ['jan', 1], ['january', 1], ['feb', 2], ['february', 2], ['mar', 3], ['march', 3], ['apr', 4], ['april', 4],
  ['may', 5], ['jun', 6], ['june', 6], ['jul', 7], ['july', 7], ['aug', 8], ['august', 8], ['sep', 9], ['sept', 9],
  ['september', 9], ['oct', 10], ['october', 10], ['nov', 11], ['november', 11], ['dec', 12], ['december', 12],
]);

/** CSL seasons: 1 spring, 2 summer, 3 autumn, 4 winter (Web of Science prints `SPR`, `SUM`, `FAL`, `WIN`). */
const SEASON_NAMES: ReadonlyMap<string, number> = new Map([
  ['spr', 1], ['spring', 1], ['sum', 2], ['summer', 2], ['fal', 3], ['fall', 3], ['aut', 3], ['autumn', 3], ['win', 4], ['winter', 4],
]);

/** One end of a date as read; any part may be missing (`DA - SEP 30` has no year). */
export interface DatePoint {
  year?: number;
  month?: number;
  day?: number;
}

export interface ReadDate {
  start: DatePoint;
  /** The end of a range (`Jul-Aug`), when there is one. */
  end?: DatePoint;
  season?: number;
}

/** Placeholders exporters write for an empty part. */
const EMPTY_PART = /^(?:|0+|undefined|nan|null)$/i;

function wholeNumber(text: string): number | undefined {
  return /^\d{1,4}$/.test(text) ? Number(text) : undefined;
}

/** `YYYY/MM/DD/other` (RIS), every part but the year optional, empty parts as `//`, `0` or `undefined`. */
function readSlashDate(text: string): ReadDate | undefined {
  const parts = text.split('/');
  if (parts.length < 2 || parts.length > 4) return undefined;
  const [y = '', m = '', d = ''] = parts.map((p) => p.trim());
  const point: DatePoint = {};
  if (!EMPTY_PART.test(y)) {
    const year = wholeNumber(y);
    if (year === undefined || y.length !== 4) return undefined;
    point.year = year;
  }
  if (!EMPTY_PART.test(m)) {
    const month = wholeNumber(m);
    if (month === undefined || month < 1 || month > 12) return undefined;
    point.month = month;
  }
  if (!EMPTY_PART.test(d)) {
    const day = wholeNumber(d);
    if (day === undefined || day < 1 || day > 31 || point.month === undefined) return undefined;
    point.day = day;
  }
  // The fourth part is free text in the RIS specification (`undefined`, a season, a time): never a date part.
  return point.year === undefined && point.month === undefined ? undefined : { start: point };
}

/** `2014`, `2014-02`, `2014-02-07` (a time after `T` is ignored). */
function readIsoDate(text: string): ReadDate | undefined {
  const match = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:T[\d:.]+Z?)?$/.exec(text);
  if (!match) return undefined;
  const point: DatePoint = { year: Number(match[1]) };
  if (match[2] !== undefined) {
    const month = Number(match[2]);
    if (month < 1 || month > 12) return undefined;
    point.month = month;
  }
  if (match[3] !== undefined) point.day = Number(match[3]);
  return { start: point };
}

/**
 * Text made of years, month names, days and seasons, read token by token:
 * `SEP 30`, `AUG`, `2019 Jul 7`, `Mar 3`, `July 2019`, `2019 Jul-Aug`,
 * `1998 Dec-1999 Jan`, `2020 Winter`. Any other word makes it unreadable.
 */
function readTextDate(text: string): ReadDate | undefined {
  const sides = text.split(/[-–]/).map((side) => side.trim());
  if (sides.length > 2) return undefined;
  let season: number | undefined;
  const points: DatePoint[] = [];
  for (const side of sides) {
    const point: DatePoint = {};
    const tokens = side.split(/[\s,.]+/).filter((t) => t !== '');
    if (tokens.length === 0) return undefined;
    for (const token of tokens) {
      const lower = token.toLowerCase();
      const month = MONTH_NAMES.get(lower);
      const seasonNumber = SEASON_NAMES.get(lower);
      if (month !== undefined && point.month === undefined) point.month = month;
      else if (seasonNumber !== undefined && season === undefined) season = seasonNumber;
      else if (/^\d{4}$/.test(token) && point.year === undefined) point.year = Number(token);
      else if (/^\d{1,2}$/.test(token) && point.day === undefined && Number(token) >= 1 && Number(token) <= 31) point.day = Number(token);
      else return undefined;
    }
    // A day needs its month: `30` alone is not a date.
    if (point.day !== undefined && point.month === undefined) return undefined;
    points.push(point);
  }
  const [start, end] = points;
  if (!start) return undefined;
  if (start.year === undefined && start.month === undefined && season === undefined) return undefined;
  if (end) {
    // `2019 Jul-Aug`: the end takes the start's year; `Jul 2019-Aug 2019` the other way round.
    if (end.year === undefined) end.year = start.year;
    if (start.year === undefined) start.year = end.year;
    if (end.month === undefined && end.day === undefined && end.year === start.year) return { start, ...(season ? { season } : {}) };
  }
  return { start, ...(end ? { end } : {}), ...(season ? { season } : {}) };
}

/** Reads one date text as an export prints it; undefined when it cannot be read. */
export function readDate(raw: string): ReadDate | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  if (text.includes('/')) return readSlashDate(text);
  return readIsoDate(text) ?? readTextDate(text);
}

/** A read date as CSL `date-parts` (with `season`), given the year to use where the text had none. */
export function toCslDate(date: ReadDate, year: number): { 'date-parts': number[][]; season?: number } {
  const parts = (point: DatePoint): number[] => {
    const out = [point.year ?? year];
    if (point.month !== undefined) {
      out.push(point.month);
      if (point.day !== undefined) out.push(point.day);
    }
    return out;
  };
  const dateParts = [parts(date.start)];
  if (date.end) dateParts.push(parts(date.end));
  return { 'date-parts': dateParts, ...(date.season !== undefined ? { season: date.season } : {}) };
}

/** A four-digit year at the start of a text (`2021`, `2019///`, `2012 Mar`), else undefined. */
export function leadingYear(raw: string): number | undefined {
  const match = /^\s*(\d{4})(?![\d])/.exec(raw);
  return match ? Number(match[1]) : undefined;
}
