import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { moderateComments } from '../src/domain/comments/moderation.ts';
import type { ModerationAction } from '../src/domain/comments/repository.ts';
import { consoleOperator } from '../src/domain/shared/policy.ts';
import type { Article, Comment } from '../src/domain/shared/model.ts';
import { legacyPathKey } from '../src/domain/importing/legacy-paths.ts';
import { startTestSite, type TestSite } from './support/app.ts';
import { buildArticle } from './support/factories.ts';
import { staffAgent } from './support/staff.ts';

let site: TestSite;
beforeEach(async () => {
  site = await startTestSite();
});
afterEach(async () => site.close());

/** An approved comment on `article`, `n` minutes into 2026; a reply when `parent` is given. */
async function addComment(article: Article, n: number, parent?: Comment): Promise<Comment> {
  const { store } = site.runtime.deps;
  const comment = await store.comments.insert({
    articleId: article.id,
    parentId: parent?.id ?? null,
    depth: parent ? parent.depth + 1 : 1,
    authorName: `Reader ${n}`,
    authorEmail: `reader${n}@example.com`,
    authorUrl: null,
    bodySource: `Comment body ${n}`,
    bodyHtml: `<p>Comment body ${n}</p>`,
    status: 'approved',
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, n)),
    clientAddressHash: 'x',
    userAgent: 'test',
  });
  // As every real way of publishing a comment does, so the article's count is right.
  await store.articles.refreshCommentCount(article.id);
  return comment;
}

/** An article with `threads` conversations by Reader 1…N, a minute apart. */
async function articleWithThreads(threads: number): Promise<{ article: Article; starters: Comment[] }> {
  const article = await buildArticle(site.runtime.deps);
  const starters: Comment[] = [];
  for (let n = 1; n <= threads; n++) starters.push(await addComment(article, n));
  return { article, starters };
}

/** The "Reader N" names on a page, in order. */
const readersOn = (html: string) => [...html.matchAll(/>Reader (\d+)</g)].map((m) => Number(m[1]));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const get = (url: string) => site.app.inject({ method: 'GET', url });
const canonicalOf = (html: string) => /<link rel="canonical" href="([^"]*)"/.exec(html)?.[1];
const countHeading = (html: string) => /<h2 id="comments-title">([^<]*)<\/h2>/.exec(html)?.[1];

async function saveCommentSettings(changes: { commentsPerPage: string; commentOrder: string }) {
  const admin = (await staffAgent(site, 'admin')).agent;
  await admin.get('/admin/settings');
  return admin.post('/admin/settings', {
    title: 'The Harbour Ledger',
    description: '',
    language: 'en',
    timeZone: 'UTC',
    commentPolicy: 'hold_first_time',
    closeCommentsAfterDays: '0',
    feedContent: 'full',
    ...changes,
  });
}

