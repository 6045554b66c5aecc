/**
 * format/: CSL styles (the built-in ones in styles/, their names, loading a
 * style) and formatting citations and bibliographies through
 * adapters/citeproc/. An engine. May import: adapters/, bibliography/,
 * citations/, util/, document/errors.ts. Imported by: render/, document/
 * (style names, for the config), index.ts.
 *
 * Formats one article's citations and bibliography with a CSL style through
 * citation-js's CSL plugin (citeproc-js). The engine sees only the works the
 * article cites, so its cost follows the article, not the bibliography.
 */
import type { CslItem } from '../bibliography/schema.js';
import {
  engineFor,
  localeRegister,
  reuseSortKeys,
  settleLoneItemsDirectly,
  styleRegister,
  type CiteprocCitation,
  type CiteprocCiteItem,
  type CiteprocEngine,
  type CiteprocItem,
} from '../adapters/citeproc/index.js';
import type { CslStyle } from './csl-style.js';
import { parseLocator } from './locator.js';
import { escapeHtmlAsPandoc } from '../util/html.js';

export * from './csl-style.js';
export { parseLocator, type ParsedLocator } from './locator.js';

export const DEFAULT_LOCALE = 'en-US';

/** One work cited inside a cluster. */
export interface CiteInput {
  id: string;
  /** Text before the work, e.g. `see`. */
  prefix?: string;
  /** The locator as written, e.g. `pp. 33-35`; its term becomes the CSL label. */
  locator?: string;
  suffix?: string;
  suppressAuthor?: boolean;
}

/** One citation as it appears in the text: `[@a; @b]` (bracketed) or `@a [p. 3]` (in-text). */
export interface ClusterInput {
  cites: CiteInput[];
  inText: boolean;
  /** The number of the note the citation is in (or, for a note style, becomes); 0 in the text. */
  noteIndex?: number;
}

export interface ClusterOutput {
  /** The citation as citeproc's HTML (escaped text with `<i>`, `<b>`, `<sup>`, … markup). */
  html: string;
  /** The same with each cited work wrapped in `<a href="#ref-ID">`; set when links were asked for. */
  linkedHtml?: string;
}

export interface EntryOutput {
  id: string;
  /** The entry's inner HTML; numeric styles put the number in `<div class="csl-left-margin">`. */
  html: string;
}

export interface FormattedArticle {
  clusters: ClusterOutput[];
  /** The cited works in the style's order. */
  bibliography: EntryOutput[];
  hangingIndent: boolean;
  secondFieldAlign: boolean;
}

export interface FormatOptions {
  /** Also produce `linkedHtml` for every cluster. */
  links?: boolean;
}

export interface ResolvedLocale {
  locale: string;
  /** Set when the asked-for locale is not available and another was used. */
  warning?: string;
}

