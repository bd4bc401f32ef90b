import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legacyPathKey } from '../../src/domain/importing/legacy-paths.ts';
import { renderArticleBody } from '../../src/domain/shared/markdown.ts';
import { findOrCreateTag } from '../../src/domain/tags/tags.ts';
import { SESSION_COOKIE } from '../../src/http/admin/session.ts';
import { startTestSite, type TestSite } from '../support/app.ts';
import { launchBrowser } from '../support/browser.ts';
import { buildArticle } from '../support/factories.ts';
import { axeProblems, validateHtml } from '../support/html-checks.ts';
import { buildStaff, signInAgent } from '../support/staff.ts';

/** The pages of a publication brought in from WordPress, in a real browser: readers’ and the newsroom’s. */

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
/** A picture that needs no network: the site's CSP allows data: images. */
const PICTURE = `data:image/svg+xml,${encodeURIComponent("<svg xmlns='http://www.w3.org/2000/svg' width='800' height='450'><rect width='800' height='450' fill='#24476b'/></svg>")}`;

let site: TestSite;
let base: string;
let browser: Browser;
let session: string;
let checked: Array<{ name: string; path: string; newsroom: boolean; status: number; html: string }>;

beforeAll(async () => {
  site = await startTestSite();
  const { store } = site.runtime.deps;
  const now = site.clock.now();

  const news = await findOrCreateTag(store, 'News');
  const hongKong = await findOrCreateTag(store, 'Hong Kong');
  const islands = await findOrCreateTag(store, 'Outlying Islands');
  await store.tags.setParent(hongKong.id, news.id);
  await store.tags.setParent(islands.id, hongKong.id);

  const article = await buildArticle(site.runtime.deps, {
    headline: 'Night ferries return to Cheung Chau',
    slug: 'night-ferries',
    tags: ['Hong Kong'],
  });
  const body = '<p>The last sailing now leaves Central at <strong>1.30am</strong>.</p><h2>Fares</h2><p>Unchanged, the operator says.</p>';
  await store.articles.update(article.id, { ...article, bodySource: body, bodyFormat: 'html', bodyHtml: renderArticleBody(body, 'html') });
  const imageId = await store.media.insert({
    url: PICTURE,
    title: 'Ferry pier',
    alt: 'Passengers boarding a ferry at Central Pier 5 after midnight',
    caption: 'Central Pier 5, just after midnight.',
    mimeType: 'image/svg+xml',
    articleId: article.id,
    createdAt: now,
  });
  await store.media.setArticleImage(article.id, imageId);
  await store.redirects.put([{ path: legacyPathKey('/2024/05/night-ferries/')!, kind: 'article', id: article.id }]);

  const editorUser = await buildStaff(site, 'editor');
  const about = '<p>The Harbour Ledger has reported from <em>Sheung Wan</em> since 2011.</p>';
  const pageId = await store.pages.insert({
    slug: 'about-us',
    title: 'About us',
    status: 'published',
    publishedAt: now,
    createdAt: now,
    updatedAt: now,
    authorId: editorUser.author.id,
    bodyFormat: 'html',
    bodySource: about,
    bodyHtml: renderArticleBody(about, 'html'),
  });

  const editor = await signInAgent(site, editorUser);
  session = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(editor.cookieHeader)![1]!;
  const pages = [
    { name: 'article with a lead image', path: '/articles/night-ferries', newsroom: false },
    { name: 'standalone page', path: '/pages/about-us', newsroom: false },
    { name: 'tag within a tag', path: '/tag/hong-kong', newsroom: false },
    { name: 'pages list', path: '/admin/pages', newsroom: true },
    { name: 'new page', path: '/admin/pages/new', newsroom: true },
    { name: 'imported page editor', path: `/admin/pages/${pageId}`, newsroom: true },
    { name: 'imported article editor', path: `/admin/articles/${article.id}`, newsroom: true },
    { name: 'tag with Filed under', path: '/admin/tags/hong-kong', newsroom: true },
  ];
  checked = [];
  for (const page of pages) {
    const res = page.newsroom ? await editor.get(page.path) : await site.app.inject({ url: page.path });
    checked.push({ ...page, status: res.statusCode, html: res.body });
  }
  await editor.get('/admin/pages/new');
  const refused = await editor.post('/admin/pages', { title: '', slug: 'About Us!', body: '', status: 'draft' });
  checked.push({ name: 'refused page', path: '/admin/pages', newsroom: true, status: refused.statusCode, html: refused.body });

  base = await site.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('an imported publication in the browser', () => {
  it('answers every page, and the Nu HTML Checker finds no error in any', { timeout: 120_000 }, async () => {
    const answers = Object.fromEntries(checked.map((page) => [page.name, page.status]));
    expect(answers).toEqual({ ...Object.fromEntries(checked.map((page) => [page.name, 200])), 'refused page': 422 });
    const problems = await validateHtml(checked);
    expect(problems.length, problems.join('\n')).toBe(0);
  });

  describe('in Chromium', () => {
    let desktop: BrowserContext;
    let phone: BrowserContext;
    beforeAll(async () => {
      desktop = await browser.newContext({ viewport: DESKTOP });
      phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
      for (const context of [desktop, phone]) {
        await context.addCookies([{ name: SESSION_COOKIE, value: session, domain: '127.0.0.1', path: '/admin', httpOnly: true }]);
      }
    });
    afterAll(async () => {
      await desktop?.close();
      await phone?.close();
    });

    it('follows an old permalink to the article, and shows its lead image loaded with its caption', async () => {
      const tab = await desktop.newPage();
      try {
        const response = await tab.goto(`${base}/2024/05/night-ferries/`);
        expect(response?.status()).toBe(200);
        expect(new URL(tab.url()).pathname).toBe('/articles/night-ferries');
        const image = tab.getByRole('img', { name: 'Passengers boarding a ferry at Central Pier 5 after midnight' });
        expect(await image.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth)).toBe(800);
        expect(await tab.locator('figure.lead-image figcaption').textContent()).toBe('Central Pier 5, just after midnight.');
        await tab.getByRole('link', { name: 'About us' }).click();
        expect(await tab.getByRole('heading', { level: 1 }).textContent()).toBe('About us');
      } finally {
        await tab.close();
      }
    });

    it(
      'axe finds no accessibility violations: every page at desktop width, the readers’ pages on a phone',
      { timeout: 120_000 },
      async () => {
        const problems: string[] = [];
        const shown = checked.filter((page) => page.status === 200);
        for (const [context, width, pages] of [
          [desktop, 'desktop', shown],
          [phone, 'phone', shown.filter((page) => !page.newsroom)],
        ] as const) {
          for (const page of pages) {
            const tab = await context.newPage();
            try {
              const response = await tab.goto(base + page.path);
              expect(response?.status(), page.name).toBe(200);
              problems.push(...(await axeProblems(tab, `${page.name} (${width})`)));
            } finally {
              await tab.close();
            }
          }
        }
        expect(problems.length, problems.join('\n')).toBe(0);
      },
    );
  });
});