describe("an article's comments, a page of conversations at a time", () => {
  it('shows 50 conversations a page, oldest first, at WordPress’s comment-page-N addresses, with the exact count on every page', async () => {
    const { article, starters } = await articleWithThreads(120);
    // A late reply to the first conversation stays with it on page 1.
    await addComment(article, 900, starters[0]);
    const slug = article.slug;

    const first = await get(`/articles/${slug}`);
    expect(first.statusCode).toBe(200);
    expect(readersOn(first.body)).toEqual([1, 900, ...range(2, 50)]);
    expect(first.body).toContain('120 conversations, oldest first; page 1 of 3.');
    expect(first.body).toContain(`href="/articles/${slug}/comment-page-2#comments"`);
    expect(first.body).toContain(`href="/articles/${slug}/comment-page-3#comments">Newest comments</a>`);
    expect(canonicalOf(first.body)).toBe(`http://news.test/articles/${slug}`);
    expect(countHeading(first.body)).toBe('121 comments');

    for (const url of [`/articles/${slug}/comment-page-3`, `/articles/${slug}/comment-page-3/`]) {
      const last = await get(url);
      expect(last.statusCode, url).toBe(200);
      expect(readersOn(last.body), url).toEqual(range(101, 120));
      expect(last.body).toContain('page 3 of 3.');
      expect(last.body).toContain(`href="/articles/${slug}#comments"`);
      expect(canonicalOf(last.body)).toBe(`http://news.test/articles/${slug}/comment-page-3`);
      expect(countHeading(last.body)).toBe('121 comments');
    }
    const second = await get(`/articles/${slug}/comment-page-2`);
    expect(readersOn(second.body)).toEqual(range(51, 100));
    expect(canonicalOf(second.body)).toBe(`http://news.test/articles/${slug}/comment-page-2`);
  });

  it('has one address per page: ?page=N and comment-page-1 lead there for good, and a page past the last is not found', async () => {
    const { article } = await articleWithThreads(60);
    const slug = article.slug;
    const moved = [
      [`/articles/${slug}?page=2`, `/articles/${slug}/comment-page-2`],
      [`/articles/${slug}?page=1`, `/articles/${slug}`],
      [`/articles/${slug}?page=2&reply=7`, `/articles/${slug}/comment-page-2?reply=7`],
      [`/articles/${slug}/comment-page-1`, `/articles/${slug}`],
      [`/articles/${slug}/comment-page-1/`, `/articles/${slug}`],
    ];
    for (const [from, to] of moved) {
      const res = await get(from!);
      expect(res.statusCode, from).toBe(301);
      expect(res.headers.location, from).toBe(to);
    }
    for (const url of [
      `/articles/${slug}/comment-page-3`,
      `/articles/${slug}/comment-page-9999999`,
      `/articles/${slug}/comment-page-0`,
      `/articles/${slug}/comment-page-two`,
      `/articles/no-such-story/comment-page-2`,
    ]) {
      expect((await get(url)).statusCode, url).toBe(404);
    }
    // An article without comments has its one (empty) page.
    const quiet = await buildArticle(site.runtime.deps);
    expect((await get(`/articles/${quiet.slug}`)).body).toContain('No comments yet.');
    expect((await get(`/articles/${quiet.slug}/comment-page-2`)).statusCode).toBe(404);
  });

  it('follows the newsroom’s settings for conversations a page and their order, on the page, its links and the permalinks', async () => {
    const { article, starters } = await articleWithThreads(45);
    await addComment(article, 901, starters[44]);
    await addComment(article, 902, starters[44]);
    const res = await saveCommentSettings({ commentsPerPage: '20', commentOrder: 'newest' });
    expect(res.statusCode).toBe(303);
    const slug = article.slug;

    const first = await get(`/articles/${slug}`);
    // The newest conversation first, its replies in the order they came.
    expect(readersOn(first.body)).toEqual([45, 901, 902, ...range(26, 44).reverse()]);
    expect(first.body).toContain('45 conversations, newest first; page 1 of 3.');
    expect(first.body).toContain(`href="/articles/${slug}/comment-page-3#comments">Oldest comments</a>`);
    expect(countHeading(first.body)).toBe('47 comments');
    const last = await get(`/articles/${slug}/comment-page-3`);
    expect(readersOn(last.body)).toEqual(range(1, 5).reverse());

    // The first comment is now on the last page.
    const permalink = await get(`/articles/${slug}?c=${starters[0]!.id}`);
    expect(permalink.body).toContain('page 3 of 3.');
    expect(permalink.body).toContain(`id="comment-${starters[0]!.id}"`);
    expect(canonicalOf(permalink.body)).toBe(`http://news.test/articles/${slug}/comment-page-3`);

    await saveCommentSettings({ commentsPerPage: '200', commentOrder: 'oldest' });
    const all = await get(`/articles/${slug}`);
    expect(readersOn(all.body)).toEqual([...range(1, 45), 901, 902]);
    expect(all.body).not.toContain('comment-page-');
  });

  it('lands a permalink, a reply link (WordPress’s ?replytocom too) and the notice after posting on the page holding the comment', async () => {
    const { article, starters } = await articleWithThreads(75);
    const reply = await addComment(article, 901, starters[69]);
    const replyToReply = await addComment(article, 902, reply);

    for (const url of [
      `/articles/${article.slug}?c=${replyToReply.id}`,
      `/articles/${article.slug}?reply=${reply.id}`,
      `/articles/${article.slug}?replytocom=${reply.id}`,
      `/articles/${article.slug}?comment=published&id=${replyToReply.id}`,
    ]) {
      const page = await get(url);
      expect(page.statusCode, url).toBe(200);
      expect(page.body, url).toContain('page 2 of 2.');
      expect(page.body, url).toContain(`id="comment-${replyToReply.id}"`);
    }
    // A reply link fills in the form's parent, as WordPress's does.
    const replying = await get(`/articles/${article.slug}?replytocom=${reply.id}`);
    expect(replying.body).toContain(`name="parent" value="${reply.id}"`);
    // The comments feed links each comment so that it lands on its page.
    const feed = await get(`/articles/${article.slug}/comments.xml`);
    expect(feed.body).toContain(`/articles/${article.slug}?c=${replyToReply.id}#comment-${replyToReply.id}`);
  });

  it('leads an imported WordPress link to a page of comments to the same page of the article’s comments', async () => {
    const { article } = await articleWithThreads(60);
    const path = legacyPathKey('https://old.ledger.example/2019/05/old-slug/')!;
    await site.runtime.deps.store.redirects.put([{ path, kind: 'article', id: article.id }]);
    await site.runtime.deps.store.redirects.put([{ path: '?p=77', kind: 'article', id: article.id }]);

    for (const [from, to] of [
      ['/2019/05/old-slug/comment-page-2/', `/articles/${article.slug}/comment-page-2`],
      ['/2019/05/old-slug/comment-page-2', `/articles/${article.slug}/comment-page-2`],
      ['/2019/05/Old-Slug/comment-page-1/', `/articles/${article.slug}`],
      ['/?p=77&cpage=2', `/articles/${article.slug}/comment-page-2`],
      ['/2019/05/old-slug/', `/articles/${article.slug}`],
    ]) {
      const res = await get(from!);
      expect(res.statusCode, from).toBe(301);
      expect(res.headers.location, from).toBe(to);
    }
    expect((await get(`/articles/${article.slug}/comment-page-2`)).statusCode).toBe(200);
    expect((await get('/2019/05/another-slug/comment-page-2/')).statusCode).toBe(404);
  });
});

