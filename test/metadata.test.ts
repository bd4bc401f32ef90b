import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findOrCreateTag } from '../src/domain/tags/tags.ts';
import type { Article } from '../src/domain/shared/model.ts';
import { isoWithOffset } from '../src/views/structured-data.ts';
import { startTestSite, type TestSite } from './support/app.ts';
import { buildArticle } from './support/factories.ts';
import { breadcrumbData, canonicalOf, jsonLdOf, jsonLdOfType, metaOf, visibleBreadcrumb } from './support/page-metadata.ts';

let site: TestSite;
beforeEach(async () => {
  site = await startTestSite({ env: { SITE_TIMEZONE: 'Asia/Hong_Kong' } });
});
afterEach(async () => site.close());

const BASE = 'http://news.test';
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

const get = (url: string) => site.app.inject({ method: 'GET', url });

async function giveImage(article: Article, url: string, alt: string): Promise<void> {
  const { media } = site.runtime.deps.store;
  const id = await media.insert({
    url,
    title: 'Lead',
    alt,
    caption: '',
    mimeType: 'image/jpeg',
    articleId: article.id,
    createdAt: new Date(),
  });
  await media.setArticleImage(article.id, id);
}

describe('an article page’s JSON-LD', () => {
  it('describes the NewsArticle with every property search engines ask for', async () => {
    await findOrCreateTag(site.runtime.deps.store, 'Transport', { isSection: true });
    const article = await buildArticle(site.runtime.deps, {
      headline: 'Night buses return to the eastern loop',
      standfirst: 'Six routes run again after midnight from Monday.',
      slug: 'night-buses-return',
      author: 'Ines Carvalho',
      tags: ['Buses', 'Transport'],
    });
    const html = (await get('/articles/night-buses-return')).body;
    const data = jsonLdOfType(html, 'NewsArticle');

    expect(data['@context']).toBe('https://schema.org');
    expect(data.headline).toBe('Night buses return to the eastern loop');
    expect(data.description).toBe('Six routes run again after midnight from Monday.');
    expect(data).not.toHaveProperty('image');
    expect(data.datePublished).toMatch(ISO_WITH_OFFSET);
    expect(data.datePublished).toMatch(/\+08:00$/);
    expect(new Date(data.datePublished as string).getTime()).toBe(Math.floor(article.publishedAt!.getTime() / 1000) * 1000);
    expect(data.dateModified).toMatch(ISO_WITH_OFFSET);
    expect(new Date(data.dateModified as string).getTime()).toBeGreaterThanOrEqual(new Date(data.datePublished as string).getTime());
    expect(data.author).toEqual([{ '@type': 'Person', name: 'Ines Carvalho', url: `${BASE}/author/ines-carvalho` }]);
    expect(data.mainEntityOfPage).toEqual({ '@type': 'WebPage', '@id': `${BASE}/articles/night-buses-return` });
    expect(data.keywords).toEqual(['Buses', 'Transport']);
    expect(data.inLanguage).toBe('en');

    expect(data.publisher).toMatchObject({ '@type': 'Organization', name: 'The Harbour Ledger', url: `${BASE}/` });
    const logoUrl = new URL(data.publisher.logo.url as string);
    expect(logoUrl.origin).toBe(BASE);
    const logo = await get(logoUrl.pathname);
    expect(logo.statusCode).toBe(200);
    expect(logo.headers['content-type']).toBe('image/png');
    expect(logo.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    expect([data.publisher.logo.width, data.publisher.logo.height]).toEqual([
      logo.rawPayload.readUInt32BE(16),
      logo.rawPayload.readUInt32BE(20),
    ]);

    const authorPage = await get(new URL(data.author[0].url as string).pathname);
    expect(authorPage.statusCode).toBe(200);
  });

  it('names the lead image, made absolute, when the article has one', async () => {
    const article = await buildArticle(site.runtime.deps, { slug: 'with-picture' });
    await giveImage(article, '/media/2026/ferry-pier.jpg', 'The ferry pier at dawn');
    const html = (await get('/articles/with-picture')).body;
    expect(jsonLdOfType(html, 'NewsArticle').image).toEqual([`${BASE}/media/2026/ferry-pier.jpg`]);
    expect(metaOf(html, 'og:image')).toEqual([`${BASE}/media/2026/ferry-pier.jpg`]);
    expect(metaOf(html, 'og:image:alt')).toEqual(['The ferry pier at dawn']);
    expect(metaOf(html, 'twitter:card')).toEqual(['summary_large_image']);
    expect(metaOf(html, 'twitter:image')).toEqual([`${BASE}/media/2026/ferry-pier.jpg`]);
  });

  it('keeps a headline with </script> inside its script, where it reads back unchanged', async () => {
    const headline = 'Why </script><script>alert(1)</script> & <!-- fail';
    await buildArticle(site.runtime.deps, { headline, slug: 'script-headline', standfirst: 'A <b>bold</b> claim' });
    const html = (await get('/articles/script-headline')).body;
    // Inside a quoted attribute `<` is only text; everywhere else it must not open an element.
    const outsideAttributes = html.replace(/="[^"]*"/g, '=""');
    expect(outsideAttributes).not.toContain('<script>alert(1)');
    const scripts = outsideAttributes.match(/<script\b/g) ?? [];
    // The site's own script, and the two JSON-LD objects.
    expect(scripts).toHaveLength(3);
    const data = jsonLdOfType(html, 'NewsArticle');
    expect(data.headline).toBe(headline);
    expect(data.description).toBe('A <b>bold</b> claim');
    expect(metaOf(html, 'og:title')).toEqual([headline]);
  });

  it('describes an article without a standfirst by the opening of its text', async () => {
    await buildArticle(site.runtime.deps, {
      slug: 'no-standfirst',
      standfirst: '',
      body: `The **harbour** authority & its board met on Tuesday. ${'The meeting ran long. '.repeat(20)}`,
    });
    const html = (await get('/articles/no-standfirst')).body;
    const [description] = metaOf(html, 'description');
    expect(description).toMatch(/^The harbour authority & its board met on Tuesday\. The meeting ran long\./);
    expect(description!.length).toBeLessThanOrEqual(161);
    expect(description).toMatch(/…$/);
    expect(jsonLdOfType(html, 'NewsArticle').description).toBe(description);
  });
});

describe('dates in structured data', () => {
  it('carry the publication’s UTC offset at that date, behind UTC and in half hours too', () => {
    expect(isoWithOffset(new Date('2026-01-15T12:00:00.250Z'), 'America/New_York')).toBe('2026-01-15T07:00:00-05:00');
    expect(isoWithOffset(new Date('2026-07-15T12:00:00Z'), 'America/New_York')).toBe('2026-07-15T08:00:00-04:00');
    expect(isoWithOffset(new Date('2026-07-15T20:00:00Z'), 'Asia/Kolkata')).toBe('2026-07-16T01:30:00+05:30');
    expect(isoWithOffset(new Date('2026-07-15T20:00:00Z'), 'UTC')).toBe('2026-07-15T20:00:00+00:00');
  });
});

describe('Open Graph and Twitter tags', () => {
  it('mark an article page as an article, with absolute URLs, times, author and tags', async () => {
    await findOrCreateTag(site.runtime.deps.store, 'Transport', { isSection: true });
    await buildArticle(site.runtime.deps, {
      slug: 'tram-fares',
      headline: 'Tram fares held',
      author: 'Ines Carvalho',
      tags: ['Trams', 'Transport'],
    });
    const html = (await get('/articles/tram-fares')).body;
    expect(canonicalOf(html)).toBe(`${BASE}/articles/tram-fares`);
    expect(metaOf(html, 'og:url')).toEqual([`${BASE}/articles/tram-fares`]);
    expect(metaOf(html, 'og:type')).toEqual(['article']);
    expect(metaOf(html, 'og:site_name')).toEqual(['The Harbour Ledger']);
    expect(metaOf(html, 'og:title')).toEqual(['Tram fares held']);
    expect(metaOf(html, 'og:description')).toEqual(['A short summary for the test.']);
    expect(metaOf(html, 'og:locale')).toEqual(['en_US']);
    expect(metaOf(html, 'og:image')).toEqual([]);
    expect(metaOf(html, 'article:published_time')[0]).toMatch(ISO_WITH_OFFSET);
    expect(metaOf(html, 'article:modified_time')[0]).toMatch(ISO_WITH_OFFSET);
    expect(metaOf(html, 'article:author')).toEqual([`${BASE}/author/ines-carvalho`]);
    expect(metaOf(html, 'article:tag')).toEqual(['Trams', 'Transport']);
    expect(metaOf(html, 'twitter:card')).toEqual(['summary']);
    expect(metaOf(html, 'twitter:title')).toEqual(['Tram fares held']);
  });

  it('mark the home, tag and author pages as websites, each with its own canonical address', async () => {
    await buildArticle(site.runtime.deps, { author: 'Ines Carvalho', tags: ['Harbour Life'] });
    const pages = [
      { path: '/', title: 'The Harbour Ledger' },
      { path: '/tag/harbour-life', title: 'Harbour Life' },
      { path: '/author/ines-carvalho', title: 'Ines Carvalho' },
    ];
    for (const page of pages) {
      const html = (await get(page.path)).body;
      expect(canonicalOf(html), page.path).toBe(BASE + page.path);
      expect(metaOf(html, 'og:url'), page.path).toEqual([BASE + page.path]);
      expect(metaOf(html, 'og:type'), page.path).toEqual(['website']);
      expect(metaOf(html, 'og:title'), page.path).toEqual([page.title]);
      expect(metaOf(html, 'og:description')[0], page.path).toBe(metaOf(html, 'description')[0]);
      expect(metaOf(html, 'og:locale'), page.path).toEqual(['en_US']);
      expect(metaOf(html, 'twitter:card'), page.path).toEqual(['summary']);
      expect(metaOf(html, 'article:published_time'), page.path).toEqual([]);
    }
  });

  it('take og:locale from the publication’s language', async () => {
    await site.close();
    site = await startTestSite({ env: { SITE_LANGUAGE: 'zh-Hant-HK' } });
    expect(metaOf((await get('/')).body, 'og:locale')).toEqual(['zh_HK']);
  });

  it('are left off pages that are not to be indexed', async () => {
    const html = (await get('/articles/nowhere')).body;
    expect(metaOf(html, 'og:title')).toEqual([]);
    expect(jsonLdOf(html)).toEqual([]);
  });
});

describe('listing pages’ JSON-LD', () => {
  it('describes the front page as the WebSite, with a search action', async () => {
    const data = jsonLdOfType((await get('/')).body, 'WebSite');
    expect(data).toMatchObject({ name: 'The Harbour Ledger', url: `${BASE}/`, inLanguage: 'en' });
    expect(data.potentialAction).toEqual({
      '@type': 'SearchAction',
      target: { '@type': 'EntryPoint', urlTemplate: `${BASE}/search?q={search_term_string}` },
      'query-input': 'required name=search_term_string',
    });
  });

  it('describes a tag page as a CollectionPage and an author page as a ProfilePage of a Person', async () => {
    await buildArticle(site.runtime.deps, { author: 'Ines Carvalho', tags: ['Harbour Life'] });
    const tag = jsonLdOfType((await get('/tag/harbour-life')).body, 'CollectionPage');
    expect(tag).toMatchObject({ name: 'Harbour Life', url: `${BASE}/tag/harbour-life`, description: 'Articles tagged Harbour Life' });
    const profile = jsonLdOfType((await get('/author/ines-carvalho')).body, 'ProfilePage');
    expect(profile.url).toBe(`${BASE}/author/ines-carvalho`);
    expect(profile.mainEntity).toEqual({ '@type': 'Person', name: 'Ines Carvalho', url: `${BASE}/author/ines-carvalho` });
  });
});

describe('breadcrumbs', () => {
  it('lead from home through the article’s section to the article, on the page and in JSON-LD', async () => {
    await findOrCreateTag(site.runtime.deps.store, 'Transport', { isSection: true });
    await buildArticle(site.runtime.deps, { slug: 'ferry-timetable', headline: 'Ferry timetable & fares', tags: ['Ferries', 'Transport'] });
    const html = (await get('/articles/ferry-timetable')).body;
    expect(visibleBreadcrumb(html)).toEqual(['Home', 'Transport', 'Ferry timetable & fares']);
    expect(html).toMatch(/<li><a href="\/tag\/transport">Transport<\/a><\/li><li><span aria-current="page">/);
    expect(breadcrumbData(html)).toEqual([
      { position: 1, name: 'Home', item: `${BASE}/` },
      { position: 2, name: 'Transport', item: `${BASE}/tag/transport` },
      { position: 3, name: 'Ferry timetable & fares', item: `${BASE}/articles/ferry-timetable` },
    ]);
  });

  it('show a tag under the broader tag it is filed in, and an author under home', async () => {
    const { store } = site.runtime.deps;
    const news = await findOrCreateTag(store, 'News');
    const local = await findOrCreateTag(store, 'Local News');
    await store.tags.setParent(local.id, news.id);
    await buildArticle(site.runtime.deps, { author: 'Ines Carvalho', tags: ['Local News'] });

    const tagHtml = (await get('/tag/local-news')).body;
    expect(visibleBreadcrumb(tagHtml)).toEqual(['Home', 'News', 'Local News']);
    expect(breadcrumbData(tagHtml).map((crumb) => crumb.item)).toEqual([`${BASE}/`, `${BASE}/tag/news`, `${BASE}/tag/local-news`]);

    const authorHtml = (await get('/author/ines-carvalho')).body;
    expect(visibleBreadcrumb(authorHtml)).toEqual(['Home', 'Ines Carvalho']);
    expect(breadcrumbData(authorHtml).map((crumb) => crumb.name)).toEqual(['Home', 'Ines Carvalho']);
  });
});
