/**
 * citeproc-js engines, obtained through citation-js's CSL plugin
 * (`@csl` config: its `engine` helper and its style and locale registers),
 * typed as far as citemark drives them.
 *
 * Why not `Cite#format('bibliography')`: that path builds a `Cite` object and
 * re-registers every item per call (~4 ms an APA entry); driving the plugin's
 * cached `CSL.Engine` directly lets one article's citations, disambiguation
 * and bibliography come out of one engine run.
 */
import { citeprocNamespace, cslEngineHelper, cslLocales, cslStyles, patchCiteprocCasing, type CslRegister } from './citation-js.js';

/** An item as handed to citeproc: CSL-JSON plus `system_id`, which citeproc passes back to `wrapCitationEntry`. */
export interface CiteprocItem {
  id: string;
  system_id: string;
  [field: string]: unknown;
}

/** One cite inside a citeproc citation cluster. */
export interface CiteprocCiteItem {
  id: string;
  locator?: string;
  label?: string;
  prefix?: string;
  suffix?: string;
  'suppress-author'?: boolean;
  'author-only'?: boolean;
}

export interface CiteprocCitation {
  citationID: string;
  citationItems: CiteprocCiteItem[];
  properties: { noteIndex: number; mode?: 'composite' | 'author-only' | 'suppress-author' };
}

export interface CiteprocBibliographyMeta {
  entry_ids: string[][];
  bibstart: string;
  bibend: string;
  hangingindent?: boolean;
  'second-field-align'?: string | false;
  maxoffset: number;
  linespacing: number;
  entryspacing: number;
  bibliography_errors: unknown[];
}

export interface CiteprocRegistryEntry {
  seq: number;
  disambig?: { year_suffix?: number | false; names?: number[]; givens?: unknown[] };
}

/** The slice of citeproc-js's `CSL.Engine` citemark uses. */
export interface CiteprocEngine {
  opt: {
    xclass: string;
    development_extensions: Record<string, boolean>;
  };
  sys: {
    wrapCitationEntry?: (text: string, itemId: string | undefined, locator: string, suffix: string) => string;
  };
  citation: { opt: { layout_prefix: string; layout_suffix: string } };
  fun: { flipflopper: { processTags(blob: { blobs: unknown }): void } };
  tmp: { taintedItemIDs: Record<string, boolean> };
  registry: {
    registry: Record<string, CiteprocRegistryEntry | undefined>;
    reflist: { id: string }[];
    getSortedIds(): string[];
  };
  updateItems(ids: string[]): string[];
  makeCitationCluster(items: CiteprocCiteItem[]): string;
  rebuildProcessorState(citations: CiteprocCitation[], format: string, uncited: string[]): [string, number, string][];
  makeBibliography(section?: { include?: { field: string; value: string }[] }): [CiteprocBibliographyMeta, string[]] | false;
  getTerm(term: string, form?: string, plural?: number): string;
}

/** citation-js's style register; styles are added under a citemark name before an engine is built. */
export function styleRegister(): CslRegister {
  return cslStyles();
}

export function localeRegister(): CslRegister {
  return cslLocales();
}

/**
 * The cached engine for a style and locale, emptied of any previous article's
 * items and set to HTML output with DOIs and URLs as links. `items` are the
 * only works the engine can see; citing any other id throws.
 *
 * citeproc notes the ids of items whose names turned out ambiguous
 * (`tmp.taintedItemIDs`) and empties that list only in
 * `processCitationCluster`, which citemark does not call: left alone it
 * would grow with every article and be walked on every update (quadratic in
 * the number of articles), and would carry one article's ids into the next.
 * It is emptied here, with the items it was about.
 */
