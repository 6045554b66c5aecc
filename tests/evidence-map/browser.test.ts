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
import { renderEvidenceMapHtml } from '../../src/evidence-map/index.js';
import { fixtureMap } from './fixture.js';

const CHROMIUM = '/usr/bin/chromium';
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

  const visibleClaims = () => page.locator('tr[data-row="claim"]:visible');

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
    await expect(status.textContent()).resolves.toBe('Showing 7 of 7 claims and 6 of 6 references');

    await page.selectOption('#filter-rule', 'topic-mismatch');
    expect(await visibleClaims().allTextContents()).toEqual([expect.stringContaining('Nerve blocks can intercept pain signals')]);
    // The other article has no such claim, so it says so.
    expect(await page.locator('#article-1 tr.empty:visible').count()).toBe(1);
    await expect(status.textContent()).resolves.toBe('Showing 1 of 7 claims and 0 of 6 references');

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

  it.skipIf(!hasChromium)('takes readable screenshots, wide and narrow', async () => {
    const wide = join(outDir, 'evidence-map-1280.png');
    await page.screenshot({ path: wide, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    // On a narrow screen the page must not scroll sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const narrow = join(outDir, 'evidence-map-390.png');
    await page.screenshot({ path: narrow, fullPage: true });
    expect(statSync(wide).size).toBeGreaterThan(10_000);
    expect(statSync(narrow).size).toBeGreaterThan(10_000);
    console.info(`evidence-map screenshots: ${wide} ${narrow}`);
  });
});
