/**
 * Render treats notes, figures and math as pandoc with citeproc does (docs/pandoc-deviations.md):
 * a citation in a figure caption is rendered, one in math is not a citation, one in a note
 * renders in the note, and a note style turns a citation in the text into a note.
 */
import { beforeAll, expect, test } from 'vitest';
import type { CslItem } from '../../src/bibliography/schema.js';
import { createRenderer } from '../../src/render/index.js';
import { fixtureItems } from './helpers.js';

let items: CslItem[];
beforeAll(async () => {
  items = await fixtureItems();
});

const NOTE_STYLE = `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><title>Test notes</title><id>test-notes</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout suffix="." delimiter="; "><names variable="author"><name form="short"/></names><text variable="title" prefix=", "/></layout></citation>
</style>`;

test('a citation in a figure caption is rendered, in the caption and in the alt text', () => {
  const renderer = createRenderer({ bibliography: items, style: 'apa' });
  const html = renderer.renderArticle('![Pain scores [@doe2018book]](fig1.png)\n').output;
  expect(html).toMatch(/<figure><img src="fig1\.png" alt="Pain scores \(Doe et al\., 2018\)"><figcaption aria-hidden="true">Pain scores <span class="citation"[^>]*><a [^>]*>\(Doe et al\., 2018\)<\/a><\/span><\/figcaption><\/figure>/);
  const md = renderer.renderArticle('![Pain scores [@doe2018book]](fig1.png)\n', { to: 'md' }).output;
  expect(md).toContain('![Pain scores (Doe et al., 2018)](fig1.png)');
});

test('math holds no citation and is written as pandoc writes it', () => {
  const renderer = createRenderer({ bibliography: items, style: 'apa' });
  const result = renderer.renderArticle('Ratio $a @doe2018book$ and [@who2021].\n');
  expect(result.cited).toEqual(['who2021']);
  expect(result.output).toContain('<span class="math inline">\\(a @doe2018book\\)</span>');
  expect(renderer.renderArticle('Ratio $x$ here.\n', { to: 'md' }).output).toContain('Ratio $x$ here.');
});

test('a citation in an inline note renders in the note: a footnote in HTML, `^[…]` in Markdown', () => {
  const renderer = createRenderer({ bibliography: items, style: 'apa' });
  const html = renderer.renderArticle('Pain fell.^[See @doe2018book.]\n').output;
  expect(html).toMatch(/Pain fell\.<sup><a href="#user-content-fn-note-1"/);
  expect(html).toMatch(/<li id="user-content-fn-note-1">\s*<p>See <span class="citation"[^>]*><a [^>]*>Doe et al\. \(2018\)<\/a><\/span>\./);
  const md = renderer.renderArticle('Pain fell.^[See @doe2018book.]\n', { to: 'md' }).output;
  expect(md).toContain('Pain fell.^[See Doe et al. (2018).]');
});

test('with a note style, a citation in the text becomes a note; one in a note stays there', () => {
  const renderer = createRenderer({ bibliography: items, style: { xml: NOTE_STYLE, source: 'notes.csl' } });
  const md = renderer.renderArticle('Pain fell [@doe2018book]. It rose.^[But see [@who2021].]\n', { to: 'md' }).output;
  expect(md).toMatch(/Pain fell \^\[Doe[^\]]*Pain management[^\]]*\]\. It rose\.\^\[But see World Health Organization[^\]]*\.\]/);
});
