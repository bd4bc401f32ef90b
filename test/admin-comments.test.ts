import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Article, Comment } from '../src/domain/shared/model.ts';
import { moderateComments } from '../src/domain/comments/moderation.ts';
import { startTestSite, type TestSite } from './support/app.ts';
import { buildArticle, form } from './support/factories.ts';
import { postCommentForm } from './support/comment-form.ts';
import { staffAgent, type Agent } from './support/staff.ts';
import { consoleOperator } from '../src/domain/shared/policy.ts';

let site: TestSite;
let article: Article;
let editor: Agent;
beforeEach(async () => {
  site = await startTestSite();
  article = await buildArticle(site.runtime.deps, { headline: 'Harbour tunnel tolls', slug: 'tunnel-tolls' });
  editor = (await staffAgent(site, 'editor')).agent;
});
afterEach(async () => site.close());

let address = 0;
/** A reader's comment through the public form, each from its own address so none is rate-limited. */
async function readerComment(fields: { comment: string; author?: string; email?: string; parent?: number }): Promise<Comment> {
  address++;
  const res = await postCommentForm(
    site,
    'tunnel-tolls',
    {
      comment: fields.comment,
      author: fields.author ?? 'Ada Reader',
      email: fields.email ?? 'ada@example.com',
      url: '',
      fax: '',
      ...(fields.parent ? { parent: String(fields.parent) } : {}),
    },
    { ip: `198.51.100.${address}` },
  );
  expect(res.statusCode).toBe(303);
  site.clock.advance(1000);
  const [newest] = await site.runtime.deps.store.comments.list({ limit: 1 });
  return newest!;
}

const statusOf = async (id: number) => (await site.runtime.deps.store.comments.findById(id))!.status;
const articlePage = async () => (await site.app.inject({ method: 'GET', url: '/articles/tunnel-tolls' })).body;
const flash = (html: string) => /<p class="flash" role="status">([^<]*)<\/p>/.exec(html)?.[1];
const pendingBadge = (html: string) => /<span class="badge" data-pending-count>(\d+)<\/span>/.exec(html)?.[1];

