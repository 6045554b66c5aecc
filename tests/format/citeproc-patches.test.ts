/**
 * citemark's citeproc patches (`src/adapters/citeproc/patches/`) make some
 * of citeproc's busiest functions cheaper and settle a lone item's
 * disambiguation without rendering its cite again. Each patch is checked
 * here against citeproc as shipped: a second, unpatched copy of the same
 * module, loaded beside the patched one; and engines with every patch, with
 * all but one, and with none format alike.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import type { CslItem } from '../../src/bibliography/schema.js';
import { citeprocNamespace, cslLocales } from '../../src/adapters/citation-js.js';
import { engineFor, settleLoneItemsDirectly, styleRegister, type CiteprocEngine } from '../../src/adapters/citeproc/index.js';
import { builtinStyle, formatArticle, userStyle, type CslStyle } from '../../src/format/csl.js';
import { reuseSortKeys } from '../../src/adapters/citeproc/index.js';
import { configureEngine } from '../../src/adapters/citeproc/engine.js';
import { installPatches, PATCHES } from '../../src/adapters/citeproc/patches/index.js';
import { citemarkEngine, unpatchedCiteproc, unpatchedEngine, type Citeproc } from './unpatched-citeproc.js';
import { prng as random } from '../fixtures/render/generate.js';

function strings(seed: number, count: number, pieces: readonly string[], maxPieces = 8): string[] {
  const next = random(seed);
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    let text = '';
    const length = Math.floor(next() * maxPieces);
    for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)];
    out.push(text);
  }
  return out;
}

let patched: Citeproc;
let original: Citeproc;

beforeAll(() => {
  // Building an engine installs the patches.
  formatArticle(builtinStyle('apa'), 'en-US', [{ id: 'warm', type: 'book', title: 'Warm' }], [{ inText: false, cites: [{ id: 'warm' }] }]);
  patched = citeprocNamespace();
  original = unpatchedCiteproc();
  expect(original).not.toBe(patched);
});

describe('hot paths give what citeproc gives', () => {
  test('the HTML escape', () => {
    const superscripts = ['\u00AA', '\u00B2', '\u00B3', '\u00B9', '\u02B0', '\u1D2C', '\u2070', '\u2122', '\u3192', '\u06E5'];
    const pieces = ['a', 'Z', ' ', '  ', '\t', '\n', '&', '<', '>', '&amp;', 'é', '“', '’', '.', ...superscripts];
    const texts = [...strings(1, 4000, pieces), '', '   ', 'plain text, nothing to escape'];
    const ours = patched.Output.Formats.html.text_escape;
    const theirs = original.Output.Formats.html.text_escape;
    for (const text of texts) expect(ours(text)).toBe(theirs(text));
    for (const value of [undefined, null, 0, false]) expect(ours(value)).toBe(theirs(value));
  });

  test('initialising given names, asked twice (the second answer is the kept one)', () => {
    const pieces = ['John', 'j', 'A.', 'B', '-', ' ', '  ', 'María', 'de', 'Ö', 'ST', 'Jean-Luc', '<b>', '</b>', '.', 'Ng', 'Xu', 'İ'];
    const names = [...strings(2, 1500, pieces, 5), '', 'Lord', 'Lady', 'J.R.R.', 'Jean-Paul Marie'];
    const terminators = ['. ', '.', '', ' ', '%s.', undefined];
    for (const hyphen of [true, false]) {
      for (const langs of [['en', 'en-US'], ['tr', 'en-US'], []]) {
        const state = { opt: { 'initialize-with-hyphen': hyphen }, tmp: { lang_array: langs } };
        for (const name of names) {
          for (const terminator of terminators) {
            for (const normalizeOnly of [false, true]) {
              const expected = original.Util.Names.initializeWith(state, name, terminator, normalizeOnly);
              expect(patched.Util.Names.initializeWith(state, name, terminator, normalizeOnly)).toBe(expected);
              expect(patched.Util.Names.initializeWith(state, name, terminator, normalizeOnly)).toBe(expected);
            }
          }
        }
      }
    }
  });

  test('comparing sort keys', () => {
    const pieces = ['a', 'B', 'é', 'E', ' ', '[', ']', "'", '"', '10', '9', '-', ',', 'Ångström', 'straße', 'Z', '.'];
    const texts = strings(3, 400, pieces, 6);
    for (const locale of ['en-US', 'de-DE', undefined]) {
      const state = { tmp: { lang_array: ['en', 'en-US'] }, opt: {} };
      const ours = patched.getSortCompare.call(state, locale);
      const theirs = original.getSortCompare.call(state, locale);
      for (let i = 0; i < texts.length; i++) {
        for (let j = i; j < Math.min(texts.length, i + 25); j++) {
          expect(ours(texts[i], texts[j])).toBe(theirs(texts[i], texts[j]));
          expect(ours(texts[j], texts[i])).toBe(theirs(texts[j], texts[i]));
        }
      }
    }
  });

  test('the top of a stack', () => {
    for (const contents of [[], [1], ['a', 'b'], [undefined], [null, 0], [{}, [], '']]) {
      const ours = new patched.Stack();
      const theirs = new original.Stack();
      ours.mystack = contents.slice();
      theirs.mystack = contents.slice();
      expect(ours.value()).toBe(theirs.value());
    }
  });

  test('looking up a macro while an engine is built', () => {
    const xml = styleRegister().get('citemark-apa');
    expect(xml).toBeDefined();
    const tree = original.setupXml(xml);
    const macros = original.XmlJSON.prototype.getNodesByName.call(tree, tree.dataObj, 'macro') as { attrs: { name: string } }[];
    expect(macros.length).toBeGreaterThan(20);
    for (const macro of macros) {
      const expected = original.XmlJSON.prototype.getNodesByName.call(tree, tree.dataObj, 'macro', macro.attrs.name);
      for (let i = 0; i < 2; i++) {
        const found = patched.XmlJSON.prototype.getNodesByName.call(tree, tree.dataObj, 'macro', macro.attrs.name);
        expect(found).toEqual(expected);
        found.pop();
      }
    }
    expect(patched.XmlJSON.prototype.getNodesByName.call(tree, tree.dataObj, 'macro', 'no-such-macro')).toEqual([]);
  });

  test('inline markup and quotes in a piece of output', () => {
    const item = { id: 'x', type: 'book', title: 'X', system_id: 'x' };
    const ours = engineFor('citemark-apa', 'en-US', [item]);
    const theirs = new original.Engine(
      { retrieveLocale: (lang: string) => cslLocales().get(lang), retrieveItem: () => item },
      styleRegister().get('citemark-apa'),
      'en-US',
      true,
    );
    const pieces = ['a', ' ', 'Word', '"', "'", '’', '‘', '“', '”', '«', '»', '<i>', '</i>', '<b>', '</b>', '<span class="nocase">', '</span>', '<sup>', '</sup>', '(', ')', '.', 'O’Brien', "l'été"];
    for (const text of [...strings(4, 3000, pieces), '', ' plain', 'Plain text with no markup at all']) {
      const mine = new patched.Blob(text);
      const reference = new original.Blob(text);
      (ours as unknown as Citeproc).fun.flipflopper.processTags(mine);
      theirs.fun.flipflopper.processTags(reference);
      expect(JSON.stringify(mine)).toBe(JSON.stringify(reference));
    }
  });
});

/** citeproc's settings objects as text that tells a hole from `undefined` from `null`. */
function describeState(value: unknown): string {
  if (Array.isArray(value)) return `[${Array.from({ length: value.length }, (_, i) => (i in value ? describeState(value[i]) : '_')).join(',')}]`;
  if (value === undefined) return '~';
  if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${k}:${describeState(v)}`).join(',')}}`;
  return JSON.stringify(value);
}

