import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../src/domain/shared/errors.ts';
import { readSitemap, readSitemapIndex } from '../src/domain/feeds/sitemaps.ts';
import { renderSitemap, renderSitemapIndex } from '../src/views/feeds/sitemaps.ts';
import { startTestSite, type TestSite } from './support/app.ts';
import { buildArticle } from './support/factories.ts';

const XSD = fileURLToPath(new URL('./fixtures/xsd/', import.meta.url));
const HOUR = 3_600_000;

let site: TestSite;
const hoursAgo = (hours: number) => new Date(site.clock.now().getTime() - hours * HOUR);
beforeEach(async () => {
  site = await startTestSite();
});
afterEach(async () => site.close());

async function fetchXml(url: string): Promise<string> {
  const res = await site.app.inject({ method: 'GET', url });
  expect(res.statusCode, url).toBe(200);
  expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
  return res.body;
}

/** Runs xmllint against one of the vendored schemas; the message names what is invalid. */
function expectValid(xml: string, schema: 'sitemap.xsd' | 'siteindex.xsd' | 'news-sitemap.xsd') {
  const file = path.join(site.dataDir, `check-${Math.random().toString(36).slice(2)}.xml`);
  fs.writeFileSync(file, xml);
  const result = spawnSync('xmllint', ['--noout', '--schema', path.join(XSD, schema), file], { encoding: 'utf8' });
  expect(result.stderr.replace(file, 'document')).toBe('document validates\n');
  expect(result.status).toBe(0);
}

const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map(([, loc]) => loc);
const lastmods = (xml: string) => [...xml.matchAll(/<lastmod>([^<]+)<\/lastmod>/g)].map(([, lastmod]) => lastmod);

