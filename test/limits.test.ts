import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/http/app.ts';
import type { Article, Comment } from '../src/domain/shared/model.ts';
import { startTestSite, type TestSite } from './support/app.ts';
import { buildArticle } from './support/factories.ts';

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

/** The "Reader N" names on a page, in order. */
const readersOn = (html: string) => [...html.matchAll(/Reader (\d+)/g)].map((m) => Number(m[1]));

describe("an article's comments, a page of threads at a time", () => {
  it('shows the first 100 of 250 threads, says how many there are, and links to every page', async () => {
    const article = await buildArticle(site.runtime.deps);
    const starters: Comment[] = [];
    for (let n = 1; n <= 250; n++) starters.push(await addComment(article, n));
    // A late reply to the first thread stays with its thread on page 1.
    await addComment(article, 900, starters[0]);

    const first = await site.app.inject(`/articles/${article.slug}`);
    expect(first.statusCode).toBe(200);
    expect(new Set(readersOn(first.body))).toEqual(new Set([...Array.from({ length: 100 }, (_, i) => i + 1), 900]));
    expect(first.body).toContain('250 conversations, oldest first; page 1 of 3.');
    expect(first.body).toContain(`href="/articles/${article.slug}?page=2#comments"`);
    expect(first.body).toContain(`href="/articles/${article.slug}?page=3#comments">Newest comments`);

    const last = await site.app.inject(`/articles/${article.slug}?page=3`);
    expect(last.statusCode).toBe(200);
    expect(new Set(readersOn(last.body))).toEqual(new Set(Array.from({ length: 50 }, (_, i) => i + 201)));
    expect(last.body).toContain('page 3 of 3.');
    expect(last.body).toContain(`href="/articles/${article.slug}#comments"`);
  });

  it('answers a page past the last, however far, with not found', async () => {
    const article = await buildArticle(site.runtime.deps);
    for (let n = 1; n <= 3; n++) await addComment(article, n);
    expect((await site.app.inject(`/articles/${article.slug}?page=2`)).statusCode).toBe(404);
    expect((await site.app.inject(`/articles/${article.slug}?page=999999`)).statusCode).toBe(404);
    expect((await site.app.inject(`/articles/${article.slug}?page=99999999999`)).statusCode).toBe(404);
    // An article without comments has its one (empty) page.
    const quiet = await buildArticle(site.runtime.deps);
    expect((await site.app.inject(`/articles/${quiet.slug}`)).body).toContain('No comments yet.');
    expect((await site.app.inject(`/articles/${quiet.slug}?page=2`)).statusCode).toBe(404);
  });

  it('lands a link to a comment, a reply link and the notice after posting on the page that holds the comment', async () => {
    const article = await buildArticle(site.runtime.deps);
    const starters: Comment[] = [];
    for (let n = 1; n <= 150; n++) starters.push(await addComment(article, n));
    const reply = await addComment(article, 901, starters[139]);
    const replyToReply = await addComment(article, 902, reply);

    for (const url of [
      `/articles/${article.slug}?c=${replyToReply.id}`,
      `/articles/${article.slug}?reply=${reply.id}`,
      `/articles/${article.slug}?comment=published&id=${replyToReply.id}`,
    ]) {
      const page = await site.app.inject(url);
      expect(page.statusCode, url).toBe(200);
      expect(page.body, url).toContain('page 2 of 2.');
      expect(page.body, url).toContain(`id="comment-${replyToReply.id}"`);
    }
    // The comments feed links each comment so that it lands on its page.
    const feed = await site.app.inject(`/articles/${article.slug}/comments.xml`);
    expect(feed.body).toContain(`/articles/${article.slug}?c=${replyToReply.id}#comment-${replyToReply.id}`);
  });
});

describe('server timeouts', () => {
  it('cuts off a client that sends its headers too slowly (slow-loris)', async () => {
    const app = await buildApp({
      deps: site.runtime.deps,
      config: site.config,
      timeouts: { headersMs: 500, requestMs: 1_000, idleMs: 5_000, keepAliveMs: 1_000, checkEveryMs: 100 },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port } = app.server.address() as AddressInfo;
      const socket = net.connect(port, '127.0.0.1');
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
      let sent = 0;
      socket.write('GET / HTTP/1.1\r\nHost: news.test\r\n');
      // One header every 100 ms, for up to 30 s: far slower than any browser.
      const dripping = setInterval(() => {
        if (sent < 300 && !socket.destroyed) socket.write(`X-Drip-${sent++}: a\r\n`);
      }, 100);
      await closed;
      clearInterval(dripping);
      // The server hung up long before the client would have finished its headers.
      expect(sent).toBeLessThan(300);
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await app.close();
    }
  }, 40_000);
});
