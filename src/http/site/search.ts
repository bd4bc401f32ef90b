import type { FastifyPluginAsync } from 'fastify';
import { searchArticles, type SearchForm } from '../../domain/search/search.ts';
import type { Deps } from '../../domain/store.ts';
import { SearchPageView } from '../../views/search.tsx';
import { pageParam, textField } from './params.ts';

/** `/search?q=…&tag=…&author=…&from=…&to=…&page=N`: every field is optional, every value answers. */
export const searchRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  app.get('/search', async (request, reply) => {
    const query = request.query;
    const form: SearchForm = {
      q: textField(query, 'q'),
      tag: textField(query, 'tag'),
      author: textField(query, 'author'),
      from: textField(query, 'from'),
      to: textField(query, 'to'),
    };
    const ctx = await request.pageContext();
    const result = await searchArticles(deps, { form, page: pageParam(query), timeZone: ctx.site.timeZone });
    // Results pages are endless and personal to the query: no search engine should keep them.
    void reply.header('x-robots-tag', 'noindex');
    return reply.page(SearchPageView({ ctx, ...result }));
  });
};