describe('the comment paging settings', () => {
  it('refuses a page size out of range beside its field, keeping what was typed, and changes nothing', async () => {
    const { article } = await articleWithThreads(60);
    const res = await saveCommentSettings({ commentsPerPage: '5000', commentOrder: 'sideways' });
    expect(res.statusCode).toBe(422);
    const fieldError = (field: string) => new RegExp(`<span class="field-error" id="${field}-error">([^<]*)</span>`).exec(res.body)?.[1];
    expect(fieldError('commentsPerPage')).toBe('Enter a whole number of conversations from 1 to 200');
    expect(fieldError('commentOrder')).toBe('Choose which comments come first');
    expect(res.body).toContain('value="5000"');
    expect((await get(`/articles/${article.slug}`)).body).toContain('60 conversations, oldest first; page 1 of 2.');
  });
});

describe('the count of conversations each article keeps', () => {
  /** The conversations readers see, counted from the comments themselves as buildCommentThread nests them. */
  async function countedFromComments(articleId: number): Promise<number> {
    const { rows } = await sql<{ n: number }>`select count(*) as n from comments as c
      where c.article_id = ${articleId} and c.status = 'approved'
        and (c.parent_id is null or not exists (select 1 from comments as p where p.id = c.parent_id and p.status = 'approved'))`.execute(
      site.runtime.db,
    );
    return rows[0]!.n;
  }

  it('follows every change that makes a reply start a conversation or stop, by the app or by another process', async () => {
    const { article, starters } = await articleWithThreads(2);
    const [first, second] = starters as [Comment, Comment];
    const reply = await addComment(article, 3, first);
    const replyToReply = await addComment(article, 4, reply);
    await addComment(article, 5, second);
    const kept = () => site.runtime.deps.store.comments.countApprovedThreads(article.id);
    const expectCount = async (n: number) => {
      expect(await countedFromComments(article.id)).toBe(n);
      expect(await kept()).toBe(n);
    };
    await expectCount(2);

    const moderate = (ids: number[], action: ModerationAction) =>
      moderateComments(site.runtime.deps, { actor: consoleOperator, ids, action });
    await moderate([first.id], 'unapprove'); // its reply now starts a conversation
    await expectCount(2);
    await moderate([reply.id], 'spam'); // and the reply's reply, in turn
    await expectCount(2);
    await moderate([first.id, reply.id], 'approve'); // one statement's rows, parent and reply together
    await expectCount(2);
    await moderate([second.id], 'trash');
    await expectCount(2);

    // Another process deletes a published conversation's starter: its reply stays, with no parent.
    await sql`delete from comments where id = ${first.id}`.execute(site.runtime.db);
    await expectCount(2);
    await sql`update comments set parent_id = ${replyToReply.id} where id = ${(await addComment(article, 6)).id}`.execute(site.runtime.db);
    await expectCount(2);
    await sql`update comments set article_id = ${(await buildArticle(site.runtime.deps)).id} where id = ${reply.id}`.execute(
      site.runtime.db,
    );
    await expectCount(1);
  });
});
