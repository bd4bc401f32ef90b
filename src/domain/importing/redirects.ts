import { legacyPathKey } from './legacy-paths.ts';
import { isPubliclyVisible } from '../shared/model.ts';
import type { Deps } from '../store.ts';

/**
 * Where an old site's address leads now: something of ours, by kind and slug, or a file that stays
 * where it was uploaded. The HTTP layer spells out the path.
 */
export type LegacyDestination =
  { readonly kind: 'article' | 'page' | 'tag' | 'author'; readonly slug: string } | { readonly kind: 'media'; readonly url: string };

/**
 * Answers a reader who followed a link to the old site ("/2024/05/harbour-swim/", "/?p=123",
 * "/category/news/"): what the address became, or null when it leads nowhere a reader may go.
 * An article that is a draft or not yet published, or a page that is a draft, is not revealed.
 */
export async function followLegacyAddress(deps: Deps, input: { address: string }): Promise<LegacyDestination | null> {
  const key = legacyPathKey(input.address);
  if (key === null) return null;
  const target = await deps.store.redirects.find(key);
  if (!target) return null;
  const { store } = deps;
  switch (target.kind) {
    case 'article': {
      const article = await store.articles.findById(target.id);
      return article && isPubliclyVisible(article, deps.clock.now()) ? { kind: 'article', slug: article.slug } : null;
    }
    case 'page': {
      const page = await store.pages.findById(target.id);
      return page?.status === 'published' ? { kind: 'page', slug: page.slug } : null;
    }
    case 'tag': {
      const tag = await store.tags.findById(target.id);
      return tag ? { kind: 'tag', slug: tag.slug } : null;
    }
    case 'author': {
      const author = await store.authors.findById(target.id);
      return author ? { kind: 'author', slug: author.slug } : null;
    }
    case 'media': {
      const media = await store.media.findById(target.id);
      return media && isWebAddress(media.url) ? { kind: 'media', url: media.url } : null;
    }
  }
}

/** A file's address that a browser may be sent to: never `javascript:` or the like, whatever an import stored. */
function isWebAddress(url: string): boolean {
  return /^https?:\/\//i.test(url) || url.startsWith('/');
}
