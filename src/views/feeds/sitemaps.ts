import { xmlText } from '../../export/xml.ts';
import type { NewsArticle, SitemapEntry, SitemapIndex, SitemapKind } from '../../domain/feeds/sitemaps.ts';
import type { SiteSettings } from '../../domain/site/site-settings.ts';
import { paths } from '../paths.ts';

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

const PAGE_OF: Readonly<Record<SitemapKind, (slug: string) => string>> = {
  articles: (slug) => paths.article(slug),
  tags: (slug) => paths.tag(slug),
  authors: (slug) => paths.author(slug),
};

/** The sitemap index (sitemaps.org siteindex.xsd): every child sitemap, with its newest change. */
export function renderSitemapIndex(siteUrl: string, index: SitemapIndex): string {
  const children = index.children.map(
    (child) =>
      `<sitemap><loc>${xmlText(siteUrl + paths.sitemap(child.kind, child.page))}</loc><lastmod>${child.lastModified.toISOString()}</lastmod></sitemap>`,
  );
  return `${XML_DECLARATION}<sitemapindex xmlns="${SITEMAP_NS}">\n${children.join('\n')}\n</sitemapindex>\n`;
}

/** One child sitemap (sitemaps.org sitemap.xsd). */
export function renderSitemap(siteUrl: string, kind: SitemapKind, entries: readonly SitemapEntry[]): string {
  const urls = entries.map(
    (entry) =>
      `<url><loc>${xmlText(siteUrl + PAGE_OF[kind](entry.slug))}</loc><lastmod>${entry.lastModified.toISOString()}</lastmod></url>`,
  );
  return `${XML_DECLARATION}<urlset xmlns="${SITEMAP_NS}">\n${urls.join('\n')}\n</urlset>\n`;
}

/** The Google News sitemap: the sitemap format with Google's news: extension for each article. */
export function renderNewsSitemap(
  siteUrl: string,
  site: Pick<SiteSettings, 'title' | 'language'>,
  articles: readonly NewsArticle[],
): string {
  const urls = articles.map(
    (article) =>
      `<url><loc>${xmlText(siteUrl + paths.article(article.slug))}</loc>` +
      '<news:news><news:publication>' +
      `<news:name>${xmlText(site.title)}</news:name>` +
      `<news:language>${newsLanguage(article.language ?? site.language)}</news:language>` +
      '</news:publication>' +
      `<news:publication_date>${article.publishedAt.toISOString()}</news:publication_date>` +
      `<news:title>${xmlText(article.headline)}</news:title>` +
      '</news:news></url>',
  );
  return `${XML_DECLARATION}<urlset xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_NS}">\n${urls.join('\n')}\n</urlset>\n`;
}

/**
 * Google News wants an ISO 639 code, except for Chinese: zh-cn for Simplified and zh-tw for
 * Traditional. A BCP 47 tag such as zh-Hant-HK or en-GB is brought down to that.
 */
export function newsLanguage(tag: string): string {
  const [primary = 'en', ...subtags] = tag.toLowerCase().split('-');
  if (primary !== 'zh') return /^[a-z]{2,3}$/.test(primary) ? primary : 'en';
  if (subtags.includes('hant') || subtags.includes('tw') || subtags.includes('hk') || subtags.includes('mo')) return 'zh-tw';
  return 'zh-cn';
}

/** robots.txt: everything but the newsroom may be crawled; the sitemaps are named. */
export function renderRobots(siteUrl: string): string {
  return [
    'User-agent: *',
    'Disallow: /admin',
    '',
    `Sitemap: ${siteUrl}${paths.sitemapIndex()}`,
    `Sitemap: ${siteUrl}${paths.newsSitemap()}`,
    '',
  ].join('\n');
}
