import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../domain/store.ts';
import { articleRoutes } from './articles.ts';
import { feedRoutes } from './feeds.ts';
import { listingRoutes } from './listings.ts';
import { pageRoutes } from './pages.ts';
import { searchRoutes } from './search.ts';
import { sitemapRoutes } from './sitemaps.ts';

/** The reader-facing site: every page is complete HTML without JavaScript. */
export const siteRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  await app.register(listingRoutes, { deps });
  await app.register(articleRoutes, { deps });
  await app.register(pageRoutes, { deps });
  await app.register(searchRoutes, { deps });
  await app.register(feedRoutes, { deps });
  await app.register(sitemapRoutes, { deps });
};
