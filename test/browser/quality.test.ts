import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/demo/load.ts';
import { startTestSite, type TestSite } from '../support/app.ts';
import { launchBrowser } from '../support/browser.ts';
import { form } from '../support/factories.ts';
import { axeProblems, crawl, linksOf, validateHtml, type FetchedPage } from '../support/html-checks.ts';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** The reader-facing pages a crawl may follow: articles, tags, authors and the front page's pages. */
const isSitePage = (link: string) => /^\/(articles|tag|author)\//.test(link) || /^\/\?page=\d+$/.test(link);
/** Reply forms are followed separately: one per comment would only repeat the same page. */
const isReplyForm = (link: string) => /[?&]reply=/.test(link);

let site: TestSite;
let base: string;
let browser: Browser;
let crawled: Map<string, FetchedPage>;
/** Every page to check, by a name that says which page it is. */
const checked: Array<{ name: string; path: string; html: string; status: number }> = [];
/** A refused comment, posted for real so the browser can show the page that comes back. */
let failedPost: { articlePath: string; html: string; status: number };
let replyPath: string;

async function get(pagePath: string, init: RequestInit = {}): Promise<{ status: number; html: string; location: string | null }> {
  const response = await fetch(base + pagePath, { redirect: 'manual', ...init });
  return { status: response.status, html: await response.text(), location: response.headers.get('location') };
}

