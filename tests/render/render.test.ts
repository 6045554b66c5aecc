import { beforeAll, describe, expect, test } from 'vitest';
import type { CslItem } from '../../src/bibliography/schema.js';
import type { Bibliography } from '../../src/bibliography/types.js';
import { createRenderer } from '../../src/render/index.js';
import { extractEntries, fixtureItems } from './helpers.js';

let items: CslItem[];
beforeAll(async () => {
  items = await fixtureItems();
});

function md(style: Parameters<typeof createRenderer>[0]['style'], article: string): string {
  return createRenderer({ bibliography: items, style }).renderArticle(article, { to: 'md' }).output;
}

function firstParagraph(output: string): string {
  return output.split('\n\n')[0] ?? '';
}

describe('author-date in-text forms (APA)', () => {
  const cases: [string, string][] = [
    ['[@lee2020anna]', '(A. Lee, 2020)'],
    ['[@lee2020anna; @lee2020brian]', '(A. Lee, 2020; B. Lee, 2020)'],
    ['[@doe2018book, pp. 33-35]', '(Doe et al., 2018, pp. 33–35)'],
    ['[see @doe2018book, chap. 2]', '(see Doe et al., 2018, Chapter 2)'],
    ['[@doe2018book, p. 4, for a review]', '(Doe et al., 2018, p. 4, for a review)'],
    ['[-@doe2018book]', '(2018)'],
    ['@doe2018book', 'Doe et al. (2018)'],
    ['@doe2018book [p. 12]', 'Doe et al. (2018, p. 12)'],
    ['[@mayo-nodate]', '(Mayo Clinic, n.d.)'],
    ['[@who2021; @doe2018book]', '(Doe et al., 2018; World Health Organization, 2021)'],
  ];
  test.each(cases)('%s → %s', (citation, expected) => {
    // Both Lees are cited, so each needs an initial.
    expect(firstParagraph(md('apa', `X ${citation}. Y [@lee2020anna; @lee2020brian].\n`))).toBe(`X ${expected}. Y (A. Lee, 2020; B. Lee, 2020).`);
  });

  test('same author and year get 2019a/2019b, in the bibliography too', () => {
    const out = md('apa', 'One [@smith2019opioid]. Two [@smith2019ketamine].\n');
    // APA orders same-author, same-year works by title: "Ketamine…" before "Outcomes…".
    expect(firstParagraph(out)).toBe('One (Smith, 2019b). Two (Smith, 2019a).');
    expect(out).toContain('Smith, J. (2019a). Ketamine infusion protocols');
    expect(out).toContain('Smith, J. (2019b). Outcomes of opioid tapering');
  });

  test('without a second Smith 2019 there is no suffix', () => {
    expect(firstParagraph(md('apa', 'One [@smith2019opioid].\n'))).toBe('One (Smith, 2019).');
  });

  test('entries reused across articles follow each article\'s disambiguation', () => {
    const renderer = createRenderer({ bibliography: items, style: 'apa' });
    const alone = 'One [@smith2019opioid].\n';
    const both = 'One [@smith2019opioid]. Two [@smith2019ketamine].\n';
    const first = renderer.renderArticle(alone, { to: 'md' }).output;
    expect(first).toContain('Smith, J. (2019). Outcomes');
    expect(renderer.renderArticle(both, { to: 'md' }).output).toContain('Smith, J. (2019b). Outcomes');
    expect(renderer.renderArticle(alone, { to: 'md' }).output).toBe(first);
  });
});

