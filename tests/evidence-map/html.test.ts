import { describe, expect, it } from 'vitest';
import { evidenceChartSvg, renderEvidenceMapHtml } from '../../src/evidence-map/index.js';
import { fixtureMap } from './fixture.js';

describe('renderEvidenceMapHtml', () => {
  it('renders untrusted article text and reference titles as text, never as markup', async () => {
    const html = renderEvidenceMapHtml(await fixtureMap());
    expect(html).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
    expect(html).toContain('Side effects of ketamine &lt;script&gt;window.__pwned = 2&lt;/script&gt; in a cohort');
    expect(html).not.toContain('<script>window.__pwned');
    // The page's own script is the only one.
    expect(html.match(/<script\b/giu)).toHaveLength(1);
  });

  it('escapes every interpolated value, attributes included', async () => {
    const map = structuredClone(await fixtureMap());
    map.articles[0]!.file = 'articles/"><img src=x onerror=alert(1)>.md';
    map.articles[0]!.claims[0]!.findings.push({
      ruleId: 'x" onmouseover="alert(1)',
      severity: 'error',
      messageId: 'm',
      message: 'Bad `<b>key</b>` & more',
      line: 1,
      column: 1,
      suggestions: [],
    });
    const html = renderEvidenceMapHtml(map);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('" onmouseover="');
    expect(html).toContain('<code>&lt;b&gt;key&lt;/b&gt;</code> &amp; more');
  });

  it('is self-contained: no external scripts, styles, fonts or links', async () => {
    const html = renderEvidenceMapHtml(await fixtureMap());
    expect(html).not.toMatch(/<link\b/iu);
    expect(html).not.toMatch(/@import|@font-face|url\(/iu);
    expect(html).not.toMatch(/<script[^>]*\ssrc=/iu);
    // Every href is an in-page anchor.
    for (const [, href] of html.matchAll(/href="([^"]*)"/gu)) expect(href).toMatch(/^#/u);
    expect(html).toContain(`Content-Security-Policy" content="default-src 'none'`);
  });

  it('uses accessible table markup: a caption and scoped headers in every table', async () => {
    const html = renderEvidenceMapHtml(await fixtureMap());
    const tables = [...html.matchAll(/<table\b[\s\S]*?<\/table>/gu)].map((m) => m[0]);
    expect(tables).toHaveLength(3);
    for (const table of tables) {
      expect(table).toMatch(/^<table[^>]*>\s*<caption>/u);
      expect(table).toContain('<th scope="col">');
      expect(table).toContain('<th scope="row"');
    }
  });

  it('marks each row with its rules, levels and whether it has findings, for the filters', async () => {
    const html = renderEvidenceMapHtml(await fixtureMap());
    expect(html).toMatch(/<tr id="claim-0-\d+" class="claim has-error" data-row="claim" data-rules="topic-mismatch" data-levels="narrative-review" data-findings="1">/u);
    expect(html).toMatch(/<tr id="claim-1-\d+" class="claim" data-row="claim" data-rules="" data-levels="cohort rct" data-findings="0">/u);
    expect(html).toContain('<option value="topic-mismatch">topic-mismatch (1)</option>');
    expect(html).toContain('<option value="retracted-reference">retracted-reference (0)</option>');
  });

  it('draws one bar per evidence level, labelled with its count', () => {
    const svg = evidenceChartSvg(
      [
        { level: 'rct', count: 4 },
        { level: 'web-page', count: 1 },
      ],
      'chart-x',
    );
    expect(svg.match(/<rect\b/gu)).toHaveLength(2);
    expect(svg).toContain('<title id="chart-x">5 cited references by evidence level: RCT 4, web page 1</title>');
    const widths = [...svg.matchAll(/<rect [^>]*width="(\d+)"/gu)].map((m) => Number(m[1]));
    expect(widths[0]).toBeGreaterThan(widths[1]! * 3);
    expect(evidenceChartSvg([], 'empty')).not.toContain('<svg');
  });

  it('is the same bytes for the same map', async () => {
    const map = await fixtureMap();
    expect(renderEvidenceMapHtml(map)).toBe(renderEvidenceMapHtml(structuredClone(map)));
  });
});
