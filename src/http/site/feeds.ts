import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { readAuthorFeed, readCommentsFeed, readSiteFeed, readTagFeed, type FeedSource } from '../../domain/feeds/feeds.ts';
import type { Deps } from '../../domain/store.ts';
import { presentFeed } from '../../views/feeds/document.ts';
import { FEED_MEDIA_TYPES, renderFeed } from '../../views/feeds/render.ts';
import { FEED_FORMATS, paths, type FeedFormat } from '../../paths/site.ts';
import { SlugParams } from './schema.ts';
import { cacheKey } from '../../domain/site/cache-keys.ts';
import { articleListKeys, authorPageKeys, tagPageKeys } from '../page-cache/page-keys.ts';

/**
 * RSS, Atom and JSON Feed for the site, each tag, each author, and each article's comments. The
 * addresses are paths.ts's: /feed.xml, /tag/SLUG/feed.atom, /articles/SLUG/comments.json…
 */
export const feedRoutes: FastifyPluginAsync<{ deps: Deps }> = async (plugin, { deps }) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const slugSchema = { schema: { params: SlugParams } };
  for (const format of FEED_FORMATS) {
    const extension = paths.feed(format).slice('/feed'.length);

    app.get(paths.feed(format), async (request, reply) => sendFeed(request, reply, await readSiteFeed(deps), format));

    app.get(`/tag/:slug/feed${extension}`, slugSchema, async (request, reply) => {
      const result = await readTagFeed(deps, { slug: request.params.slug });
      if (result.kind === 'alias') return reply.redirect(paths.tagFeed(result.canonicalSlug, format), 301);
      return sendFeed(request, reply, result, format);
    });

    app.get(`/author/:slug/feed${extension}`, slugSchema, async (request, reply) =>
      sendFeed(request, reply, await readAuthorFeed(deps, { slug: request.params.slug }), format),
    );

    app.get(`/articles/:slug/comments${extension}`, slugSchema, async (request, reply) => {
      const result = await readCommentsFeed(deps, { slug: request.params.slug });
      if (result.kind === 'moved') return reply.redirect(paths.commentsFeed(result.slug, format), 301);
      return sendFeed(request, reply, result, format);
    });
  }
};

async function sendFeed(request: FastifyRequest, reply: FastifyReply, source: FeedSource, format: FeedFormat) {
  const ctx = await request.pageContext();
  const feed = presentFeed(source, { siteUrl: ctx.siteUrl, site: ctx.site });
  return sendCacheable(
    reply,
    { body: renderFeed(feed, format, ctx.now), type: FEED_MEDIA_TYPES[format], lastModified: feed.updated },
    feedKeys(source),
  );
}

/** What a feed shows, as the page cache keys it. */
function feedKeys(source: FeedSource): string[] {
  switch (source.kind) {
    case 'site':
      return articleListKeys(source.articles);
    case 'tag':
      return tagPageKeys(source.tag, source.articles);
    case 'author':
      return authorPageKeys(source.author, source.articles);
    case 'comments':
      return [cacheKey.article(source.article.id), cacheKey.comments(source.article.id)];
  }
}

/**
 * Sends a generated document (a feed, a sitemap, robots.txt) as a public page showing what `keys`
 * name. The page cache gives it its ETag and answers 304 when the client has it; the Last-Modified
 * is the newest item's, when it has one (the ETag is the validator that counts: a date cannot see
 * a settings change or a comment taken down).
 */
export function sendCacheable(
  reply: FastifyReply,
  document: { body: string; type: string; lastModified: Date | null },
  keys: Iterable<string>,
): FastifyReply {
  if (document.lastModified) void reply.header('last-modified', document.lastModified.toUTCString());
  return reply.cacheable(keys).type(`${document.type}; charset=utf-8`).send(document.body);
}
