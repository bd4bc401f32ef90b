import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSite, type TestSite } from './support/app.ts';
import { postCommentForm } from './support/comment-form.ts';
import { buildArticle } from './support/factories.ts';

/**
 * Text typed into a form comes back exactly as typed. Attribute values escape `&` too, or the
 * browser reads `&lt;` as `<` (found by the hostile-input suite).
 */

const TYPED = '&lt;b&gt; &amp; &quot;';
const AS_ATTRIBUTE = '&amp;lt;b&amp;gt; &amp;amp; &amp;quot;';

let site: TestSite;
beforeAll(async () => {
  site = await startTestSite();
});
afterAll(() => site.close());

describe('typed text in form fields', () => {
  it('is shown back as typed in a refused comment form', async () => {
    const article = await buildArticle(site.runtime.deps, { headline: 'Entities in a comment form' });
    const res = await postCommentForm(site, article.slug, { author: TYPED, email: 'not an email', url: '', comment: 'Words.' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(new RegExp(`<input[^>]*name="author"[^>]*value="${AS_ATTRIBUTE}"`));
  });

  it('is shown back as typed in the search box', async () => {
    const res = await site.app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent(TYPED)}` });
    expect(res.body).toMatch(new RegExp(`<input id="search-q"[^>]*value="${AS_ATTRIBUTE}"`));
  });
});
