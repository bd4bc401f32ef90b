import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTICLE_LIMITS } from '../../src/domain/articles/articles.ts';
import { startTestSite, type TestSite } from '../support/app.ts';
import { launchBrowser } from '../support/browser.ts';
import { create } from '../support/editor.ts';
import { auditingPage, auditPage, injected, shownText } from '../support/hostile-page.ts';
import { batches, HOSTILE_STRINGS } from '../support/hostile-strings.ts';
import { staffAgent, type Agent } from '../support/staff.ts';

/**
 * Hostile-input suite, the newsroom's Markdown editor and tag names: headline, standfirst, body and
 * tags typed by staff, rendered on the article page, the tag pages and the tag admin.
 */

/** What Markdown may make of a body: CommonMark's elements, images included (their addresses are checked). */
const MARKDOWN_MARKUP = new Set([
  'hr',
  'h1',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'code',
  's',
  'img',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
]);
const PER_ARTICLE = ARTICLE_LIMITS.tags;

let site: TestSite;
let address: string;
let browser: Browser;
let editor: Agent;

beforeAll(async () => {
  site = await startTestSite();
  address = await site.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
  ({ agent: editor } = await staffAgent(site, 'editor'));
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** Publishes through the editor's form; a field the editor refuses is replaced by plain words and sent again. */
async function publish(fields: { headline: string; standfirst: string; body: string; tags: string }, n: number): Promise<string> {
  let sent = { ...fields, intent: 'publish' };
  for (let attempt = 0; attempt < 4; attempt++) {
    const res = await create(editor, sent);
    if (res.statusCode === 303) {
      const id = Number(/\/admin\/articles\/(\d+)/.exec(String(res.headers.location))?.[1]);
      return (await site.runtime.deps.store.articles.findById(id))!.slug;
    }
    const errors = [...res.body.matchAll(/id="(\w+)-error">([^<]+)</g)].map((m) => m[1]!);
    if (errors.includes('title') || errors.includes('headline')) sent = { ...sent, headline: `Hostile headline ${n}` };
    else if (errors.includes('standfirst')) sent = { ...sent, standfirst: '' };
    else if (errors.includes('tags')) sent = { ...sent, tags: `Hostile ${n}` };
    else if (errors.includes('body')) sent = { ...sent, body: `Hostile body ${n}` };
    else sent = { ...sent, headline: `Hostile headline ${n}`, standfirst: '', tags: `Hostile ${n}` };
  }
  throw new Error(`article ${n} was refused every time`);
}

describe('hostile input through the newsroom', () => {
  it('renders headlines, standfirsts, Markdown bodies and tag names as text, with nothing injected', async () => {
    const tab = await auditingPage(browser);
    const benignSlug = await publish(
      {
        headline: 'Benign headline',
        standfirst: 'Benign standfirst.',
        body: 'Benign paragraph.\n\nAnother.',
        // As many tags as a hostile article has, so the page's tag links and tag metadata match in number.
        tags: Array.from({ length: PER_ARTICLE }, (_, i) => `Benign ${i}`).join(', '),
      },
      -1,
    );
    const benign = await auditPage(tab, `${address}/articles/${benignSlug}`);

    const problems: string[] = [];
    const tagPages = new Set<string>();
    for (const [b, batch] of batches(HOSTILE_STRINGS, PER_ARTICLE).entries()) {
      const [headline, standfirst] = [batch[0]!, batch[1] ?? ''];
      const slug = await publish({ headline, standfirst, body: batch.join('\n\n'), tags: batch.join(', ') }, b);
      const audit = await auditPage(tab, `${address}/articles/${encodeURIComponent(slug)}`);
      const found = injected(audit, benign, MARKDOWN_MARKUP);
      const article = (await site.runtime.deps.store.articles.findBySlug(slug))!;
      const h1 = await tab.page.locator('h1').first().textContent();
      if (shownText(h1 ?? '') !== shownText(article.headline)) found.push(`headline shown as ${JSON.stringify(h1)}`);
      if (article.headline === headline.trim() && shownText(h1 ?? '') !== shownText(headline)) found.push('headline changed');
      const links = await tab.page.evaluate(() => [...document.querySelectorAll('a[href^="/tags/"]')].map((a) => a.getAttribute('href')!));
      for (const link of links.slice(0, 2)) tagPages.add(link);
      if (found.length > 0) problems.push(`article ${b} (${JSON.stringify(headline)}): ${found.join('; ')}`);
    }

    // A sample of tag pages, whose names are hostile strings, and the tag admin listing them all.
    const tagBenign = await auditPage(tab, `${address}/tags/benign-0`);
    for (const link of [...tagPages].slice(0, 40)) {
      const found = injected(await auditPage(tab, `${address}${link}`), tagBenign, MARKDOWN_MARKUP);
      if (found.length > 0) problems.push(`${link}: ${found.join('; ')}`);
    }
    await tab.page.close();
    expect(problems).toEqual([]);
  }, 300_000);
});
