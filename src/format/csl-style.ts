/**
 * CSL styles: the five that ship with citemark, and a user's own `.csl`
 * file, checked before citeproc sees it (citeproc's own XML handling gives
 * opaque errors or none at all on a broken file).
 */
import { createHash } from 'node:crypto';
import { SaxesParser } from 'saxes';
import { UsageError } from '../document/errors.js';
import { builtinStyleNamed, unknownStyleMessage } from './style-names.js';
import { BUILTIN_STYLE_FILES, BUILTIN_STYLE_XML, type BuiltinStyleName } from './styles/index.js';

export type { BuiltinStyleName } from './styles/index.js';

export const CSL_NAMESPACE = 'http://purl.org/net/xbiblio/csl';
/** The largest style accepted; the biggest official independent styles are under 200 KiB. */
export const MAX_STYLE_BYTES = 1024 * 1024;

export const BUILTIN_STYLE_NAMES = Object.keys(BUILTIN_STYLE_FILES) as BuiltinStyleName[];
export { builtinStyleNamed, unknownStyleMessage } from './style-names.js';

/** A user's `.csl` file that cannot be used. The CLI reports it as a usage error (exit 2). */
export class CslStyleError extends UsageError {
  constructor(
    message: string,
    readonly source: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message, { file: source, ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}) });
  }
}

/** A style ready for the engine. */
export interface CslStyle {
  /** `apa`, …, or `user:<file>` for a user's style. */
  key: string;
  /** The name the style is registered under in citation-js's style register. */
  registryName: string;
  title: string;
  xml: string;
  /** Cites are numbers (`citation-number`), so numbering depends on the whole article. */
  numeric: boolean;
  /** A bibliography entry's text depends only on its item and disambiguation, so it can be reused across articles. */
  entriesCacheable: boolean;
  /**
   * A numeric style whose entries are the citation number in the left margin
   * (`second-field-align`) and, beside it, text that depends only on the item
   * and its disambiguation: the number is the layout's first element and is
   * used nowhere else outside `<citation>`, and the bibliography has no sort
   * (so the number is the order of first citation). The text part can then be
   * reused across articles, with the article's own number in the margin.
   */
  numberedEntriesCacheable: boolean;
  /** A cite's form depends on earlier cites (`position` tests, note styles), so clusters must be processed in sequence. */
  positionDependent: boolean;
}

export type StyleInput = BuiltinStyleName | { xml: string; source?: string } | CslStyle;

interface StyleFacts {
  title: string;
  numeric: boolean;
  hasBibliography: boolean;
  subsequentAuthorSubstitute: boolean;
  positionDependent: boolean;
  /** See {@link CslStyle.numberedEntriesCacheable}: the bibliography's shape lets the number be split from the text. */
  numberInMarginOnly: boolean;
  /**
   * The style written out again from what the XML parser read: one space
   * between attributes, no comments or processing instructions. citeproc's
   * own XML reader is quadratic in white space inside a tag (100,000 spaces
   * took 40 s), so a user's style reaches it in this form.
   */
  canonical: string;
}

export function isBuiltinStyleName(name: string): name is BuiltinStyleName {
  return Object.prototype.hasOwnProperty.call(BUILTIN_STYLE_FILES, name);
}

const builtinCache = new Map<BuiltinStyleName, CslStyle>();

export function builtinStyle(name: BuiltinStyleName): CslStyle {
  let style = builtinCache.get(name);
  if (!style) {
    const xml = amendBuiltin(name, BUILTIN_STYLE_XML[name]);
    const facts = inspectStyle(xml, BUILTIN_STYLE_FILES[name]);
    style = toStyle(name, `citemark-${name}`, xml, facts);
    builtinCache.set(name, style);
  }
  return style;
}

/**
 * NLM's Citing Medicine, which Vancouver follows, abbreviates every month to
 * three letters; current CSL English locales follow CMOS 18 instead ("June",
 * "July", "Sept."). A style-level `<locale>` restores NLM's forms, the
 * standard CSL way to override a locale term, without editing the file.
 */
