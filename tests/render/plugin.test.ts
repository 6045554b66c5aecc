/** `citemarkRender` used as an ordinary remark plugin, outside the CLI and the renderer. */
import rehypeStringify from 'rehype-stringify';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { beforeAll, expect, test } from 'vitest';
import type { CslItem } from '../../src/bibliography/schema.js';
import { remarkCitations } from '../../src/citations/plugin.js';
import { citemarkRender } from '../../src/render/index.js';
import { fixtureItems } from './helpers.js';

let items: CslItem[];
beforeAll(async () => {
  items = await fixtureItems();
});

const ARTICLE = 'Ketamine helps [@doe2018book, p. 3; @who2021].\n\nNot in the bibliography [@ghost2020].\n';

test('remark → citemarkRender → markdown', async () => {
  const file = await unified()
    .use(remarkParse)
    .use(citemarkRender, { bibliography: new Map(items.map((i) => [i.id, i])), style: 'vancouver' })
    .use(remarkStringify)
    .process(ARTICLE);
  const out = String(file);
  expect(out).toContain('Ketamine helps (1,2).');
  expect(out).toContain('1\\. Doe J, Roe R, Poe E. Pain management');
  expect(out).toContain('**\\[@ghost2020]?**');
  expect(file.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([['unknown-key', 3, 26]]);
  expect(file.data.citemarkRender?.cited).toEqual(['doe2018book', 'who2021']);
});

test('works after remarkCitations in the same pipeline (the syntax is registered once)', async () => {
  const out = String(
    await unified().use(remarkParse).use(remarkCitations).use(citemarkRender, { bibliography: items }).use(remarkStringify).process(ARTICLE),
  );
  expect(out).toContain('Ketamine helps (Doe et al., 2018, p. 3; World Health Organization, 2021).');
});

test('remark → citemarkRender → remark-rehype keeps every citation without allowDangerousHtml', async () => {
  const html = String(
    await unified()
      .use(remarkParse)
      .use(citemarkRender, { bibliography: items, style: 'apa', to: 'html' })
      .use(remarkRehype)
      .use(rehypeStringify)
      .process(ARTICLE),
  );
  expect(html).toContain('<span class="citation" data-cites="doe2018book who2021">(<a href="#ref-doe2018book">Doe et al., 2018, p. 3</a>; <a href="#ref-who2021">World Health Organization, 2021</a>)</span>');
  expect(html).toContain('<mark class="citation citation-unresolved" data-cites="ghost2020"');
  expect(html).toContain('<div id="ref-doe2018book" class="csl-entry" role="listitem">');
  expect(html).toContain('<div id="refs" class="references csl-bib-body hanging-indent" role="list">');
});

test('a missing bibliography is a clear error', () => {
  // @ts-expect-error: the option is required
  expect(() => unified().use(remarkParse).use(citemarkRender, {}).freeze()).toThrow(/citemarkRender needs `\{bibliography\}`/);
});
