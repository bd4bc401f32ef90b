import { createHash } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { readAuthorFeed, readCommentsFeed, readSiteFeed, readTagFeed, type FeedSource } from '../../domain/feeds/feeds.ts';
import type { Deps } from '../../domain/store.ts';
import { presentFeed } from '../../views/feeds/document.ts';
import { FEED_MEDIA_TYPES, renderFeed } from '../../views/feeds/render.ts';
import { FEED_FORMATS, paths, type FeedFormat } from '../../paths/site.ts';
import { SlugParams } from './schema.ts';

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
  return sendCacheable(request, reply, {
    body: renderFeed(feed, format, ctx.now),
    type: FEED_MEDIA_TYPES[format],
    lastModified: feed.updated,
  });
}

/**
 * Sends a generated document with an ETag of its bytes, answering 304 when the client has it.
 * The ETag is the validator that counts: a Last-Modified from the newest item cannot see a
 * settings change or a comment taken down. Readers and crawlers may reuse it for five minutes.
 */
export function sendCacheable(
  request: FastifyRequest,
  reply: FastifyReply,
  document: { body: string; type: string; lastModified: Date | null },
): FastifyReply {
  const etag = `"${createHash('sha256').update(document.body).digest('base64url').slice(0, 32)}"`;
  reply.header('etag', etag).header('cache-control', 'public, max-age=300');
  if (document.lastModified) reply.header('last-modified', document.lastModified.toUTCString());
  if (matchesEtag(request.headers['if-none-match'], etag)) return reply.code(304).send();
  return reply.type(`${document.type}; charset=utf-8`).send(document.body);
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}