const NLM_MONTH_TERMS = '<term name="month-06" form="short">Jun</term><term name="month-07" form="short">Jul</term><term name="month-09" form="short">Sep</term>';

function amendBuiltin(name: BuiltinStyleName, xml: string): string {
  if (name !== 'vancouver') return xml;
  const english = xml.indexOf('<locale xml:lang="en">');
  const terms = english === -1 ? -1 : xml.indexOf('<terms>', english);
  if (terms === -1) return xml.replace('</info>', `</info><locale xml:lang="en"><terms>${NLM_MONTH_TERMS}</terms></locale>`);
  const at = terms + '<terms>'.length;
  return xml.slice(0, at) + NLM_MONTH_TERMS + xml.slice(at);
}

/**
 * Checks a user's CSL style and returns it ready for the engine. Throws
 * `CslStyleError` naming the file, the place and what to do when the file is
 * too big, is not well-formed XML, declares a DOCTYPE or entities, is not a
 * CSL `<style>` with a `version`, or is a dependent style with no
 * `<citation>` of its own.
 */
export function userStyle(xml: string, source = 'style.csl'): CslStyle {
  const facts = inspectStyle(xml, source);
  const digest = createHash('sha256').update(xml).digest('hex').slice(0, 16);
  return toStyle(`user:${source}`, `citemark-user-${digest}`, facts.canonical, facts);
}

export function resolveStyle(input: StyleInput): CslStyle {
  if (typeof input === 'string') {
    const builtin = builtinStyleNamed(input);
    if (!builtin) throw new UsageError(unknownStyleMessage(input));
    return builtinStyle(builtin);
  }
  if ('registryName' in input) return input;
  return userStyle(input.xml, input.source);
}

function toStyle(key: string, registryName: string, xml: string, facts: StyleFacts): CslStyle {
  return {
    key,
    registryName,
    title: facts.title,
    xml,
    numeric: facts.numeric,
    entriesCacheable: facts.hasBibliography && !facts.numeric && !facts.subsequentAuthorSubstitute,
    numberedEntriesCacheable: facts.hasBibliography && facts.numeric && !facts.subsequentAuthorSubstitute && facts.numberInMarginOnly,
    positionDependent: facts.positionDependent,
  };
}

