/**
 * Bad input through the library: each case names what the user gets. The
 * CLI-level catalogue is in `catalogue.test.ts`; these are the cases where the
 * library result says more than the JSON report can (field values, no
 * prototype pollution, which work a parser skips). Nothing here reads the
 * clock: how long the hostile inputs take is measured by `npm run bench`
 * (`tests/bench/tasks/pathological.mjs`), where a busy machine cannot fail a test.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseBibliographyText, type BibliographyFormat } from '../../src/bibliography/index.js';
import { citeConstructor, parseWithCitationJs } from '../../src/adapters/citation-js.js';
import { CslStyleError, MAX_STYLE_BYTES, formatArticle, userStyle } from '../../src/format/csl.js';
import { decodeArticle, overLimits, parseArticle, MAX_ARTICLE_BYTES, MAX_BLOCK_BRACKETS, MAX_BLOCK_LINES, MAX_CITATION_SIGNS } from '../../src/document/article.js';
import { parseConfig } from '../../src/document/config.js';
import { REPO } from './helpers.js';

const parse = (text: string, file: string, format: BibliographyFormat) => parseBibliographyText(text, file, format);
const ids = (text: string, file: string, format: BibliographyFormat) => parse(text, file, format).entries.map((e) => e.item.id);
const problems = (text: string, file: string, format: BibliographyFormat) =>
  parse(text, file, format).problems.map((p) => ({ id: p.messageId, line: p.source.line, message: p.message }));

afterEach(() => {
  // A pollution case that slipped through would leak into every later test.
  expect(Object.prototype).not.toHaveProperty('polluted');
});

describe('bibliography files', () => {
  it('a `__proto__` or `constructor` key in YAML is refused with a finding and pollutes nothing', () => {
    const text = 'id: p2020\ntype: book\ntitle: T\nauthor: [{family: Doe}]\nissued: {date-parts: [[2020]]}\n__proto__: {polluted: yes}\nconstructor: {prototype: {polluted: yes}}\n';
    const result = parse(text, 'references/p.yaml', 'yaml');
    expect(result.entries.map((e) => e.item.id)).toEqual(['p2020']);
    expect(Object.getPrototypeOf(result.entries[0]!.item)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(result.problems.map((p) => p.message)).toEqual([
      expect.stringContaining('`__proto__`'),
      expect.stringContaining('`constructor`'),
    ]);
  });

  it('a `__proto__` key in JSON (where JSON.parse makes it an own property) pollutes nothing', () => {
    const text = '[{"id":"j2020","type":"book","title":"T","author":[{"family":"Doe"}],"issued":{"date-parts":[[2020]]},"__proto__":{"polluted":1},"author2":{"__proto__":{"polluted":1}}}]';
    const result = parse(text, 'references/p.json', 'json');
    expect(result.entries.map((e) => e.item.id)).toEqual(['j2020']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(result.problems.some((p) => p.message.includes('__proto__'))).toBe(true);
  });

  it('BibTeX `@string` macros are expanded into the fields that use them', () => {
    const text = '@string{pm = "Pain Medicine"}\n@article{macro2020,\n  title = {Macros},\n  author = {Doe, J.},\n  journal = pm,\n  year = {2020}\n}\n';
    const result = parse(text, 'references/m.bib', 'bib');
    expect(result.problems).toEqual([]);
    expect(result.entries[0]).toMatchObject({ item: { id: 'macro2020', 'container-title': 'Pain Medicine' }, source: { line: 2 } });
  });

  it('BibTeX LaTeX accents become Unicode', () => {
    const text = '@article{accent2020,\n  title = {Schm{\\"o}lz and {\\\'E}cole},\n  author = {M{\\"u}ller, J{\\\'e}r{\\^o}me},\n  journal = {X},\n  year = {2020}\n}\n';
    const [entry] = parse(text, 'references/a.bib', 'bib').entries;
    expect(entry?.item.title).toBe('Schmölz and École');
    expect(entry?.item.author?.[0]).toMatchObject({ family: 'Müller', given: 'Jérôme' });
  });

  // Its time is the bench's `references: BibTeX 1 MB abstract`.
  it('a BibTeX entry with a 1 MB abstract loads, abstract and all', () => {
    const abstract = 'pain relief '.repeat(90_000);
    const text = `@article{big2020,\n  title = {Big},\n  author = {Doe, J.},\n  journal = {X},\n  year = {2020},\n  abstract = {${abstract}}\n}\n`;
    const value = parse(text, 'references/big.bib', 'bib');
    expect(value.problems).toEqual([]);
    expect(value.entries.map((e) => e.item.id)).toEqual(['big2020']);
    // The value as BibTeX gives it: the text between the braces, its trailing space trimmed.
    expect(value.entries[0]!.item.abstract).toBe(abstract.trimEnd());
  });

  // Was a bug: `chain(text, {forceType})` dropped the abstract; parsing one step with `data()` and chaining from the
  // entries keeps it, so topic inference sees BibTeX abstracts.
  it('a BibTeX `abstract` is kept', () => {
    const text = '@article{abs2020,\n  title = {T},\n  author = {Doe, J.},\n  journal = {X},\n  year = {2020},\n  abstract = {Ketamine eased pain.}\n}\n';
    expect(parse(text, 'references/abs.bib', 'bib').entries[0]?.item.abstract).toBe('Ketamine eased pain.');
  });

  it('an unknown BibTeX entry type loads as a generic `document`', () => {
    const text = '@frobnicate{unk2020,\n  title = {Unknown type},\n  author = {Doe, J.},\n  year = {2020}\n}\n';
    expect(parse(text, 'references/u.bib', 'bib').entries.map((e) => [e.item.id, e.item.type])).toEqual([['unk2020', 'document']]);
  });

  it('BibTeX with unbalanced braces: a finding at the entry, the next entry still loads', () => {
    const text = '@article{broken,\n  title = {Unbalanced {brace},\n  year = {2020}\n\n@article{fine,\n  title = {Fine},\n  author = {Roe, R.},\n  year = {2019}\n}\n';
    const result = parse(text, 'references/b.bib', 'bib');
    expect(result.entries.map((e) => e.item.id)).toEqual(['fine']);
    expect(result.problems).toEqual([expect.objectContaining({ messageId: 'parse-error', source: expect.objectContaining({ line: 1 }) })]);
    expect(result.problems[0]!.message).toContain('`broken`');
  });

  it('BibTeX nested 20,000 braces deep: a parse finding, not a crash', () => {
    const text = `@article{deep,\n  title = {${'{'.repeat(20_000)}${'}'.repeat(20_000)}},\n  year = {2020}\n}\n`;
    expect(problems(text, 'references/deep.bib', 'bib')).toEqual([expect.objectContaining({ id: 'parse-error', line: 1 })]);
  });

  it('RIS with a missing `ER` still loads each record (the next `TY` starts a new one)', () => {
    const text = 'TY  - JOUR\nTI  - One\nAU  - Doe, J.\nPY  - 2020\nTY  - BOOK\nTI  - Two\nAU  - Roe, R.\nPY  - 2021\nER  - \n';
    const result = parse(text, 'references/r.ris', 'ris');
    expect(result.problems).toEqual([]);
    expect(result.entries.map((e) => [e.item.title, e.item.type, e.source.line])).toEqual([
      ['One', 'article-journal', 1],
      ['Two', 'book', 5],
    ]);
  });

  it('YAML nested 20,000 flow levels deep: a parse finding, not a crash', () => {
    const text = `id: deep\nx: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`;
    expect(problems(text, 'references/deep.yaml', 'yaml')).toEqual([expect.objectContaining({ id: 'parse-error', line: 2 })]);
  });

  it('JSON nested 20,000 levels deep: a parse finding, not a crash', () => {
    // Was a RangeError out of the fallback `new Document(parsed)`, which ended the whole run.
    const text = `{"id":"deep","x":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    expect(problems(text, 'references/deep.json', 'json')).toEqual([
      expect.objectContaining({ id: 'parse-error', line: 1, message: expect.stringContaining('nested too deeply') }),
    ]);
  });

  it('a YAML file with several documents keeps the good ones around a broken one', () => {
    const item = (id: string) => `id: ${id}\ntype: book\ntitle: T ${id}\nauthor: [{family: A}]\nissued: {date-parts: [[2020]]}\n`;
    const text = `---\n${item('m1')}---\nid: [\n---\n${item('m3')}`;
    expect(ids(text, 'references/m.yaml', 'yaml')).toEqual(['m1', 'm3']);
    expect(problems(text, 'references/m.yaml', 'yaml')).toEqual([expect.objectContaining({ id: 'parse-error', line: 9 })]);
  });
});

describe('known traps in our dependencies', () => {
  // citation-js's `@bibtxt/text` recogniser backtracks on this 149-byte string; type detection must never run.
  const trap = '[a]' + '\n a: b'.repeat(24) + '\n[';

  /**
   * Replaces the `@bibtxt/text` recogniser (the one that backtracks) with a probe that records what it is shown, so
   * the test sees whether type detection ran on the text at all instead of timing it. The bench's
   * `references: citation-js type-detection trap` keeps the time.
   */
  function probeDetection(): { seen: string[]; detect(data: unknown): string } {
    const seen: string[] = [];
    citeConstructor(); // loads citation-js and its plugins, so the probe replaces the plugin's recogniser and not the reverse
    const { input } = (createRequire(import.meta.url)('@citation-js/core') as { plugins: { input: { add(format: string, parsers: unknown): void; type(data: unknown): string } } }).plugins;
    input.add('@bibtxt/text', { parseType: { dataType: 'String', predicate: (text: string) => (seen.push(text), false) } });
    return { seen, detect: (data) => input.type(data) };
  }

  // Was a bug: citation-js computes `forceType: type(input)` as a default even when `forceType` is given, so this
  // string cost ~2.5 s; `parseWithCitationJs` now parses one step with `plugins.input.data(text, type)`.
  it('the 149-byte citation-js detection trap is parsed with a forced type: no recogniser ever sees the text', () => {
    expect(trap).toHaveLength(149);
    const { seen, detect } = probeDetection();
    // The probe works: detection on the text does reach it.
    detect(trap);
    expect(seen).toContain(trap);
    seen.length = 0;
    try {
      parseWithCitationJs(trap, 'bib');
    } catch {
      // a parse error is fine; only whether detection ran matters
    }
    // As a `.bib` or `.ris` file the trap is a not-a-bibliography finding.
    for (const [file, format] of [['references/t.bib', 'bib'], ['references/t.ris', 'ris']] as const) {
      expect(problems(trap, file, format)).toEqual([expect.objectContaining({ id: 'not-bibliography', line: 1 })]);
    }
    expect(seen).toEqual([]);
  });

  it("remark's unguarded recursion: 8,000 nested block quotes throw RangeError out of parseArticle (the caller must turn it into a finding)", () => {
    // Documents the trap: `lintProject` catches this RangeError; `catalogue.test.ts` checks the finding, the bench its cost.
    expect(() => parseArticle('articles/deep.md', '> '.repeat(8_000) + 'a\n')).toThrow(RangeError);
  });

  // Was a bug: remark worked ~20 s on this before its stack overflowed. The depth is now counted before remark runs:
  // the error is citemark's own, not the stack overflow a parse would end in.
  it('8,000 nested list items are refused by the depth count, before remark parses', () => {
    expect(() => parseArticle('articles/deep.md', `${'* '.repeat(8_000)}a\n`)).toThrow(new RangeError('article nested too deeply'));
  });
});