const FAMILIES = ['Smith', 'Lee', 'Nguyen', 'van der Berg', 'de la Cruz', 'Müller', "O'Brien"];
const GIVENS = ['Anna', 'A.', 'Brian', 'Anna Maria', 'Jean-Luc', 'B. C.', 'Chen', ''];

/** Works whose authors often share a family name, with or without the same initials, some with the same author and year. */
function itemPool(seed: number): CslItem[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const person = (): Record<string, string> => {
    const given = pick(GIVENS);
    return given ? { family: pick(FAMILIES), given } : { family: pick(FAMILIES) };
  };
  const items: CslItem[] = [];
  for (let i = 0; i < 40; i++) {
    const shape = next();
    const item: Record<string, unknown> = {
      id: `w${seed}-${i}`,
      type: pick(['article-journal', 'book', 'chapter', 'report']),
      title: `Work ${i} on ${pick(['pain', 'sleep & rest', 'ketamine', 'the “placebo” effect', '<i>in vivo</i> dosing', "patients' reports", 'A: a "review"'])}`,
      'container-title': 'Journal of Tests',
      issued: { 'date-parts': [[pick([2001, 2001, 2010, 2020])]] },
    };
    if (shape < 0.1) item.author = [{ literal: pick(['World Health Organization', 'NICE']) }];
    else if (shape < 0.15) item.editor = [person(), person()];
    else if (shape < 0.2) item.author = Array.from({ length: 6 }, person);
    else if (shape > 0.97) item.publisher = 'No Author Press';
    else item.author = Array.from({ length: 1 + Math.floor(next() * 3) }, person);
    items.push(item as unknown as CslItem);
  }
  return items;
}

