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
import { citeprocNamespace, cslEngineHelper, cslLocales, cslStyles, type CslRegister } from '../citation-js.js';
import { installPatches, preparePatchedEngine } from './patches/index.js';

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
  fun: { flipflopper: { processTags: (blob: { blobs: unknown }) => void } };
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
 * items and set up by {@link configureEngine}. `items` are the only works the
 * engine can see; citing any other id throws. citemark's patches go onto
 * citeproc before its first engine is built (`patches/`).
 */
export function engineFor(styleName: string, locale: string, items: CiteprocItem[]): CiteprocEngine {
  const csl = citeprocNamespace() as object;
  installPatches(csl);
  const engine = cslEngineHelper<CiteprocItem, CiteprocEngine>()(items, styleName, locale, 'html');
  configureEngine(engine);
  preparePatchedEngine(csl, engine);
  return engine;
}

/**
 * Sets an engine to HTML output with DOIs and URLs as links and no citation
 * wrapper, as every citemark engine is.
 *
 * citeproc notes the ids of items whose names turned out ambiguous
 * (`tmp.taintedItemIDs`) and empties that list only in
 * `processCitationCluster`, which citemark does not call: left alone it
 * would grow with every article and be walked on every update (quadratic in
 * the number of articles), and would carry one article's ids into the next.
 * It is emptied here, with the items it was about.
 */
export function configureEngine(engine: CiteprocEngine): void {
  engine.opt.development_extensions.wrap_url_and_doi = true;
  engine.opt.development_extensions.apply_citation_wrapper = false;
  engine.sys.wrapCitationEntry = undefined;
  engine.tmp.taintedItemIDs = {};
}
