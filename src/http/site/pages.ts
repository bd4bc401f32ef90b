import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { readPage } from '../../domain/pages/pages.ts';
import type { Deps } from '../../domain/store.ts';
import { SitePageView } from '../../views/site-page.tsx';
import { SlugParams } from './schema.ts';
import { cacheKey } from '../../domain/site/cache-keys.ts';

/** Standalone pages: About, Contact, the corrections policy. */
export const pageRoutes: FastifyPluginAsync<{ deps: Deps }> = async (plugin, { deps }) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/pages/:slug', { schema: { params: SlugParams } }, async (request, reply) => {
    const page = await readPage(deps, { slug: request.params.slug });
    void reply.cacheable([cacheKey.page(page.id)]);
    return reply.page(SitePageView({ ctx: await request.pageContext(), page }));
  });
};
