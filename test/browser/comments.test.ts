import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../../src/domain/shared/model.ts';
import { startTestSite, type TestSite } from '../support/app.ts';
import { launchBrowser } from '../support/browser.ts';
import { runCli } from '../support/cli.ts';
import { buildArticle } from '../support/factories.ts';
import { FORM_WAIT_MS, readerTakesTime } from '../support/comment-form.ts';

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
let address: string;
let browser: Browser;
/** A browser context of each test's own, so no test sees another's cookies or saved form values. */
let context: BrowserContext;

/**
 * An article and a reader of the test's own: no test sees the comments another left, and none
 * finds its reader already trusted because another test had a comment of theirs approved.
 */
interface Story {
  readonly article: Article;
  readonly url: string;
  readonly reader: { readonly name: string; readonly email: string };
}

async function newStory(headline: string): Promise<Story> {
  const article = await buildArticle(site.runtime.deps, { headline });
  const reader = { name: READER.name, email: READER.email.replace('@', `.${article.slug}@`) };
  return { article, url: `${address}/articles/${article.slug}`, reader };
}

/** Watches a page for form posts, to prove the script stopped one from being sent. */
function recordPosts(page: Page): string[] {
  const posts: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') posts.push(request.url());
  });
  return posts;
}

async function openArticle(story: Story, ctx: BrowserContext = context): Promise<Page> {
  const page = await ctx.newPage();
  // Fail within the test's own time limit, naming the step that did not happen.
  page.setDefaultTimeout(10_000);
  const response = await page.goto(story.url);
  expect(response?.status()).toBe(200);
  return page;
}

/** Posts a comment through the article's form, as the reader would, and waits for the page that answers. */
async function postComment(page: Page, story: Story, text: string, answer: RegExp): Promise<void> {
  const typed = readerTakesTime(page, site);
  await page.getByRole('textbox', { name: 'Comment', exact: true }).fill(text);
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(story.reader.name);
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(story.reader.email);
  await typed();
  await Promise.all([page.waitForURL(answer), page.getByRole('button', { name: 'Post comment' }).click()]);
}

beforeAll(async () => {
  site = await startTestSite();
  address = await site.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
});

beforeEach(async () => {
  context = await browser.newContext();
});