/** Reads the facts citemark needs from a style, validating it on the way. */
function inspectStyle(xml: string, source: string): StyleFacts {
  const bytes = Buffer.byteLength(xml, 'utf8');
  if (bytes > MAX_STYLE_BYTES) {
    throw new CslStyleError(
      `Style \`${source}\` is ${(bytes / 1024).toFixed(0)} KiB, over the ${MAX_STYLE_BYTES / 1024} KiB limit for a CSL style; check that it is the right file.`,
      source,
    );
  }
  const parser = new SaxesParser({ xmlns: true, position: true });
  const fail = (what: string): never => {
    throw new CslStyleError(`Style \`${source}\` ${what} (line ${parser.line}, column ${parser.column}).`, source, parser.line, parser.column);
  };
  const path: string[] = [];
  const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>\n'];
  let root: { local: string; uri: string; version: string | undefined } | undefined;
  let title = '';
  let inTitle = false;
  let numeric = false;
  let hasCitation = false;
  let hasCitationLayout = false;
  let hasBibliography = false;
  let subsequentAuthorSubstitute = false;
  let positionDependent = false;
  // Where `citation-number` is used outside `<citation>`, and the shape of the bibliography around it.
  let numberUsesOutsideCitation = 0;
  let numberFirstInLayout = false;
  let bibliographyLayoutChildren = 0;
  let bibliographySorted = false;
  let secondFieldAlign = false;

  parser.on('doctype', () => fail('declares a DOCTYPE; CSL styles must not, because entity definitions are not accepted. Remove the `<!DOCTYPE …>` line'));
  parser.on('error', (error) => fail(`is not well-formed XML: ${error.message.replace(/^[^:]*:\d+:\d+: /, '')}`));
  parser.on('opentag', (tag) => {
    const attr = (name: string): string | undefined => tag.attributes[name]?.value;
    if (attr('position') !== undefined || attr('near-note-distance') !== undefined) positionDependent = true;
    if (path.length === 0) {
      if (attr('class') === 'note') positionDependent = true;
      root = { local: tag.local, uri: tag.uri, version: attr('version') };
      if (tag.local !== 'style' || tag.uri !== CSL_NAMESPACE) {
        fail(`has root element \`<${tag.name}>\` in namespace \`${tag.uri || '(none)'}\`; a CSL style is a \`<style>\` in \`${CSL_NAMESPACE}\``);
      }
      const version = attr('version');
      if (!version || !/^1\.\d/.test(version)) {
        fail(`has ${version ? `\`version="${version}"\`` : 'no `version`'} on \`<style>\`; citemark reads CSL 1.0 styles (\`version="1.0"\`)`);
      }
    }
    const parent = path[path.length - 1];
    if (tag.local === 'title' && parent === 'info' && title === '') inTitle = true;
    if (tag.local === 'category' && attr('citation-format') === 'numeric') numeric = true;
    if (tag.local === 'citation' && parent === 'style') hasCitation = true;
    if (tag.local === 'layout' && parent === 'citation') hasCitationLayout = true;
    if (tag.local === 'bibliography' && parent === 'style') {
      hasBibliography = true;
      if (attr('subsequent-author-substitute') !== undefined) subsequentAuthorSubstitute = true;
      if (attr('second-field-align') !== undefined) secondFieldAlign = true;
    }
    // The top-level element this tag is in (or is): `citation`, `bibliography`, `macro`, `locale`, `info`.
    const area = path.length === 1 ? tag.local : path[1];
    const inBibliography = area === 'bibliography' && path.length > 1;
    if (inBibliography && tag.local === 'sort') bibliographySorted = true;
    const firstInBibliographyLayout = inBibliography && path.length === 3 && parent === 'layout' && bibliographyLayoutChildren++ === 0;
    const usesNumber = Object.values(tag.attributes).some((a) => a.value.split(/\s+/).includes('citation-number'));
    if (usesNumber && area !== 'citation') {
      numberUsesOutsideCitation++;
      if (firstInBibliographyLayout && (tag.local === 'text' || tag.local === 'number') && attr('variable') === 'citation-number') numberFirstInLayout = true;
    }
    if (attr('variable')?.split(/\s+/).includes('citation-number')) numeric = true;
    if (!tag.isSelfClosing) path.push(tag.local);
    out.push(`<${tag.name}`);
    for (const attribute of Object.values(tag.attributes)) out.push(` ${attribute.name}="${escapeXml(attribute.value, true)}"`);
    out.push(tag.isSelfClosing ? '/>' : '>');
  });
  parser.on('text', (text) => {
    if (inTitle) title += text;
    out.push(escapeXml(text, false));
  });
  parser.on('cdata', (text) => out.push(escapeXml(text, false)));
  parser.on('closetag', (tag) => {
    if (tag.local === 'title') inTitle = false;
    if (!tag.isSelfClosing) {
      path.pop();
      out.push(`</${tag.name}>`);
    }
  });
  parser.write(xml).close();

  if (!root) fail('is empty or has no root element; a CSL style is a `<style>` element');
  if (!hasCitation || !hasCitationLayout) {
    throw new CslStyleError(
      `Style \`${source}\` has no \`<citation>\` with a \`<layout>\`; it may be a dependent style, which only points at its parent. Use the parent style's file instead.`,
      source,
    );
  }
  const numberInMarginOnly = secondFieldAlign && !bibliographySorted && numberFirstInLayout && numberUsesOutsideCitation === 1;
  return { title: title.trim() || source, numeric, hasBibliography, subsequentAuthorSubstitute, positionDependent, numberInMarginOnly, canonical: out.join('') };
}

function escapeXml(text: string, attribute: boolean): string {
  let out = text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  if (attribute) out = out.replaceAll('"', '&quot;').replaceAll('\n', '&#10;').replaceAll('\r', '&#13;').replaceAll('\t', '&#9;');
  return out;
}
