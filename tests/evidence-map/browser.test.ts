/// <reference lib="dom" />
/**
 * The HTML page in headless Chromium: it loads from a file:// URL with no
 * console or page errors and no requests, the filters hide and show the
 * right rows, and screenshots are taken (wide and narrow) for a person to
 * look at. Skipped, with a notice, where /usr/bin/chromium is missing.
 */
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEvidenceMap, renderEvidenceMapHtml } from '../../src/evidence-map/index.js';
import { lintProject } from '../../src/lint/project.js';
import { generateProject } from '../bench/generate.mjs';
import { REPO } from '../helpers/cli.js';
import { fixtureMap } from './fixture.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`evidence-map browser test skipped: \`${CHROMIUM}\` is missing (apt-get install chromium to run it).`);

describe('evidence map page in Chromium', () => {
  let browser: Browser | undefined;
  let page: Page;
  const problems: string[] = [];
  const requests: string[] = [];
  const outDir = mkdtempSync(join(tmpdir(), 'citemark-evidence-map-'));

  beforeAll(async () => {
    if (!hasChromium) return;
    const file = join(outDir, 'evidence-map.html');
    writeFileSync(file, renderEvidenceMapHtml(await fixtureMap()));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
  });

  const visibleClaims = () => page.locator('tr[data-row="claim"]:visible, tr[data-row="sentence"]:visible');

  it.skipIf(!hasChromium)('loads with no console errors, no page errors and no requests beyond the file itself', async () => {
    expect(problems).toEqual([]);
    expect(requests.every((url) => url.startsWith('file://'))).toBe(true);
    expect(await page.title()).toBe('Evidence map');
    // The `<script>` in the article and in a reference title stayed text.
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await expect(page.getByText('<script>window.__pwned = 1</script>', { exact: false }).count()).resolves.toBe(1);
  });

  it.skipIf(!hasChromium)('filters rows by rule, by evidence level and to claims with findings', async () => {
    const status = page.locator('#filter-status');
    expect(await visibleClaims().count()).toBe(7);
    await expect(status.textContent()).resolves.toBe('Showing 6 of 6 claims, 1 of 1 uncited sentences with findings and 5 of 5 references');

    await page.selectOption('#filter-rule', 'topic-mismatch');
    expect(await visibleClaims().allTextContents()).toEqual([expect.stringContaining('Nerve blocks can intercept pain signals')]);
    // The other article has no such claim, so it says so.
    expect(await page.locator('#article-1 tr.empty:visible').count()).toBe(1);
    await expect(status.textContent()).resolves.toBe('Showing 1 of 6 claims, 0 of 1 uncited sentences with findings and 0 of 5 references');

    await page.selectOption('#filter-rule', '');
    await page.selectOption('#filter-level', 'rct');
    expect(await visibleClaims().count()).toBe(2);
    expect(await page.locator('tr[data-row="reference"]:visible').allTextContents()).toEqual([expect.stringContaining('schwartzman2009rct')]);

    await page.selectOption('#filter-level', '');
    await page.check('#filter-findings');
    expect(await visibleClaims().count()).toBe(4);
    expect(await page.locator('#article-1 tr.empty:visible').count()).toBe(1);

    await page.uncheck('#filter-findings');
    expect(await visibleClaims().count()).toBe(7);
    expect(problems).toEqual([]);
  });

  it.skipIf(!hasChromium)('says the same counts everywhere: the summary, each article, the filter status and the rows', async () => {
    const facts = await page.evaluate(() => {
      const count = (text: string, what: string) => Number(new RegExp(`(\\d+) ${what}`).exec(text)?.[1] ?? NaN);
      const summary = document.querySelector('.summary')!.textContent;
      const metas = Array.from(document.querySelectorAll('section.article .meta'), (m) => m.textContent);
      return {
        summaryClaims: count(summary, 'claims?'),
        summaryUncited: count(summary, 'uncited sentences?'),
        articleClaims: metas.reduce((n, m) => n + count(m, 'claims?'), 0),
        claimRows: document.querySelectorAll('tr[data-row="claim"]').length,
        sentenceRows: document.querySelectorAll('tr[data-row="sentence"]').length,
        referenceRows: document.querySelectorAll('tr[data-row="reference"]').length,
        status: document.getElementById('filter-status')!.textContent,
        caption: document.querySelector('table.references caption')!.textContent,
        omitted: document.getElementById('omitted-references')?.textContent ?? '',
      };
    });
    expect(facts.summaryClaims).toBe(facts.claimRows);
    expect(facts.articleClaims).toBe(facts.claimRows);
    expect(facts.summaryUncited).toBe(facts.sentenceRows);
    expect(facts.status).toBe(`Showing ${facts.claimRows} of ${facts.claimRows} claims, ${facts.sentenceRows} of ${facts.sentenceRows} uncited sentences with findings and ${facts.referenceRows} of ${facts.referenceRows} references`);
    // The one item no article cites, with only a warning, is counted rather than listed.
    expect(facts.caption).toBe(`${facts.referenceRows} of 6 bibliography items: those cited, and those with errors`);
    expect(facts.omitted).toBe('Not listed: 1 bibliography item that no article here cites and that has no errors; their findings: 1 unused-reference. Run citemark report --all-references to list every item.');
  });

  it.skipIf(!hasChromium)('no column is cut off at 390, 1280 and 1600 px wide, here or on the map of the bundled articles; screenshots of each', async () => {
    // The bundled articles' map had a 1,551 px references table in a 1,200 px box (long keys and paths).
    const repoFile = join(outDir, 'bundled.html');
    writeFileSync(repoFile, renderEvidenceMapHtml(buildEvidenceMap(await lintProject({ root: REPO, threads: 1 }))));
    const bundled = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    await bundled.goto(pathToFileURL(repoFile).href, { waitUntil: 'load' });
    const shots: string[] = [];
    for (const [name, target] of [['fixture', page], ['bundled', bundled]] as const) {
      for (const width of [390, 1280, 1600]) {
        await target.setViewportSize({ width, height: 900 });
        const clipped = await target.evaluate(() => {
          const out: string[] = [];
          if (document.documentElement.scrollWidth > document.documentElement.clientWidth) out.push(`the page scrolls sideways (${document.documentElement.scrollWidth} px)`);
          for (const wrap of Array.from(document.querySelectorAll<HTMLElement>('.table-wrap'))) {
            const table = wrap.querySelector('table')!;
            if (table.scrollWidth > wrap.clientWidth) out.push(`table.${table.className} is ${table.scrollWidth} px in a ${wrap.clientWidth} px box`);
            for (const cell of Array.from(table.querySelectorAll<HTMLElement>('td, th'))) {
              if (cell.offsetParent !== null && cell.scrollWidth > cell.clientWidth + 1) out.push(`a ${cell.dataset.label ?? cell.tagName} cell overflows: ${cell.textContent.slice(0, 40)}`);
            }
          }
          return out;
        });
        expect([name, width, clipped]).toEqual([name, width, []]);
        const shot = join(outDir, `evidence-map-${name}-${width}.png`);
        await target.screenshot({ path: shot, fullPage: true });
        expect(statSync(shot).size).toBeGreaterThan(10_000);
        shots.push(shot);
      }
    }
    await bundled.close();
    console.info(`evidence-map screenshots: ${shots.join(' ')}`);
  });
});