export function engineFor(styleName: string, locale: string, items: CiteprocItem[]): CiteprocEngine {
  patchCiteprocCasing();
  patchCiteprocHotPaths();
  const engine = cslEngineHelper<CiteprocItem, CiteprocEngine>()(items, styleName, locale, 'html');
  engine.opt.development_extensions.wrap_url_and_doi = true;
  engine.opt.development_extensions.apply_citation_wrapper = false;
  engine.sys.wrapCitationEntry = undefined;
  engine.tmp.taintedItemIDs = {};
  skipPlainTextMarkup(engine);
  return engine;
}

/*
 * The patches below make citeproc's busiest small functions cheaper without
 * changing what any of them returns or leaves behind: each either takes a
 * shortcut only where the original provably does nothing (a text with none
 * of the characters its patterns look for) or computes the same value
 * another way. Each was checked against the original it replaces
 * (tests/format/citeproc-patches.test.ts).
 */

interface CiteprocState {
  tmp: { lang_array?: unknown; jump?: CiteprocStack };
  opt: Record<string, unknown>;
}

type StringCompare = (a: string, b: string) => number;

interface CiteprocStack {
  replace(value: string): void;
}

interface CiteprocToken {
  next: unknown;
  succeed?: unknown;
  fail?: unknown;
  test?: (item: unknown, cite: unknown) => unknown;
  execs: ((this: CiteprocToken, state: CiteprocState, item: unknown, cite: unknown) => unknown)[];
}

interface CiteprocHotPaths {
  tokenExec(this: CiteprocState, token: CiteprocToken, item: unknown, cite: unknown): unknown;
  getSortCompare(this: CiteprocState, defaultLocale?: unknown): StringCompare;
  stringCompare?: StringCompare;
  toLocaleLowerCase(this: CiteprocState, text: string): string;
  SUPERSCRIPTS_REGEXP: RegExp;
  Stack: { prototype: { value(this: { mystack: unknown[] }): unknown } };
  XmlJSON: { prototype: { getNodesByName(this: unknown, node: unknown, name: string, nameAttribute?: unknown, found?: unknown[]): unknown[] } };
  Output: { Formats: { html: { text_escape(text: unknown): string } } };
  Util: { Names: { initializeWith(state: CiteprocState, name: unknown, terminator?: unknown, normalizeOnly?: unknown): string } };
}

let hotPathsPatched = false;

function patchCiteprocHotPaths(): void {
  if (hotPathsPatched) return;
  hotPathsPatched = true;
  const csl = citeprocNamespace() as CiteprocHotPaths;
  patchTokenExec(csl);
  patchTextEscape(csl);
  patchSortCompare(csl);
  patchInitializeWith(csl);
  patchMacroLookup(csl);
  patchStackTop(csl);
}

/**
 * citeproc's stacks (output levels, formats, group flags) answer "the top
 * value" with `mystack.slice(-1)[0]`, copying the last element into a new
 * array on each of the many calls per rendered node; reading the last
 * element gives the same value (`undefined` for an empty stack).
 */
function patchStackTop(csl: CiteprocHotPaths): void {
  csl.Stack.prototype.value = function value(this: { mystack: unknown[] }) {
    const stack = this.mystack;
    return stack[stack.length - 1];
  };
}

/** Each style's macros by name, as its XML tree has them (by the tree's root). */
const macrosByRoot = new WeakMap<object, Map<string, unknown[]>>();

/**
 * Building an engine compiles every reference to a macro in place, and each
 * reference looks the macro up by walking the whole style tree
 * (`getNodesByName(root, 'macro', name)`): about half of building APA's
 * engine, which every worker thread does once. The tree is complete before
 * the build starts and the build adds no macros, so each name is looked up
 * once and later references get a copy of the same list.
 */
function patchMacroLookup(csl: CiteprocHotPaths): void {
  const xml = csl.XmlJSON.prototype;
  const original = xml.getNodesByName;
  xml.getNodesByName = function getNodesByName(node, name, nameAttribute, found) {
    if (name !== 'macro' || typeof nameAttribute !== 'string' || found !== undefined || node === null || typeof node !== 'object') {
      return original.call(this, node, name, nameAttribute, found);
    }
    let macros = macrosByRoot.get(node);
    if (!macros) macrosByRoot.set(node, (macros = new Map()));
    let nodes = macros.get(nameAttribute);
    if (!nodes) macros.set(nameAttribute, (nodes = original.call(this, node, name, nameAttribute)));
    return nodes.slice();
  };
}