/** Everything the article's formatting reads from the engine after registering its works, and what it prints. */
function registerAndFormat(engine: CiteprocEngine, ids: string[]): { state: string[]; cites: string[]; bibliography: string; renders: number } {
  const csl = patched;
  const getCite = csl.getCite;
  let renders = 0;
  csl.getCite = function (this: unknown, ...args: unknown[]) {
    renders++;
    return getCite.apply(this, args);
  };
  try {
    engine.updateItems(ids);
  } finally {
    csl.getCite = getCite;
  }
  const registry = engine.registry.registry as Record<string, { disambig?: unknown; ambig?: unknown; seq?: unknown }>;
  const state = engine.registry.getSortedIds().map((id) => `${id} ${String(registry[id]?.ambig)} ${String(registry[id]?.seq)} ${describeState(registry[id]?.disambig)}`);
  const cites = ids.map((id) => engine.makeCitationCluster([{ id }]));
  cites.push(engine.makeCitationCluster(ids.map((id) => ({ id }))));
  const bibliography = JSON.stringify(engine.makeBibliography());
  return { state, cites, bibliography, renders };
}

function citationStyle(name: string, citation: string, names: string): CslStyle {
  return userStyle(
    `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>${name}</title><id>${name}</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <macro name="author">${names}</macro>
  <citation ${citation}>
    <sort><key macro="author"/><key variable="issued"/></sort>
    <layout prefix="(" suffix=")" delimiter="; "><group delimiter=", "><text macro="author"/><date variable="issued"><date-part name="year"/></date></group></layout>
  </citation>
  <bibliography><sort><key macro="author"/></sort><layout><group delimiter=". "><names variable="author editor"><name initialize-with=". "/></names><text variable="title"/></group></layout></bibliography>
</style>`,
    `${name}.csl`,
  );
}

const DISAMBIGUATE = 'disambiguate-add-givenname="true" disambiguate-add-names="true" disambiguate-add-year-suffix="true"';
const SHORT = '<names variable="author editor"><name form="short" and="text"/><substitute><text variable="publisher"/></substitute></names>';
const LONG_INITIALS = '<names variable="author editor"><name initialize-with=". " and="symbol"/><substitute><text variable="publisher"/></substitute></names>';
const LONG = '<names variable="author editor"><name and="text"/><substitute><text variable="publisher"/></substitute></names>';

