import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { searchArticles, type SearchForm } from '../../domain/search/search.ts';
import type { Deps } from '../../domain/store.ts';
import { SearchPageView } from '../../views/search.tsx';
import { pageOf } from '../params.ts';
import { SearchQuery } from './schema.ts';
import { cacheKey } from '../../domain/site/cache-keys.ts';
import { articleListKeys } from '../page-cache/page-keys.ts';

/** How long a stored results page lives even if nothing it shows changes. */
const SEARCH_PAGE_LIFE_MS = 60_000;

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
    const hits = result.outcome.kind === 'results' ? result.outcome.results.items.map((hit) => hit.article) : [];
    // The author filter's choices show bylines by name only: the short life bounds how long a renamed one can linger.
    void reply.cacheable([...articleListKeys(hits), cacheKey.authors, ...(result.tag ? [cacheKey.tag(result.tag.id)] : [])], {
      maxAgeMs: SEARCH_PAGE_LIFE_MS,
    });
    return reply.page(SearchPageView({ ctx, ...result }));
  });
};