describe('the moderation queue', () => {
  it('lists pending comments first, newest first, with each commenter’s approved and spam history', async () => {
    const first = await readerComment({ comment: 'Tolls should be lower at night.' });
    await readerComment({ comment: 'Also on weekends, please.' });
    await moderateComments(site.runtime.deps, { actor: consoleOperator, ids: [first.id], action: 'approve' });
    const spam = await readerComment({ comment: 'Cheap watches here', author: 'Bot', email: 'bot@spam.example' });
    await moderateComments(site.runtime.deps, { actor: consoleOperator, ids: [spam.id], action: 'spam' });
    await readerComment({ comment: 'More cheap watches', author: 'Bot', email: 'bot@spam.example' });

    const res = await editor.get('/admin/comments');
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toMatch(/<a href="\/admin\/comments" aria-current="page"><span>Pending<\/span> <span class="count">\(2\)<\/span>/);
    expect(html).not.toContain('Tolls should be lower at night.');
    expect(html.indexOf('More cheap watches')).toBeLessThan(html.indexOf('Also on weekends, please.'));
    const row = (text: string) => html.slice(html.lastIndexOf('<tr id="comment-', html.indexOf(text)), html.indexOf(text));
    expect(row('Also on weekends, please.')).toContain('History: 1 approved, 0 spam');
    expect(row('More cheap watches')).toContain('History: 0 approved, 1 spam');
    expect(row('More cheap watches')).toContain('bot@spam.example');
    expect(row('More cheap watches')).toMatch(/Address [0-9a-f]{8}</);
    expect(html).toContain('<a href="/articles/tunnel-tolls">Harbour tunnel tolls</a>');
    expect(pendingBadge(html)).toBe('2');

    const spamTab = await editor.get('/admin/comments?status=spam');
    expect(spamTab.body).toContain('Cheap watches here');
    expect(spamTab.body).not.toContain('More cheap watches');
  });

  it('shows 25 comments a page, and the rest on the next', async () => {
    const store = site.runtime.deps.store;
    const base = await readerComment({ comment: 'Comment number 0' });
    for (let i = 1; i < 27; i++) {
      await store.comments.insert({
        ...base,
        bodySource: `Comment number ${i}`,
        bodyHtml: `<p>Comment number ${i}</p>`,
        createdAt: new Date(base.createdAt.getTime() + i * 1000),
      });
    }
    const first = await editor.get('/admin/comments');
    expect(first.body.match(/<tr id="comment-/g)).toHaveLength(25);
    expect(first.body).toContain('Page 1 of 2');
    expect(first.body).toContain('<p>Comment number 26</p>');
    const second = await editor.get('/admin/comments?page=2');
    expect(second.body.match(/<tr id="comment-/g)).toHaveLength(2);
    expect(second.body).toContain('<p>Comment number 0</p>');
  });

  it('refuses the queue and every action to authors and contributors', async () => {
    const comment = await readerComment({ comment: 'Waiting for an editor.' });
    for (const role of ['author', 'contributor'] as const) {
      const { agent } = await staffAgent(site, role);
      expect((await agent.get('/admin/comments')).statusCode).toBe(403);
      await agent.get('/admin/account');
      expect((await agent.post(`/admin/comments/${comment.id}/approve`)).statusCode).toBe(403);
      expect((await agent.post('/admin/comments/bulk', { ids: [String(comment.id)], action: 'approve' })).statusCode).toBe(403);
      expect((await agent.post(`/admin/comments/${comment.id}/reply`, { comment: 'Sneaky' })).statusCode).toBe(403);
      expect((await agent.post(`/admin/articles/${article.id}/comments`, { open: '0' })).statusCode).toBe(403);
    }
    expect(await statusOf(comment.id)).toBe('pending');
    expect(await articlePage()).toContain('Post comment');
  });
});

describe('moderating one comment', () => {
  it('approves a comment onto the article page, updating its count and the pending badge', async () => {
    const comment = await readerComment({ comment: 'Tolls should be lower at night.' });
    expect(pendingBadge((await editor.get('/admin/comments')).body)).toBe('1');

    const res = await editor.post(`/admin/comments/${comment.id}/approve`, { back: '/admin/comments' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/comments');
    const queue = await editor.get('/admin/comments');
    expect(flash(queue.body)).toBe('Comment approved.');
    expect(pendingBadge(queue.body)).toBeUndefined();
    expect(queue.body).toContain('No pending comments.');

    const html = await articlePage();
    expect(html).toContain('Tolls should be lower at night.');
    expect(html).toContain('<h2 id="comments-title">1 comment</h2>');
  });

  it('returns a comment restored from spam or trash to the status it had before', async () => {
    const approved = await readerComment({ comment: 'A fair point about tolls.' });
    await moderateComments(site.runtime.deps, { actor: consoleOperator, ids: [approved.id], action: 'approve' });
    const pending = await readerComment({ comment: 'Still waiting.', email: 'bo@example.com' });
    await editor.get('/admin/comments?status=all');

    await editor.post(`/admin/comments/${approved.id}/spam`, { back: '/admin/comments?status=all' });
    await editor.post(`/admin/comments/${pending.id}/trash`, { back: '/admin/comments?status=all' });
    expect(await statusOf(approved.id)).toBe('spam');
    expect(await statusOf(pending.id)).toBe('trash');
    expect(await articlePage()).toContain('<h2 id="comments-title">0 comments</h2>');

    const res = await editor.post(`/admin/comments/${approved.id}/restore`, { back: '/admin/comments?status=spam' });
    expect(res.headers.location).toBe('/admin/comments?status=spam');
    expect(flash((await editor.get(res.headers.location as string)).body)).toBe('Comment restored.');
    // An edit in the trash is logged too, but it is no change of status: restoring looks past it.
    expect(
      (
        await editor.post(`/admin/comments/${pending.id}/edit`, {
          comment: 'Still waiting!',
          author: 'Bo',
          email: 'bo@example.com',
          url: '',
        })
      ).statusCode,
    ).toBe(303);
    await editor.post(`/admin/comments/${pending.id}/restore`, { back: '/admin/comments?status=trash' });
    expect(await statusOf(approved.id)).toBe('approved');
    expect(await statusOf(pending.id)).toBe('pending');
    expect(await articlePage()).toContain('<h2 id="comments-title">1 comment</h2>');
  });

  it('unapproves a published comment back to pending', async () => {
    const comment = await readerComment({ comment: 'Second thoughts.' });
    await moderateComments(site.runtime.deps, { actor: consoleOperator, ids: [comment.id], action: 'approve' });
    await editor.get('/admin/comments?status=approved');
    await editor.post(`/admin/comments/${comment.id}/unapprove`, { back: '/admin/comments?status=approved' });
    expect(await statusOf(comment.id)).toBe('pending');
    expect(await articlePage()).not.toContain('Second thoughts.');
  });

  it('edits what the commenter wrote, refusing what a reader could not send and keeping what was typed', async () => {
    const comment = await readerComment({ comment: 'Tolls are too hihg.' });
    const form = await editor.get(`/admin/comments/${comment.id}/edit?back=%2Fadmin%2Fcomments`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('>Tolls are too hihg.</textarea>');
    expect(form.body).toContain('value="ada@example.com"');

    const refused = await editor.post(`/admin/comments/${comment.id}/edit`, {
      comment: 'Tolls are too high <b>really</b>.',
      author: 'Ada Reader',
      email: 'not-an-email',
      url: '',
      back: '/admin/comments',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('<span class="field-error" id="email-error">You have entered an incorrect email address!</span>');
    expect(refused.body).toContain('value="not-an-email"');
    expect(refused.body).toContain('>Tolls are too high &lt;b>really&lt;/b>.</textarea>');

    const saved = await editor.post(`/admin/comments/${comment.id}/edit`, {
      comment: 'Tolls are too high <b>really</b>.',
      author: 'Ada R.',
      email: 'ada@example.com',
      url: 'example.org',
      back: '/admin/comments',
    });
    expect(saved.statusCode).toBe(303);
    const stored = (await site.runtime.deps.store.comments.findById(comment.id))!;
    expect(stored).toMatchObject({ authorName: 'Ada R.', authorUrl: 'https://example.org/', status: 'pending' });
    expect(stored.bodyHtml.trim()).toBe('<p>Tolls are too high &lt;b&gt;really&lt;/b&gt;.</p>');
    expect(stored.editedAt?.getTime()).toBe(site.clock.now().getTime());
  });
});

describe('bulk actions', () => {
  it('changes every selected comment, or none when one of them is unknown', async () => {
    const one = await readerComment({ comment: 'First of two.' });
    const two = await readerComment({ comment: 'Second of two.', email: 'bo@example.com' });
    await editor.get('/admin/comments');

    const approved = await editor.post('/admin/comments/bulk', {
      ids: [String(one.id), String(two.id)],
      action: 'approve',
      back: '/admin/comments',
    });
    expect(approved.statusCode).toBe(303);
    expect(flash((await editor.get('/admin/comments?status=approved')).body)).toBe('2 comments approved.');
    expect(await articlePage()).toContain('<h2 id="comments-title">2 comments</h2>');

    const refused = await editor.post('/admin/comments/bulk', { ids: [String(one.id), '99999'], action: 'spam', back: '/admin/comments' });
    expect(refused.statusCode).toBe(404);
    expect([await statusOf(one.id), await statusOf(two.id)]).toEqual(['approved', 'approved']);
  });

  it('asks for a selection when none was made', async () => {
    await readerComment({ comment: 'Nobody selected me.' });
    await editor.get('/admin/comments');
    const res = await editor.post('/admin/comments/bulk', { action: 'trash', back: '/admin/comments' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Select at least one comment first.');
    expect(res.body).toContain('Nobody selected me.');
  });
});

describe('staff replies', () => {
  it('publishes a reply marked Staff under the comment, approving a pending parent too', async () => {
    const { agent, user } = await staffAgent(site, 'editor');
    const comment = await readerComment({ comment: 'When do the new tolls start?' });
    await agent.get('/admin/comments');
    const res = await agent.post(`/admin/comments/${comment.id}/reply`, { comment: 'From the first of March.', back: '/admin/comments' });
    expect(res.statusCode).toBe(303);
    expect(flash((await agent.get('/admin/comments')).body)).toBe('Reply published.');
    expect(await statusOf(comment.id)).toBe('approved');

    const html = await articlePage();
    expect(html).toContain('<h2 id="comments-title">2 comments</h2>');
    const reply = html.slice(html.indexOf('class="comment depth-2"'));
    expect(reply).toMatch(new RegExp(`<span class="comment-author">${user.displayName}</span><span class="staff-badge">Staff</span>`));
    expect(reply).toContain('From the first of March.');
    expect(html.slice(0, html.indexOf('class="comment depth-2"'))).not.toContain('staff-badge');
  });

  it('offers each comment one form for its actions, a Reply link to its reply page, and one blank reply form for the page', async () => {
    const pending = await readerComment({ comment: 'When do the new tolls start?' });
    const spam = await readerComment({ comment: 'Cheap watches here', author: 'Bot', email: 'bot@spam.example' });
    await moderateComments(site.runtime.deps, { actor: consoleOperator, ids: [spam.id], action: 'spam' });
    const html = (await editor.get('/admin/comments?status=all')).body;
    const rows = html
      .split('<tr id="comment-')
      .slice(1)
      .map((row) => row.slice(0, row.indexOf('</tr>')));
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.match(/<form /g)).toHaveLength(1);

    const reply = `/admin/comments/${pending.id}/reply?back=${encodeURIComponent('/admin/comments?status=all')}`;
    expect(html).toContain(`<a href="${reply.replace(/&/g, '&amp;')}" class="button small secondary" data-reply>Reply`);
    expect(html).not.toContain(`/admin/comments/${spam.id}/reply`);
    expect(html.match(/<template id="reply-template"/g)).toHaveLength(1);
    const template = html.slice(html.indexOf('<template id="reply-template"'), html.indexOf('</template>'));
    expect(template).toContain('name="_csrf"');
    expect(template).toContain('<input type="hidden" name="back" value="/admin/comments?status=all"/>');

    const page = await editor.get(reply);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<form method="post" action="/admin/comments/${pending.id}/reply" class="reply-form" novalidate>`);
    expect(page.body).toContain('Your reply (approves this comment too)');
    const res = await editor.post(`/admin/comments/${pending.id}/reply`, {
      comment: 'From the first of March.',
      back: '/admin/comments?status=all',
    });
    expect(res.headers.location).toBe('/admin/comments?status=all');
    expect(await statusOf(pending.id)).toBe('approved');
  });

  it('refuses an empty reply beside the field', async () => {
    const comment = await readerComment({ comment: 'Anyone there?' });
    await editor.get('/admin/comments');
    const res = await editor.post(`/admin/comments/${comment.id}/reply`, { comment: '  ', back: '/admin/comments' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain(`<span class="field-error" id="reply-${comment.id}-error">Please enter your comment!</span>`);
    expect(await statusOf(comment.id)).toBe('pending');
  });
});

describe('closing an article to comments', () => {
  it('closes and reopens comments from the queue', async () => {
    await readerComment({ comment: 'Before the close.' });
    await readerComment({ comment: 'Also before the close.', email: 'bo@example.com' });
    const queue = await editor.get('/admin/comments');
    // One button for the article, on its newest comment's row, sent with that row's form.
    expect(queue.body.match(/formaction="\/admin\/articles\/\d+\/comments"/g)).toHaveLength(1);
    const newestRow = queue.body.slice(queue.body.indexOf('<tr id="comment-'), queue.body.indexOf('Before the close.'));
    const rowForm = /<form [^>]*id="(actions-\d+)"/.exec(newestRow)?.[1];
    expect(newestRow).toContain('Also before the close.');
    expect(newestRow).toContain(
      `<button type="submit" form="${rowForm}" formaction="/admin/articles/${article.id}/comments" name="open" value="0" class="link-button">Close comments</button>`,
    );

    const closed = await editor.post(`/admin/articles/${article.id}/comments`, { open: '0', back: '/admin/comments' });
    expect(closed.statusCode).toBe(303);
    expect(flash((await editor.get('/admin/comments')).body)).toBe('Comments closed on “Harbour tunnel tolls”.');
    expect(await articlePage()).toContain('Comments are closed on this article.');
    const refused = await site.app.inject({
      method: 'POST',
      url: '/articles/tunnel-tolls/comments',
      ...form({ comment: 'Too late', author: 'Bo', email: 'bo@example.com', url: '', fax: '' }),
    });
    expect(refused.statusCode).toBe(403);

    await editor.post(`/admin/articles/${article.id}/comments`, { open: '1', back: '/admin/comments' });
    expect(await articlePage()).not.toContain('Comments are closed on this article.');
  });
});
