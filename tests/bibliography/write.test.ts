import { readFile, mkdtemp, rm, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBibliographyText } from '../../src/bibliography/parse.js';
import { cslItemSchema, type CslItem } from '../../src/bibliography/schema.js';
import { serializeItem, writeItemFile } from '../../src/bibliography/write.js';
import { seedItems } from '../helpers/seeds.js';

const seeds = seedItems();

function reparse(text: string): CslItem {
  const result = parseBibliographyText(text, 'references/x.yaml', 'yaml');
  expect(result.problems.filter((p) => p.messageId === 'schema' || p.messageId === 'parse-error')).toEqual([]);
  expect(result.entries).toHaveLength(1);
  return result.entries[0]!.item;
}

describe('serializeItem', () => {
  it.each(seeds.map((item) => [item.id, item] as const))('round-trips seed %s', (_id, item) => {
    const text = serializeItem(item);
    expect(text.startsWith(`id: ${item.id}\ntype: ${item.type}\n`)).toBe(true);
    const back = reparse(text);
    expect(back).toEqual(item);
    expect(serializeItem(back)).toBe(text);
  });

  it('writes keys in canonical order whatever the input order', () => {
    const item = cslItemSchema.parse({
      zeta: 1,
      note: 'n',
      DOI: '10.1/x',
      custom: { b: 1, a: 2 },
      issued: { 'date-parts': [[2014, 2]] },
      translator: [{ given: 'T', family: 'R' }],
      accessed: { 'date-parts': [[2020, 1, 1]] },
      'original-date': { 'date-parts': [[1990]] },
      author: [{ suffix: 'Jr', given: 'A', family: 'B', 'non-dropping-particle': 'van' }],
      title: 'T',
      type: 'book',
      id: 'k',
      volume: '36',
      page: 12,
    });
    expect(serializeItem(item)).toBe(
      [
        'id: k',
        'type: book',
        'title: T',
        'author:',
        '  - family: B',
        '    given: A',
        '    non-dropping-particle: van',
        '    suffix: Jr',
        'translator:',
        '  - family: R',
        '    given: T',
        'issued:',
        '  date-parts: [[2014, 2]]',
        'original-date:',
        '  date-parts: [[1990]]',
        'volume: "36"',
        'page: 12',
        'DOI: 10.1/x',
        'accessed:',
        '  date-parts: [[2020, 1, 1]]',
        'note: n',
        'custom:',
        '  a: 2',
        '  b: 1',
        'zeta: 1',
        '',
      ].join('\n'),
    );
  });

  it('round-trips arbitrary strings without folding', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ maxLength: 300 }), (title, note) => {
        const item = cslItemSchema.parse({ id: 'k', type: 'webpage', title: `${title}x`, note, volume: note });
        const text = serializeItem(item);
        const back = reparse(text);
        expect(back).toEqual(item);
        expect(serializeItem(back)).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it('never folds a long line', () => {
    const title = 'word '.repeat(60).trim();
    const text = serializeItem(cslItemSchema.parse({ id: 'k', type: 'webpage', title }));
    expect(text).toBe(`id: k\ntype: webpage\ntitle: ${title}\n`);
  });
});

describe('writeItemFile', () => {
  it('writes references/<id>.yaml and nothing else', async () => {
    const root = await mkdtemp(join(tmpdir(), 'citemark-write-'));
    try {
      const item = seeds.find((s) => s.id === 'niesters2014ketamine')!;
      expect(await writeItemFile(root, item)).toBe('references/niesters2014ketamine.yaml');
      expect(await readFile(join(root, 'references/niesters2014ketamine.yaml'), 'utf8')).toBe(serializeItem(item));
      expect(await readdir(join(root, 'references'))).toEqual(['niesters2014ketamine.yaml']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it.each([
    ['an id with a slash', { id: '../evil', type: 'webpage', title: 'T' }, /path separator|starts with/],
    ['an invalid item', { id: 'k', type: 'nonsense', title: 'T' }, /not valid CSL-JSON/],
  ])('refuses %s', async (_name, item, message) => {
    const root = await mkdtemp(join(tmpdir(), 'citemark-write-'));
    try {
      await expect(writeItemFile(root, item as CslItem)).rejects.toThrow(message);
      await expect(readdir(root)).resolves.toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
