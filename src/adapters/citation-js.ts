/**
 * adapters/: third-party engines behind one face each, at the bottom of the
 * layers: citation-js here (the only module that imports it), citeproc-js in
 * citeproc/. May import: citations/, util/, bibliography/schema.ts,
 * bibliography/types.ts, document/errors.ts. Imported by: bibliography/
 * (reading exports), adapters/citeproc/ (and through it format/).
 *
 * The one place citemark touches citation-js. Only the offline plugins are
 * loaded (BibTeX, RIS, CSL output); `@citation-js/plugin-doi` and the
 * Wikidata plugin fetch over the network and are never required here.
 *
 * Input parsing always names its format (`forceType`): citation-js's type
 * auto-detection may treat a string as a URL to fetch, and its `@bibtxt/text`
 * recogniser backtracks exponentially on some inputs.
 */
import { createRequire } from 'node:module';

/** A `Cite` instance, as far as citemark uses it. */
export interface CiteInstance {
  data: Record<string, unknown>[];
  format(format: string, options?: Record<string, unknown>): string;
}

export interface CiteConstructor {
  new (data?: unknown, options?: { forceType?: string; generateGraph?: boolean }): CiteInstance;
}

/** citation-js's named registry of CSL styles or locales (`@csl` config). */
export interface CslRegister {
  add(name: string, value: string): void;
  has(name: string): boolean;
  get(name: string): string | undefined;
  list(): string[];
}

interface CitationJsCore {
  Cite: CiteConstructor;
  plugins: {
    list(): string[];
    config: { get(ref: string): unknown };
    input: {
      chain(input: unknown, options: { forceType?: string; generateGraph?: boolean; strict?: boolean }): unknown;
      data(input: unknown, type: string): unknown;
      type(input: unknown): string;
      has(type: string): boolean;
    };
  };
  logger: { _log: unknown[] };
}

const require = createRequire(import.meta.url);
let loaded: CitationJsCore | undefined;
let cslLoaded = false;

/**
 * citation-js and its input plugins, required on first use: loading them
 * takes a fifth of a second, which a `lint` of YAML and JSON bibliographies,
 * or a warm re-lint, would otherwise pay at every start. The CSL plugin
 * (and citeproc with it) is loaded only for formatting: see {@link withCsl}.
 */
function core(): CitationJsCore {
  if (loaded === undefined) {
    const required = require('@citation-js/core') as CitationJsCore;
    require('@citation-js/plugin-bibtex');
    require('@citation-js/plugin-ris');
    loaded = required;
  }
  return loaded;
}

/** citation-js with the CSL plugin too, for formatting (reading an export does not need citeproc). */
function withCsl(): CitationJsCore {
  const required = core();
  if (!cslLoaded) {
    require('@citation-js/plugin-csl');
    cslLoaded = true;
  }
  return required;
}

/** citation-js's `Cite` with the BibTeX, RIS and CSL plugins registered. */
export function citeConstructor(): CiteConstructor {
  return withCsl().Cite;
}

/** The refs of every citation-js plugin loaded (e.g. `@bibtex`, `@ris`, `@csl`); tests assert no fetching plugin is among them. */
export function loadedPlugins(): string[] {
  return withCsl().plugins.list();
}

/** True when citation-js can read the given input type, e.g. `@doi/id`. */
export function hasInputType(type: string): boolean {
  return core().plugins.input.has(type);
}

function cslConfig(): { styles: CslRegister; locales: CslRegister } {
  return withCsl().plugins.config.get('@csl') as { styles: CslRegister; locales: CslRegister };
}

/** Registered CSL styles (`apa`, `vancouver`, `harvard1` ship with the plugin); add one with `cslStyles().add(name, xml)`. */
export function cslStyles(): CslRegister {
  return cslConfig().styles;
}

/** Registered CSL locales (`en-US` and a few more ship with the plugin). */
export function cslLocales(): CslRegister {
  return cslConfig().locales;
}

/** The formats citemark reads through citation-js, with the type names the plugins register. */
export const CITATION_JS_INPUT_TYPES = {
  bib: '@bibtex/text',
  ris: '@ris/file',
} as const;

/**
 * Parses BibTeX or RIS text into CSL-JSON objects. Throws the parser's
 * error as is; the caller turns it into a positioned problem.
 */
