import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSite, type TestSite } from '../support/app.ts';
import { launchBrowser } from '../support/browser.ts';
import { buildArticle } from '../support/factories.ts';
import { axeProblems, validateHtml } from '../support/html-checks.ts';

let site: TestSite;
let base: string;
let browser: Browser;

beforeAll(async () => {
  site = await startTestSite({ env: { BROADSHEET_DEMO: 'off' } });
  const deps = site.runtime.deps;
  const hour = 3_600_000;
  const at = (hours: number) => new Date(site.clock.now().getTime() - hours * hour);
  for (let i = 1; i <= 11; i++) {
    await buildArticle(deps, {
      slug: `ferry-${i}`,
      headline: `Ferry timetable change ${i}`,
      body: `The night crossing moves by ${i} minutes.`,
      tags: [i % 2 === 0 ? 'Transport' : 'Islands'],
      date: at(i),
    });
  }
  await buildArticle(deps, {
    slug: 'gba',
    headline: '大灣區渡輪新航線',
    body: '新航線連接粵港澳大灣區三個碼頭。',
    tags: ['Transport'],
    date: at(20),
  });
  base = await site.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('a reader searching the site', () => {
  it('types in the masthead box, sees highlighted results, filters them and pages on', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${base}/articles/ferry-3`);
      await page.getByRole('search', { name: 'Search the site' }).getByLabel('Search').fill('ferries');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/search\?q=ferries/);
      expect(await page.getByRole('status').first().textContent()).toContain('11 results for “ferries”');
      expect(await page.locator('.search-result').count()).toBe(10);
      expect(await page.locator('.search-result mark').first().textContent()).toBe('Ferry');
      expect(await page.getByLabel('Search for').inputValue()).toBe('ferries');

      await page.getByRole('link', { name: 'Next →' }).click();
      await page.waitForURL(/page=2/);
      expect(await page.locator('.search-result h2').allTextContents()).toEqual(['Ferry timetable change 11']);

      await page.getByText('Narrow the search').click();
      await page.getByLabel('Tag').fill('Transport');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.waitForURL(/tag=Transport/);
      expect(await page.getByRole('status').first().textContent()).toContain('5 results for “ferries” tagged Transport');

      await page.getByLabel('Search for').fill('灣區');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.waitForURL(/q=%E7%81%A3/);
      expect(await page.locator('.search-result mark').allTextContents()).toContain('灣區');
    } finally {
      await page.close();
    }
  });

  it('passes the accessibility and HTML checks, with results, with none and with a friendly message', async () => {
    const paths = ['/search?q=ferry', '/search?q=ferry&tag=transport&page=1', '/search?q=nothingmatches', '/search?q=%22', '/search'];
    const pages = await Promise.all(paths.map(async (path) => ({ name: path, html: await (await fetch(base + path)).text() })));
    const invalid = await validateHtml(pages);
    expect(invalid, invalid.join('\n')).toEqual([]);
    const problems: string[] = [];
    for (const path of paths) {
      const page = await browser.newPage();
      try {
        await page.goto(base + path);
        problems.push(...(await axeProblems(page, path)));
      } finally {
        await page.close();
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
