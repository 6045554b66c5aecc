/**
 * The bibliography loads fast by proving most items valid by hand (no zod)
 * and by scanning JSON for positions in one tight loop. These tests hold
 * both to the results of the slow, obvious way: zod's `parseCslItem` for
 * every field the schema declares, and positions and repeated keys worked
 * out by hand.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseBibliographyText } from '../../src/bibliography/parse.js';
import { DATE_FIELDS, EVIDENCE_LEVELS, cslItemSchema, parseCslItem } from '../../src/bibliography/schema.js';
import { validateItem, validateParsedItem } from '../../src/bibliography/validate.js';

const SOURCE = { file: 'references/x.json', line: 1, column: 1 };

/** Shows key order, `undefined` values and `-0`, which `toStrictEqual` alone does not all compare. */
const show = (value: unknown): string => inspect(value, { depth: null, breakLength: Infinity });

const SCALARS: unknown[] = ['', 'text', ' ', '2014-02', 'rct', 0, -0, 7, 2.5, NaN, Infinity, -Infinity, true, false, null, undefined];
const NAMES: unknown[] = [
  { family: 'Doe', given: 'Jane' },
  { given: 'Jane', family: 'Doe' },
  { literal: 'World Health Organization', x: 1 },
  { x: { y: [1] }, family: 'Doe' },
  { suffix: 'Jr', 'comma-suffix': true, 'parse-names': 0, 'static-ordering': 'x', 'dropping-particle': 'de', 'non-dropping-particle': 'van' },
  { family: 1 },
  { family: NaN },
  { 'comma-suffix': null },
  { family: undefined },
  {},
  'Doe',
  ['Doe'],
];
const DATES: unknown[] = [
  { 'date-parts': [[2014, 2, 3]] },
  { raw: 'x', 'date-parts': [['2014', 2]] },
  { 'date-parts': [[2014], [2015, 1]] },
  { 'date-parts': [] },
  { 'date-parts': [[]] },
  { 'date-parts': [[1, 2, 3, 4]] },
  { 'date-parts': [[1], [2], [3]] },
  { 'date-parts': [[NaN]] },
  { 'date-parts': [[true]] },
  { 'date-parts': [2014] },
  { season: 1, circa: true, literal: 'spring' },
  { season: true },
  { x: 1, 'date-parts': [[2014]] },
];
const OTHERS: unknown[] = [
  [],
  ['a'],
  [''],
  [1],
  [null],
  {},
  { a: 1, b: { c: [1, 2] } },
  { date: '2020', notice: 'n' },
  { notice: 'n', x: 1, date: '2020' },
  { date: 1 },
  { b: 1, 2: 'x', a: undefined },
];
const SAMPLES: unknown[] = [...SCALARS, ...NAMES, ...NAMES.map((n) => [n]), [NAMES[0], NAMES[1]], ...DATES, ...OTHERS];

const DATE_FIELD_SET: ReadonlySet<string> = new Set(DATE_FIELDS);

/** Every object and array inside `value`. */
function containers(value: unknown, into = new Set<object>()): Set<object> {
  if (typeof value === 'object' && value !== null) {
    into.add(value);
    for (const child of Object.values(value)) containers(child, into);
  }
  return into;
}

