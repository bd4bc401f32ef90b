import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { legacyPathKey } from '../src/domain/importing/legacy-paths.ts';
import { renderArticleBody } from '../src/domain/shared/markdown.ts';
import type { BodyFormat, SitePageStatus } from '../src/domain/shared/model.ts';
import { findOrCreateTag } from '../src/domain/tags/tags.ts';
import { startTestSite, type TestSite } from './support/app.ts';
import { buildArticle } from './support/factories.ts';
import type { LegacyTargetKind } from '../src/domain/importing/repository.ts';

/** What a publication brought in from WordPress looks like to its readers. */

let site: TestSite;
beforeEach(async () => {
  site = await startTestSite();
});
afterEach(() => site.close());

const deps = () => site.runtime.deps;
const get = (url: string) => site.app.inject({ method: 'GET', url });

/** Records an old site's address, as an import does. */
async function oldAddress(address: string, kind: LegacyTargetKind, id: number): Promise<void> {
  const path = legacyPathKey(address);
  if (path === null) throw new Error(`${address} is no old address`);
  await deps().store.redirects.put([{ path, kind, id }]);
}

async function buildPage(fields: { slug: string; title: string; status: SitePageStatus; body: string; format?: BodyFormat }) {
  const now = deps().clock.now();
  const author = await deps().store.authors.insert({ slug: `page-author-${fields.slug}`, name: `Page Author ${fields.slug}`, bio: '' });
  const format = fields.format ?? 'markdown';
  return deps().store.pages.insert({
    slug: fields.slug,
    title: fields.title,
    status: fields.status,
    publishedAt: fields.status === 'published' ? now : null,
    createdAt: now,
    updatedAt: now,
    authorId: author.id,
    bodyFormat: format,
    bodySource: fields.body,
    bodyHtml: renderArticleBody(fields.body, format),
  });
}

async function buildMedia(url: string, fields: { alt?: string; caption?: string } = {}) {
  return deps().store.media.insert({
    url,
    title: 'Swimmers at dawn',
    alt: fields.alt ?? 'Swimmers wading in from the pier at Quarry Bay',
    caption: fields.caption ?? '',
    mimeType: 'image/jpeg',
    articleId: null,
    createdAt: deps().clock.now(),
  });
}