describe('numeric styles', () => {
  test('Vancouver numbers in order of first citation and collapses ranges', () => {
    const out = md('vancouver', 'A [@who2021]. B [@doe2018book; @lee2020anna; @lee2020brian]. C [@who2021; @smith2019opioid]. D @garcia2017chapter says.\n');
    expect(firstParagraph(out)).toBe('A (1). B (2–4). C (1,5). D García (6) says.');
    const entries = out.split('\n\n').filter((p) => /^\d+\\?\. /.test(p));
    expect(entries.map((e) => e.slice(0, 12))).toEqual([
      '1\\. World He',
      '2\\. Doe J, R',
      '3\\. Lee A. M',
      '4\\. Lee B. N',
      '5\\. Smith J.',
      '6\\. García M',
    ]);
  });

  test('Vancouver uses NLM three-letter months', () => {
    expect(md('vancouver', 'A [@smith2019ketamine].\n')).toContain('Pain Med. 2019 Sep;20(9):1801–9.');
  });

  test('AMA cites are superscript numbers with locators', () => {
    const out = createRenderer({ bibliography: items, style: 'ama' }).renderArticle('A [@doe2018book, p. 3]. B [@who2021; @doe2018book].\n', { to: 'html' }).output;
    expect(out).toContain('<a href="#ref-doe2018book"><sup>1(p3)</sup></a>');
    expect(out).toMatch(/<sup><a href="#ref-doe2018book">1<\/a>,<a href="#ref-who2021">2<\/a><\/sup>/);
  });
});

describe('other built-in styles', () => {
  test('Harvard and Chicago render author-date forms of their own', () => {
    expect(firstParagraph(md('harvard', 'A [@doe2018book, p. 2].\n'))).toBe('A (Doe, Roe and Poe, 2018, p. 2).');
    expect(firstParagraph(md('chicago', 'A [@doe2018book, p. 2].\n'))).toBe('A (Doe, Roe, and Poe 2018, 2).');
  });

  test('a user style given as XML works like a built-in one', () => {
    const vancouver = createRenderer({ bibliography: items, style: 'vancouver' }).style.xml;
    const out = createRenderer({ bibliography: items, style: { xml: vancouver, source: 'my.csl' } }).renderArticle('A [@who2021].\n', { to: 'md' });
    expect(firstParagraph(out.output)).toBe('A (1).');
  });
});

