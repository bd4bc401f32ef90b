import type { FastifyReply, FastifyRequest } from 'fastify';
import { followLegacyAddress, type LegacyDestination } from '../../domain/importing/redirects.ts';
import type { Deps } from '../../domain/store.ts';
import { paths } from '../../paths/site.ts';
import { picturePath } from '../media-files.ts';
import type { HomeQuery } from './schema.ts';

/** How WordPress links a post, page or attachment by its number rather than its permalink: `/?p=123`. */
const LEGACY_ID_PARAMETERS = ['p', 'page_id', 'attachment_id'] as const;

/** Whether a query names an old post by its number, as `/?p=123` does. */
export function hasLegacyIdParameter(query: HomeQuery): boolean {
  return LEGACY_ID_PARAMETERS.some((name) => /^\d+$/.test(query[name] ?? ''));
}

/** Where a destination lives: its page on this site, or the file's own address. */
export function pathOf(destination: LegacyDestination): string {
  switch (destination.kind) {
    case 'article':
      // The browser keeps the old link's fragment (`#comments`, `#comment-123`) across the redirect.
      return paths.commentPage(destination.slug, destination.commentPage ?? 1);
    case 'page':
      return paths.page(destination.slug);
    case 'tag':
      return paths.tag(destination.slug);
    case 'author':
      return paths.author(destination.slug);
    case 'media':
      return destination.url;
    case 'picture':
      return picturePath(destination.id);
  }
}

/**
 * Sends a reader who followed a link to the old site on to where it leads now, for good (301), and
 * answers null when the address leads nowhere. The old query string is not carried over: it meant
 * something to the old site only. Only GET and HEAD are followed; a form posted to an old address
 * has nowhere to go.
 */
export async function redirectLegacyAddress(deps: Deps, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | null> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return null;
  const destination = await followLegacyAddress(deps, { address: request.url });
  if (!destination) return null;
  const location = pathOf(destination);
  // The page itself may have answered 404 (a page number past the last, say): going there again would loop.
  if (location === request.url.split('?')[0]) return null;
  return reply.redirect(location, 301);
}