const STYLES: [string, () => CslStyle][] = [
  ['apa', () => builtinStyle('apa')],
  ['chicago', () => builtinStyle('chicago')],
  ['harvard (by-cite)', () => builtinStyle('harvard')],
  ...(['primary-name', 'primary-name-with-initials', 'all-names', 'all-names-with-initials', 'by-cite'] as const).flatMap((rule): [string, () => CslStyle][] => [
    [`short names, ${rule}`, () => citationStyle(`short-${rule}`, `${DISAMBIGUATE} givenname-disambiguation-rule="${rule}" et-al-min="3" et-al-use-first="1"`, SHORT)],
    [`initialised names, ${rule}`, () => citationStyle(`initials-${rule}`, `${DISAMBIGUATE} givenname-disambiguation-rule="${rule}" et-al-min="4" et-al-use-first="2"`, LONG_INITIALS)],
    [`full names, ${rule}`, () => citationStyle(`long-${rule}`, `${DISAMBIGUATE} givenname-disambiguation-rule="${rule}"`, LONG)],
  ]),
  ['et-al-use-last', () => citationStyle('use-last', `${DISAMBIGUATE} givenname-disambiguation-rule="primary-name" et-al-min="3" et-al-use-first="1" et-al-use-last="true"`, LONG_INITIALS)],
];

describe('a lone item settled without rendering its cite again', () => {
  test.each(STYLES)('%s: the same settings, order, cites and bibliography as citeproc', (_label, makeStyle) => {
    const style = makeStyle();
    // Registers the style with citation-js.
    formatArticle(style, 'en-US', [{ id: 'warm', type: 'book', title: 'Warm' }], [{ inText: false, cites: [{ id: 'warm' }] }]);
    let saved = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const pool = itemPool(seed).map((item) => ({ ...item, system_id: item.id }));
      const next = random(seed * 7);
      const chosen = pool.filter(() => next() < 0.45);
      const ids = chosen.map((item) => item.id);
      const run = (on: boolean): ReturnType<typeof registerAndFormat> => {
        const engine = engineFor(style.registryName, 'en-US', chosen);
        // Sort keys kept from the other run would change the count of renders.
        reuseSortKeys(engine, false);
        settleLoneItemsDirectly(engine, on);
        try {
          return registerAndFormat(engine, ids);
        } finally {
          settleLoneItemsDirectly(engine, false);
        }
      };
      const reference = run(false);
      const ours = run(true);
      expect(ours.state).toEqual(reference.state);
      expect(ours.cites).toEqual(reference.cites);
      expect(ours.bibliography).toBe(reference.bibliography);
      saved += reference.renders - ours.renders;
    }
    // Never under the by-cite rule; taken where the first name's setting is set (full names without initials leave it unset).
    if (/by-cite/.test(_label)) expect(saved).toBe(0);
    else if (!_label.startsWith('full names')) expect(saved).toBeGreaterThan(50);
  });
});

