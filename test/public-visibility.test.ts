/**
 * What only drafts carry is not public: a tag only a draft uses, and a byline with nothing
 * published, have no page, no feed, no place in the sitemaps and none in the search page's filter.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSite, type TestSite } from './support/app.ts';
import { buildArticle } from './support/factories.ts';
import { buildStaff } from './support/staff.ts';

let site: TestSite;
beforeEach(async () => {
  site = await startTestSite();
  await buildArticle(site.runtime.deps, { headline: 'Harbour tunnel tolls', tags: ['Transport'], author: 'Ada Reporter' });
  await buildArticle(site.runtime.deps, {
    headline: 'Secret merger talks',
    tags: ['Merger Talks'],
    author: 'Dana Drafter',
    status: 'draft',
  });
});
afterEach(async () => site.close());

const get = (url: string) => site.app.inject({ method: 'GET', url });

describe('a tag only drafts carry', () => {
  it('has no page and no feed, and is not in the sitemap', async () => {
    expect((await get('/tag/transport')).statusCode).toBe(200);
    expect((await get('/tag/merger-talks')).statusCode).toBe(404);
    expect((await get('/tag/merger-talks/feed.xml')).statusCode).toBe(404);
    const sitemap = (await get('/sitemap-tags-1.xml')).body;
    expect(sitemap).toContain('/tag/transport');
    expect(sitemap).not.toContain('merger-talks');
  });
});

describe('a byline with nothing published', () => {
  it('has no author page or feed, whether it has drafts or nothing at all', async () => {
    const staff = await buildStaff(site, 'contributor', { displayName: 'Nora Newcomer' });
    expect((await get('/author/ada-reporter')).statusCode).toBe(200);
    for (const slug of ['dana-drafter', staff.author.slug]) {
      expect((await get(`/author/${slug}`)).statusCode).toBe(404);
      expect((await get(`/author/${slug}/feed.xml`)).statusCode).toBe(404);
    }
    expect((await get('/sitemap-authors-1.xml')).body).not.toContain('dana-drafter');
  });

  it("is not offered in the search page's author filter", async () => {
    const page = (await get('/search?q=harbour')).body;
    expect(page).toContain('Ada Reporter');
    expect(page).not.toContain('Dana Drafter');
    expect((await get('/search?q=merger&author=dana-drafter')).body).toContain('We have no author by that name.');
  });
});