describe('the sitemaps', () => {
  it('index articles, tags and authors in children that validate against the sitemaps.org schemas, with lastmod', async () => {
    const deps = site.runtime.deps;
    const first = await buildArticle(deps, {
      headline: 'Pier reopens after repairs',
      tags: ['Harbour'],
      author: 'Ana Lim',
      date: hoursAgo(72),
    });
    const second = await buildArticle(deps, {
      headline: 'Bus lanes on Queen’s Road',
      tags: ['Transport', 'Harbour'],
      author: 'Raj Patel',
      date: hoursAgo(3),
    });
    await buildArticle(deps, { headline: 'Draft on parking fines', tags: ['Parking'], author: 'Dee Draft', status: 'draft' });
    await buildArticle(deps, {
      headline: 'Scheduled piece',
      tags: ['Later'],
      author: 'Sam Soon',
      date: new Date(site.clock.now().getTime() + HOUR),
    });

    const index = await fetchXml('/sitemap.xml');
    expectValid(index, 'siteindex.xsd');
    expect(locs(index)).toEqual([
      'http://news.test/sitemap-articles-1.xml',
      'http://news.test/sitemap-tags-1.xml',
      'http://news.test/sitemap-authors-1.xml',
    ]);
    expect(lastmods(index)).toEqual([
      second.publishedAt!.toISOString(),
      second.publishedAt!.toISOString(),
      second.publishedAt!.toISOString(),
    ]);

    const articles = await fetchXml('/sitemap-articles-1.xml');
    expectValid(articles, 'sitemap.xsd');
    expect(locs(articles)).toEqual([`http://news.test/articles/${first.slug}`, `http://news.test/articles/${second.slug}`]);
    expect(lastmods(articles)).toEqual([first.publishedAt!.toISOString(), second.publishedAt!.toISOString()]);

    const tags = await fetchXml('/sitemap-tags-1.xml');
    expectValid(tags, 'sitemap.xsd');
    expect(locs(tags)).toEqual(['http://news.test/tag/harbour', 'http://news.test/tag/transport']);
    expect(lastmods(tags)).toEqual([second.publishedAt!.toISOString(), second.publishedAt!.toISOString()]);

    const authors = await fetchXml('/sitemap-authors-1.xml');
    expectValid(authors, 'sitemap.xsd');
    expect(locs(authors)).toEqual(['http://news.test/author/ana-lim', 'http://news.test/author/raj-patel']);
    expect(lastmods(authors)).toEqual([first.publishedAt!.toISOString(), second.publishedAt!.toISOString()]);

    expect((await site.app.inject({ url: '/sitemap-articles-2.xml' })).statusCode).toBe(404);
  });

  it('moves an article’s lastmod when it is edited', async () => {
    const article = await buildArticle(site.runtime.deps, { headline: 'Harbour swim date set', slug: 'swim-date', date: hoursAgo(48) });
    site.clock.advance(HOUR);
    await buildArticle(site.runtime.deps, { headline: 'Harbour swim date moved', slug: 'swim-date', body: 'It is a week later now.' });
    expect(lastmods(await fetchXml('/sitemap-articles-1.xml'))).toEqual([site.clock.now().toISOString()]);
    expect(article.publishedAt!.toISOString()).not.toBe(site.clock.now().toISOString());
  });

  it('splits the articles into numbered children of at most the limit each, in id order', async () => {
    const deps = site.runtime.deps;
    const published = [];
    for (let i = 0; i < 5; i++)
      published.push(await buildArticle(deps, { headline: `Council minutes, part ${i + 1}`, date: hoursAgo(10 - i) }));
    await buildArticle(deps, { headline: 'A draft in between', status: 'draft' });

    const index = await readSitemapIndex(deps, { limit: 2 });
    expect(index.children.filter((child) => child.kind === 'articles').map((child) => child.page)).toEqual([1, 2, 3]);
    const rendered = renderSitemapIndex(site.config.siteUrl, index);
    expectValid(rendered, 'siteindex.xsd');
    expect(locs(rendered).slice(0, 3)).toEqual([
      'http://news.test/sitemap-articles-1.xml',
      'http://news.test/sitemap-articles-2.xml',
      'http://news.test/sitemap-articles-3.xml',
    ]);
    expect(index.children[1]!.lastModified).toEqual(published[3]!.publishedAt);

    const pages = await Promise.all([1, 2, 3].map((page) => readSitemap(deps, { kind: 'articles', page, limit: 2 })));
    expect(pages.map((entries) => entries.length)).toEqual([2, 2, 1]);
    expect(pages.flat().map((entry) => entry.slug)).toEqual(published.map((article) => article.slug));
    expectValid(renderSitemap(site.config.siteUrl, 'articles', pages[2]!), 'sitemap.xsd');
    await expect(readSitemap(deps, { kind: 'articles', page: 4, limit: 2 })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('the Google News sitemap', () => {
  it('lists only articles published in the last two days, newest first, valid against Google’s news schema', async () => {
    const deps = site.runtime.deps;
    await buildArticle(deps, { headline: 'Three days old', date: hoursAgo(72) });
    const yesterday = await buildArticle(deps, { headline: 'Typhoon <Signal> 8 & the ferries', date: hoursAgo(20) });
    const chinese = await buildArticle(deps, { headline: '渡輪加班', language: 'zh-Hant', date: hoursAgo(2) });
    await buildArticle(deps, { headline: 'Tomorrow’s scheduled story', date: new Date(site.clock.now().getTime() + HOUR) });
    await buildArticle(deps, { headline: 'Fresh draft', status: 'draft', date: hoursAgo(1) });

    const news = await fetchXml('/sitemap-news.xml');
    expectValid(news, 'news-sitemap.xsd');
    expect(locs(news)).toEqual([
      `http://news.test/articles/${encodeURIComponent(chinese.slug)}`,
      `http://news.test/articles/${yesterday.slug}`,
    ]);
    expect(news).toContain('<news:name>The Harbour Ledger</news:name>');
    expect([...news.matchAll(/<news:language>([^<]+)</g)].map(([, language]) => language)).toEqual(['zh-tw', 'en']);
    expect(news).toContain(`<news:publication_date>${yesterday.publishedAt!.toISOString()}</news:publication_date>`);
    expect(news).toContain('<news:title>Typhoon &lt;Signal&gt; 8 &amp; the ferries</news:title>');

    site.clock.advance(30 * HOUR);
    expect(locs(await fetchXml('/sitemap-news.xml'))).toEqual([
      'http://news.test/articles/tomorrows-scheduled-story',
      `http://news.test/articles/${encodeURIComponent(chinese.slug)}`,
    ]);
  });
});

describe('robots.txt', () => {
  it('keeps crawlers out of the newsroom and names the sitemap index and the news sitemap', async () => {
    const res = await site.app.inject({ method: 'GET', url: '/robots.txt' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.body).toBe(
      [
        'User-agent: *',
        'Disallow: /admin',
        '',
        'Sitemap: http://news.test/sitemap.xml',
        'Sitemap: http://news.test/sitemap-news.xml',
        '',
      ].join('\n'),
    );
  });
});
