import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setCommentsOpen } from '../src/domain/articles/articles.ts';
import { moderateComments } from '../src/domain/comments/moderation.ts';
import { NotFoundError } from '../src/domain/shared/errors.ts';
import { startTestSite, type TestSite } from './support/app.ts';
import { buildArticle, form } from './support/factories.ts';
import { FORM_WAIT_MS, hiddenCommentInputs, postCommentForm } from './support/comment-form.ts';
import { consoleOperator } from '../src/domain/shared/policy.ts';

let site: TestSite;
beforeEach(async () => {
  site = await startTestSite();
  await buildArticle(site.runtime.deps, { headline: 'Harbour tunnel tolls', slug: 'tunnel-tolls' });
});
afterEach(async () => site.close());

const valid = { comment: 'The tolls should be lower at night.', author: 'Ada Reader', email: 'ada@example.com', url: '', fax: '' };

/** Posts the form as a reader's browser does: rendered, filled in a few seconds later, sent with its hidden inputs. */
function post(fields: Record<string, string>, options: { slug?: string; ip?: string; waitMs?: number } = {}) {
  return postCommentForm(site, options.slug ?? 'tunnel-tolls', fields, options);
}
const page = async (url = '/articles/tunnel-tolls') => (await site.app.inject({ method: 'GET', url })).body;
const stored = () => site.runtime.deps.store.comments.list({ limit: 100 });
const fieldError = (html: string, field: string) =>
  new RegExp(`<span class="field-error" id="${field}-error">([^<]*)</span>`).exec(html)?.[1];

async function approvedComment(fields: Partial<typeof valid> = {}) {
  const res = await post({ ...valid, ...fields });
  const [comment] = await stored();
  await moderateComments(site.runtime.deps, { actor: consoleOperator, ids: [comment!.id], action: 'approve' });
  expect(res.statusCode).toBe(303);
  return comment!;
}

describe('posting a comment', () => {
  it('refuses an empty form with each message beside its field and stores nothing', async () => {
    const res = await post({ comment: '', author: '', email: '', url: '', fax: '' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'comment')).toBe('Please enter your comment!');
    expect(fieldError(res.body, 'author')).toBe('Please enter your name here');
    expect(fieldError(res.body, 'email')).toBe('You have entered an incorrect email address!');
    expect(await stored()).toHaveLength(0);
  });

  it('refuses a malformed email and gives back everything the reader typed', async () => {
    const res = await post({ ...valid, comment: 'Line one & <two>', email: 'ada@', url: 'example.org' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'email')).toBe('You have entered an incorrect email address!');
    expect(fieldError(res.body, 'comment')).toBe('');
    expect(res.body).toContain('>Line one &amp; &lt;two></textarea>');
    expect(res.body).toContain('value="Ada Reader"');
    expect(res.body).toContain('value="ada@"');
    expect(res.body).toContain('value="example.org"');
    expect(await stored()).toHaveLength(0);
  });

  it('holds a first comment for moderation, redirecting to the article with a notice', async () => {
    const res = await post(valid);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/articles/tunnel-tolls?comment=pending#comment-notice');
    const html = await page(res.headers.location);
    expect(html).toContain('awaiting moderation');
    expect(html).not.toContain(valid.comment);

    const [comment] = await stored();
    expect(comment).toMatchObject({
      status: 'pending',
      authorName: 'Ada Reader',
      authorEmail: 'ada@example.com',
      bodySource: valid.comment,
    });
    expect(comment!.clientAddressHash).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(comment)).not.toContain('203.0.113.9');
  });

  it('publishes at once when the same email already has an approved comment', async () => {
    await approvedComment();
    const res = await post({ ...valid, comment: 'And a second thought.', email: 'ADA@example.com' });
    const second = (await stored())[0]!;
    expect(second.status).toBe('approved');
    expect(res.headers.location).toBe(`/articles/tunnel-tolls?comment=published&id=${second.id}#comment-${second.id}`);
    const html = await page();
    expect(html).toContain('And a second thought.');
    expect(html).toContain('<h2 id="comments-title">2 comments</h2>');
  });

  it('nests a reply under its parent, and no deeper than five levels', async () => {
    let parent = await approvedComment();
    for (let level = 2; level <= 6; level++) {
      // Three minutes apart: one reader's six comments in ten minutes would meet the per-email limit.
      const res = await post(
        { ...valid, comment: `Reply at level ${level}`, parent: String(parent.id) },
        { ip: `198.51.100.${level}`, waitMs: 3 * 60_000 },
      );
      expect(res.statusCode).toBe(303);
      parent = (await stored())[0]!;
    }
    const depths = (await stored()).map((c) => c.depth);
    expect(depths).toEqual([5, 5, 4, 3, 2, 1]);
    const html = await page();
    expect(html).toMatch(/<li id="comment-\d+" class="comment depth-2">/);
    expect(html).toMatch(/<ol class="comment-list children"><li id="comment-\d+" class="comment depth-2">/);
  });

  it('refuses a reply to a comment that is not published, keeping the text', async () => {
    await post(valid);
    const pending = (await stored())[0]!;
    const res = await post({ ...valid, comment: 'Replying to a ghost', parent: String(pending.id) });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('The comment you replied to is no longer available.');
    expect(res.body).toContain('Replying to a ghost</textarea>');
  });

  it('shows reader markup as text and links URLs with nofollow', async () => {
    await approvedComment({ comment: '<script>alert("x")</script> see https://example.org/a' });
    const html = await page();
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('<a href="https://example.org/a" rel="nofollow ugc noopener">');
  });

  it('links the commenter’s website with nofollow and refuses a javascript: address', async () => {
    const bad = await post({ ...valid, url: 'javascript:alert(1)' });
    expect(bad.statusCode).toBe(422);
    expect(fieldError(bad.body, 'url')).toMatch(/web address/);
    await approvedComment({ url: 'example.org/ada' });
    expect(await page()).toContain('<a class="comment-author" href="https://example.org/ada" rel="nofollow ugc noopener">Ada Reader</a>');
  });
});

