import { legacyPathKey, splitCommentPage } from './legacy-paths.ts';
import { originalOfResized } from './old-uploads.ts';
import { isPubliclyVisible } from '../shared/model.ts';
import type { ImportingDeps } from './ports.ts';

/**
 * Where an old site's address leads now: something of ours, by kind and slug, or a file that stays
 * where it was uploaded. The HTTP layer spells out the path.
 */
export type LegacyDestination =
  | {
      readonly kind: 'article';
      readonly slug: string;
      /** A page of its comments, from WordPress's `comment-page-N` or `cpage=N`; absent, the article. */
      readonly commentPage?: number;
    }
  | { readonly kind: 'page' | 'tag' | 'author'; readonly slug: string }
  | { readonly kind: 'media'; readonly url: string }
  /** A picture brought into the media library: its stable address, whatever its renditions are called now. */
  | { readonly kind: 'picture'; readonly id: number };

/**
 * Answers a reader who followed a link to the old site ("/2024/05/harbour-swim/", "/?p=123",
 * "/category/news/"): what the address became, or null when it leads nowhere a reader may go.
 * An article that is a draft or not yet published, or a page that is a draft, is not revealed.
 */
export async function followLegacyAddress(deps: ImportingDeps, input: { address: string }): Promise<LegacyDestination | null> {
  const key = legacyPathKey(input.address);
  if (key === null) return null;
  // A page of an old post's comments ("/2019/05/old-slug/comment-page-2/", "/?p=123&cpage=2") leads
  // to the same page of the article's comments; the post's own address is looked up only when the
  // whole address is unknown, so a normal old link costs one look-up.
  const split = splitCommentPage(input.address);
  let target = await deps.store.redirects.find(key);
  let commentPage = split && split.address === input.address ? split.page : undefined;
  if (!target && split) {
    const postKey = legacyPathKey(split.address);
    target = postKey === null ? null : await deps.store.redirects.find(postKey);
    commentPage = split.page;
  }
  // A resized copy the old site made (`photo-1024x683.jpg`) leads where its original does.
  const original = target ? null : originalOfResized(key);
  if (!target && original !== null) target = await deps.store.redirects.find(original);
  if (!target) return null;
  const { store } = deps;
  switch (target.kind) {
    case 'article': {
      const article = await store.articles.findById(target.id);
      if (!article || !isPubliclyVisible(article, deps.clock.now())) return null;
      return commentPage === undefined ? { kind: 'article', slug: article.slug } : { kind: 'article', slug: article.slug, commentPage };
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
      if (await store.library.findById(target.id)) return { kind: 'picture', id: target.id };
      const media = await store.media.findById(target.id);
      return media && isWebAddress(media.url) ? { kind: 'media', url: media.url } : null;
    }
  }
}

/** A file's address that a browser may be sent to: never `javascript:` or the like, whatever an import stored. */
function isWebAddress(url: string): boolean {
  return /^https?:\/\//i.test(url) || url.startsWith('/');
}
