import { describe, expect, it } from 'vitest';
import { parseBibliographyText, type BibliographyFormat } from '../../src/bibliography/parse.js';
import { editBibliographyText, RecordEditError, type RecordEdit } from '../../src/bibliography/records.js';
import type { CslItem } from '../../src/bibliography/schema.js';

function refOf(text: string, file: string, format: BibliographyFormat, id: string): { line: number; column: number; id: string } {
  const entry = parseBibliographyText(text, file, format).entries.find((e) => e.item.id === id);
  if (!entry) throw new Error(`no ${id}`);
  return { line: entry.source.line, column: entry.source.column, id };
}
const ids = (text: string, file: string, format: BibliographyFormat) => parseBibliographyText(text, file, format).entries.map((e) => e.item.id);

const bib = `% My library, kept by hand
@string{vr = "Vet Rec"}

@article{rusbridge1997persistent,
  author = {Rusbridge, C.},
  title = {Persistent scratching {in} spaniels},
  journal = vr, year = 1997, volume = 140, pages = {239--240}
}

@article{rusbridge1997persistenta,
  author = {Rusbridge, C.},
  title = {Persistent scratching in spaniels},
  journal = vr, year = 1997, volume = 140, pages = {239--240}
}
% trailing note
@book{other2001,
  author = {Other, A.}, title = {Unrelated}, year = 2001, publisher = {P}
}
`;

const ris = `TY  - JOUR
AU  - Rusbridge, C.
TI  - Persistent scratching in spaniels
PY  - 1997
ER  - 

TY  - JOUR
ID  - copy2
AU  - Rusbridge, C.
TI  - Persistent scratching in spaniels
PY  - 1997
ER  - 

TY  - BOOK
ID  - other2001
AU  - Other, A.
TI  - Unrelated
PY  - 2001
ER  - 
`;

const yaml = `# our list
references:
  - id: a2020
    type: book
    title: First
    author:
      - family: A
    issued:
      date-parts: [[2020]]
  # the second one
  - id: b2020
    type: book
    title: Second
    author: [{family: B}]
    issued: {date-parts: [[2020]]}
  - id: c2020
    type: book
    title: Third
    author: [{family: C}]
    issued: {date-parts: [[2020]]}
`;

const json = `[
  {
    "id": "a2020", "type": "book", "title": "First", "author": [{"family": "A"}], "issued": {"date-parts": [[2020]]}
  },
  {
    "id": "b2020", "type": "book", "title": "Second, with \\"quotes\\" and ] [", "author": [{"family": "B"}], "issued": {"date-parts": [[2020]]}
  },
  {"id": "c2020", "type": "book", "title": "Third", "author": [{"family": "C"}], "issued": {"date-parts": [[2020]]}}
]
`;

