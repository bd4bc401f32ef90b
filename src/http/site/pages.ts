import type { FastifyPluginAsync } from 'fastify';
import { readPage } from '../../domain/pages/pages.ts';
import type { Deps } from '../../domain/store.ts';
import { SitePageView } from '../../views/site-page.tsx';

/** Standalone pages: About, Contact, the corrections policy. */
export const pageRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  app.get<{ Params: { slug: string } }>('/pages/:slug', async (request, reply) => {
    const page = await readPage(deps, { slug: request.params.slug });
    return reply.page(SitePageView({ ctx: await request.pageContext(), page }));
  });
};
