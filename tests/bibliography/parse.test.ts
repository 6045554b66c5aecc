import { describe, expect, it } from 'vitest';
import { parseBibliographyText, type BibliographyFormat } from '../../src/bibliography/parse.js';
import { impossibleDate, runTogetherWord } from '../../src/bibliography/validate.js';

const F = 'references/x';

function parse(text: string, format: BibliographyFormat) {
  return parseBibliographyText(text, `${F}.${format}`, format);
}

function ids(text: string, format: BibliographyFormat): [string, number][] {
  return parse(text, format).entries.map((e) => [e.item.id, e.source.line]);
}

function problems(text: string, format: BibliographyFormat): [string, number][] {
  return parse(text, format).problems.map((p) => [p.messageId, p.source.line]);
}

const yamlItem = (extra = '', id = 'a') => `id: ${id}\ntype: book\ntitle: T\nauthor: [{family: Doe, given: Jane}]\n${extra}`;

describe('YAML', () => {
  const valid: [string, string, [string, number][]][] = [
    ['one item', yamlItem(), [['a', 1]]],
    ['a list with the line of each item', `# comment\n- id: a\n  type: webpage\n  title: A\n\n- id: b\n  type: webpage\n  title: B\n`, [['a', 2], ['b', 6]]],
    ['pandoc references', `title: x\nreferences:\n  - id: a\n    type: webpage\n    title: A\n  - {id: b, type: webpage, title: B}\n`, [['a', 3], ['b', 6]]],
    ['several documents', `---\n${yamlItem()}---\n${yamlItem('', 'b')}`, [['a', 2], ['b', 7]]],
    ['BOM and CRLF', `\uFEFF${yamlItem()}`.replace(/\n/g, '\r\n'), [['a', 1]]],
    ['a numeric id becomes a string', 'id: 42\ntype: webpage\ntitle: T\n', [['42', 1]]],
  ];
  it.each(valid)('reads %s', (_name, text, expected) => {
    const result = parse(text, 'yaml');
    expect(result.problems).toEqual([]);
    expect(result.entries.map((e) => [e.item.id, e.source.line])).toEqual(expected);
  });

  it('turns pandoc text dates into date-parts', () => {
    const [entry] = parse(yamlItem('issued: 2014-02\naccessed: 2020\n'), 'yaml').entries;
    expect(entry?.item.issued).toEqual({ 'date-parts': [[2014, 2]] });
    expect(entry?.item.accessed).toEqual({ 'date-parts': [[2020]] });
  });

  const invalid: [string, string, [string, number][]][] = [
    ['a syntax error, at its line', `- id: a\n  type: webpage\n  title: A: B\n- id: b\n`, [['parse-error', 3]]],
    ['a repeated key', `id: a\ntype: webpage\ntitle: A\ntitle: B\n`, [['duplicate-key', 4]]],
    ['a scalar', `just some text\n`, [['not-bibliography', 1]]],
    ['a mapping that is no item', `foo: 1\nbar: 2\n`, [['not-bibliography', 1]]],
    ['references that is not a list', `references: 3\n`, [['not-bibliography', 1]]],
    ['an empty file', `  \n\n`, [['empty-file', 1]]],
    ['a list of scalars', `- a\n- b\n`, [['schema', 1], ['schema', 2]]],
  ];
  it.each(invalid)('reports %s', (_name, text, expected) => {
    expect(problems(text, 'yaml')).toEqual(expected);
  });

  it('stops a billion-laughs alias bomb', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    // Stopped by the alias count (the message says so), not by the clock; the bench's `references: YAML billion laughs` times it.
    const result = parse(`${levels.join('\n')}\n`, 'yaml');
    expect(result.entries).toEqual([]);
    expect(result.problems.map((p) => p.messageId)).toEqual(['parse-error']);
    expect(result.problems[0]?.message).toMatch(/alias/i);
  });

  it('never pollutes prototypes', () => {
    const text = `id: a\ntype: webpage\ntitle: T\n__proto__:\n  polluted: yes\nconstructor:\n  prototype:\n    polluted: yes\nauthor:\n  - family: X\n    __proto__: {polluted: yes}\n`;
    const result = parse(text, 'yaml');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(result.entries).toHaveLength(1);
    const item = result.entries[0]?.item as Record<string, unknown>;
    expect(Object.getPrototypeOf(item)).toBe(Object.prototype);
    expect(item.polluted).toBeUndefined();
    expect(Object.hasOwn(item, '__proto__')).toBe(false);
    expect(result.problems.map((p) => [p.messageId, p.message.match(/`([^`]+)`/)?.[1]])).toEqual([
      ['unsafe-key', '__proto__'],
      ['unsafe-key', 'constructor'],
      ['unsafe-key', 'author[0].__proto__'],
    ]);
  });
});

describe('JSON', () => {
  it('reads an array with the line of each item', () => {
    const text = `[\n  {"id": "a", "type": "webpage", "title": "A"},\n\n  {\n    "id": "b",\n    "type": "webpage",\n    "title": "B"\n  }\n]\n`;
    expect(ids(text, 'json')).toEqual([['a', 2], ['b', 4]]);
  });

  it('reads one item, tabs and a BOM', () => {
    expect(ids('\uFEFF{\n\t"id": "a",\n\t"type": "webpage",\n\t"title": "A"\n}', 'json')).toEqual([['a', 1]]);
  });

  const invalid: [string, string, [string, number][]][] = [
    ['truncated JSON, at the line where it breaks', `[\n  {"id": "a", "type": "webpage", "title": "A"},\n  {"id": "b",\n`, [['parse-error', 4]]],
    ['a missing comma', `[\n  {"id": "a"\n   "type": "webpage"}\n]`, [['parse-error', 3]]],
    ['YAML in a .json file', `id: a\n`, [['parse-error', 1]]],
    ['a repeated key', `{\n  "id": "a",\n  "type": "webpage",\n  "title": "A",\n  "id": "b"\n}`, [['duplicate-key', 5]]],
    ['a number', `42`, [['not-bibliography', 1]]],
  ];
  it.each(invalid)('reports %s', (_name, text, expected) => {
    expect(problems(text, 'json')).toEqual(expected);
  });

  it('ignores __proto__ without polluting', () => {
    const result = parse('{"id": "a", "type": "webpage", "title": "T", "__proto__": {"polluted": 1}}', 'json');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(result.entries).toHaveLength(1);
    expect(result.problems.map((p) => p.messageId)).toEqual(['unsafe-key']);
  });
});

const bibEntry = (key: string, extra = '') =>
  `@article{${key},\n  title = {Title of ${key}},\n  author = {Doe, Jane and {World Health Organization}},\n  journal = jn,\n  year = 2014,${extra}\n}\n`;

describe('BibTeX', () => {
  it('reads entries with their start lines, @string macros and comments', () => {
    const text = `% comment\n@string{jn = "J Neurosci"}\n\n${bibEntry('a')}@comment{ignored}\n  @book{b,\n  title = "B", author = "Roe, R.", year = 2010\n}\n`;
    const result = parse(text, 'bib');
    expect(result.problems).toEqual([]);
    expect(result.entries.map((e) => [e.item.id, e.source.line])).toEqual([['a', 4], ['b', 11]]);
    expect(result.entries[0]?.item['container-title']).toBe('J Neurosci');
    expect(result.entries[0]?.item).not.toHaveProperty('citation-key');
  });

  it('reports an entry that does not parse and keeps the others', () => {
    const broken = `@article{broken,\n  title = {Unclosed {brace,\n  year = 2014\n}\n`;
    const text = `@string{jn = "J"}\n${bibEntry('a')}${broken}${bibEntry('c')}`;
    const result = parse(text, 'bib');
    expect(result.entries.map((e) => [e.item.id, e.source.line])).toEqual([['a', 2], ['c', 12]]);
    expect(result.problems.map((p) => [p.messageId, p.source.line, p.id])).toEqual([['parse-error', 8, 'broken']]);
    expect(result.problems[0]?.message).toMatch(/`broken`.*expected/);
  });

  it('validates what citation-js produced', () => {
    const text = `@article{nodate,\n  title = {T},\n  author = {Doe, J.},\n  year = 2014, month = 13,\n  doi = {not a doi}\n}\n`;
    expect(problems(text, 'bib').map(([id]) => id).sort()).toEqual(['invalid-date', 'invalid-doi']);
  });

  it('reports a file with no entries', () => {
    expect(problems('just words\n', 'bib')).toEqual([['not-bibliography', 1]]);
  });
});

describe('RIS', () => {
  const record = (ti: string, extra = '') => `TY  - JOUR\nTI  - ${ti}\nAU  - Doe, Jane\nPY  - 2014/02//\n${extra}ER  - \n\n`;
  it('reads records with their start lines and gives ids to those without', () => {
    const text = `${record('Ketamine for pain', 'ID  - given2014\n')}${record('The ketamine story')}${record('The ketamine story')}`;
    expect(ids(text, 'ris')).toEqual([['given2014', 1], ['doe2014ketamine', 8], ['doe2014ketaminea', 14]]);
  });

  it('reads CRLF', () => {
    expect(ids(record('A title').replace(/\n/g, '\r\n'), 'ris')).toEqual([['doe2014title', 1]]);
  });

  it('reports a file with no records and a record with no fields', () => {
    expect(problems('nothing here\n', 'ris')).toEqual([['not-bibliography', 1]]);
    expect(problems(`${record('Fine')}TY  - \nER  - \n`, 'ris')).toEqual([['parse-error', 7]]);
  });
});

describe('content checks', () => {
  const cases: [string, string, string[]][] = [
    ['no title', 'id: a\ntype: webpage\n', ['missing-title']],
    ['an empty title', 'id: a\ntype: webpage\ntitle: " "\n', ['missing-title']],
    ['no author for a journal article', 'id: a\ntype: article-journal\ntitle: T\n', ['missing-author']],
    ['no author for a chapter', 'id: a\ntype: chapter\ntitle: T\nauthor: []\n', ['missing-author']],
    ['an editor instead of an author', 'id: a\ntype: book\ntitle: T\neditor: [{family: E}]\n', []],
    ['a corporate literal author', 'id: a\ntype: report\ntitle: T\nauthor: [{literal: World Health Organization}]\n', []],
    ['a web page without author', 'id: a\ntype: webpage\ntitle: T\n', []],
    ['a press release without author', 'id: a\ntype: article\ngenre: Press release\ntitle: T\n', []],
    ['month 13', yamlItem('issued: {date-parts: [[2019, 13]]}\n'), ['invalid-date']],
    ['day 32', yamlItem('issued: {date-parts: [[2019, 1, 32]]}\n'), ['invalid-date']],
    ['30 February', yamlItem('issued: {date-parts: [[2019, 2, 30]]}\n'), ['invalid-date']],
    ['29 February in a leap year', yamlItem('issued: {date-parts: [[2020, 2, 29]]}\n'), []],
    ['29 February in 1900', yamlItem('issued: {date-parts: [[1900, 2, 29]]}\n'), ['invalid-date']],
    ['year 0', yamlItem('issued: {date-parts: [[0]]}\n'), ['invalid-date']],
    ['the far future', yamlItem('issued: {date-parts: [[2999]]}\n'), ['invalid-date']],
    ['a word in a date', yamlItem('issued: {date-parts: [[2019, "Feb"]]}\n'), ['invalid-date']],
    ['an impossible accessed date', yamlItem('accessed: {date-parts: [[2019, 4, 31]]}\n'), ['invalid-date']],
    ['a date range', yamlItem('issued: {date-parts: [[2019, 1], [2019, 3]]}\n'), []],
    ['a DOI that is not one', yamlItem('DOI: bcp.12094\n'), ['invalid-doi']],
    ['a DOI as a URL', yamlItem('DOI: https://doi.org/10.1111/bcp.12094\n'), []],
    ['a DOI with doi: prefix', yamlItem('DOI: "doi:10.1111/bcp.12094"\n'), []],
    ['a run-together given name', 'id: a\ntype: book\ntitle: T\nauthor: [{family: Reddy, given: ShwethaHulimavu Ramaswamy}]\n', ['run-together-name']],
    ['a run-together family name', 'id: a\ntype: book\ntitle: T\nauthor: [{family: SmithJones, given: A}]\n', ['run-together-name']],
    ['unknown evidence', yamlItem('evidence: rtc\n'), ['unknown-evidence']],
    ['known evidence', yamlItem('evidence: rct\n'), []],
  ];
  it.each(cases)('%s', (_name, text, expected) => {
    const result = parse(text, 'yaml');
    expect(result.problems.map((p) => p.messageId)).toEqual(expected);
    // content problems keep the item, so citations of it still resolve
    expect(result.entries).toHaveLength(1);
    for (const problem of result.problems) {
      expect(problem.id).toBe('a');
      expect(problem.source).toEqual({ file: `${F}.yaml`, line: 1, column: 1 });
    }
  });

  it('drops unknown evidence but keeps the item, suggesting the closest level', () => {
    const result = parse(yamlItem('evidence: rtc\n'), 'yaml');
    expect(result.entries[0]?.item.evidence).toBeUndefined();
    expect(result.problems[0]?.message).toContain('did you mean `rct`?');
  });

  it('names the run-together word as a warning, without guessing a space or a hyphen', () => {
    const [problem] = parse('id: a\ntype: book\ntitle: T\nauthor: [{family: Reddy, given: ShwethaHulimavu Ramaswamy}]\n', 'yaml').problems;
    expect(problem?.severity).toBe('warning');
    expect(problem?.message).toBe(
      '`author[0].given` of `a` is `ShwethaHulimavu Ramaswamy`, where `ShwethaHulimavu` may be two names run together; check the name against the article (it may need a space or a hyphen)',
    );
    // Linde-Forsberg is hyphenated: never propose `Linde Forsberg`.
    const [linde] = parse('id: a\ntype: book\ntitle: T\nauthor: [{family: LindeForsberg, given: C.}]\n', 'yaml').problems;
    expect(linde?.message).not.toContain('Linde Forsberg');
    expect(linde?.severity).toBe('warning');
  });

  it('proposes the fix where it is certain: a lower-case particle written against the name', () => {
    const [problem] = parse('id: a\ntype: book\ntitle: T\nauthor: [{family: vanZuilen, given: M.}]\n', 'yaml').problems;
    expect(problem?.message).toContain('write `van Zuilen`');
    expect(problem?.severity).toBe('warning');
  });

  const schemaCases: [string, string, RegExp][] = [
    ['no id', 'type: book\ntitle: T\n', /`id` is missing/],
    ['no type', 'id: a\ntitle: T\n', /`type` is missing/],
    ['an unknown type', 'id: a\ntype: artcle-journal\ntitle: T\n', /did you mean `article-journal`/],
    ['a wrongly typed field', 'id: a\ntype: webpage\ntitle: [T]\n', /`title`/],
    ['a name that is not a mapping', 'id: a\ntype: webpage\ntitle: T\nauthor: [Doe]\n', /`author\[0\]`/],
  ];
  it.each(schemaCases)('drops an item with %s (schema)', (_name, text, message) => {
    const result = parse(text, 'yaml');
    expect(result.entries).toEqual([]);
    expect(result.problems.map((p) => p.messageId)).toEqual(['schema']);
    expect(result.problems[0]?.message).toMatch(message);
  });
});

describe('runTogetherWord', () => {
  it.each(['McDonald', 'MacLeod', 'DeAngelis', "O'Neill", 'LeBlanc', 'DiMaggio', 'Abd-Elsayed', 'Jean-Pierre', 'VanderMeer', 'FitzGerald', 'DuBois', 'S. B.', 'JoAnn', 'Trulsson Schouenborg', "d'Alembert", 'Hong-Yi', 'Thérond'])(
    'accepts %s',
    (name) => expect(runTogetherWord(name)).toBeUndefined(),
  );
  it.each(['ShwethaHulimavu', 'MarieKe', 'McDonaldSmith', 'JöudAnna', 'LindeForsberg', 'TaillieuLeRoy'])('flags %s without guessing a fix', (name) => {
    expect(runTogetherWord(name)?.word).toBe(name);
    expect(runTogetherWord(name)?.fixed).toBeUndefined();
  });
  it.each([
    ['vanZuilen', 'van Zuilen'],
    ['vanDijk', 'van Dijk'],
    ['deSouza', 'de Souza'],
  ])('fixes the particle of %s', (name, fixed) => expect(runTogetherWord(name)?.fixed).toBe(fixed));
});

describe('impossibleDate', () => {
  const now = new Date('2025-06-01T00:00:00Z');
  it('allows next year (in press) but not far ahead', () => {
    expect(impossibleDate({ 'date-parts': [[2026]] }, now)).toBeUndefined();
    expect(impossibleDate({ 'date-parts': [[2030]] }, now)).toMatch(/future/);
  });
  it('ignores literal dates', () => {
    expect(impossibleDate({ literal: 'Spring 2019' }, now)).toBeUndefined();
  });
});