describe('an old site’s addresses', () => {
  it('send a WordPress permalink to the article it became, for good, without the old query string', async () => {
    const article = await buildArticle(deps(), { headline: 'Cross-harbour swim returns after five years', slug: 'harbour-swim-returns' });
    await oldAddress('https://old.ledger.example/2024/05/harbour-swim-returns/', 'article', article.id);
    for (const url of [
      '/2024/05/harbour-swim-returns/',
      '/2024/05/harbour-swim-returns',
      '/2024/05/Harbour-Swim-Returns/?utm_source=feed',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(301);
      expect(res.headers.location, url).toBe('/articles/harbour-swim-returns');
    }
    const head = await site.app.inject({ method: 'HEAD', url: '/2024/05/harbour-swim-returns/' });
    expect(head.statusCode).toBe(301);
    expect(head.headers.location).toBe('/articles/harbour-swim-returns');
  });

  it('matches a permalink in Chinese however the browser escapes it', async () => {
    const article = await buildArticle(deps(), { headline: '維港泳重臨', slug: '維港泳重臨' });
    await oldAddress('https://old.ledger.example/2024/05/維港泳/', 'article', article.id);
    const res = await get(`/2024/05/${encodeURIComponent('維港泳')}/`);
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe(`/articles/${encodeURIComponent('維港泳重臨')}`);
  });

  it('send ?p=, ?page_id= and ?attachment_id= to the article, the page and the file', async () => {
    const article = await buildArticle(deps(), { headline: 'Ferry fares frozen until summer', slug: 'ferry-fares-frozen' });
    const pageId = await buildPage({ slug: 'about-us', title: 'About us', status: 'published', body: 'A newsroom by the harbour.' });
    const mediaId = await buildMedia('https://old.ledger.example/wp-content/uploads/2024/05/swim.jpg');
    await oldAddress('/?p=123', 'article', article.id);
    await oldAddress('/?page_id=7', 'page', pageId);
    await oldAddress('/?attachment_id=9', 'media', mediaId);
    const expected: Array<[string, string]> = [
      ['/?p=123', '/articles/ferry-fares-frozen'],
      ['/?p=123&replytocom=4', '/articles/ferry-fares-frozen'],
      ['/index.php?p=123', '/articles/ferry-fares-frozen'],
      ['/?page_id=7', '/pages/about-us'],
      ['/?attachment_id=9', 'https://old.ledger.example/wp-content/uploads/2024/05/swim.jpg'],
    ];
    for (const [url, location] of expected) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(301);
      expect(res.headers.location, url).toBe(location);
    }
  });

  it('send category, tag and author addresses to the tag and author pages, even where a route of ours has the path', async () => {
    const article = await buildArticle(deps(), { author: 'Jane Ho', tags: ['Hong Kong Special Administrative Region', 'Hong Kong'] });
    const region = (await deps().store.tags.findBySlug('hong-kong-special-administrative-region'))!;
    const hongKong = await findOrCreateTag(deps().store, 'Hong Kong');
    await oldAddress('/category/news/hong-kong/', 'tag', hongKong.id);
    await oldAddress('/tag/hksar/', 'tag', region.id);
    await oldAddress('/author/jane/', 'author', article.authorId);
    const expected: Array<[string, string]> = [
      ['/category/news/hong-kong/', '/tag/hong-kong'],
      ['/tag/hksar/', '/tag/hong-kong-special-administrative-region'],
      ['/author/jane/', '/author/jane-ho'],
    ];
    for (const [url, location] of expected) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(301);
      expect(res.headers.location, url).toBe(location);
      expect((await get(location)).statusCode, location).toBe(200);
    }
  });

  it('never reveal a draft, a scheduled article or a draft page, and answer an unknown one with the 404 page', async () => {
    const draft = await buildArticle(deps(), { headline: 'Unfinished story', status: 'draft' });
    const tomorrow = new Date(deps().clock.now().getTime() + 86_400_000);
    const scheduled = await buildArticle(deps(), { headline: 'Tomorrow’s story', status: 'published', date: tomorrow });
    const draftPage = await buildPage({ slug: 'staff-handbook', title: 'Staff handbook', status: 'draft', body: 'Not yet.' });
    await oldAddress('/2024/06/unfinished-story/', 'article', draft.id);
    await oldAddress('/?p=55', 'article', scheduled.id);
    await oldAddress('/?page_id=56', 'page', draftPage);
    await oldAddress('/2019/01/deleted-long-ago/', 'article', 999_999);
    for (const url of [
      '/2024/06/unfinished-story/',
      '/?p=55',
      '/?page_id=56',
      '/2019/01/deleted-long-ago/',
      '/?p=999',
      '/1999/no-such-post/',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).toContain('We couldn’t find that page');
    }
  });

  it('leave the front page, every page of ours and forms as they are', async () => {
    const article = await buildArticle(deps(), { headline: 'Tram fares rise by a dollar', slug: 'tram-fares-rise' });
    const other = await buildArticle(deps(), { headline: 'Peak tram queue times', slug: 'peak-tram-queues' });
    await oldAddress('/articles/tram-fares-rise', 'article', other.id);
    await oldAddress('/2024/05/tram-fares/', 'article', article.id);
    expect((await get('/articles/tram-fares-rise')).statusCode).toBe(200);
    const home = await get('/?p=not-a-number');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Tram fares rise by a dollar');
    const posted = await site.app.inject({ method: 'POST', url: '/2024/05/tram-fares/', payload: {} });
    expect(posted.statusCode).toBe(404);
  });
});

