import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { readNewsSitemap, readSitemap, readSitemapIndex, SITEMAP_KINDS } from '../../domain/feeds/sitemaps.ts';
import type { Deps } from '../../domain/store.ts';
import { renderNewsSitemap, renderRobots, renderSitemap, renderSitemapIndex } from '../../views/feeds/sitemaps.ts';
import { paths } from '../../paths/site.ts';
import { sendCacheable } from './feeds.ts';
import { SitemapParams } from './schema.ts';

const XML = 'application/xml';

/** /robots.txt, the sitemap index at /sitemap.xml, its children, and the Google News sitemap. */
export const sitemapRoutes: FastifyPluginAsync<{ deps: Deps }> = async (plugin, { deps }) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  app.get(paths.robots(), async (request, reply) => {
    const { siteUrl } = await request.pageContext();
    return sendCacheable(request, reply, { body: renderRobots(siteUrl), type: 'text/plain', lastModified: null });
  });

  app.get(paths.sitemapIndex(), async (request, reply) => {
    const { siteUrl } = await request.pageContext();
    const index = await readSitemapIndex(deps);
    const lastModified = index.children.reduce<Date | null>(
      (newest, child) => (newest && newest > child.lastModified ? newest : child.lastModified),
      null,
    );
    return sendCacheable(request, reply, { body: renderSitemapIndex(siteUrl, index), type: XML, lastModified });
  });

  for (const kind of SITEMAP_KINDS) {
    app.get(`/sitemap-${kind}-:page(^\\d{1,6}).xml`, { schema: { params: SitemapParams } }, async (request, reply) => {
      const { siteUrl } = await request.pageContext();
      const entries = await readSitemap(deps, { kind, page: Number(request.params.page) });
      const lastModified = entries.reduce((newest, entry) => (entry.lastModified > newest ? entry.lastModified : newest), new Date(0));
      return sendCacheable(request, reply, { body: renderSitemap(siteUrl, kind, entries), type: XML, lastModified });
    });
  }

  app.get(paths.newsSitemap(), async (request, reply) => {
    const { siteUrl, site } = await request.pageContext();
    const articles = await readNewsSitemap(deps);
    return sendCacheable(request, reply, {
      body: renderNewsSitemap(siteUrl, site, articles),
      type: XML,
      lastModified: articles[0]?.publishedAt ?? null,
    });
  });
};
