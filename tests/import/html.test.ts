/**
 * HTML articles go through an HTML5 parser (parse5, via hast) and come out as
 * Markdown the import reads: headings, paragraphs, lists, links, and `<sup>`
 * number lists kept as superscripts so they become citations. Entities are
 * decoded by the parser, every one of them, and a code point that does not
 * exist becomes U+FFFD instead of an internal error.
 */
import { describe, expect, it } from 'vitest';
import { readHtml } from '../../src/import/html.js';
import { importArticle } from '../../src/import/article.js';
import { importFiles } from '../../src/import/project.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyProject } from '../helpers/fs.js';
import { run } from '../../src/cli/run.js';

describe('readHtml', () => {
  it('keeps headings, lists, superscript citations and the page title', () => {
    const { markdown, title } = readHtml(
      '<!doctype html><html><head><title>A page</title><script>var x = "<p>";</script></head><body><nav>Menu</nav>' +
        '<h1>Pain</h1><p>Claim one.<sup><a href="#r1">1</a></sup> Claim two<sup>2,3</sup>.</p>' +
        '<ol start="4"><li>Fourth item</li><li>Fifth item</li></ol><p>Area in m<sup>2</sup> and <a href="https://example.org/x">a link</a>.</p></body></html>',
    );
    expect(title).toBe('A page');
    expect(markdown).toContain('# Pain');
    expect(markdown).toContain('Claim one.<sup>1</sup> Claim two<sup>2,3</sup>.');
    expect(markdown).toMatch(/4\. Fourth item\n+5\. Fifth item/);
    expect(markdown).toContain('[a link](https://example.org/x)');
    expect(markdown).not.toContain('Menu');
    expect(markdown).not.toContain('var x');
  });

  it('decodes every entity through the parser, and an impossible code point does not crash', () => {
    const { markdown } = readHtml('<p>&eacute;&aring;&thorn;&frac12; &#x2013; &#8212; &amp;c &#99999999; &bogus; [1] and *stars*</p>');
    expect(markdown).toContain('éåþ½ – — &c \uFFFD &bogus; [1] and *stars*');
  });

  it('reads a tolerant page: unclosed tags, a table, a Wiley-style list with the number in its own element', () => {
    const { markdown } = readHtml(
      '<p>Text with <b>bold<p>New para<table><tr><td>a</td><td>b</td></tr></table>' +
        '<h2>References</h2><ul><li><span>1</span><br><span>Smith AB. A title. J Pain. 2019;1:1-2.</span></li></ul>',
    );
    expect(markdown).toContain('New para');
    expect(markdown).toContain('Smith AB. A title. J Pain. 2019;1:1-2.');
  });

  it('imports an HTML article with superscript markers and a numbered reference list', () => {
    const html =
      '<html><body><h1>Nerve pain</h1><p>Drugs help some people.<sup>1</sup> Others try infusions<sup>2&ndash;3</sup>.</p><h2>References</h2><ol>' +
      '<li>Smith AB, Jones C. A trial of pills for nerve pain. J Nerve Pain. 2019;12(3):45-56.</li>' +
      '<li>Okafor T, Lind P. Infusions for nerve pain: a review. Pain Med Rev. 2020;8:100-9.</li>' +
      '<li>Haddad M. Long-term infusion outcomes. Pain Med Rev. 2021;9(1):1-10.</li></ol></body></html>';
    const r = importArticle(html, { format: 'html', existing: [] });
    const key = (n: number) => r.mapping.find((m) => m.number === n)?.key;
    expect(r.markdown).toContain(`Drugs help some people [@${key(1)}].`);
    expect(r.markdown).toContain(`Others try infusions [@${key(2)}; @${key(3)}].`);
  });
});

describe('citemark import of an HTML file', () => {
  it('does not fail on `&#99999999;`', async () => {
    const root = emptyProject('citemark-import-html-');
    writeFileSync(join(root, 'a.html'), '<h1>T</h1><p>Odd &#99999999; text [1].</p><h2>References</h2><ol><li>Smith AB. A title. J Pain. 2019;1:1-2.</li></ol>');
    const result = await importFiles(root, ['a.html'], { dryRun: true });
    expect(result.articles[0]?.content).toContain('Odd \uFFFD text');
    let stderr = '';
    const code = await run(['import', '--dry-run', 'a.html'], { stdout: { write: () => undefined }, stderr: { write: (t: string) => (stderr += t) }, cwd: root, env: {} });
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
