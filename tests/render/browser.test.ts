/// <reference lib="dom" />
/**
 * The rendered HTML in headless Chromium: a standards-mode document, no
 * console errors, every citation link lands on an entry, readable on a phone
 * and a desktop (no horizontal scrolling), unresolved citations visibly
 * marked; screenshots are written to a temporary folder and checked for
 * content. Skipped, with a notice, where Chromium is missing.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRenderer } from '../../src/render/index.js';
import { fixtureItems } from './helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) console.warn(`[citemark] Chromium not found at ${CHROMIUM}: skipping the HTML screenshot test (set CHROMIUM_PATH to run it).`);

const ARTICLE = `---
title: Ketamine for chronic pain
lang: en-US
---

# Ketamine for chronic pain

Ketamine blocks NMDA receptors [@doe2018book, pp. 33-35; @who2021]. @smith2019opioid found tapering feasible,
and a later survey agreed [-@smith2019ketamine]. Mindfulness helps some patients [@lee2020anna; @lee2020brian].
Claims without a source stay visible [@ghost2021].

<div id="refs"></div>

## Appendix

Text after the references.
`;

describe.skipIf(!available)('rendered HTML in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  test.each(['apa', 'vancouver'] as const)('%s: valid, linked, readable; screenshot', async (style) => {
    const items = await fixtureItems();
    const { output } = createRenderer({ bibliography: items, style }).renderArticle(ARTICLE, { to: 'html' });
    const outDir = mkdtempSync(join(tmpdir(), 'citemark-render-'));
    writeFileSync(join(outDir, `${style}.html`), output);

    for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 900 }]) {
      const page = await browser.newPage({ viewport });
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      // Nothing in the page may reach the network.
      await page.route('**/*', (route) => route.abort());
      await page.setContent(output, { waitUntil: 'load' });
      const facts = await page.evaluate(() => {
        const ids = Array.from(document.querySelectorAll('[id]'), (e) => e.id);
        const links = Array.from(document.querySelectorAll('a[href^="#"]'), (a) => decodeURIComponent(a.getAttribute('href')!.slice(1)));
        const entry = document.querySelector('.csl-entry');
        const mark = document.querySelector('mark.citation-unresolved');
        return {
          mode: document.compatMode,
          lang: document.documentElement.lang,
          title: document.title,
          duplicateIds: ids.filter((id, i) => ids.indexOf(id) !== i),
          brokenLinks: links.filter((id) => !document.getElementById(id)),
          linkCount: links.length,
          entries: document.querySelectorAll('#refs .csl-entry').length,
          refsBeforeAppendix: (document.getElementById('refs')?.compareDocumentPosition(document.querySelector('h2')!) ?? 0) & Node.DOCUMENT_POSITION_FOLLOWING,
          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          fontSize: entry ? parseFloat(getComputedStyle(entry).fontSize) : 0,
          markBackground: mark ? getComputedStyle(mark).backgroundColor : '',
          markText: mark?.textContent ?? '',
        };
      });
      expect(errors).toEqual([]);
      expect(facts.mode).toBe('CSS1Compat');
      expect(facts.lang).toBe('en-US');
      expect(facts.title).toBe('Ketamine for chronic pain');
      expect(facts.duplicateIds).toEqual([]);
      expect(facts.brokenLinks).toEqual([]);
      expect(facts.linkCount).toBeGreaterThanOrEqual(6);
      expect(facts.entries).toBe(6);
      expect(facts.refsBeforeAppendix).toBeTruthy();
      expect(facts.overflow).toBeLessThanOrEqual(0);
      expect(facts.fontSize).toBeGreaterThanOrEqual(14);
      expect(facts.markBackground).not.toBe('rgba(0, 0, 0, 0)');
      expect(facts.markText).toBe('[@ghost2021]?');

      const png = await page.screenshot({ fullPage: true });
      const file = join(outDir, `${style}-${viewport.width}.png`);
      writeFileSync(file, png);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(png.length).toBeGreaterThan(10_000);
      console.log(`screenshot: ${file}`);
      await page.close();
    }
  });
});
