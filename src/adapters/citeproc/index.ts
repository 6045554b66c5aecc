/**
 * citeproc-js behind one face: engines for a style and locale (through
 * citation-js's CSL plugin, which loads citeproc), and citemark's patches
 * to citeproc, installed only onto the citeproc they were checked against
 * (`patches/`). May import: adapters/citation-js.ts (citeproc is loaded
 * through it), util/. Imported by: format/ only.
 */
export {
  engineFor,
  localeRegister,
  styleRegister,
  type CiteprocBibliographyMeta,
  type CiteprocCitation,
  type CiteprocCiteItem,
  type CiteprocEngine,
  type CiteprocItem,
  type CiteprocRegistryEntry,
} from './engine.js';
export { reuseSortKeys, settleLoneItemsDirectly } from './patches/index.js';