describe('editBibliographyText', () => {
  it('removes a BibTeX entry and keeps the rest byte for byte', () => {
    const edit: RecordEdit = { kind: 'remove', ...refOf(bib, 'r.bib', 'bib', 'rusbridge1997persistenta') };
    const out = editBibliographyText(bib, 'r.bib', 'bib', [edit])!;
    expect(out).toBe(bib.replace(/@article\{rusbridge1997persistenta,[\s\S]*?\n\}\n/, ''));
    expect(ids(out, 'r.bib', 'bib')).toEqual(['rusbridge1997persistent', 'other2001']);
  });

  it('removes a RIS record, and refuses when a made-up key would shift', () => {
    const keys = ids(ris, 'r.ris', 'ris');
    expect(keys).toEqual(['rusbridge1997persistent', 'copy2', 'other2001']);
    const out = editBibliographyText(ris, 'r.ris', 'ris', [{ kind: 'remove', ...refOf(ris, 'r.ris', 'ris', 'copy2') }])!;
    expect(out).toBe(ris.replace(/TY {2}- JOUR\nID {2}- copy2[\s\S]*?ER {2}- \n\n/, ''));
    const twoMade = `${ris}\nTY  - JOUR\nAU  - Rusbridge, C.\nTI  - Persistent scratching again\nPY  - 1997\nER  - \n`;
    expect(ids(twoMade, 'r.ris', 'ris')[3]).toBe('rusbridge1997persistenta');
    expect(() => editBibliographyText(twoMade, 'r.ris', 'ris', [{ kind: 'remove', ...refOf(twoMade, 'r.ris', 'ris', 'rusbridge1997persistent') }])).toThrow(
      /the record keyed `rusbridge1997persistenta` would be read as `rusbridge1997persistent`/,
    );
  });

  it('removes and replaces YAML list items, keeping comments', () => {
    const remove = editBibliographyText(yaml, 'r.yaml', 'yaml', [{ kind: 'remove', ...refOf(yaml, 'r.yaml', 'yaml', 'b2020') }])!;
    expect(ids(remove, 'r.yaml', 'yaml')).toEqual(['a2020', 'c2020']);
    expect(remove).toContain('# our list');
    const replacement: CslItem = { id: 'b2020', type: 'book', title: 'Second, merged', author: [{ family: 'B' }], issued: { 'date-parts': [[2020]] }, note: 'Merged.' };
    const replaced = editBibliographyText(yaml, 'r.yaml', 'yaml', [{ kind: 'replace', item: replacement, ...refOf(yaml, 'r.yaml', 'yaml', 'b2020') }])!;
    const back = parseBibliographyText(replaced, 'r.yaml', 'yaml').entries;
    expect(back.map((e) => e.item.title)).toEqual(['First', 'Second, merged', 'Third']);
    expect(replaced).toContain('# the second one');
    expect(replaced.split('- id: a2020')[0]).toBe('# our list\nreferences:\n  ');
  });

  it('removes and replaces JSON array elements (first, middle, last)', () => {
    for (const id of ['a2020', 'b2020', 'c2020']) {
      const out = editBibliographyText(json, 'r.json', 'json', [{ kind: 'remove', ...refOf(json, 'r.json', 'json', id) }])!;
      expect(ids(out, 'r.json', 'json')).toEqual(['a2020', 'b2020', 'c2020'].filter((k) => k !== id));
      expect(() => JSON.parse(out) as unknown).not.toThrow();
    }
    const item: CslItem = { id: 'c2020', type: 'book', title: 'Third, merged', author: [{ family: 'C' }], issued: { 'date-parts': [[2020]] } };
    const out = editBibliographyText(json, 'r.json', 'json', [{ kind: 'replace', item, ...refOf(json, 'r.json', 'json', 'c2020') }])!;
    expect((JSON.parse(out) as CslItem[]).map((i) => i.title)).toEqual(['First', 'Second, with "quotes" and ] [', 'Third, merged']);
  });

  it('gives null when no record is left, and refuses a record that is not where it is said to be', () => {
    const one = `[{"id": "a", "type": "book", "title": "T", "author": [{"family": "A"}], "issued": {"date-parts": [[2020]]}}]\n`;
    expect(editBibliographyText(one, 'o.json', 'json', [{ kind: 'remove', ...refOf(one, 'o.json', 'json', 'a') }])).toBeNull();
    expect(() => editBibliographyText(bib, 'r.bib', 'bib', [{ kind: 'remove', line: 5, column: 1, id: 'other2001' }])).toThrow(RecordEditError);
    const replacement: CslItem = { id: 'other2001', type: 'book', title: 'X' };
    expect(() => editBibliographyText(bib, 'r.bib', 'bib', [{ kind: 'replace', item: replacement, ...refOf(bib, 'r.bib', 'bib', 'other2001') }])).toThrow(
      /cannot be rewritten in a `.bib` file without losing fields/,
    );
  });

  it('keeps CRLF line ends and a byte-order mark', () => {
    const crlf = `\uFEFF${ris.replace(/\n/g, '\r\n')}`;
    const out = editBibliographyText(crlf, 'r.ris', 'ris', [{ kind: 'remove', ...refOf(crlf, 'r.ris', 'ris', 'copy2') }])!;
    expect(out.startsWith('\uFEFFTY  - JOUR\r\n')).toBe(true);
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
    expect(ids(out, 'r.ris', 'ris')).toEqual(['rusbridge1997persistent', 'other2001']);
  });
});