export function parseWithCitationJs(text: string, format: keyof typeof CITATION_JS_INPUT_TYPES): unknown[] {
  try {
    // `chain(text, {forceType})` still runs type detection on the text to compute a default it then discards,
    // and one recogniser (`@bibtxt/text`) backtracks exponentially; `data()` parses one step with no detection.
    // What it returns is structured data, whose detection is cheap and never fetches.
    const { input } = core().plugins;
    const first = input.data(text, CITATION_JS_INPUT_TYPES[format]);
    const out = input.chain(first, { forceType: input.type(first), generateGraph: false });
    return asList(out);
  } finally {
    // citation-js keeps every log line it ever produced in memory, even when silent.
    core().logger._log.length = 0;
  }
}

/** One RIS record as citation-js's tokenizer reads it: each tag with its value, or its values when repeated. */
export type RisTags = Record<string, string | string[]>;

/** One BibTeX/BibLaTeX entry as citation-js's parser reads it, before mapping: type, key and raw field values. */
export interface BibtexEntry {
  type: string;
  label: string;
  /** Field values as written (text; a number or a macro where the file gives one). */
  properties: Record<string, unknown>;
}

/** citation-js answers one item or a list; callers always get a list. */
function asList(out: unknown): unknown[] {
  return Array.isArray(out) ? (out as unknown[]) : [out];
}

function withCleanLog<T>(run: () => T): T {
  try {
    return run();
  } finally {
    // citation-js keeps every log line it ever produced in memory, even when silent.
    core().logger._log.length = 0;
  }
}

/** Tokenizes RIS text into records (citation-js's `@ris/file` step), without mapping them to CSL. */
export function readRisTags(text: string): RisTags[] {
  return withCleanLog(() => {
    const out = core().plugins.input.data(text, CITATION_JS_INPUT_TYPES.ris);
    return asList(out) as RisTags[];
  });
}

/** Maps one RIS record (as {@link readRisTags} gives it, possibly corrected) to CSL-JSON with citation-js's RIS specification. */
export function risTagsToCsl(record: RisTags): unknown[] {
  return withCleanLog(() => {
    // One parse step (the mapping), as `chain` would take it but without its copies and type detection:
    // the same CSL, a third faster over a thousand records.
    const out = core().plugins.input.data(record, '@ris/record');
    return asList(out);
  });
}

/** Parses BibTeX text into entries with raw field values (citation-js's `@bibtex/text` step), without mapping them. */
export function readBibtexEntries(text: string): BibtexEntry[] {
  return withCleanLog(() => {
    const out = core().plugins.input.data(text, CITATION_JS_INPUT_TYPES.bib);
    return asList(out) as BibtexEntry[];
  });
}

/** Maps BibTeX entries (as {@link readBibtexEntries} gives them, possibly corrected) to CSL-JSON. */
export function bibtexEntriesToCsl(entries: BibtexEntry[]): unknown[] {
  return withCleanLog(() => {
    const out = core().plugins.input.chain(entries, { forceType: '@biblatex/entries+list', generateGraph: false });
    return asList(out);
  });
}

/** The CSL plugin's cached citeproc engine factory (`@csl` config `engine`), typed by the caller. */
export function cslEngineHelper<Item, Engine>(): (data: Item[], styleName: string, locale: string, format: string) => Engine {
  const config = withCsl().plugins.config.get('@csl') as
    | { engine?: (data: Item[], styleName: string, locale: string, format: string) => Engine }
    | undefined;
  if (!config?.engine) throw new Error('citation-js `@csl` plugin is not registered; `@citation-js/plugin-csl` must be loaded.');
  return config.engine;
}

/**
 * citeproc-js's `CSL` namespace, as loaded by the CSL plugin: the same
 * module instance the plugin's engines run, for the patches citemark applies
 * to it (see `adapters/citeproc/`).
 */
export function citeprocNamespace(): unknown {
  withCsl();
  const pluginRequire = createRequire(require.resolve('@citation-js/plugin-csl'));
  return pluginRequire('citeproc') as unknown;
}

/**
 * The CSL type citation-js reads a type name as (its public CSL clean-up,
 * `plugins.input.util.clean`): a CSL type as it is, Crossref's names for
 * CSL's types (`journal-article`, `book-chapter`, `posted-content`,
 * `proceedings-article`, `dissertation`) as CSL's; undefined for a name it
 * does not know.
 */
export function cslTypeOf(type: string): string | undefined {
  const input = core().plugins.input as unknown as { util: { clean(items: Record<string, unknown>[]): Record<string, unknown>[] } };
  const known = input.util.clean([{ type }])[0]?.type;
  return typeof known === 'string' ? known : undefined;
}
