import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as resanitizeHtml from '../src/db/sqlite/migrations/010-resanitize-html.ts';
import { startTestSite, type TestSite } from './support/app.ts';
import { buildArticle } from './support/factories.ts';
import { staffAgent } from './support/staff.ts';

/** Rows an older Broadsheet stored, before the sanitizer and the link rule tightened. */

let site: TestSite;
beforeEach(async () => {
  site = await startTestSite();
});
afterEach(() => site.close());

const deps = () => site.runtime.deps;
const get = (url: string) => site.app.inject({ method: 'GET', url });

async function storedComment(articleId: number, authorUrl: string) {
  const comment = await deps().store.comments.insert({
    articleId,
    parentId: null,
    depth: 1,
    authorName: 'Old Import',
    authorEmail: 'old.import@example.com',
    authorUrl,
    bodySource: 'Brought in by an older importer.',
    bodyHtml: '<p>Brought in by an older importer.</p>',
    status: 'approved',
    createdAt: deps().clock.now(),
    clientAddressHash: '',
    userAgent: '',
  });
  await deps().store.articles.refreshCommentCount(articleId);
  return comment;
}

describe('a commenter’s stored website', () => {
  it.each(['javascript:alert(document.domain)', ' JAVASCRIPT:alert(1)', 'data:text/html,x', '//evil.example/'])(
    'never becomes a link on the article page or in the moderation queue: %j',
    async (authorUrl) => {
      const article = await buildArticle(deps(), { headline: 'Ferry pier reopens' });
      await storedComment(article.id, authorUrl);
      const page = await get(`/articles/${article.slug}`);
      expect(page.body).toContain('<span class="comment-author">Old Import</span>');
      expect(page.body).not.toMatch(/href="\s*(?:javascript|data):|href="\/\/evil/i);

      const { agent } = await staffAgent(site, 'editor');
      const queue = await agent.get('/admin/comments?status=approved');
      expect(queue.statusCode).toBe(200);
      // The moderator still sees what was stored, as text.
      expect(queue.body).toMatch(/<span class="website">[^<]*(?:javascript|JAVASCRIPT|data|\/\/evil)/);
      expect(queue.body).not.toMatch(/href="\s*(?:javascript|data):|href="\/\/evil/i);
    },
  );

  it('is still a link when it is an http or https address', async () => {
    const article = await buildArticle(deps(), { headline: 'Ferry pier reopens again' });
    await storedComment(article.id, 'https://reader.example/blog');
    const page = await get(`/articles/${article.slug}`);
    expect(page.body).toContain('<a class="comment-author" href="https://reader.example/blog" rel="nofollow ugc noopener">Old Import</a>');
  });
});

describe('migration 010 on HTML bodies saved before it', () => {
  const OLD_HTML =
    '<p id="comments">Read on<sup><a href="#fn1">1</a></sup></p><iframe>no source</iframe>' +
    '<iframe src="https://www.youtube.com/user/someone"></iframe>' +
    '<iframe src="https://player.vimeo.com/video/1" allowfullscreen></iframe><p id="fn1">A note</p>';

  it('drops unlisted frames, sandboxes listed ones and namespaces ids, leaving Markdown bodies alone', async () => {
    const html = await buildArticle(deps(), { headline: 'Imported before the fix' });
    const markdown = await buildArticle(deps(), { headline: 'Written here' });
    const db = site.runtime.db;
    await db.updateTable('articles').set({ body_format: 'html', body_html: OLD_HTML }).where('id', '=', html.id).execute();
    const markdownHtml = (await deps().store.articles.findById(markdown.id))!.bodyHtml;
    // Run the migration itself again: undoing its record would make every later migration run out of order.
    await resanitizeHtml.up(db);

    expect((await deps().store.articles.findById(html.id))!.bodyHtml).toBe(
      '<p id="user-content-comments">Read on<sup><a href="#user-content-fn1">1</a></sup></p>' +
        '<iframe src="https://player.vimeo.com/video/1" allowfullscreen sandbox="allow-scripts allow-same-origin allow-popups allow-presentation"></iframe>' +
        '<p id="user-content-fn1">A note</p>',
    );
    expect((await deps().store.articles.findById(markdown.id))!.bodyHtml).toBe(markdownHtml);
    const page = await get(`/articles/${html.slug}`);
    expect(page.body).toContain('<p id="user-content-comments">');
  });
});
