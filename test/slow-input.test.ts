/**
 * Input built to make a regular expression or a parser work for seconds is answered like any
 * other mistake. (That each pattern runs in linear time is proven in regex-audit.test.ts; these
 * show what the reader gets.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSite, type TestSite } from './support/app.ts';
import { buildArticle } from './support/factories.ts';
import { postCommentForm } from './support/comment-form.ts';

let site: TestSite;
beforeEach(async () => {
  site = await startTestSite();
  await buildArticle(site.runtime.deps, { headline: 'Harbour tunnel tolls', slug: 'tunnel-tolls' });
});
afterEach(async () => site.close());

const fieldError = (html: string, field: string) =>
  new RegExp(`<span class="field-error" id="${field}-error">([^<]*)</span>`).exec(html)?.[1];

describe('hostile input', () => {
  it('answers a 65 kB email of "a@", dots and "@" with the email message beside the field', async () => {
    const email = `a@${'.'.repeat(64_000)}@`;
    const res = await postCommentForm(site, 'tunnel-tolls', {
      comment: 'Fair tolls, please.',
      author: 'Ada Reader',
      email,
      url: '',
      fax: '',
    });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'email')).toBe('You have entered an incorrect email address!');
    expect(await site.runtime.deps.store.comments.list({ limit: 10 })).toHaveLength(0);
  });

  it('answers an address of 15,000 slashes with the not-found page', async () => {
    const res = await site.app.inject({ method: 'GET', url: `/${'/'.repeat(15_000)}x` });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Harbour tunnel tolls');
  });
});
