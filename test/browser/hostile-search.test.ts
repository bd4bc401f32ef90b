import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_QUERY_LENGTH } from '../../src/domain/search/search-terms.ts';
import { startTestSite, type TestSite } from '../support/app.ts';
import { launchBrowser } from '../support/browser.ts';
import { buildArticle } from '../support/factories.ts';
import { auditingPage, auditPage, injected, shownText } from '../support/hostile-page.ts';
import { batches, HOSTILE_STRINGS } from '../support/hostile-strings.ts';

/** Hostile-input suite, search: the query shown back, and results whose snippets hold hostile text. */

let site: TestSite;
let address: string;
let browser: Browser;

beforeAll(async () => {
  site = await startTestSite();
  address = await site.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** Strings packed into as few queries as the length limit allows; longer ones go alone (and are refused as too long). */
function queries(strings: readonly string[]): string[] {
  const out: string[] = [];
  let current = '';
  for (const s of strings) {
    if (current && current.length + 1 + s.length > MAX_QUERY_LENGTH) {
      out.push(current);
      current = '';
    }
    current = current ? `${current} ${s}` : s;
  }
  if (current) out.push(current);
  return out;
}

describe('hostile input through search', () => {
  it('shows every query back as text, and results holding hostile text, with nothing injected', async () => {
    // Articles whose bodies hold the strings, so hostile queries find hostile snippets to highlight.
    for (const [b, batch] of batches(HOSTILE_STRINGS, 50).entries()) {
      await buildArticle(site.runtime.deps, { headline: `Hostile body ${b}`, body: batch.join('\n\n') });
    }
    await buildArticle(site.runtime.deps, { headline: 'Ferry timetable', body: 'The ferry leaves at nine.' });
    const tab = await auditingPage(browser);
    const search = (q: string) => auditPage(tab, `${address}/search?q=${encodeURIComponent(q)}`);
    const benign = await search('ferry');
    expect(await tab.page.locator('main li').count()).toBeGreaterThan(0);

    const problems: string[] = [];
    let withResults = 0;
    for (const q of queries(HOSTILE_STRINGS)) {
      const audit = await search(q);
      const found = injected(audit, benign, new Set());
      const shown = await tab.page.locator('#search-q').inputValue();
      if (shownText(shown) !== shownText(q.replace(/[\r\n]/g, ''))) found.push(`query shown as ${JSON.stringify(shown)}`);
      if ((audit.elements.mark ?? 0) > 0) withResults++;
      if (found.length > 0) problems.push(`${JSON.stringify(q)}: ${found.join('; ')}`);
    }
    await tab.page.close();
    expect(problems).toEqual([]);
    // The queries found hostile snippets to highlight, not just empty pages.
    expect(withResults).toBeGreaterThan(10);
  }, 300_000);
});