describe('evidence map of a project with 2,000 references in Chromium', () => {
  let browser: Browser | undefined;
  const outDir = mkdtempSync(join(tmpdir(), 'citemark-evidence-map-big-'));
  let light = '';
  let full = '';

  beforeAll(async () => {
    if (!hasChromium) return;
    const root = join(outDir, 'project');
    generateProject(root, { articles: 2, items: 2_000, seed: 3 });
    const map = buildEvidenceMap(await lintProject({ root, threads: 1 }));
    light = join(outDir, 'light.html');
    full = join(outDir, 'full.html');
    writeFileSync(light, renderEvidenceMapHtml(map));
    writeFileSync(full, renderEvidenceMapHtml(map, { allReferences: true }));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it.skipIf(!hasChromium)('lists the cited works and those with errors by default, and stays light; --all-references lists every one', async () => {
    const measure = async (file: string) => {
      const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const facts = await page.evaluate(() => ({
        height: document.documentElement.scrollHeight,
        rows: document.querySelectorAll('tr[data-row="reference"]').length,
        overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      }));
      await page.screenshot({ path: `${file}.png` });
      await page.close();
      return { ...facts, bytes: statSync(file).size };
    };
    const small = await measure(light);
    const big = await measure(full);
    expect(big.rows).toBe(2_000);
    expect(small.rows).toBeLessThan(200);
    expect(small.bytes).toBeLessThan(big.bytes / 5);
    expect(small.height).toBeLessThan(big.height / 3);
    expect([small.overflow, big.overflow]).toEqual([0, 0]);
    console.info(`evidence map, 2,000 references: ${small.bytes} bytes and ${small.height} px tall by default, ${big.bytes} bytes and ${big.height} px with every item (${light}.png)`);
  });
});
