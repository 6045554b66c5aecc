/**
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
      chain(input: unknown, options: { forceType: string; generateGraph?: boolean; strict?: boolean }): unknown;
      has(type: string): boolean;
    };
  };
  logger: { _log: unknown[] };
}

const require = createRequire(import.meta.url);
const core = require('@citation-js/core') as CitationJsCore;
require('@citation-js/plugin-bibtex');
require('@citation-js/plugin-ris');
require('@citation-js/plugin-csl');

/** citation-js's `Cite` with the BibTeX, RIS and CSL plugins registered. */
export const Cite: CiteConstructor = core.Cite;

/** The refs of every citation-js plugin loaded (e.g. `@bibtex`, `@ris`, `@csl`); tests assert no fetching plugin is among them. */
export function loadedPlugins(): string[] {
  return core.plugins.list();
}

/** True when citation-js can read the given input type, e.g. `@doi/id`. */
export function hasInputType(type: string): boolean {
  return core.plugins.input.has(type);
}

function cslConfig(): { styles: CslRegister; locales: CslRegister } {
  return core.plugins.config.get('@csl') as { styles: CslRegister; locales: CslRegister };
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
    const out = core.plugins.input.chain(text, {
      forceType: CITATION_JS_INPUT_TYPES[format],
      generateGraph: false,
    });
    return Array.isArray(out) ? out : [out];
  } finally {
    // citation-js keeps every log line it ever produced in memory, even when silent.
    core.logger._log.length = 0;
  }
}
