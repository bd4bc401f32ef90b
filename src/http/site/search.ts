import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { searchArticles, type SearchForm } from '../../domain/search/search.ts';
import type { Deps } from '../../domain/store.ts';
import { SearchPageView } from '../../views/search.tsx';
import { pageOf } from '../params.ts';
import { SearchQuery } from './schema.ts';

/** `/search?q=…&tag=…&author=…&from=…&to=…&page=N`: every field is optional, every value answers. */
export const searchRoutes: FastifyPluginAsync<{ deps: Deps }> = async (plugin, { deps }) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/search', { schema: { querystring: SearchQuery } }, async (request, reply) => {
    const { query } = request;
    const form: SearchForm = {
      q: query.q ?? '',
      tag: query.tag ?? '',
      author: query.author ?? '',
      from: query.from ?? '',
      to: query.to ?? '',
    };
    const ctx = await request.pageContext();
    const result = await searchArticles(deps, { form, page: pageOf(query), timeZone: ctx.site.timeZone });
    // Results pages are endless and personal to the query: no search engine should keep them.
    void reply.header('x-robots-tag', 'noindex');
    return reply.page(SearchPageView({ ctx, ...result }));
  });
};
