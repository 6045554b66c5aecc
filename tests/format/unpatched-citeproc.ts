/**
 * citeproc as the CSL plugin loads it, evaluated again as a separate module,
 * so it carries none of citemark's patches: the reference the patch tests
 * compare against.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cslLocales } from '../../src/format/citation-js.js';
import { styleRegister } from '../../src/format/csl-engine.js';

export type Citeproc = any;

export function unpatchedCiteproc(): Citeproc {
  const pluginRequire = createRequire(createRequire(import.meta.url).resolve('@citation-js/plugin-csl'));
  const source = readFileSync(pluginRequire.resolve('citeproc'), 'utf8');
  const module = { exports: {} as Citeproc };
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