describe('standalone pages', () => {
  it('show a published page in the site’s layout, and link every published page from the footer', async () => {
    await buildPage({
      slug: 'about-us',
      title: 'About The Harbour Ledger',
      status: 'published',
      body: '<p>Reporting from <strong>Sai Ying Pun</strong> since 2011.</p><script>alert(1)</script>',
      format: 'html',
    });
    await buildPage({ slug: 'contact', title: 'Contact the newsroom', status: 'published', body: 'Write to **tips@ledger.example**.' });
    await buildPage({ slug: 'hidden-draft', title: 'Hidden draft page', status: 'draft', body: 'Not for readers.' });
    const res = await get('/pages/about-us');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1 class="story-headline">About The Harbour Ledger</h1>');
    expect(res.body).toContain('<div class="story-body"><p>Reporting from <strong>Sai Ying Pun</strong> since 2011.</p></div>');
    expect(res.body).not.toContain('alert(1)');
    expect(res.body).toContain('<link rel="canonical" href="http://news.test/pages/about-us"');

    const footer = /<footer class="site-footer">([\s\S]*?)<\/footer>/.exec((await get('/')).body)?.[1] ?? '';
    const links = [...footer.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
    expect(links).toEqual([
      ['/pages/about-us', 'About The Harbour Ledger'],
      ['/pages/contact', 'Contact the newsroom'],
    ]);
  });

  it('answer 404 for a draft page and for a page that does not exist', async () => {
    await buildPage({ slug: 'hidden-draft', title: 'Hidden draft page', status: 'draft', body: 'Not for readers.' });
    for (const url of ['/pages/hidden-draft', '/pages/no-such-page']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('Not for readers.');
    }
  });
});

describe('an article’s lead image', () => {
  it('shows above the body with its alt text and caption, loaded at once, and not in the listings', async () => {
    const article = await buildArticle(deps(), { headline: 'Swimmers return to Victoria Harbour', slug: 'swimmers-return' });
    const mediaId = await buildMedia('https://cdn.ledger.example/swim.jpg', { caption: 'Dawn at Quarry Bay <pier 3> & beyond' });
    await deps().store.media.setArticleImage(article.id, mediaId);
    const page = (await get('/articles/swimmers-return')).body;
    expect(page).toContain(
      '<figure class="picture lead-image"><img src="https://cdn.ledger.example/swim.jpg" alt="Swimmers wading in from the pier at Quarry Bay" loading="eager" fetchpriority="high" decoding="async"/>' +
        '<figcaption><span>Dawn at Quarry Bay &lt;pier 3> &amp; beyond</span></figcaption></figure><div class="story-body">',
    );
    expect(page).not.toContain('loading="lazy"');
    expect((await get('/')).body).not.toContain('swim.jpg');
  });

  it('goes without a caption when it has none, and is absent when the article has no image', async () => {
    const withImage = await buildArticle(deps(), { slug: 'with-image' });
    await deps().store.media.setArticleImage(withImage.id, await buildMedia('https://cdn.ledger.example/ferry.jpg', { alt: '' }));
    await buildArticle(deps(), { slug: 'without-image' });
    expect((await get('/articles/with-image')).body).toContain(
      '<figure class="picture lead-image"><img src="https://cdn.ledger.example/ferry.jpg" alt="" loading="eager" fetchpriority="high" decoding="async"/></figure>',
    );
    expect((await get('/articles/without-image')).body).not.toContain('<figure');
  });
});

describe('a tag’s place among the tags', () => {
  it('links up to the tag it is part of and down to the tags within it', async () => {
    const { store } = deps();
    const news = await findOrCreateTag(store, 'News');
    const hongKong = await findOrCreateTag(store, 'Hong Kong');
    const kowloon = await findOrCreateTag(store, 'Kowloon');
    const islands = await findOrCreateTag(store, 'Outlying Islands');
    await store.tags.setParent(hongKong.id, news.id);
    await store.tags.setParent(kowloon.id, hongKong.id);
    await store.tags.setParent(islands.id, hongKong.id);
    await buildArticle(deps(), { tags: ['Hong Kong'] });
    await buildArticle(deps(), { tags: ['Kowloon'] });
    await buildArticle(deps(), { tags: ['Outlying Islands'] });

    const page = (await get('/tag/hong-kong')).body;
    expect(page).toContain('<p class="listing-parent">Part of <a href="/tag/news">News</a></p>');
    const within = /<nav class="tag-line tag-children"[\s\S]*?<\/nav>/.exec(page)?.[0] ?? '';
    expect(within).toContain('Within Hong Kong');
    expect([...within.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]])).toEqual([
      ['/tag/kowloon', 'Kowloon'],
      ['/tag/outlying-islands', 'Outlying Islands'],
    ]);

    const top = (await get('/tag/news')).body;
    expect(top).not.toContain('listing-parent');
    expect(top).toContain('<a href="/tag/hong-kong">Hong Kong</a>');
    const leaf = (await get('/tag/kowloon')).body;
    expect(leaf).toContain('Part of <a href="/tag/hong-kong">Hong Kong</a>');
    expect(leaf).not.toContain('tag-children');
  });
});
