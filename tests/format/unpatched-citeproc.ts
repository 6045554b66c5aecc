/**
 * citeproc as the CSL plugin loads it, evaluated again as a separate module,
 * so it carries none of citemark's patches: the reference the patch tests
 * compare against. `edit` changes its source first, as a new citeproc
 * release might.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cslLocales } from '../../src/adapters/citation-js.js';
import { reuseSortKeys, settleLoneItemsDirectly, styleRegister } from '../../src/adapters/citeproc/index.js';
import { configureEngine } from '../../src/adapters/citeproc/engine.js';
import { preparePatchedEngine } from '../../src/adapters/citeproc/patches/index.js';
import type { CslStyle } from '../../src/format/csl.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- citeproc-js ships no types; these tests reach into its internals
export type Citeproc = any;

export function unpatchedCiteproc(edit: (source: string) => string = (source) => source): Citeproc {
  const pluginRequire = createRequire(createRequire(import.meta.url).resolve('@citation-js/plugin-csl'));
  const source = edit(readFileSync(pluginRequire.resolve('citeproc'), 'utf8'));
  const module = { exports: {} as Citeproc };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- evaluating citeproc's own source gives a copy no patch has touched
  new Function('module', 'exports', 'require', source)(module, module.exports, pluginRequire);
  return module.exports;
}

/** An engine of the unpatched copy for a registered style, over `items` by id, writing HTML as citemark's engines do. */
export function unpatchedEngine(original: Citeproc, styleName: string, items: ReadonlyArray<{ id: string }>): Citeproc {
  const byId = new Map(items.map((item) => [item.id, item]));
  const engine = new original.Engine(
    { retrieveLocale: (lang: string) => cslLocales().get(lang), retrieveItem: (id: string) => byId.get(id) },
    styleRegister().get(styleName),
    'en-US',
    true,
  );
  engine.setOutputFormat('html');
  return engine;
}

/**
 * An engine of a copy set up as `engineFor` sets up citemark's engines,
 * with the patches installed on that copy (`installPatches`) and, for styles
 * whose cites do not depend on their place, the per-engine shortcuts on, as
 * `formatArticle` turns them on.
 */
export function citemarkEngine(copy: Citeproc, style: CslStyle, items: ReadonlyArray<{ id: string }>): Citeproc {
  const engine = unpatchedEngine(copy, style.registryName, items);
  configureEngine(engine);
  preparePatchedEngine(copy, engine);
  const independentCites = !style.numeric && !style.positionDependent;
  reuseSortKeys(engine, independentCites);
  settleLoneItemsDirectly(engine, independentCites);
  return engine;
}