describe('the bibliography', () => {
  test('lists exactly the cited works, once each', () => {
    const { output, cited } = createRenderer({ bibliography: items, style: 'apa' }).renderArticle('A [@who2021]. B [@who2021; @lee2020anna].\n', { to: 'html' });
    expect(cited).toEqual(['lee2020anna', 'who2021']);
    expect(extractEntries(output).order).toEqual(['lee2020anna', 'who2021']);
    expect(output).not.toContain('uncited2015');
  });

  test.each([
    ['a <div id="refs"> marker', 'A [@who2021].\n\n<div id="refs"></div>\n\nAfter.\n'],
    ['a pandoc ::: {#refs} div', 'A [@who2021].\n\n::: {#refs}\n:::\n\nAfter.\n'],
    ['a References heading', 'A [@who2021].\n\n## References\n\nAfter.\n'],
  ])('goes at %s', (_name, article) => {
    const out = md('apa', article);
    const entry = out.indexOf('World Health Organization. (2021');
    expect(entry).toBeGreaterThan(0);
    expect(entry).toBeLessThan(out.indexOf('After.'));
    expect(out).not.toContain(':::');
    expect(out).not.toContain('id="refs"');
  });

  test('goes at the end under a References heading when there is no marker', () => {
    const out = md('apa', 'A [@who2021].\n\n## Discussion\n\nText.\n');
    expect(out.trimEnd()).toMatch(/## Discussion\n\nText\.\n\n## References\n\nWorld Health Organization\. \(2021, March 2\)[^\n]*$/);
  });

  test('an article that cites nothing gets no bibliography', () => {
    expect(md('apa', '# Title\n\nNo citations.\n')).toBe('# Title\n\nNo citations.\n');
  });
});

describe('HTML', () => {
  test('each citation links to its entry; DOIs and URLs are links', () => {
    const { output } = createRenderer({ bibliography: items, style: 'apa' }).renderArticle(
      'A [@doe2018book; @who2021]. B @lee2020anna says.\n',
      { to: 'html' },
    );
    expect(output).toContain('<a href="#ref-doe2018book">Doe et al., 2018</a>; <a href="#ref-who2021">World Health Organization, 2021</a>');
    expect(output).toContain('<a href="#ref-lee2020anna">Lee (2020)</a>');
    const targets = [...output.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
    for (const id of targets) expect(output).toContain(`id="${id}"`);
    expect(output).toContain('<a href="https://doi.org/10.1093/med/9780190000000.001.0001">');
    expect(output).toContain('<a href="https://www.who.int/news-room/fact-sheets/detail/chronic-pain">');
  });

  test('is a complete document with the front matter title and lang', () => {
    const { output } = createRenderer({ bibliography: items }).renderArticle('---\ntitle: "Pain & ketamine"\nlang: en-GB\n---\n\nA [@who2021].\n');
    expect(output).toMatch(/^<!doctype html>\n<html lang="en-GB">/);
    expect(output).toContain('<title>Pain &amp; ketamine</title>');
    expect(output).toContain('<meta charset="utf-8">');
    expect(output).toContain('<style>');
    expect(output.trimEnd().endsWith('</html>')).toBe(true);
    expect(output).not.toContain('title: "Pain');
  });
});

describe('locale', () => {
  test('front matter lang formats with that locale', () => {
    const out = md('apa', '---\nlang: de-DE\n---\n\nA [@doe2018book, p. 4]. B [@mayo-nodate].\n');
    // APA keeps "et al." in German; the page label and "no date" are German.
    expect(out).toContain('(Doe et al., 2018, S. 4)');
    expect(out).toContain('(Mayo Clinic, o.\u00a0J.)');
    expect(out).toContain('(2. Aufl.)');
  });

  test('an unknown lang falls back to en-US with a warning', () => {
    const result = createRenderer({ bibliography: items, style: 'apa' }).renderArticle('---\nlang: xx-YY\n---\n\nA [@doe2018book].\n', { to: 'md' });
    expect(result.locale).toBe('en-US');
    expect(result.warnings.join('\n')).toMatch(/No CSL locale for `lang: xx-YY`/);
    expect(result.output).toContain('(Doe et al., 2018)');
  });
});

describe('unresolved citations', () => {
  test('stay visible, marked, and are reported', () => {
    const renderer = createRenderer({ bibliography: items, style: 'apa' });
    const article = 'A [@nosuch2020]. B [@who2021; @missing2]. C @alsomissing says.\n';
    const asMd = renderer.renderArticle(article, { to: 'md' });
    expect(asMd.unresolved.map((u) => u.key)).toEqual(['nosuch2020', 'missing2', 'alsomissing']);
    expect(asMd.unresolved[0]?.position.start.line).toBe(1);
    expect(firstParagraph(asMd.output)).toBe('A **\\[@nosuch2020]?**. B (World Health Organization, 2021) **@missing2?**. C **@alsomissing?** says.');
    const asHtml = renderer.renderArticle(article, { to: 'html' }).output;
    expect(asHtml).toContain('<mark class="citation citation-unresolved" data-cites="nosuch2020"');
    expect(asHtml).toContain('>[@nosuch2020]?</mark>');
    expect(asHtml).toContain('>@missing2?</mark>');
  });

  test('resolve against a loaded Bibliography as well as a Map', () => {
    const byId = new Map(items.map((item) => [item.id, { item, source: { file: `references/${item.id}.yaml`, line: 1, column: 1 } }]));
    const bibliography: Bibliography = { entries: [...byId.values()], rejected: [], byId, problems: [], files: [] };
    const a = createRenderer({ bibliography, style: 'apa' }).renderArticle('A [@who2021].\n', { to: 'md' }).output;
    const b = createRenderer({ bibliography: new Map(items.map((i) => [i.id, i])), style: 'apa' }).renderArticle('A [@who2021].\n', { to: 'md' }).output;
    expect(a).toBe(b);
    expect(a).toContain('(World Health Organization, 2021)');
  });
});

test('code spans and code blocks are left alone', () => {
  const out = md('apa', 'Use `[@who2021]` like this [@who2021].\n\n```\n[@who2021]\n```\n');
  expect(out).toContain('Use `[@who2021]` like this (World Health Organization, 2021).');
  expect(out).toContain('```\n[@who2021]\n```');
});

test('rendering a tree does not change it', () => {
  const renderer = createRenderer({ bibliography: items, style: 'apa' });
  const tree = { type: 'root' as const, children: [] };
  const before = JSON.stringify(tree);
  renderer.renderArticle(tree, { to: 'md' });
  expect(JSON.stringify(tree)).toBe(before);
});