/**
 * citeproc runs every node of a style through `tokenExec` (tens of
 * thousands per article), which makes a closure on each call only to note
 * the branch a test took; this is the same function with that closure
 * written out, so each node allocates nothing.
 */
function patchTokenExec(csl: CiteprocHotPaths): void {
  csl.tokenExec = function tokenExec(this: CiteprocState, token, item, cite) {
    let next = token.next;
    if (token.test) {
      if (token.test(item, cite)) {
        (this.tmp.jump as CiteprocStack).replace('succeed');
        next = token.succeed;
      } else {
        (this.tmp.jump as CiteprocStack).replace('fail');
        next = token.fail;
      }
    }
    const execs = token.execs;
    for (let i = 0; i < execs.length; i++) {
      const maybeNext = (execs[i] as CiteprocToken['execs'][number]).call(token, this, item, cite);
      if (maybeNext) next = maybeNext;
    }
    return next;
  };
}

/**
 * The HTML escape citeproc applies to every piece of output: five
 * replacements in a row (`&`, `<`, `>`, a double space, superscript
 * characters), each a copy of the text. A text in which none of them finds
 * anything comes back unchanged, so one search for all of them decides.
 */
function patchTextEscape(csl: CiteprocHotPaths): void {
  const html = csl.Output.Formats.html;
  const original = html.text_escape;
  const anyEscaped = new RegExp(`[&<>]|\\s\\s|${csl.SUPERSCRIPTS_REGEXP.source}`);
  html.text_escape = function textEscape(text) {
    if (!text) return '';
    if (typeof text === 'string' && !anyEscaped.test(text)) return text;
    return original.call(this, text);
  };
}

/** citeproc's options for comparing sort keys (`getSortCompare`). */
const SORT_COLLATION: Intl.CollatorOptions = { sensitivity: 'base', ignorePunctuation: true, numeric: true };

/**
 * citeproc compares sort keys with `a.localeCompare(b, locale, options)`,
 * which builds an ICU collator on every call. `localeCompare` is specified
 * as comparing with `new Intl.Collator(locale, options)`, so one collator
 * per engine orders the same. The rest is citeproc's `getSortCompare` as it
 * is: keys lower-cased as the engine lower-cases them, leading brackets and
 * quotes stripped first unless the collator already ignores them.
 */
