/**
 * formatArticle runs citeproc once with its cite wrapper (for links) and puts
 * back the layout affixes the wrapper drops. This checks the result against
 * citeproc's own plain output, for every built-in style and many cluster shapes.
 */
import { beforeAll, expect, test } from 'vitest';
import type { CslItem } from '../../src/bibliography/schema.js';
import { engineFor } from '../../src/adapters/citeproc/engine.js';
import { BUILTIN_STYLE_NAMES, builtinStyle, citeprocCitations, formatArticle, type ClusterInput } from '../../src/format/csl.js';
import { fixtureItems } from './helpers.js';

let items: CslItem[];
beforeAll(async () => {
  items = (await fixtureItems()).filter((i) => i.id !== 'uncited2015');
});

const CLUSTERS: ClusterInput[] = [
  { inText: false, cites: [{ id: 'smith2019opioid' }] },
  { inText: false, cites: [{ id: 'smith2019ketamine', locator: 'pp. 3-5', prefix: 'see' }] },
  { inText: false, cites: [{ id: 'lee2020anna' }, { id: 'lee2020brian' }, { id: 'who2021', suffix: 'for details.' }] },
  { inText: true, cites: [{ id: 'doe2018book', locator: 'p. 7' }] },
  { inText: false, cites: [{ id: 'garcia2017chapter', suppressAuthor: true }] },
  { inText: false, cites: [{ id: 'smith2019opioid' }, { id: 'smith2019ketamine' }, { id: 'lee2020anna' }] },
  { inText: false, cites: [{ id: 'mayo-nodate', prefix: 'e.g.', locator: 'sec. 2' }, { id: 'doe2018book' }] },
  { inText: true, cites: [{ id: 'who2021' }] },
];

test.each(BUILTIN_STYLE_NAMES)('%s: single-pass clusters equal citeproc plain output', (name) => {
  const style = builtinStyle(name);
  const ours = formatArticle(style, 'en-US', items, CLUSTERS, { links: true });
  const engine = engineFor(style.registryName, 'en-US', items.map((i) => ({ ...i, system_id: i.id })));
  const plain = engine.rebuildProcessorState(citeprocCitations(CLUSTERS), 'html', []).map((row) => row[2]);
  const expected = plain.map((html) => html.replace('[NO_PRINTED_FORM]', '\u0000'));
  const actual = ours.clusters.map((c, i) => (expected[i]?.includes('\u0000') ? c.html.replace(/^[^<([]*?(?= [<([])/, '\u0000') : c.html));
  expect(actual).toEqual(expected);
  for (const cluster of ours.clusters) {
    expect(cluster.linkedHtml?.replace(/<a href="#ref-[^"]+">|<\/a>/g, '')).toBe(cluster.html.replace(/<a href="http[^"]+">|<\/a>/g, ''));
  }
});

test('every cited work of a several-work cluster gets its own link, numeric ranges too', () => {
  const vancouver = formatArticle(builtinStyle('vancouver'), 'en-US', items, CLUSTERS, { links: true });
  expect(vancouver.clusters[5]?.linkedHtml).toBe('(<a href="#ref-smith2019opioid">1</a>–<a href="#ref-lee2020anna">3</a>)');
  const apa = formatArticle(builtinStyle('apa'), 'en-US', items, CLUSTERS, { links: true });
  expect(apa.clusters[2]?.linkedHtml).toBe(
    '(<a href="#ref-lee2020anna">A. Lee, 2020</a>; <a href="#ref-lee2020brian">B. Lee, 2020</a>; <a href="#ref-who2021">World Health Organization, 2021 for details.</a>)',
  );
});

test('numeric in-text citations name the authors before the number', () => {
  const out = formatArticle(builtinStyle('vancouver'), 'en-US', items, CLUSTERS, {});
  expect(out.clusters[3]?.html).toBe('Doe et al. (6)');
  expect(out.clusters[7]?.html).toBe('World Health Organization (5)');
});

test('a style whose cites depend on earlier ones is processed in sequence', async () => {
  const { userStyle } = await import('../../src/format/csl.js');
  const style = userStyle(
    `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Ibid test</title><id>ibid-test</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout prefix="(" suffix=")"><choose><if position="ibid"><text value="ibid."/></if><else><text variable="title"/></else></choose></layout></citation>
</style>`,
    'ibid.csl',
  );
  expect(style.positionDependent).toBe(true);
  const out = formatArticle(style, 'en-US', items, [
    { inText: false, cites: [{ id: 'who2021' }] },
    { inText: false, cites: [{ id: 'who2021' }] },
  ]);
  expect(out.clusters.map((c) => c.html)).toEqual(['(Chronic pain fact sheet)', '(ibid.)']);
  expect(out.bibliography).toEqual([]);
});

test('numeric in-text names keep a non-dropping particle', () => {
  const vanDerBerg = { id: 'vdb2020', type: 'article-journal', title: 'T', author: [{ family: 'Berg', given: 'Anna', 'non-dropping-particle': 'van der' }] } as CslItem;
  const out = formatArticle(builtinStyle('vancouver'), 'en-US', [vanDerBerg], [{ inText: true, cites: [{ id: 'vdb2020' }] }]);
  expect(out.clusters[0]?.html).toBe('van der Berg (1)');
});