/** Maps a front-matter `lang` to a locale citeproc has: exact, then same language, else `en-US`. */
export function resolveLocale(lang: string | undefined): ResolvedLocale {
  if (!lang) return { locale: DEFAULT_LOCALE };
  const register = localeRegister();
  const wanted = lang.replace('_', '-');
  const available = register.list();
  const exact = available.find((l) => l.toLowerCase() === wanted.toLowerCase());
  if (exact) return { locale: exact };
  const language = wanted.split('-')[0]?.toLowerCase() ?? '';
  const sameLanguage = available.find((l) => l.split('-')[0]?.toLowerCase() === language);
  if (sameLanguage) return { locale: sameLanguage };
  return {
    locale: DEFAULT_LOCALE,
    warning: `No CSL locale for \`lang: ${lang}\`; formatted with \`${DEFAULT_LOCALE}\`. Available: ${available.map((l) => `\`${l}\``).join(', ')}.`,
  };
}

/** Registers the style with citation-js once (the register is process-wide). */
function ensureRegistered(style: CslStyle): void {
  const register = styleRegister();
  if (!register.has(style.registryName)) register.add(style.registryName, style.xml);
}

const CITEMARK_FIELDS = new Set(['topics', 'evidence', 'retracted', 'custom']);
const prepared = new WeakMap<CslItem, CiteprocItem>();

/** The item as citeproc should see it: citemark's own fields removed, `system_id` added. Reused per item object. */
function toCiteprocItem(item: CslItem): CiteprocItem {
  let out = prepared.get(item);
  if (!out) {
    const copy: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(item)) if (!CITEMARK_FIELDS.has(field)) copy[field] = value;
    for (const field of QUOTABLE_FIELDS) {
      const value = copy[field];
      if (typeof value === 'string') copy[field] = straightenQuotes(value);
    }
    out = { ...copy, id: item.id, system_id: item.id };
    prepared.set(item, out);
  }
  return out;
}

const QUOTABLE_FIELDS = ['title', 'title-short', 'container-title', 'collection-title', 'original-title', 'reviewed-title'];

/**
 * Curly quotation marks in a title become straight double quotes, which
 * citeproc renders with the locale's quotes and flips when the title is
 * itself quoted (as pandoc does with quoted text). Apostrophes stay.
 */
export function straightenQuotes(text: string): string {
  return text
    .replace(/“([^“”]*)”/g, '"$1"')
    .replace(/(^|[^\p{L}\p{N}])‘([^‘’]+?)’(?![\p{L}\p{N}])/gu, '$1"$2"');
}

function toCiteItem(cite: CiteInput): CiteprocCiteItem {
  const out: CiteprocCiteItem = { id: cite.id };
  if (cite.prefix) out.prefix = cite.prefix;
  if (cite.suffix) out.suffix = cite.suffix;
  const locator = cite.locator ? parseLocator(cite.locator) : undefined;
  if (locator) {
    out.locator = locator.value;
    out.label = locator.label;
  }
  if (cite.suppressAuthor) out['suppress-author'] = true;
  return out;
}

/** The clusters as citeproc citations. In-text `@key` reads "Author (Year)": citeproc's composite mode. */
export function citeprocCitations(clusters: readonly ClusterInput[]): CiteprocCitation[] {
  return clusters.map((cluster, index) => {
    const citation: CiteprocCitation = {
      citationID: `c${index}`,
      citationItems: cluster.cites.map(toCiteItem),
      properties: { noteIndex: cluster.noteIndex ?? 0 },
    };
    if (cluster.inText && cluster.cites.length === 1 && !cluster.cites[0]?.suppressAuthor) citation.properties.mode = 'composite';
    return citation;
  });
}

/** The bibliography's layout as citeproc reports it, by style|locale (learnt from the first bibliography formatted). */
interface BibliographyLayout {
  hangingIndent: boolean;
  secondFieldAlign: boolean;
}
const layouts = new Map<string, BibliographyLayout>();

/**
 * Bibliography entries that do not depend on the rest of the article, by
 * style|locale: the entry (for numbered styles, its text beside the number)
 * by item object, then disambiguation state; and for numbered styles the
 * margin by citation number.
 */
interface EntryCache {
  entries: WeakMap<CiteprocItem, Map<string, string>>;
  margins: Map<number, string>;
}
const entryCaches = new Map<string, EntryCache>();

function entryCacheFor(cacheKey: string): EntryCache {
  let cache = entryCaches.get(cacheKey);
  if (!cache) entryCaches.set(cacheKey, (cache = { entries: new WeakMap(), margins: new Map() }));
  return cache;
}

/**
 * Cached bibliography entries as they travel between threads, so that a
 * worker need not format again what another has formatted: each entry by
 * style|locale, item id and disambiguation state; numbered styles' margins;
 * and each style's bibliography layout.
 */
export interface SharedEntries {
  entries: [cacheKey: string, id: string, state: string, text: string][];
  margins: [cacheKey: string, number: number, margin: string][];
  layouts: [cacheKey: string, hangingIndent: boolean, secondFieldAlign: boolean][];
}

function noSharedEntries(): SharedEntries {
  return { entries: [], margins: [], layouts: [] };
}

/** What this thread has added to its caches since the last call (when journaling is on). */
let journal: SharedEntries | undefined;

/** Starts (or stops) noting what this thread adds to its caches, for {@link takeSharedEntries}. */
export function journalSharedEntries(on: boolean): void {
  journal = on ? noSharedEntries() : undefined;
}

/** The cache additions noted since the last call. */
export function takeSharedEntries(): SharedEntries {
  const taken = journal ?? noSharedEntries();
  if (journal) journal = noSharedEntries();
  return taken;
}

/**
 * Adds another thread's cache additions to this thread's caches. `lookup`
 * finds the item an entry belongs to; it must be the same work this thread
 * formats under that id (the same bibliography).
 */
export function addSharedEntries(shared: SharedEntries, lookup: (id: string) => CslItem | undefined): void {
  for (const [cacheKey, id, state, text] of shared.entries) {
    const item = lookup(id);
    if (!item) continue;
    const cache = entryCacheFor(cacheKey);
    const citeprocItem = toCiteprocItem(item);
    let byState = cache.entries.get(citeprocItem);
    if (!byState) cache.entries.set(citeprocItem, (byState = new Map<string, string>()));
    if (!byState.has(state)) byState.set(state, text);
  }
  for (const [cacheKey, number, margin] of shared.margins) {
    const cache = entryCacheFor(cacheKey);
    if (!cache.margins.has(number)) cache.margins.set(number, margin);
  }
  for (const [cacheKey, hangingIndent, secondFieldAlign] of shared.layouts) {
    if (!layouts.has(cacheKey)) layouts.set(cacheKey, { hangingIndent, secondFieldAlign });
  }
}

/**
 * Formats an article's citation clusters, in document order, and its
 * bibliography. Every id a cluster names must be among `items`; the caller
 * drops unknown keys first.
 */
export function formatArticle(
  style: CslStyle,
  locale: string,
  items: readonly CslItem[],
  clusters: readonly ClusterInput[],
  options: FormatOptions = {},
): FormattedArticle {
  ensureRegistered(style);
  const citeprocItems = items.map(toCiteprocItem);
  const engine = engineFor(style.registryName, locale, citeprocItems);
  const independentCites = !style.numeric && !style.positionDependent;
  reuseSortKeys(engine, independentCites);
  settleLoneItemsDirectly(engine, independentCites);
  const byId = new Map(citeprocItems.map((item) => [item.id, item]));

  const citations = citeprocCitations(clusters);
  const outputs = formatClusters(engine, style, citations, clusters, byId, options.links === true);
  const bib = formatBibliography(engine, style, locale, byId);
  return { clusters: outputs, ...bib };
}

const NO_PRINTED_FORM = '[NO_PRINTED_FORM]';

/** Numeric styles print no names in a cite; an in-text `@key` still needs its subject: "Sdrulla et al. (5)". */
function fillInTextAuthor(
  engine: CiteprocEngine,
  html: string,
  cluster: ClusterInput | undefined,
  byId: Map<string, CiteprocItem>,
): string {
  if (!html.includes(NO_PRINTED_FORM)) return html;
  const item = cluster?.cites[0] ? byId.get(cluster.cites[0].id) : undefined;
  const names = item ? authorPhrase(engine, item) : '';
  if (names === '') return html.replace(`${NO_PRINTED_FORM} `, '').replace(NO_PRINTED_FORM, '');
  return html.replace(NO_PRINTED_FORM, escapeHtmlAsPandoc(names));
}

interface NameLike {
  family?: unknown;
  literal?: unknown;
  'non-dropping-particle'?: unknown;
}

function familyName(name: NameLike): string {
  if (typeof name.family === 'string') {
    const particle = name['non-dropping-particle'];
    return typeof particle === 'string' && particle !== '' ? `${particle} ${name.family}` : name.family;
  }
  return typeof name.literal === 'string' ? name.literal : '';
}

function authorPhrase(engine: CiteprocEngine, item: CiteprocItem): string {
  const creators = (Array.isArray(item.author) ? item.author : Array.isArray(item.editor) ? item.editor : []) as NameLike[];
  const names = creators.map(familyName).filter((n) => n !== '');
  if (names.length === 0) return typeof item.title === 'string' ? item.title : '';
  if (names.length === 1) return names[0] ?? '';
  if (names.length === 2) return `${names[0]} ${engine.getTerm('and') || 'and'} ${names[1]}`;
  return `${names[0]} ${engine.getTerm('et-al') || 'et al.'}`;
}

/**
 * The article's bibliography. Where the style lets an entry's text depend
 * only on its item and its disambiguation (no "———" for a repeated author;
 * for a numeric style, no number but the one in the margin), entries are
 * cached across articles by item object and disambiguation state, and
 * citeproc formats only the entries not seen yet; the order, and a numbered
 * entry's number, still come from this article's engine.
 */
function formatBibliography(
  engine: CiteprocEngine,
  style: CslStyle,
  locale: string,
  byId: Map<string, CiteprocItem>,
): Omit<FormattedArticle, 'clusters'> {
  const cacheKey = `${style.registryName}|${locale}`;
  const order = engine.registry.getSortedIds();
  const layout = layouts.get(cacheKey);
  const numbered = style.numberedEntriesCacheable === true;
  let cache: EntryCache | undefined;
  if (style.entriesCacheable || numbered) cache = entryCacheFor(cacheKey);

  const signature = (id: string): string => JSON.stringify(engine.registry.registry[id]?.disambig ?? null);
  const numberOf = (id: string): number | undefined => engine.registry.registry[id]?.seq;
  const cached = (id: string): string | undefined => {
    const item = byId.get(id);
    const text = item ? cache?.entries.get(item)?.get(signature(id)) : undefined;
    if (text === undefined || !numbered) return text;
    const number = numberOf(id);
    const margin = number === undefined ? undefined : cache?.margins.get(number);
    return margin === undefined ? undefined : margin + text;
  };
  const store = (id: string, html: string): void => {
    const item = byId.get(id);
    if (!cache || !item) return;
    let text = html;
    if (numbered) {
      const split = splitMargin(html);
      const number = numberOf(id);
      if (!split || number === undefined) return;
      const known = cache.margins.get(number);
      if (known !== undefined && known !== split.margin) return;
      if (known === undefined) {
        cache.margins.set(number, split.margin);
        journal?.margins.push([cacheKey, number, split.margin]);
      }
      text = split.text;
    }
    let byState = cache.entries.get(item);
    if (!byState) cache.entries.set(item, (byState = new Map<string, string>()));
    const state = signature(id);
    byState.set(state, text);
    journal?.entries.push([cacheKey, id, state, text]);
  };

  const known = new Map<string, string>();
  if (cache && layout) {
    for (const id of order) {
      const html = cached(id);
      if (html !== undefined) known.set(id, html);
    }
  }
  if (known.size < order.length) {
    const missing = order.filter((id) => !known.has(id));
    const section = known.size > 0 ? { include: missing.map((id) => ({ field: 'id', value: id })) } : undefined;
    const result = engine.makeBibliography(section);
    if (!result) return { bibliography: [], hangingIndent: false, secondFieldAlign: false };
    const [meta, entries] = result;
    meta.entry_ids.forEach((ids, index) => {
      const id = ids[0];
      const raw = entries[index];
      if (id === undefined || raw === undefined) return;
      const html = unwrapEntry(raw);
      known.set(id, html);
      store(id, html);
    });
    const found: BibliographyLayout = { hangingIndent: Boolean(meta.hangingindent), secondFieldAlign: Boolean(meta['second-field-align']) };
    if (!layout || layout.hangingIndent !== found.hangingIndent || layout.secondFieldAlign !== found.secondFieldAlign) {
      journal?.layouts.push([cacheKey, found.hangingIndent, found.secondFieldAlign]);
    }
    layouts.set(cacheKey, found);
  }
  // A work citeproc gives no entry (e.g. APA's personal communications) has none, cached or not.
  return {
    bibliography: order.filter((id) => known.has(id)).map((id) => ({ id, html: known.get(id) ?? '' })),
    ...(layouts.get(cacheKey) ?? { hangingIndent: false, secondFieldAlign: false }),
  };
}

const MARGIN_OPEN = '<div class="csl-left-margin">';
const RIGHT_INLINE_OPEN = '<div class="csl-right-inline">';
const DIV_CLOSE = '</div>';

/** A numbered entry as citeproc writes it with `second-field-align`: the margin `<div>` (the number) and the rest. */
function splitMargin(html: string): { margin: string; text: string } | undefined {
  if (!html.startsWith(MARGIN_OPEN)) return undefined;
  const end = html.indexOf(DIV_CLOSE, MARGIN_OPEN.length);
  if (end === -1) return undefined;
  const margin = html.slice(0, end + DIV_CLOSE.length);
  const text = html.slice(end + DIV_CLOSE.length);
  if (margin.includes('<div', MARGIN_OPEN.length) || !text.startsWith(RIGHT_INLINE_OPEN)) return undefined;
  return { margin, text };
}

/** citeproc wraps each entry in `<div class="csl-entry">…</div>`; the renderer adds its own wrapper with the id. */
function unwrapEntry(raw: string): string {
  const match = /^\s*<div class="csl-entry">([\s\S]*)<\/div>\s*$/.exec(raw);
  return (match ? match[1] ?? '' : raw).trim();
}

const OPEN = '\u0001';
const MID = '\u0002';
const CLOSE = '\u0003';

/**
 * Replaces each marked piece `OPEN id MID text CLOSE`, left to right, as
 * `/\u0001([^\u0002]*)\u0002([^\u0003]*)\u0003/g` would. A scan, since that
 * pattern reads the rest of the text again from every OPEN left unclosed.
 */
function replaceMarked(text: string, replace: (id: string, inner: string) => string): string {
  let out = '';
  let done = 0;
  for (let open = text.indexOf(OPEN); open !== -1; open = text.indexOf(OPEN, done)) {
    const mid = text.indexOf(MID, open + 1);
    // With no MID (or no CLOSE after the first MID) later, no later OPEN can be completed either.
    if (mid === -1) break;
    const close = text.indexOf(CLOSE, mid + 1);
    if (close === -1) break;
    out += text.slice(done, open) + replace(text.slice(open + 1, mid), text.slice(mid + 1, close));
    done = close + 1;
  }
  return out + text.slice(done);
}

/** Drops each `<…>` run, as `/<[^>]*>/g` would, by looking up the next `>` rather than rescanning from every `<`. */
function dropTags(text: string): string {
  let out = '';
  let done = 0;
  for (let open = text.indexOf('<'); open !== -1; open = text.indexOf('<', done)) {
    const close = text.indexOf('>', open + 1);
    if (close === -1) break;
    out += text.slice(done, open);
    done = close + 1;
  }
  return out + text.slice(done);
}

/**
 * Runs the article's citations through citeproc once, with its cite wrapper
 * on, so each cited work's piece of a cluster comes back marked with its id
 * (for links). In that mode citeproc leaves out the citation layout's
 * prefix and suffix, which belong just around the marked pieces, inside any
 * layout formatting; they are put back here. A cluster with no marked piece
 * is formatted again without the wrapper.
 */
function formatClusters(
  engine: CiteprocEngine,
  style: CslStyle,
  citations: CiteprocCitation[],
  clusters: readonly ClusterInput[],
  byId: Map<string, CiteprocItem>,
  links: boolean,
): ClusterOutput[] {
  if (citations.length === 0) return [];
  engine.opt.development_extensions.apply_citation_wrapper = true;
  engine.sys.wrapCitationEntry = (text, itemId) => `${OPEN}${itemId ?? ''}${MID}${text}${CLOSE}`;
  let marked: string[];
  try {
    marked = style.positionDependent ? engine.rebuildProcessorState(citations, 'html', []).map((row) => row[2]) : clustersOneByOne(engine, style, citations);
  } finally {
    engine.opt.development_extensions.apply_citation_wrapper = false;
    engine.sys.wrapCitationEntry = undefined;
  }
  // Collapsed numbers ("2–4") come back without an item id; a number names its work.
  const byNumber = new Map<string, string>();
  if (style.numeric) for (const [id, entry] of Object.entries(engine.registry.registry)) if (entry) byNumber.set(String(entry.seq), id);
  const prefix = escapeText(engine.citation.opt.layout_prefix ?? '');
  const suffix = escapeText(engine.citation.opt.layout_suffix ?? '');

  let plain: string[] | undefined;
  return marked.map((raw, index) => {
    const cluster = clusters[index];
    const first = raw.indexOf(OPEN);
    let html: string;
    let linked: string | undefined;
    if (first === -1) {
      plain ??= engine.rebuildProcessorState(citations, 'html', []).map((row) => row[2]);
      html = plain[index] ?? '';
    } else {
      const last = raw.lastIndexOf(CLOSE) + 1;
      const whole = raw.slice(0, first) + prefix + raw.slice(first, last) + suffix + raw.slice(last);
      html = replaceMarked(whole, (_id, text) => text);
      if (links && cluster && cluster.cites.length > 1) {
        linked = replaceMarked(whole, (id, text) => {
          const target = id || byNumber.get(/\d+/.exec(dropTags(text))?.[0] ?? '');
          return target ? `<a href="${refHref(target)}">${text}</a>` : text;
        });
      }
    }
    html = fillInTextAuthor(engine, html, cluster, byId);
    const output: ClusterOutput = { html };
    if (links) {
      const only = cluster?.cites[0]?.id;
      if (linked !== undefined) output.linkedHtml = fillInTextAuthor(engine, linked, cluster, byId);
      else output.linkedHtml = only && !html.includes('<a ') ? `<a href="${refHref(only)}">${html}</a>` : html;
    }
    return output;
  });
}

/**
 * Where no cite depends on an earlier one, registering the article's works
 * once (numbers follow the order of first citation; disambiguation is
 * settled across all of them) and then formatting each cluster on its own
 * gives citeproc's sequential result at a fraction of the cost:
 * `rebuildProcessorState` re-examines every earlier citation for each new one.
 * An in-text cite is "Author" + " " + the cite without its author, which is
 * what citeproc's composite mode does.
 */
function clustersOneByOne(engine: CiteprocEngine, style: CslStyle, citations: CiteprocCitation[]): string[] {
  const firstCited: string[] = [];
  const seen = new Set<string>();
  for (const citation of citations) {
    for (const cite of citation.citationItems) {
      if (!seen.has(cite.id)) {
        seen.add(cite.id);
        firstCited.push(cite.id);
      }
    }
  }
  engine.updateItems(firstCited);
  return citations.map((citation) => {
    if (citation.properties.mode !== 'composite') return engine.makeCitationCluster(citation.citationItems);
    const [cite] = citation.citationItems;
    if (!cite) return '';
    const author = style.numeric ? NO_PRINTED_FORM : replaceMarked(engine.makeCitationCluster([{ ...cite, 'author-only': true }]), (_id, text) => text);
    const rest = engine.makeCitationCluster([{ ...cite, 'suppress-author': true }]);
    return author ? `${author} ${rest}` : rest;
  });
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&#38;').replace(/</g, '&#60;').replace(/>/g, '&#62;');
}

/** The fragment id of a work's bibliography entry, as pandoc names it. */
export function refId(key: string): string {
  return `ref-${key}`;
}

function refHref(key: string): string {
  return `#${encodeURIComponent(refId(key)).replace(/%3A/g, ':').replace(/%2F/g, '/')}`;
}