describe('articles: bytes to text', () => {
  it('an article over MAX_ARTICLE_BYTES is refused before decoding, at 1:1', () => {
    const decode = vi.spyOn(TextDecoder.prototype, 'decode');
    try {
      // All NUL bytes: had anything but the size been looked at, it would be reported as binary.
      const value = decodeArticle(new Uint8Array(MAX_ARTICLE_BYTES + 1));
      expect(value).toMatchObject({ ok: false, line: 1, column: 1, message: expect.stringContaining('limit') });
      expect(decode).not.toHaveBeenCalled();
    } finally {
      decode.mockRestore();
    }
  });

  it('an article under every limit passes: a long article, a 200-row table, code full of brackets', () => {
    const prose = 'Ketamine [see @smith2020, p. 3; @doe2019] reduced pain [@roe2018]. '.repeat(20);
    const table = `| drug | dose |\n|---|---|\n${'| ketamine [@a] | 0.5 mg/kg |\n'.repeat(200)}`;
    const code = `\`\`\`json\n${'[[1, 2], [3, 4]]\n'.repeat(3_000)}\`\`\`\n`;
    expect(overLimits(`${prose}\n\n`.repeat(50) + table + code)).toBeUndefined();
  });

  it(`more than ${MAX_CITATION_SIGNS} \`@\` signs: refused at the first one over, with the count`, () => {
    const source = `Intro.\n\n${'Pain [@a].\n\n'.repeat(MAX_CITATION_SIGNS + 10)}`;
    expect(overLimits(source)).toEqual({ reason: 'too-many-citations', message: expect.stringContaining('5,010 `@` signs'), line: 3 + 2 * MAX_CITATION_SIGNS, column: 7 });
    expect(overLimits('Pain [@a].\n\n'.repeat(MAX_CITATION_SIGNS))).toBeUndefined();
  });

  it(`a block with more than ${MAX_BLOCK_BRACKETS} square brackets: refused where it passes the limit; escaped ones and blank lines do not count`, () => {
    const pairs = '[a] '.repeat(MAX_BLOCK_BRACKETS / 2);
    expect(overLimits(`${pairs}\n\n${pairs}\n`)).toBeUndefined();
    expect(overLimits(`${pairs}\n${'\\[a\\] '.repeat(5_000)}\n`)).toBeUndefined();
    expect(overLimits(`Title\n\n${pairs}\n[b]\n`)).toEqual({ reason: 'too-many-brackets', message: expect.stringContaining('(from line 3)'), line: 4, column: 1 });
  });

  it(`a block of more than ${MAX_BLOCK_LINES} lines: refused at the first line over; fenced code does not count`, () => {
    expect(overLimits(`> a\n${'b\n'.repeat(MAX_BLOCK_LINES)}`)).toEqual({ reason: 'block-too-long', message: expect.stringContaining('2,000 lines'), line: MAX_BLOCK_LINES + 1, column: 1 });
    expect(overLimits(`${'b\n'.repeat(MAX_BLOCK_LINES)}\n${'c\n'.repeat(MAX_BLOCK_LINES)}`)).toBeUndefined();
    expect(overLimits(`~~~~\n${'b\n'.repeat(3 * MAX_BLOCK_LINES)}~~~\n${'c\n'.repeat(10)}~~~~\nafter\n`)).toBeUndefined();
  });

  it('decodeArticle reports a limit as a failure with its position', () => {
    expect(decodeArticle(new TextEncoder().encode(`${'@'.repeat(MAX_CITATION_SIGNS + 1)}\n`))).toMatchObject({ ok: false, line: 1, column: MAX_CITATION_SIGNS + 1 });
  });

  it('a BOM is dropped from the text', () => {
    expect(decodeArticle(new TextEncoder().encode('\uFEFFHi [@a].\n'))).toMatchObject({ ok: true, source: 'Hi [@a].\n' });
  });

  // Was a bug: the decoder stripped the BOM itself, so `hadBom` was always false; it now uses `ignoreBOM: true`.
  it('a BOM is remembered, so a fix can keep it', () => {
    expect(decodeArticle(new TextEncoder().encode('\uFEFFHi [@a].\n'))).toMatchObject({ hadBom: true });
  });

  it('an invalid UTF-8 byte is located by line and column', () => {
    expect(decodeArticle(Uint8Array.from([0x61, 0x0a, 0x62, 0x63, 0xff]))).toMatchObject({ ok: false, line: 2, column: 3 });
  });

  it('a `__proto__` key in front matter pollutes nothing', () => {
    const article = parseArticle('articles/fm.md', '---\n__proto__: {polluted: yes}\ntitle: T\n---\nText [@a].\n');
    expect(article.frontMatter.title).toBe('T');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('config', () => {
  const rules = ['unknown-key'];
  it('a `__proto__` in `rules` pollutes nothing', () => {
    try {
      parseConfig('{"rules": {"__proto__": {"polluted": 1}}}', 'citemark.config.json', rules);
    } catch {
      // refusing it is fine too
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  // Was a bug: zod's record drops a `__proto__` key; the unknown-rule check now reads the raw keys.
  it('a `__proto__` rule id is an unknown rule, like any other', () => {
    expect(() => parseConfig('{"rules": {"__proto__": "error"}}', 'citemark.config.json', rules)).toThrow(/unknown rule `__proto__`/);
  });
});

describe('user CSL styles are validated before citeproc sees them', () => {
  const apa = readFileSync(join(REPO, 'src/format/styles/apa.csl'), 'utf8');
  const body = apa.replace(/^<\?xml[^>]*\?>\s*/, '');
  const refused = (xml: string): CslStyleError => {
    try {
      userStyle(xml, 'my.csl');
    } catch (error) {
      if (error instanceof CslStyleError) return error;
      throw error;
    }
    throw new Error('the style was accepted');
  };

  it.each([
    ['not XML', 'this is not xml {', 1, /not well-formed XML/],
    ['an external entity (XXE)', '<?xml version="1.0"?>\n<!DOCTYPE style [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0">&xxe;</style>', 2, /DOCTYPE/],
    ['a DOCTYPE', `<?xml version="1.0"?>\n<!DOCTYPE style>\n${body}`, 2, /DOCTYPE/],
    ['valid XML that is not CSL', '<?xml version="1.0"?>\n<html><body/></html>', 2, /root element `<html>`/],
    ['an attribute named `a(` (citeproc splices it into a RegExp)', apa.replace('<style ', '<style a(="1" '), 2, /not well-formed XML/],
    ['a truncated file', apa.slice(0, -20), undefined, /not well-formed XML: .*unclosed tag/],
    ['no `version`', apa.replace(/(<style[^>]*?) version="1\.0"/, '$1'), 2, /no `version`/],
    ['a dependent style', '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0"><info><title>D</title></info></style>', undefined, /no `<citation>`/],
  ])('%s is refused, naming the file and line', (_name, xml, line, message) => {
    const error = refused(xml);
    expect(error.message).toMatch(message);
    expect(error.message).toContain('`my.csl`');
    if (line !== undefined) expect(error.line).toBe(line);
  });

  it('an empty file is refused', () => {
    expect(refused('').message).toMatch(/root element/);
  });

  it('a file over MAX_STYLE_BYTES is refused without parsing', () => {
    // Not XML at all: had it been parsed, the refusal would say so instead of naming the size.
    const value = refused(`<style this is not xml${' '.repeat(MAX_STYLE_BYTES)}`);
    expect(value.message).toMatch(/over the \d+ KiB limit/);
    expect(value.message).not.toMatch(/well-formed/);
  });

  it('200,000 spaces inside a tag (citeproc reads that quadratically) never reach citeproc, and the style renders', () => {
    const xml = apa.replace('<style ', `<style${' '.repeat(200_000)} `);
    const style = userStyle(xml, 'spacey.csl');
    // citeproc is handed the style as written out again from the parse, one space between attributes.
    expect(style.xml).not.toMatch(/ {100}/);
    const item = { id: 'a', type: 'article-journal' as const, title: 'T', author: [{ family: 'Doe', given: 'J' }], issued: { 'date-parts': [[2020]] } };
    const value = formatArticle(style, 'en-US', [item], [{ cites: [{ id: 'a' }], inText: false }]);
    expect(value.clusters[0]?.html).toBe('(Doe, 2020)');
  });
});
