/**
 * Sort keys kept from earlier articles (`sort-keys.ts`) must be the keys
 * citeproc computes for this one, also where an item's names evaluate
 * differently from one article to the next: an author who shares a family
 * name with another cited author in one article and not in the next.
 */
import { expect, test } from 'vitest';
import type { CslItem } from '../../src/bibliography/schema.js';
import { engineFor } from '../../src/adapters/citeproc/engine.js';
import { builtinStyle, formatArticle, userStyle, type CslStyle } from '../../src/format/csl.js';
import { reuseSortKeys } from '../../src/adapters/citeproc/index.js';
import { unpatchedCiteproc, unpatchedEngine, type Citeproc } from './unpatched-citeproc.js';


const work = (id: string, family: string, given: string, year: number): CslItem =>
  ({ id, type: 'article-journal', title: `On ${id}`, 'container-title': 'J', author: [{ family, given }], issued: { 'date-parts': [[year]] } });

const ITEMS = [
  work('smithAnna', 'Smith', 'Anna', 2001),
  work('smithBrian', 'Smith', 'Brian', 2001),
  work('smithAlan', 'Smith', 'Alan', 2003),
  work('lee', 'Lee', 'Chen', 2010),
  work('nguyen', 'Nguyen', 'Anna', 2005),
  work('berg', 'van der Berg', 'Jan', 1999),
];

/** Articles citing `smithAnna` with another Smith (initials added), without, and with one of the same initials. */
const ARTICLES = [
  ['smithAnna', 'lee', 'nguyen'],
  ['smithAnna', 'smithBrian', 'lee'],
  ['smithAnna', 'lee', 'berg'],
  ['smithAnna', 'smithAlan', 'nguyen'],
  ['smithBrian', 'smithAnna', 'berg'],
  ['lee', 'smithAnna', 'nguyen'],
  ['smithAlan', 'smithBrian', 'smithAnna', 'lee'],
  ['smithAnna', 'nguyen'],
];

/** Sorts by the short author, which gains an initial where another cited author shares the family name. */
const SHORT_NAME_SORT = `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Short-name sort</title><id>short-name-sort</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <macro name="author"><names variable="author"><name form="short" initialize-with=". "/></names></macro>
  <citation disambiguate-add-givenname="true" givenname-disambiguation-rule="primary-name">
    <sort><key macro="author"/><key variable="issued"/></sort>
    <layout prefix="(" suffix=")" delimiter="; "><group delimiter=", "><text macro="author"/><date variable="issued"><date-part name="year"/></date></group></layout>
  </citation>
  <bibliography><sort><key macro="author"/><key variable="title"/></sort><layout><group delimiter=". "><text macro="author"/><text variable="title"/></group></layout></bibliography>
</style>`;

const STYLES: [string, () => CslStyle][] = [
  ['apa', () => builtinStyle('apa')],
  ['chicago', () => builtinStyle('chicago')],
  ['short-name sort', () => userStyle(SHORT_NAME_SORT, 'short-name-sort.csl')],
];

test.each(STYLES)('%s: kept sort keys equal computed ones across articles', (_name, makeStyle) => {
  const style = makeStyle();
  formatArticle(style, 'en-US', [ITEMS[0] as CslItem], [{ inText: false, cites: [{ id: 'smithAnna' }] }]);
  const items = ITEMS.map((item) => ({ ...item, system_id: item.id }));
  const theirs = unpatchedEngine(unpatchedCiteproc(), style.registryName, items);
  const keysOf = (engine: Citeproc, ids: string[]): string[] =>
    engine.registry.getSortedIds().map((id: string) => `${id}: ${JSON.stringify(engine.registry.registry[id].sortkeys)}`).concat(ids.map((id) => engine.makeCitationCluster(ids.map((cited) => ({ id: cited }))) + id));

  // Twice through, so the second pass reuses keys from articles whose names evaluated either way.
  for (const ids of [...ARTICLES, ...ARTICLES]) {
    const ours = engineFor(style.registryName, 'en-US', items);
    reuseSortKeys(ours, true);
    ours.updateItems(ids);
    theirs.updateItems([]);
    theirs.updateItems(ids);
    expect(keysOf(ours, ids)).toEqual(keysOf(theirs, ids));
  }
});