afterEach(async () => {
  await context?.close();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('reader comments in a real browser', () => {
  it('shows the required-field messages beside their fields and sends nothing when the form is empty', async () => {
    const story = await newStory('Ferry timetable changes from Monday');
    const page = await openArticle(story);
    const posts = recordPosts(page);
    await page.getByRole('button', { name: 'Post comment' }).click();

    await expect.poll(() => page.locator('#comment-error').textContent()).toBe('Please enter your comment!');
    expect(await page.locator('#author-error').textContent()).toBe('Please enter your name here');
    expect(await page.locator('#comment-error').isVisible()).toBe(true);
    expect(await page.locator('#author-error').isVisible()).toBe(true);
    expect(await page.locator('#comment').getAttribute('aria-invalid')).toBe('true');
    // The script focuses the first field that needs attention.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('comment');
    expect(page.url()).toBe(story.url);
    expect(posts).toEqual([]);
    await page.close();
  });

  it('points at a malformed email and keeps what the reader typed', async () => {
    const story = await newStory('Ferry fares rise in the spring');
    const page = await openArticle(story);
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
    expect(page.url()).toBe(story.url);
    expect(posts).toEqual([]);
    await page.close();
  });

  it('without JavaScript, the server sends the form back (422) with the message and every value kept', async () => {
    const story = await newStory('Ferry piers to close for repairs');
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await openArticle(story, noScript);
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
      await page.waitForURL(`${story.url}/comments`);

      expect(await page.locator('#email-error').textContent()).toBe('You have entered an incorrect email address!');
      expect(await page.locator('#email-error').isVisible()).toBe(true);
      expect(await page.locator('#email').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByRole('textbox', { name: 'Comment', exact: true }).inputValue()).toBe(COMMENT_TEXT);
      expect(await page.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).toBe(READER.name);
      expect(await page.getByRole('textbox', { name: 'Email', exact: true }).inputValue()).toBe('mei.ling@example');
      expect(await page.getByRole('textbox', { name: 'Website', exact: true }).inputValue()).toBe('example.org/mei');
      const comments = await site.runtime.deps.store.comments.list({ limit: 1000 });
      expect(comments.filter((c) => c.articleSlug === story.article.slug)).toEqual([]);
    } finally {
      await noScript.close();
    }
  });

  it('a valid comment comes back to the article with the moderation notice, not yet shown', async () => {
    const story = await newStory('Night ferry trial extended');
    const page = await openArticle(story);
    await postComment(page, story, COMMENT_TEXT, /\?comment=pending/);

    expect(new URL(page.url()).pathname).toBe(`/articles/${story.article.slug}`);
    const notice = page.locator('#comment-notice');
    expect(await notice.isVisible()).toBe(true);
    expect(await notice.textContent()).toContain('awaiting moderation');
    expect(await page.locator('.comment-list').count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toContain(COMMENT_TEXT);
    await page.close();
  });

  // Each run of the CLI starts a Node process of its own: seconds on a busy machine.
  it('approving the comment with the CLI makes it appear on the article', { timeout: 60_000 }, async () => {
    const story = await newStory('Ferry operator names new routes');
    const posting = await openArticle(story);
    // Each test's reader writes their own words: the same text twice from one address is refused as a duplicate.
    await postComment(posting, story, `${COMMENT_TEXT} Ask the operator.`, /\?comment=pending/);
    await posting.close();
    const listed = await cli('comments', 'list', '--status', 'pending');
    const line = listed
      .split('\n')
      .find((l) => l.startsWith('#') && l.includes(story.reader.email) && l.includes(`on "${story.article.headline}"`));
    expect(line, `no pending comment by ${story.reader.email} in:\n${listed}`).toBeDefined();
    const id = Number(/^#(\d+)/.exec(line!)![1]);
    expect(id).toBeGreaterThan(0);

    const page = await openArticle(story);
    expect(await page.locator(`#comment-${id}`).count()).toBe(0);

    const approved = await cli('comments', 'approve', String(id));
    expect(approved).toContain(`#${id}`);

    await page.reload();
    const card = page.locator(`li#comment-${id}`);
    expect(await card.isVisible()).toBe(true);
    expect(await card.locator('.comment-body').textContent()).toContain(COMMENT_TEXT);
    expect(await card.locator('.comment-author').textContent()).toBe(READER.name);
    expect(await page.locator('#comments-title').textContent()).toBe('1 comment');
    await page.close();
  });

  it('a reply from an approved reader is published at once, nested under its parent', { timeout: 60_000 }, async () => {
    // The reader becomes an approved one: a first comment, approved by an editor.
    const story = await newStory('Ferry crews call off strike');
    const posting = await openArticle(story);
    await postComment(posting, story, `${COMMENT_TEXT} Night crossings too.`, /\?comment=pending/);
    await posting.close();
    const pending = await site.runtime.deps.store.comments.list({ status: 'pending', limit: 1000 });
    const approvedId = pending.find((c) => c.articleSlug === story.article.slug && c.authorEmail === story.reader.email)?.id;
    expect(approvedId, `no pending comment by ${story.reader.email}`).toBeGreaterThan(0);
    await cli('comments', 'approve', String(approvedId));

    const parent = `li#comment-${approvedId}`;
    const page = await openArticle(story);
    // The reader's browser may keep the article it showed for CACHE_MAX_AGE seconds; a reload asks the site.
    await page.reload();
    await page
      .locator(parent)
      .getByRole('link', { name: `Reply to ${READER.name}` })
      .click();
    await page.waitForURL(/\?reply=\d+#respond$/);
    expect(await page.locator('#reply-title').textContent()).toContain(`Reply to ${READER.name}`);

    const typed = readerTakesTime(page, site);
    await page.getByRole('textbox', { name: 'Comment', exact: true }).fill(REPLY_TEXT);
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(READER.name);
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill(story.reader.email);
    await typed();
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

  it('asks for a fresh render time when the reader starts typing, and sends it', async () => {
    // Every reader here posts from 127.0.0.1: past the address's ten-minute window, as if time had passed.
    site.clock.advance(11 * 60_000);
    const story = await newStory('Ferry fares frozen for a year');
    const page = await openArticle(story);
    const token = page.locator('input[name="form_token"]');
    const rendered = await token.inputValue();
    expect(rendered).toMatch(/^[0-9a-z]+\.[0-9a-f]{64}$/);
    site.clock.advance(60_000);
    const typed = readerTakesTime(page, site);
    await page.getByRole('textbox', { name: 'Comment', exact: true }).fill('Frozen fares help the outlying islands most.');
    await typed();
    await expect.poll(() => token.inputValue()).not.toBe(rendered);
    const fresh = await token.inputValue();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(story.reader.name);
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill(story.reader.email);
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST'),
      page.getByRole('button', { name: 'Post comment' }).click(),
    ]);
    expect(new URLSearchParams(request.postData() ?? '').get('form_token')).toBe(fresh);
    await page.waitForURL(/\?comment=pending/);
    await page.close();
  });

  it('a comment sent the moment the page opened is refused with a message, the text kept', async () => {
    // Every reader here posts from 127.0.0.1: past the address's ten-minute window, as if time had passed.
    site.clock.advance(11 * 60_000);
    const story = await newStory('Ferry pier gets a roof');
    const page = await openArticle(story);
    const text = 'A roof at last, after twenty wet winters.';
    const typed = readerTakesTime(page, site);
    await page.getByRole('textbox', { name: 'Comment', exact: true }).fill(text);
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(story.reader.name);
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill(story.reader.email);
    await typed(); // the clock moves on, but the reader clicks before the fresh token would allow
    site.clock.advance(-FORM_WAIT_MS);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Post comment' }).click(),
    ]);
    expect(response.status()).toBe(422);
    await page.waitForLoadState('load');
    expect(await page.locator('#form-errors').textContent()).toContain('quicker than people type');
    expect(await page.getByRole('textbox', { name: 'Comment', exact: true }).inputValue()).toBe(text);
    // The form came back with a new render time: sending it again a little later goes through.
    site.clock.advance(FORM_WAIT_MS);
    await Promise.all([page.waitForURL(/\?comment=pending/), page.getByRole('button', { name: 'Post comment' }).click()]);
    await page.close();
  });

  it('remembers the reader’s name, email and website in this browser when asked to', async () => {
    const story = await newStory('Ferry wifi on every sailing');
    const fresh = await browser.newContext();
    try {
      const page = await openArticle(story, fresh);
      const remember = page.getByRole('checkbox', { name: /Save my name, email and website/ });
      expect(await remember.isChecked()).toBe(false);
      const typed = readerTakesTime(page, site);
      await page.getByRole('textbox', { name: 'Comment', exact: true }).fill('Remember me next time, please.');
      await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Kit Lam');
      await page.getByRole('textbox', { name: 'Email', exact: true }).fill('kit.lam@example.net');
      await page.getByRole('textbox', { name: 'Website', exact: true }).fill('https://example.net/kit');
      await remember.check();
      await typed();
      await Promise.all([page.waitForURL(/\?comment=/), page.getByRole('button', { name: 'Post comment' }).click()]);

      const later = await openArticle(story, fresh);
      expect(await later.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).toBe('Kit Lam');
      expect(await later.getByRole('textbox', { name: 'Email', exact: true }).inputValue()).toBe('kit.lam@example.net');
      expect(await later.getByRole('textbox', { name: 'Website', exact: true }).inputValue()).toBe('https://example.net/kit');
      expect(await later.getByRole('textbox', { name: 'Comment', exact: true }).inputValue()).toBe('');
      expect(await later.getByRole('checkbox', { name: /Save my name/ }).isChecked()).toBe(true);

      const other = await openArticle(story);
      expect(await other.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).toBe('');
    } finally {
      await fresh.close();
    }
  });
});
