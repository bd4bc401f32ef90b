import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import {
  NEWS_SITEMAP,
  readNewsSitemap,
  readSitemap,
  readSitemapIndex,
  SITEMAP_KINDS,
  type NewsArticle,
  type SitemapKind,
} from '../../domain/feeds/sitemaps.ts';
import { cacheKey } from '../../domain/site/cache-keys.ts';
import type { Deps } from '../../domain/store.ts';
import { renderNewsSitemap, renderRobots, renderSitemap, renderSitemapIndex } from '../../views/feeds/sitemaps.ts';
import { paths } from '../../paths/site.ts';
import { sendCacheable } from './feeds.ts';
import { SitemapParams } from './schema.ts';

const XML = 'application/xml';

/** What each child sitemap shows: which articles, tags or authors are public (and when each last changed). */
const SITEMAP_KEYS: Record<SitemapKind, readonly string[]> = {
  articles: [cacheKey.articles],
  tags: [cacheKey.tags, cacheKey.articles],
  authors: [cacheKey.authors, cacheKey.articles],
};

/** The news sitemap's articles and the tags it names as keywords. */
function listedNews(articles: readonly NewsArticle[]): string[] {
  return articles.flatMap((article) => [
    cacheKey.article(article.id),
    ...article.tags.flatMap((tag) => (tag.id === undefined ? [] : [cacheKey.tag(tag.id)])),
  ]);
}

/** /robots.txt, the sitemap index at /sitemap.xml, its children, and the Google News sitemap. */
export const sitemapRoutes: FastifyPluginAsync<{ deps: Deps }> = async (plugin, { deps }) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  app.get(paths.robots(), async (request, reply) => {
    const { siteUrl } = await request.pageContext();
    return sendCacheable(reply, { body: renderRobots(siteUrl), type: 'text/plain', lastModified: null }, []);
  });

  app.get(paths.sitemapIndex(), async (request, reply) => {
    const { siteUrl } = await request.pageContext();
    const index = await readSitemapIndex(deps);
    const lastModified = index.children.reduce<Date | null>(
      (newest, child) => (newest && newest > child.lastModified ? newest : child.lastModified),
      null,
    );
    return sendCacheable(reply, { body: renderSitemapIndex(siteUrl, index), type: XML, lastModified }, [
      cacheKey.articles,
      cacheKey.tags,
      cacheKey.authors,
    ]);
  });

  for (const kind of SITEMAP_KINDS) {
    app.get(`/sitemap-${kind}-:page(^\\d{1,6}).xml`, { schema: { params: SitemapParams } }, async (request, reply) => {
      const { siteUrl } = await request.pageContext();
      const entries = await readSitemap(deps, { kind, page: Number(request.params.page) });
      const lastModified = entries.reduce((newest, entry) => (entry.lastModified > newest ? entry.lastModified : newest), new Date(0));
      return sendCacheable(reply, { body: renderSitemap(siteUrl, kind, entries), type: XML, lastModified }, SITEMAP_KEYS[kind]);
    });
  }

  app.get(paths.newsSitemap(), async (request, reply) => {
    const { siteUrl, site } = await request.pageContext();
    const articles = await readNewsSitemap(deps);
    // An article leaves the news sitemap when it is older than its window: the page goes then too.
    const oldest = articles.at(-1);
    void reply.cacheable([cacheKey.articles, ...listedNews(articles)], {
      until: oldest ? new Date(oldest.publishedAt.getTime() + NEWS_SITEMAP.windowMs) : null,
    });
    return sendCacheable(
      reply,
      { body: renderNewsSitemap(siteUrl, site, articles), type: XML, lastModified: articles[0]?.publishedAt ?? null },
      [],
    );
  });
};
