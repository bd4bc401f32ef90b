import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/domain/shared/model.ts';
import { startTestSite, type TestSite } from '../support/app.ts';
import { launchBrowser } from '../support/browser.ts';
import { runCli } from '../support/cli.ts';
import { buildArticle } from '../support/factories.ts';

const COMMENT_TEXT = 'The ferry timetable change will hit early commuters hardest.';
const REPLY_TEXT = 'Agreed, and the first sailing is already full most mornings.';
const READER = { name: 'Mei Ling Tsang', email: 'mei.ling@example.com' };

/** The real CLI, as an editor runs it, against the test site's database. */
async function cli(...args: string[]): Promise<string> {
  const result = await runCli(site.dataDir, args, { DATABASE_URL: '' });
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

let site: TestSite;
let browser: Browser;
let context: BrowserContext;
let article: Article;
let articleUrl: string;
/** Set by the moderation test, used by the reply test. */
let approvedId: number | undefined;

/** Watches a page for form posts, to prove the script stopped one from being sent. */
function recordPosts(page: Page): string[] {
  const posts: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') posts.push(request.url());
  });
  return posts;
}

async function openArticle(ctx: BrowserContext = context): Promise<Page> {
  const page = await ctx.newPage();
  // Fail within the test's own time limit, naming the step that did not happen.
  page.setDefaultTimeout(10_000);
  const response = await page.goto(articleUrl);
  expect(response?.status()).toBe(200);
  return page;
}