describe('the fast path agrees with the schema', () => {
  const fields = Object.keys(cslItemSchema.shape);

  it.each(fields)('on every kind of value of `%s`', (field) => {
    for (const sample of SAMPLES) {
      // Text dates are pandoc's, turned into date-parts before the schema sees them (parse.test.ts); an unknown
      // evidence level is reported and dropped rather than failing the item (below).
      if (DATE_FIELD_SET.has(field) && (typeof sample === 'string' || typeof sample === 'number')) continue;
      const raw: Record<string, unknown> = { id: 'doe2014', type: 'book', title: 'T', [field]: sample };
      if (field === 'evidence' && !(EVIDENCE_LEVELS as readonly unknown[]).includes(sample)) continue;
      const expected = parseCslItem(structuredClone(raw));
      const result = validateItem(raw, SOURCE);
      const what = `${field}: ${show(sample)}`;
      if (expected.success) {
        expect(result.item, what).toStrictEqual(expected.data);
        expect(show(result.item), what).toBe(show(expected.data));
        // A copy, as the slow path makes one: nothing in the item is shared with what was passed in.
        const given = containers(raw);
        for (const part of containers(result.item)) expect(given.has(part), what).toBe(false);
      } else {
        expect(result.item, what).toBeUndefined();
        expect(result.problems.map((p) => p.messageId), what).toContain('schema');
      }
    }
  });

  it('on `id` and `type`, which every item needs', () => {
    for (const [id, type] of [[5, 'book'], [0, 'book'], ['', 'book'], [NaN, 'book'], ['a', 'boook'], ['a', 3], [undefined, 'book'], ['a', undefined]]) {
      const raw = { id, type, title: 'T' };
      const expected = parseCslItem(structuredClone(raw));
      const result = validateItem(raw, SOURCE);
      expect(show(result.item), show(raw)).toBe(show(expected.success ? expected.data : undefined));
    }
  });

  it('puts the schema keys of names and dates first, in the schema order, as zod does', () => {
    const raw = {
      type: 'book',
      id: 'doe2014',
      author: [{ x: 1, given: 'Jane', family: 'Doe' }],
      issued: { raw: 'r', 'date-parts': [[2014]], zz: 2 },
      retracted: { notice: 'n', x: 1, date: 'd' },
    };
    const item = validateItem(raw, SOURCE).item as Record<string, unknown>;
    expect(show(item)).toBe(show(parseCslItem(structuredClone(raw)).data));
    expect(Object.keys(item)).toEqual(['type', 'id', 'author', 'issued', 'retracted']);
    expect(Object.keys((item.author as object[])[0] as object)).toEqual(['family', 'given', 'x']);
    expect(Object.keys(item.issued as object)).toEqual(['date-parts', 'raw', 'zz']);
    expect(Object.keys(item.retracted as object)).toEqual(['date', 'notice', 'x']);
  });

  it('leaves unsafe keys and unknown evidence levels to the slow path, which reports them', () => {
    const raw = JSON.parse('{"id":"a","type":"webpage","title":"T","evidence":"rtc","custom":{"__proto__":{"polluted":1}}}') as unknown;
    const result = validateItem(raw, SOURCE);
    expect(result.item).toEqual({ id: 'a', type: 'webpage', title: 'T', custom: {} });
    expect(result.problems.map((p) => p.messageId)).toEqual(['unsafe-key', 'unknown-evidence']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('an adopted item (fresh from JSON.parse)', () => {
  const inFinalForm = { id: 'doe2014', type: 'book', title: 'T', author: [{ family: 'Doe', given: 'Jane' }], issued: { 'date-parts': [[2014, 2]] }, topics: ['pain'] };
  const items: [string, Record<string, unknown>][] = [
    ['already in its final form', inFinalForm],
    ['with a number id, name keys out of order and a text date', { id: 5, type: 'book', title: 'T', author: [{ family: 'Doe' }, { given: 'Jane', family: 'Roe' }], issued: '2014-02', custom: { a: [1] } }],
    ['with date and retraction keys out of order', { id: 'x', type: 'book', issued: { raw: 'r', 'date-parts': [[2014]] }, retracted: { notice: 'n', date: 'd' }, extra: { b: 1 } }],
  ];

  it.each(items)('%s comes back as validateItem gives it, and is not changed', (_name, item) => {
    const raw = structuredClone(item);
    const adopted = validateParsedItem(raw, SOURCE, true);
    expect(show(raw)).toBe(show(item));
    expect(show(adopted)).toBe(show(validateItem(structuredClone(item), SOURCE)));
  });

  it('is kept, not copied, when it is already in its final form', () => {
    const raw = structuredClone(inFinalForm);
    expect(validateParsedItem(raw, SOURCE, true).item).toBe(raw);
    expect(validateItem(raw, SOURCE).item).not.toBe(raw);
  });
});

describe('the JSON scan', () => {
  const parse = (text: string) => parseBibliographyText(text, 'references/x.json', 'json');
  const item = (id: string) => `{"id": "${id}", "type": "webpage", "title": "T"}`;

  it('finds a repeated key in an object with many keys, every time it repeats', () => {
    // 40 keys and more: the scan compares the first ones in a list, then in a set.
    const keys = Array.from({ length: 40 }, (_, i) => `  "k${i}": ${i}`);
    keys.splice(15, 0, '  "k2": "again"');
    keys.push('  "k2": "and again"');
    const text = `{\n  "id": "a",\n  "type": "webpage",\n  "title": "T",\n${keys.join(',\n')}\n}\n`;
    expect(parse(text).problems.map((p) => [p.messageId, p.source.line, p.source.column, p.message.match(/`(k\d+)`/)?.[1]])).toEqual([
      ['duplicate-key', 20, 3, 'k2'],
      ['duplicate-key', 46, 3, 'k2'],
    ]);
  });

  it('compares keys by their value, escapes read, and only within one object', () => {
    const text = `[\n  {"id": "a", "type": "webpage", "title": "T", "\\u0069d": "a",\n   "custom": {"id": 1, "x": {"x": 2}}, "x": [{"x": 1}, {"x": 2}]}\n]`;
    expect(parse(text).problems.map((p) => [p.messageId, p.source.line, p.source.column, p.message.match(/`([^`]+)` \(JSON/)?.[1]])).toEqual([
      ['duplicate-key', 2, 48, 'id'],
    ]);
  });

  it('is not misled by quotes, backslashes and brackets inside strings', () => {
    const text = `[\n  {"id": "a", "type": "webpage", "title": "a \\"{[\\" \\\\", "note": "\\\\\\""},   ${item('b')},\n${item('c')}\n]`;
    expect(parse(text).entries.map((e) => [e.item.id, e.source.line, e.source.column])).toEqual([
      ['a', 2, 3],
      ['b', 2, 77],
      ['c', 3, 1],
    ]);
  });

  it('places the items of the last `references` list, with CRLF line ends', () => {
    const text = `{"references": [${item('a')}],\r\n "references": [\r\n  ${item('b')},\r\n  ${item('c')}]}`;
    const result = parse(text);
    expect(result.entries.map((e) => [e.item.id, e.source.line, e.source.column])).toEqual([
      ['b', 3, 3],
      ['c', 4, 3],
    ]);
    expect(result.problems.map((p) => [p.messageId, p.source.line, p.source.column])).toEqual([['duplicate-key', 2, 2]]);
  });

  it('reads 1,000 levels of nesting and refuses the 1,001st', () => {
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    expect(parse(`[${item('a')}, ${nested(999)}]`).problems.map((p) => p.messageId)).toEqual(['schema']);
    expect(parse(`[${item('a')}, ${nested(1000)}]`).problems.map((p) => [p.messageId, p.source.line, p.source.column])).toEqual([
      ['parse-error', 1, 1047],
    ]);
  });
});