describe('the patched engine formats as citeproc does', () => {
  test.each(['apa', 'chicago', 'harvard', 'vancouver', 'ama'] as const)('%s: cites and bibliography equal an unpatched engine', (name) => {
    const style = builtinStyle(name);
    formatArticle(style, 'en-US', [{ id: 'warm', type: 'book', title: 'Warm' }], [{ inText: false, cites: [{ id: 'warm' }] }]);
    for (let seed = 21; seed <= 26; seed++) {
      const pool = itemPool(seed).map((item) => ({ ...item, system_id: item.id }));
      const ids = pool.filter((_, i) => i % 2 === seed % 2).map((item) => item.id);

      const ours = engineFor(style.registryName, 'en-US', pool);
      reuseSortKeys(ours, !style.numeric);
      settleLoneItemsDirectly(ours, !style.numeric);
      const theirs = unpatchedEngine(original, style.registryName, pool);
      theirs.opt.development_extensions.wrap_url_and_doi = true;

      const run = (engine: Citeproc): string[] => {
        engine.updateItems(ids);
        const out = ids.map((id) => engine.makeCitationCluster([{ id, locator: '12', label: 'page' }]));
        out.push(engine.makeCitationCluster(ids.slice(0, 5).map((id) => ({ id }))));
        out.push(JSON.stringify(engine.makeBibliography()));
        return out;
      };
      try {
        expect(run(ours)).toEqual(run(theirs));
      } finally {
        settleLoneItemsDirectly(ours, false);
      }
    }
  });
});

/** What formatting a run of articles through one engine gives: each article's clusters, author-only cites and bibliography. */
function formatRun(engine: Citeproc, pool: readonly { id: string }[], seed: number): string[] {
  const next = random(seed);
  const out: string[] = [];
  for (let article = 0; article < 4; article++) {
    const ids = pool.filter(() => next() < 0.4).map((item) => item.id);
    // As `engineFor` hands a cached engine to the next article.
    engine.updateItems([]);
    configureEngine(engine);
    engine.updateItems(ids);
    const citations = ids.map((id, i) => ({
      citationID: `c${article}-${i}`,
      citationItems: [
        { id, ...(i % 3 === 0 ? { locator: '12-14', label: 'page' } : {}), ...(i % 5 === 1 ? { prefix: 'see' } : {}), ...(i % 7 === 2 ? { 'suppress-author': true } : {}) },
        ...(i % 4 === 3 && ids[i - 1] ? [{ id: ids[i - 1] as string }] : []),
      ],
      properties: { noteIndex: 0, ...(i % 6 === 4 ? { mode: 'composite' } : {}) },
    }));
    out.push(...engine.rebuildProcessorState(citations, 'html', []).map((row: unknown[]) => String(row[2])));
    out.push(...ids.slice(0, 5).map((id) => engine.makeCitationCluster([{ id, 'author-only': true }])));
    out.push(JSON.stringify(engine.makeBibliography()));
  }
  return out;
}

describe('every patch, all but one, or none: the same output', () => {
  const settings: [string, string | undefined][] = [['all patches', undefined], ...PATCHES.map((patch): [string, string] => [`all but ${patch.name}`, `-${patch.name}`])];
  const STYLE_NAMES = ['apa', 'chicago', 'harvard', 'vancouver', 'ama'] as const;
  let reference: Map<string, string[]>;

  beforeAll(() => {
    reference = new Map();
    const none = unpatchedCiteproc();
    expect(installPatches(none, { setting: 'off' })).toEqual([]);
    for (const name of STYLE_NAMES) {
      const style = builtinStyle(name);
      formatArticle(style, 'en-US', [{ id: 'warm', type: 'book', title: 'Warm' }], [{ inText: false, cites: [{ id: 'warm' }] }]);
      const pool = itemPool(31).map((item) => ({ ...item, system_id: item.id }));
      reference.set(name, formatRun(citemarkEngine(none, style, pool), pool, 5));
    }
  });

  test.each(settings)('%s', (_label, setting) => {
    const copy = unpatchedCiteproc();
    const notices: string[] = [];
    const installed = installPatches(copy, { setting, notice: (line) => notices.push(line) });
    expect(notices).toEqual([]);
    expect(installed).toEqual(PATCHES.map((patch) => patch.name).filter((name) => `-${name}` !== setting));
    for (const name of STYLE_NAMES) {
      const style = builtinStyle(name);
      const pool = itemPool(31).map((item) => ({ ...item, system_id: item.id }));
      expect(formatRun(citemarkEngine(copy, style, pool), pool, 5)).toEqual(reference.get(name));
    }
  });
});