beforeAll(async () => {
  site = await startTestSite();
  article = await buildArticle(site.runtime.deps, { headline: 'Ferry timetable changes from Monday' });
  const address = await site.app.listen({ port: 0, host: '127.0.0.1' });
  articleUrl = `${address}/articles/${article.slug}`;
  browser = await launchBrowser();
  context = await browser.newContext();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('reader comments in a real browser', () => {
  it('shows the required-field messages beside their fields and sends nothing when the form is empty', async () => {
    const page = await openArticle();
    const posts = recordPosts(page);
    await page.getByRole('button', { name: 'Post comment' }).click();

    await expect.poll(() => page.locator('#comment-error').textContent()).toBe('Please enter your comment!');
    expect(await page.locator('#author-error').textContent()).toBe('Please enter your name here');
    expect(await page.locator('#comment-error').isVisible()).toBe(true);
    expect(await page.locator('#author-error').isVisible()).toBe(true);
    expect(await page.locator('#comment').getAttribute('aria-invalid')).toBe('true');
    // The script focuses the first field that needs attention.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('comment');
    expect(page.url()).toBe(articleUrl);
    expect(posts).toEqual([]);
    await page.close();
  });

  it('points at a malformed email and keeps what the reader typed', async () => {
    const page = await openArticle();
    const posts = recordPosts(page);
    await page.getByRole('textbox', { name: 'Comment', exact: true }).fill(COMMENT_TEXT);
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(READER.name);
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill('mei.ling@example');
    await page.getByRole('button', { name: 'Post comment' }).click();

    await expect.poll(() => page.locator('#email-error').textContent()).toBe('You have entered an incorrect email address!');
    expect(await page.locator('#email-error').isVisible()).toBe(true);
    expect(await page.locator('#comment-error').textContent()).toBe('');
    expect(await page.locator('#author-error').textContent()).toBe('');
    expect(await page.getByRole('textbox', { name: 'Comment', exact: true }).inputValue()).toBe(COMMENT_TEXT);
    expect(await page.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).toBe(READER.name);
    expect(page.url()).toBe(articleUrl);
    expect(posts).toEqual([]);
    await page.close();
  });

  it('without JavaScript, the server sends the form back (422) with the message and every value kept', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await openArticle(noScript);
      // Passes the browser's own type=email check, so only the server can refuse it.
      await page.getByRole('textbox', { name: 'Comment', exact: true }).fill(COMMENT_TEXT);
      await page.getByRole('textbox', { name: 'Name', exact: true }).fill(READER.name);
      await page.getByRole('textbox', { name: 'Email', exact: true }).fill('mei.ling@example');
      await page.getByRole('textbox', { name: 'Website', exact: true }).fill('example.org/mei');
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Post comment' }).click(),
      ]);
      expect(response.status()).toBe(422);
      await page.waitForURL(`${articleUrl}/comments`);

      expect(await page.locator('#email-error').textContent()).toBe('You have entered an incorrect email address!');
      expect(await page.locator('#email-error').isVisible()).toBe(true);
      expect(await page.locator('#email').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByRole('textbox', { name: 'Comment', exact: true }).inputValue()).toBe(COMMENT_TEXT);
      expect(await page.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).toBe(READER.name);
      expect(await page.getByRole('textbox', { name: 'Email', exact: true }).inputValue()).toBe('mei.ling@example');
      expect(await page.getByRole('textbox', { name: 'Website', exact: true }).inputValue()).toBe('example.org/mei');
      expect(await site.runtime.deps.store.comments.list({ limit: 10 })).toEqual([]);
    } finally {
      await noScript.close();
    }
  });

  it('a valid comment comes back to the article with the moderation notice, not yet shown', async () => {
    const page = await openArticle();
    await page.getByRole('textbox', { name: 'Comment', exact: true }).fill(COMMENT_TEXT);
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(READER.name);
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill(READER.email);
    await Promise.all([page.waitForURL(/\?comment=pending/), page.getByRole('button', { name: 'Post comment' }).click()]);

    expect(new URL(page.url()).pathname).toBe(`/articles/${article.slug}`);
    const notice = page.locator('#comment-notice');
    expect(await notice.isVisible()).toBe(true);
    expect(await notice.textContent()).toContain('awaiting moderation');
    expect(await page.locator('.comment-list').count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toContain(COMMENT_TEXT);
    await page.close();
  });

  it('approving the comment with the CLI makes it appear on the article', async () => {
    const listed = await cli('comments', 'list', '--status', 'pending');
    const line = listed.split('\n').find((l) => l.startsWith('#') && l.includes(READER.email));
    expect(line, `no pending comment by ${READER.email} in:\n${listed}`).toBeDefined();
    const id = Number(/^#(\d+)/.exec(line!)![1]);
    expect(id).toBeGreaterThan(0);

    const page = await openArticle();
    expect(await page.locator(`#comment-${id}`).count()).toBe(0);

    const approved = await cli('comments', 'approve', String(id));
    expect(approved).toContain(`#${id}`);
    approvedId = id;

    await page.reload();
    const card = page.locator(`li#comment-${id}`);
    expect(await card.isVisible()).toBe(true);
    expect(await card.locator('.comment-body').textContent()).toContain(COMMENT_TEXT);
    expect(await card.locator('.comment-author').textContent()).toBe(READER.name);
    expect(await page.locator('#comments-title').textContent()).toBe('1 comment');
    await page.close();
  });

  it('a reply from an approved reader is published at once, nested under its parent', async () => {
    expect(approvedId, 'the approval test must pass first').toBeDefined();
    const parent = `li#comment-${approvedId}`;
    const page = await openArticle();
    await page
      .locator(parent)
      .getByRole('link', { name: `Reply to ${READER.name}` })
      .click();
    await page.waitForURL(/\?reply=\d+#respond$/);
    expect(await page.locator('#reply-title').textContent()).toContain(`Reply to ${READER.name}`);

    await page.getByRole('textbox', { name: 'Comment', exact: true }).fill(REPLY_TEXT);
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(READER.name);
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill(READER.email);
    await Promise.all([page.waitForURL(/\?comment=published/), page.getByRole('button', { name: 'Post reply' }).click()]);

    expect(await page.locator('#comment-notice').textContent()).toContain('your comment is published');
    const reply = page.locator(`${parent} > ol.children > li.comment`);
    expect(await reply.count()).toBe(1);
    expect(await reply.isVisible()).toBe(true);
    expect(await reply.locator('.comment-body').textContent()).toContain(REPLY_TEXT);
    const replyId = await reply.getAttribute('id');
    expect(new URL(page.url()).hash).toBe(`#${replyId}`);
    // Only the parent stands at the top level.
    expect(await page.locator('#comments > ol.comment-list > li').count()).toBe(1);
    expect(await page.locator('#comments-title').textContent()).toBe('2 comments');
    await page.close();
  });

  it('remembers the reader’s name, email and website in this browser when asked to', async () => {
    const fresh = await browser.newContext();
    try {
      const page = await openArticle(fresh);
      const remember = page.getByRole('checkbox', { name: /Save my name, email and website/ });
      expect(await remember.isChecked()).toBe(false);
      await page.getByRole('textbox', { name: 'Comment', exact: true }).fill('Remember me next time, please.');
      await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Kit Lam');
      await page.getByRole('textbox', { name: 'Email', exact: true }).fill('kit.lam@example.net');
      await page.getByRole('textbox', { name: 'Website', exact: true }).fill('https://example.net/kit');
      await remember.check();
      await Promise.all([page.waitForURL(/\?comment=/), page.getByRole('button', { name: 'Post comment' }).click()]);

      const later = await openArticle(fresh);
      expect(await later.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).toBe('Kit Lam');
      expect(await later.getByRole('textbox', { name: 'Email', exact: true }).inputValue()).toBe('kit.lam@example.net');
      expect(await later.getByRole('textbox', { name: 'Website', exact: true }).inputValue()).toBe('https://example.net/kit');
      expect(await later.getByRole('textbox', { name: 'Comment', exact: true }).inputValue()).toBe('');
      expect(await later.getByRole('checkbox', { name: /Save my name/ }).isChecked()).toBe(true);

      const other = await openArticle();
      expect(await other.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).toBe('');
    } finally {
      await fresh.close();
    }
  });
});