beforeAll(async () => {
  site = await startTestSite();
  await loadDemo(site.runtime.deps);
  base = await site.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();

  crawled = await crawl(base, '/', (link) => isSitePage(link) && !isReplyForm(link));
  for (const page of crawled.values()) checked.push({ name: page.path, ...page });

  const replyLinks = [...crawled.values()].flatMap((page) => linksOf(page.html, base + page.path)).filter(isReplyForm);
  replyPath = replyLinks[0] ?? '';
  if (replyPath) checked.push({ name: `${replyPath} (reply form)`, path: replyPath, ...(await get(replyPath)) });

  const notFound = await get('/no-such-page');
  checked.push({ name: '/no-such-page (404)', path: '/no-such-page', ...notFound });

  const articlePath = [...crawled.keys()].find((p) => p.startsWith('/articles/')) ?? '/articles/missing';
  const refused = await get(`${articlePath}/comments`, {
    method: 'POST',
    body: form({ comment: '', author: '', email: 'not-an-email', url: 'not a web address', fax: '' }).payload,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  failedPost = { articlePath, html: refused.html, status: refused.status };
  checked.push({ name: `POST ${articlePath}/comments (422)`, path: `${articlePath}/comments`, ...refused });
  const bot = await get(`${articlePath}/comments`, {
    method: 'POST',
    body: form({ comment: 'Buy now', author: 'Bot', email: 'bot@example.com', url: '', fax: 'filled' }).payload,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  checked.push({ name: `POST ${articlePath}/comments (honeypot, 422)`, path: `${articlePath}/comments`, ...bot });
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('the demo site, page by page', () => {
  it('every link a reader can follow answers 200, and the crawl reaches every article, tag and author', async () => {
    const broken = [...crawled.values()]
      .filter((p) => p.status !== 200)
      .map((p) => `${p.path} answered ${p.status} (linked from ${p.from})`);
    expect(broken.length, broken.join('\n')).toBe(0);

    const paths = new Set(crawled.keys());
    const { items } = await site.runtime.deps.store.articles.listPublic({ now: site.clock.now(), limit: 1000, offset: 0 });
    expect(items.length).toBeGreaterThan(10);
    const expected = new Set<string>(['/', '/?page=2']);
    for (const article of items) {
      expected.add(`/articles/${encodeURIComponent(article.slug)}`);
      expected.add(`/author/${encodeURIComponent(article.author.slug)}`);
      for (const tag of article.tags) expected.add(`/tag/${encodeURIComponent(tag.slug)}`);
    }
    expect([...expected].filter((p) => !paths.has(p))).toEqual([]);
    // Drafts and scheduled stories must not be linked from anywhere.
    const visible = new Set(items.map((a) => `/articles/${encodeURIComponent(a.slug)}`));
    expect([...paths].filter((p) => p.startsWith('/articles/') && !visible.has(p))).toEqual([]);
  });

  it('sends an alias tag URL for good to its canonical tag', async () => {
    const canonical = await site.runtime.deps.store.tags.findByAliasSlug('hksar');
    expect(canonical).not.toBeNull();
    const response = await get('/tag/hksar');
    expect(response.status).toBe(301);
    expect(response.location).toBe(`/tag/${encodeURIComponent(canonical!.slug)}`);
    expect(crawled.get(response.location!)?.status).toBe(200);
  });

  it('answers an unknown URL with a 404 page that offers a way on', () => {
    const page = checked.find((p) => p.path === '/no-such-page')!;
    expect(page.status).toBe(404);
    expect(page.html).toContain('We couldn’t find that page');
  });

  it('shows a reply form for a comment', () => {
    expect(replyPath).toMatch(/^\/articles\/[^?]+\?reply=\d+$/);
    const page = checked.find((p) => p.path === replyPath)!;
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/<input type="hidden" name="parent" value="\d+"/);
  });

  it('hands a refused comment back (422) with the message beside each field', () => {
    expect(failedPost.status).toBe(422);
    expect(failedPost.html).toContain('<span class="field-error" id="comment-error">Please enter your comment!</span>');
    expect(failedPost.html).toContain('<span class="field-error" id="author-error">Please enter your name here</span>');
    expect(failedPost.html).toContain('<span class="field-error" id="email-error">You have entered an incorrect email address!</span>');
    expect(failedPost.html).toContain('value="not a web address"');
    const bot = checked.find((p) => p.name.includes('honeypot'))!;
    expect(bot.status).toBe(422);
    expect(bot.html).toMatch(/<div class="form-errors" role="alert" id="form-errors"><p>Your comment looks automated/);
  });

  it('every page passes the HTML checks (html-validate, and the Nu HTML Checker where Java is)', { timeout: 120_000 }, async () => {
    expect(checked.length).toBeGreaterThan(30);
    const problems = await validateHtml(checked.map(({ name, html }) => ({ name, html })));
    expect(problems.length, problems.join('\n')).toBe(0);
  });

  describe('axe-core finds no accessibility violations', () => {
    let desktop: BrowserContext;
    let phone: BrowserContext;
    beforeAll(async () => {
      desktop = await browser.newContext({ viewport: DESKTOP });
      phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    });
    afterAll(async () => {
      await desktop?.close();
      await phone?.close();
    });

    async function check(
      context: BrowserContext,
      name: string,
      pagePath: string,
      status = 200,
      extraRules: string[] = [],
    ): Promise<string[]> {
      const page = await context.newPage();
      try {
        const response = await page.goto(base + pagePath);
        expect(response?.status(), `${name} status`).toBe(status);
        return await axeProblems(page, name, extraRules);
      } finally {
        await page.close();
      }
    }

    it('on every page at desktop width', { timeout: 180_000 }, async () => {
      const pages = checked.filter((p) => !p.name.startsWith('POST'));
      const found = new Map<string, string[]>();
      // Two tabs at a time: axe is CPU-bound, and each tab has its own renderer.
      const next = pages.entries();
      const tab = async () => {
        for (const [, page] of next) found.set(page.name, await check(desktop, page.name, page.path, page.status));
      };
      await Promise.all([tab(), tab()]);
      expect(found.size).toBe(pages.length);
      const problems = pages.flatMap((page) => found.get(page.name) ?? []);
      expect(problems.length, problems.join('\n')).toBe(0);
    });

    // On a phone, touch targets too: npm run audit's Lighthouse checks them on these pages.
    it('on the front page, an article, its reply form and a section on a phone, touch targets included', { timeout: 60_000 }, async () => {
      const touch = ['target-size'];
      const problems = [
        ...(await check(phone, '/ (phone)', '/', 200, touch)),
        ...(await check(phone, `${failedPost.articlePath} (phone)`, failedPost.articlePath, 200, touch)),
        ...(await check(phone, `${replyPath} (phone)`, replyPath, 200, touch)),
        ...(await check(phone, '/tag/politics (phone)', '/tag/politics', 200, touch)),
      ];
      expect(problems.length, problems.join('\n')).toBe(0);
    });

    it('on an article after a refused comment, with the errors shown, at both widths', { timeout: 60_000 }, async () => {
      const problems: string[] = [];
      for (const [context, width] of [
        [desktop, 'desktop'],
        [phone, 'phone'],
      ] as const) {
        const page = await context.newPage();
        try {
          await page.goto(base + failedPost.articlePath);
          await page.getByRole('textbox', { name: 'Email', exact: true }).fill('not-an-email');
          const [response] = await Promise.all([
            page.waitForResponse((r) => r.request().method() === 'POST'),
            // form.submit() skips the page script's checks, so the server's own answer comes back.
            page.locator('#commentform').evaluate((f) => (f as HTMLFormElement).submit()),
          ]);
          expect(response.status()).toBe(422);
          await page.waitForLoadState('load');
          expect(await page.locator('#email-error').textContent()).toBe('You have entered an incorrect email address!');
          problems.push(...(await axeProblems(page, `${failedPost.articlePath} after a refused comment (${width})`)));
        } finally {
          await page.close();
        }
      }
      expect(problems.length, problems.join('\n')).toBe(0);
    });
  });
});