function patchSortCompare(csl: CiteprocHotPaths): void {
  const original = csl.getSortCompare;
  csl.getSortCompare = function getSortCompare(this: CiteprocState, defaultLocale) {
    if (csl.stringCompare) return csl.stringCompare;
    let collator: Intl.Collator;
    try {
      collator = new Intl.Collator((defaultLocale || 'en-US') as string | string[], SORT_COLLATION);
    } catch {
      return original.call(this, defaultLocale);
    }
    const state = this;
    const strcmp: StringCompare = (a, b) => collator.compare(csl.toLocaleLowerCase.call(state, a), csl.toLocaleLowerCase.call(state, b));
    if (!strcmp('[x', 'x')) return strcmp;
    const stripPunctuation = (text: string): string => text.replace(/^[[\]'"]*/g, '');
    return (a, b) => strcmp(stripPunctuation(a), stripPunctuation(b));
  };
}

/** Initialised given names by name, terminator, mode and hyphen option; cleared when it grows past {@link MAX_INITIALIZED}. */
const initialized = new Map<string, string>();
const MAX_INITIALIZED = 100_000;
/** As `patchCiteprocCasing` (citation-js.ts): the languages lower-cased by their own rules. */
const SPECIAL_CASING_LANGUAGE = /^(tr|az|lt)(?:[-_]|$)/i;

/**
 * `initializeWith` turns a given name into initials (or normalises them)
 * every time a name is registered, evaluated or printed, several times per
 * name per cite. Its result depends only on its arguments, the engine's
 * `initialize-with-hyphen` option and, through lower-casing, on the item's
 * languages when one has special casing rules; outside those it is kept.
 */
function patchInitializeWith(csl: CiteprocHotPaths): void {
  const names = csl.Util.Names;
  const original = names.initializeWith;
  names.initializeWith = function initializeWith(state, name, terminator, normalizeOnly) {
    const langs = state?.tmp?.lang_array;
    if (
      typeof name !== 'string' ||
      (terminator !== undefined && typeof terminator !== 'string') ||
      (Array.isArray(langs) && langs.some((lang) => typeof lang === 'string' && SPECIAL_CASING_LANGUAGE.test(lang)))
    ) {
      return original.call(this, state, name, terminator, normalizeOnly);
    }
    const ending = terminator ?? '';
    const key = `${state.opt['initialize-with-hyphen'] === false ? 0 : 1}${normalizeOnly ? 1 : 0}${ending.length}:${ending}${name}`;
    let value = initialized.get(key);
    if (value === undefined) {
      value = original.call(this, state, name, terminator, normalizeOnly);
      if (initialized.size >= MAX_INITIALIZED) initialized.clear();
      initialized.set(key, value);
    }
    return value;
  };
}

const markupSkipped = new WeakSet<object>();

/**
 * citeproc passes every piece of output through its inline markup parser
 * (`processTags`), which looks for tags (`<i>`, `<span class="nocase">`, …)
 * and quotation marks to nest and flip. It finds none in most pieces
 * (names, numbers, dates) and then leaves the piece as it was, having built
 * a pattern and split the text to find out. Every tag and quote it knows
 * has a `<`, a straight quote or one of the locale's quotation marks, and
 * it reads a `’` between letters as a quote, so a text with none of those
 * characters goes past it unchanged.
 */
function skipPlainTextMarkup(engine: CiteprocEngine): void {
  const flipflopper = engine.fun.flipflopper;
  if (markupSkipped.has(flipflopper)) return;
  markupSkipped.add(flipflopper);
  const characters = new Set(['<', '"', "'", '\u2019']);
  for (const term of ['open-quote', 'close-quote', 'open-inner-quote', 'close-inner-quote']) {
    const text: unknown = engine.getTerm(term);
    if (typeof text === 'string') for (const character of text) characters.add(character);
  }
  const markupOrQuote = new RegExp(`[${[...characters].map((c) => c.replace(/[\\\]^-]/g, '\\$&')).join('')}]`, 'u');
  const original = flipflopper.processTags;
  flipflopper.processTags = function processTags(blob) {
    const text = blob.blobs;
    if (typeof text === 'string' && !markupOrQuote.test(text)) return;
    original.call(this, blob);
  };
}

/*
 * A lone item's disambiguation, settled without rendering its cite again.
 *
 * When an article's works are registered (`updateItems`), citeproc renders
 * each new item's short cite once to group it with any it could be confused
 * with (`doinserts`: the "ambiguous cite"), and then, for every group, again
 * (`Disambiguation.run`). For a group of one item that second rendering has
 * a single lasting effect: the item's given-name settings are evaluated
 * again against the name register, which by then holds every name of the
 * article (a cited author who shares a family name makes initials appear).
 * Rendering costs about as much as registering the item did.
 *
 * Both renderings go through the same names with the same name nodes: the
 * item, its name lists (cut to the same length: the second is told the
 * length the first arrived at) and the style are the same. So the first
 * rendering notes, for each name list, the names and the name node's form
 * and initials options (`_runDisambigNames`), and the second is replaced by
 * what it does with them: each name with a given name is evaluated again
 * (`evalname`, as citeproc's code for a second rendering calls it) and the
 * result stored in the item's settings, which are then copied, as
 * `getCiteData` copies them. Re-registering the names, which the second
 * rendering also does, changes nothing the first did not.
 *
 * Anything outside that shape renders as citeproc would: groups of more
 * than one item, the `by-cite` rule (the evaluation depends on a running
 * request there), `et-al-use-last` (the second rendering would cut the list
 * differently), institutional names, a list cut to nothing, an item whose
 * settings changed after it was registered, or one not registered in this
 * update.
 */

interface NameObject {
  given?: unknown;
  family?: unknown;
}

interface NameNode {
  strings: Record<string, unknown>;
}

interface AmbigSettings {
  names: unknown[];
  givens: unknown[];
  use_initials?: boolean;
}

interface RegistryToken {
  ref?: unknown;
  ambig?: unknown;
  disambig?: AmbigSettings;
}

interface DisambiguationState {
  tmp: Record<string, unknown>;
  opt: Record<string, unknown> & { lang?: unknown };
  citation: { opt: Record<string, unknown> };
  registry: {
    registry: Record<string, RegistryToken | undefined>;
    namereg: { evalname(id: string, name: NameObject, namenum: number, requestBase: unknown, form: unknown, initials: unknown): unknown };
  };
  nameOutput: unknown;
  refetchItem(id: string): unknown;
  inheritOpt(node: NameNode, ...names: string[]): unknown;
}

interface CiteprocItemCopy {
  id: unknown;
  language?: unknown;
}

interface NameOutputLike {
  state: DisambiguationState;
  Item: unknown;
  name: NameNode;
  etal_use_last?: unknown;
  variables: string[];
  institutions: Record<string, unknown[] | undefined>;
}

interface DisambiguationLike {
  state: DisambiguationState;
  modes: unknown[];
  ambigcites: Record<string, string[] | undefined>;
}

interface RegistryLike {
  state: DisambiguationState;
  registry: Record<string, RegistryToken | undefined>;
}

interface CiteprocDisambiguation {
  getAmbiguousCite(this: DisambiguationState, item: CiteprocItemCopy, disambig?: unknown, visualForm?: unknown, cite?: unknown): string;
  NameOutput: {
    new (state: DisambiguationState, item: unknown, cite: unknown): unknown;
    prototype: {
      _runDisambigNames(this: NameOutputLike, names: NameObject[], pos: number): unknown;
      _imposeNameConstraints(this: NameOutputLike, lists: unknown, count: unknown, key: unknown, pos: number): unknown;
      disambigNames(this: NameOutputLike): unknown;
    };
  };
  Disambiguation: { prototype: { run(this: DisambiguationLike, akey: string): unknown } };
  Registry: { prototype: { registerAmbigToken(this: RegistryLike, akey: string, id: string, config: unknown): unknown } };
  POSITION_SUBSEQUENT: unknown;
}

/** One name list the first rendering evaluated: its place among the cite's name lists, its names, its node's options. */
interface NameListSeen {
  pos: number;
  names: NameObject[];
  form: unknown;
  initials: unknown;
  initialize: unknown;
}

/** What the first rendering of a new item saw, and the settings the item was registered with. */
interface FirstRendering {
  state: DisambiguationState;
  /** citeproc's per-update record of loaded items: the recording holds for this update only. */
  update: unknown;
  item: object;
  lists: NameListSeen[];
  usable: boolean;
  akey?: string;
  settings?: AmbigSettings;
  settingsKey?: string;
}

const lonesSettled = new WeakSet<object>();
/** By the item copy citeproc rendered (one per item and update). */
const firstRenderings = new WeakMap<object, FirstRendering>();
/** The first rendering under way, and the one whose registration comes next. */
let rendering: FirstRendering | undefined;
let awaitingRegistration: FirstRendering | undefined;
let disambiguationPatched = false;

/** Turns the shortcut on or off for an engine (styles whose cites do not depend on their place in the article). */
export function settleLoneItemsDirectly(engine: CiteprocEngine, on: boolean): void {
  patchDisambiguation();
  if (on) lonesSettled.add(engine);
  else lonesSettled.delete(engine);
}

function patchDisambiguation(): void {
  if (disambiguationPatched) return;
  disambiguationPatched = true;
  const csl = citeprocNamespace() as CiteprocDisambiguation;

  const getAmbiguousCite = csl.getAmbiguousCite;
  csl.getAmbiguousCite = function recordingAmbiguousCite(this: DisambiguationState, item, disambig, visualForm, cite) {
    awaitingRegistration = undefined;
    const isFirst =
      lonesSettled.has(this) && rendering === undefined && !disambig && !visualForm && cite === undefined && item !== null && typeof item === 'object' && !this.registry.registry[String(item.id)];
    if (!isFirst) return getAmbiguousCite.call(this, item, disambig, visualForm, cite);
    const seen: FirstRendering = { state: this, update: this.tmp.loadedItemIDs, item, lists: [], usable: true };
    rendering = seen;
    try {
      return getAmbiguousCite.call(this, item, disambig, visualForm, cite);
    } finally {
      rendering = undefined;
      if (seen.usable) awaitingRegistration = seen;
    }
  };

  const registerAmbigToken = csl.Registry.prototype.registerAmbigToken;
  csl.Registry.prototype.registerAmbigToken = function recordingRegistration(this: RegistryLike, akey, id, config) {
    const result = registerAmbigToken.call(this, akey, id, config);
    const seen = awaitingRegistration;
    awaitingRegistration = undefined;
    const token = this.registry[id];
    const item = token?.ref;
    if (item !== null && typeof item === 'object') {
      if (seen && seen.item === item && seen.state === this.state && token?.disambig) {
        seen.akey = akey;
        seen.settings = token.disambig;
        seen.settingsKey = settingsKey(token.disambig);
        firstRenderings.set(item, seen);
      } else {
        firstRenderings.delete(item);
      }
    }
    return result;
  };

  const nameOutput = csl.NameOutput.prototype;
  const runDisambigNames = nameOutput._runDisambigNames;
  nameOutput._runDisambigNames = function recordingNames(this: NameOutputLike, names, pos) {
    const seen = rendering;
    if (seen && seen.state === this.state && seen.item === this.Item) {
      if (this.state.tmp.sort_key_flag || this.state.tmp.disambig_request || !Array.isArray(names)) seen.usable = false;
      else {
        seen.lists.push({
          pos,
          names: names.slice(),
          form: this.state.inheritOpt(this.name, 'form', 'name-form', 'long'),
          initials: this.state.inheritOpt(this.name, 'initialize-with'),
          initialize: this.name.strings.initialize,
        });
      }
    }
    return runDisambigNames.call(this, names, pos);
  };

  const imposeNameConstraints = nameOutput._imposeNameConstraints;
  nameOutput._imposeNameConstraints = function recordingConstraints(this: NameOutputLike, lists, count, key, pos) {
    const result = imposeNameConstraints.call(this, lists, count, key, pos);
    const seen = rendering;
    if (seen && seen.state === this.state && seen.item === this.Item) {
      const settings = this.state.tmp.disambig_settings as AmbigSettings | undefined;
      if (this.etal_use_last || !settings || !settings.names[pos]) seen.usable = false;
    }
    return result;
  };

  const disambigNames = nameOutput.disambigNames;
  nameOutput.disambigNames = function recordingInstitutions(this: NameOutputLike) {
    const seen = rendering;
    if (seen && seen.state === this.state && seen.item === this.Item) {
      for (const variable of this.variables) if (this.institutions[variable]?.length) seen.usable = false;
    }
    return disambigNames.call(this);
  };

  const run = csl.Disambiguation.prototype.run;
  csl.Disambiguation.prototype.run = function settleLoneItem(this: DisambiguationLike, akey) {
    const state = this.state;
    const ids = this.ambigcites[akey];
    if (!lonesSettled.has(state) || this.modes.length === 0 || ids?.length !== 1) return run.call(this, akey);
    const id = String(ids[0]);
    const token = state.registry.registry[id];
    const item = state.refetchItem(id);
    const seen = item !== null && typeof item === 'object' ? firstRenderings.get(item) : undefined;
    const settings = token?.disambig;
    if (
      !seen ||
      !settings ||
      seen.state !== state ||
      seen.update !== state.tmp.loadedItemIDs ||
      token.ref !== item ||
      token.ambig !== akey ||
      seen.akey !== akey ||
      seen.settings !== settings ||
      seen.settingsKey !== settingsKey(settings) ||
      state.citation.opt['givenname-disambiguation-rule'] === 'by-cite' ||
      !settledDirectly(csl, state, id, item as CiteprocItemCopy, seen, settings)
    ) {
      return run.call(this, akey);
    }
    firstRenderings.delete(item as object);
    return undefined;
  };
}

/**
 * Does what rendering the item's cite again would do to its settings, or
 * nothing (false) when the settings lack a value that rendering would find
 * missing and fill in another way.
 */
function settledDirectly(csl: CiteprocDisambiguation, state: DisambiguationState, id: string, item: CiteprocItemCopy, seen: FirstRendering, settings: AmbigSettings): boolean {
  if (!Array.isArray(settings.givens)) return false;
  // Rendering again copies each list of given-name settings, and fails where one is missing.
  for (let pos = 0; pos < settings.givens.length; pos++) if (!Array.isArray(settings.givens[pos])) return false;
  for (const list of seen.lists) {
    const givens = settings.givens[list.pos] as unknown[] | undefined;
    if (!givens) return false;
    for (let i = 0; i < list.names.length; i++) {
      const name = list.names[i];
      if (name && (name.given || name.family) && givens[i] === undefined) return false;
    }
  }
  // What citeproc's `citeStart` and `getCite` set up for the cite: the area, the item's languages, its name renderer.
  state.tmp.area = 'citation';
  state.tmp.root = 'citation';
  const languages: unknown[] = [];
  const language = typeof item.language === 'string' ? /^([a-zA-Z]+)/.exec(item.language) : null;
  if (language?.[1]) languages.push(language[1].toLowerCase());
  languages.push(state.opt.lang);
  state.tmp.lang_array = languages;
  state.nameOutput = new csl.NameOutput(state, item, { position: csl.POSITION_SUBSEQUENT, 'near-note': true });

  const addGivenName = state.opt['disambiguate-add-givenname'];
  const register = state.registry.namereg;
  for (const list of seen.lists) {
    const givens = settings.givens[list.pos] as unknown[];
    for (let i = 0; i < list.names.length; i++) {
      const name = list.names[i];
      if (!name || (!name.given && !name.family)) continue;
      let level = givens[i];
      if (addGivenName && name.given) level = register.evalname(id, name, i, level, list.form, list.initials);
      givens[i] = level;
      if (typeof list.initials === 'string' && (list.initialize === undefined || list.initialize === true)) settings.use_initials = true;
    }
  }
  settings.givens = settings.givens.map((givens) => (givens as unknown[]).slice());
  // What the rendering leaves: its settings current, no request or pending restore.
  state.tmp.disambig_request = false;
  state.tmp.disambig_restore = false;
  state.tmp.disambig_settings = settings;
  return true;
}

/** A key for citeproc's settings objects that, unlike JSON, tells a hole from `undefined` from `null`. */
function settingsKey(value: unknown): string {
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += `${i > 0 ? ',' : ''}${i in value ? settingsKey(value[i]) : '_'}`;
    return `${out}]`;
  }
  if (value === undefined) return '~';
  if (value !== null && typeof value === 'object') {
    let out = '{';
    for (const [key, field] of Object.entries(value)) out += `${JSON.stringify(key)}:${settingsKey(field)},`;
    return `${out}}`;
  }
  return JSON.stringify(value) ?? '~';
}
