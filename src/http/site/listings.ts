import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { browseArticles } from '../../domain/articles/articles.ts';
import { readAuthor } from '../../domain/people/authors.ts';
import { NotFoundError } from '../../domain/shared/errors.ts';
import type { Deps } from '../../domain/store.ts';
import { readTag } from '../../domain/tags/tags.ts';
import { HomePage } from '../../views/home.tsx';
import { AuthorPage, TagPage } from '../../views/listing.tsx';
import { paths } from '../../paths/site.ts';
import { hasLegacyIdParameter } from './legacy.ts';
import { HomeQuery, SlugParams } from './schema.ts';
import { PageQuery, pageOf } from '../params.ts';
import { articleListKeys, authorPageKeys, tagPageKeys } from '../page-cache/page-keys.ts';

export const listingRoutes: FastifyPluginAsync<{ deps: Deps }> = async (plugin, { deps }) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/', { schema: { querystring: HomeQuery } }, async (request, reply) => {
    // An old post's number (/?p=123) is no front page: the not-found path looks the address up and
    // redirects to where the post lives now, or answers 404. Without one, the page costs nothing extra.
    if (hasLegacyIdParameter(request.query)) throw new NotFoundError('The old post');
    const articles = await browseArticles(deps, { page: pageOf(request.query) });
    void reply.cacheable(articleListKeys(articles.featured ? [articles.featured, ...articles.items] : articles.items));
    return reply.page(HomePage({ ctx: await request.pageContext(), articles }));
  });

  app.get('/tag/:slug', { schema: { params: SlugParams, querystring: PageQuery } }, async (request, reply) => {
    const page = pageOf(request.query);
    const result = await readTag(deps, { slug: request.params.slug, page });
    // An alias has no page of its own: send readers and search engines to the canonical tag for good.
    if (result.kind === 'alias') return reply.redirect(paths.tag(result.canonicalSlug, page), 301);
    const { tag, articles, parent, children } = result;
    void reply.cacheable(tagPageKeys(tag, articles.items, parent ? [parent, ...children] : children));
    return reply.page(TagPage({ ctx: await request.pageContext(), ...result }));
  });

  app.get('/author/:slug', { schema: { params: SlugParams, querystring: PageQuery } }, async (request, reply) => {
    const result = await readAuthor(deps, { slug: request.params.slug, page: pageOf(request.query) });
    void reply.cacheable(authorPageKeys(result.author, result.articles.items));
    return reply.page(AuthorPage({ ctx: await request.pageContext(), ...result }));
  });
};