describe('turning away bots and floods', () => {
  it('refuses a form whose hidden honeypot field was filled, saying why', async () => {
    const res = await post({ ...valid, fax: 'http://spam.example' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('a field people cannot see was filled in');
    expect(res.body).toContain(valid.comment);
    expect(await stored()).toHaveLength(0);
  });

  it('limits one address to five comments in ten minutes, then lets it post again', async () => {
    for (let i = 0; i < 5; i++) expect((await post({ ...valid, comment: `Comment ${i}` })).statusCode).toBe(303);
    const limited = await post({ ...valid, comment: 'One too many' });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('600');
    expect(limited.body).toContain('Please wait a little before posting again.');
    expect(limited.body).toContain('One too many</textarea>');
    expect((await post({ ...valid, comment: 'From elsewhere', email: 'bo@example.com' }, { ip: '198.51.100.7' })).statusCode).toBe(303);

    site.clock.advance(10 * 60_000 + 1);
    expect((await post({ ...valid, comment: 'Later' })).statusCode).toBe(303);
  });

  it('checks comments sent at the same moment against each other: the limit and duplicates still hold, and a refused one sinks no other', async () => {
    const hidden = hiddenCommentInputs(await page());
    site.clock.advance(FORM_WAIT_MS);
    const send = (fields: Record<string, string>, ip: string) => {
      const body = form({ ...hidden, ...valid, ...fields });
      return site.app.inject({ method: 'POST', url: '/articles/tunnel-tolls/comments', remoteAddress: ip, ...body });
    };
    const answers = await Promise.all([
      ...Array.from({ length: 6 }, (_, i) => send({ comment: `Thought number ${i}`, email: `r${i}@example.com` }, '203.0.113.9')),
      send({ comment: 'Thought number 0', email: 'r0@example.com' }, '198.51.100.7'),
      send({ comment: 'A different view', email: 'bo@example.com' }, '198.51.100.8'),
    ]);
    expect(answers.map((res) => res.statusCode)).toEqual([303, 303, 303, 303, 303, 429, 409, 303]);
    const bodies = (await stored()).map((comment) => comment.bodySource).sort();
    expect(bodies).toEqual(['A different view', ...Array.from({ length: 5 }, (_, i) => `Thought number ${i}`)]);
  });
});

describe('where comments cannot go', () => {
  it('refuses comments on a closed article and hands the text back', async () => {
    await setCommentsOpen(site.runtime.deps, { slug: 'tunnel-tolls', open: false });
    const res = await post(valid);
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Comments are closed on this article.');
    expect(res.body).toContain(`<blockquote class="returned-comment">${valid.comment}</blockquote>`);
    expect(await stored()).toHaveLength(0);
  });

  it('answers 404 for a draft or unknown article', async () => {
    await buildArticle(site.runtime.deps, { slug: 'secret-draft', status: 'draft' });
    expect((await post(valid, { slug: 'secret-draft' })).statusCode).toBe(404);
    expect((await post(valid, { slug: 'nope' })).statusCode).toBe(404);
    expect(await stored()).toHaveLength(0);
  });
});

describe('moderation', () => {
  it('changes all the named comments or, when one is unknown, none', async () => {
    await post(valid);
    const [comment] = await stored();
    await expect(
      moderateComments(site.runtime.deps, { actor: consoleOperator, ids: [comment!.id, 999], action: 'approve' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await stored())[0]!.status).toBe('pending');
    await moderateComments(site.runtime.deps, { actor: consoleOperator, ids: [comment!.id], action: 'approve' });
    expect(await page()).toContain('<h2 id="comments-title">1 comment</h2>');
    await moderateComments(site.runtime.deps, { actor: consoleOperator, ids: [comment!.id], action: 'spam' });
    expect(await page()).toContain('<h2 id="comments-title">0 comments</h2>');
  });
});
