import { describe, expect, test } from 'vitest';
import { builtinStyle, CslStyleError, MAX_STYLE_BYTES, resolveStyle, userStyle } from '../../src/format/csl.js';
import { BUILTIN_STYLE_NAMES } from '../../src/format/style-names.js';
import { BUILTIN_STYLE_FILES, BUILTIN_STYLE_XML } from '../../src/format/styles/index.js';

const MINIMAL = `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Minimal</title><id>minimal</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout prefix="[" suffix="]" delimiter="; "><text variable="title"/></layout></citation>
</style>`;

describe('built-in styles', () => {
  test.each(BUILTIN_STYLE_NAMES)('%s loads, with its licence kept', (name) => {
    const style = builtinStyle(name);
    expect(style.title.length).toBeGreaterThan(2);
    expect(BUILTIN_STYLE_XML[name]).toMatch(/<rights[^>]*>[^<]*Creative Commons Attribution-ShareAlike 3\.0/);
    expect(style.xml).toMatch(/<macro /);
  });

  test('numeric styles are told apart from author-date ones', () => {
    expect(builtinStyle('vancouver').numeric).toBe(true);
    expect(builtinStyle('ama').numeric).toBe(true);
    expect(builtinStyle('apa').numeric).toBe(false);
    expect(builtinStyle('chicago').entriesCacheable).toBe(false); // "———" for a repeated author
    expect(builtinStyle('apa').entriesCacheable).toBe(true);
  });

  test('an unknown style name is a usage error naming the choices', () => {
    expect(() => resolveStyle('mla' as 'apa')).toThrow(/Unknown style `mla`; use `apa`, `vancouver`, `ama`, `harvard`, `chicago` \(in any case\)/);
  });

  test('a built-in style name is read in any case, and a near miss gets a did-you-mean', () => {
    expect(resolveStyle('APA' as 'apa')).toBe(builtinStyle('apa'));
    expect(resolveStyle(' Vancouver ' as 'apa')).toBe(builtinStyle('vancouver'));
    expect(() => resolveStyle('vancuver' as 'apa')).toThrow(/Unknown style `vancuver`; did you mean `vancouver`\?/);
  });

  test('the style names the config checks are the styles that ship', () => {
    expect([...BUILTIN_STYLE_NAMES].sort()).toEqual(Object.keys(BUILTIN_STYLE_FILES).sort());
  });
});

describe('a user style file', () => {
  test('a minimal valid style is accepted', () => {
    const style = userStyle(MINIMAL, 'styles/minimal.csl');
    expect(style.title).toBe('Minimal');
    expect(style.key).toBe('user:styles/minimal.csl');
    expect(style.registryName).toMatch(/^citemark-user-[0-9a-f]{16}$/);
  });

  const bad: [string, string, RegExp][] = [
    ['not XML at all', 'this is not xml', /not well-formed XML|no root element/],
    ['unclosed element', MINIMAL.replace('</style>', ''), /not well-formed XML/],
    ['a DOCTYPE', MINIMAL.replace('<style', '<!DOCTYPE style [<!ENTITY a "aaaaaaaa">]>\n<style'), /declares a DOCTYPE/],
    ['an undefined entity', MINIMAL.replace('<title>Minimal', '<title>&lol;Minimal'), /not well-formed XML/],
    ['the wrong root element', MINIMAL.replace(/<style /, '<locale ').replace('</style>', '</locale>'), /root element `<locale>`/],
    ['no CSL namespace', MINIMAL.replace(' xmlns="http://purl.org/net/xbiblio/csl"', ''), /in namespace `\(none\)`; a CSL style is a `<style>` in `http:\/\/purl\.org\/net\/xbiblio\/csl`/],
    ['no version', MINIMAL.replace('class="in-text" version="1.0"', 'class="in-text"'), /has no `version` on `<style>`/],
    ['a dependent style', MINIMAL.replace(/<citation>[\s\S]*<\/citation>/, '<info><link href="http://www.zotero.org/styles/apa" rel="independent-parent"/></info>'), /no `<citation>` with a `<layout>`.*dependent style/],
  ];
  test.each(bad)('%s is a usage error', (_name, xml, message) => {
    let error: unknown;
    try {
      userStyle(xml, 'bad.csl');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CslStyleError);
    expect((error as Error).message).toMatch(/^Style `bad\.csl` /);
    expect((error as Error).message).toMatch(message);
  });

  test('a file over the size limit is refused before parsing', () => {
    const huge = MINIMAL.replace('</style>', `<!--${'x'.repeat(MAX_STYLE_BYTES)}--></style>`);
    expect(() => userStyle(huge, 'huge.csl')).toThrow(/over the 1024 KiB limit/);
  });

  test('the error carries the place for the CLI', () => {
    try {
      userStyle(MINIMAL.replace('</info>', '</inf>'), 'bad.csl');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CslStyleError);
      expect((e as CslStyleError).line).toBe(3);
      expect((e as CslStyleError).location?.file).toBe('bad.csl');
    }
  });
});
