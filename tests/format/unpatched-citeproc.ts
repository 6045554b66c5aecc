/**
 * citeproc as the CSL plugin loads it, evaluated again as a separate module,
 * so it carries none of citemark's patches: the reference the patch tests
 * compare against.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export type Citeproc = any;

export function unpatchedCiteproc(): Citeproc {
  const pluginRequire = createRequire(createRequire(import.meta.url).resolve('@citation-js/plugin-csl'));
  const source = readFileSync(pluginRequire.resolve('citeproc'), 'utf8');
  const module = { exports: {} as Citeproc };
  new Function('module', 'exports', 'require', source)(module, module.exports, pluginRequire);
  return module.exports;
}
