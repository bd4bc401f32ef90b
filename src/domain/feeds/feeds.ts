import { findVisibleArticle } from '../articles/articles.ts';
import { NotFoundError } from '../shared/errors.ts';
import type { FeedArticle, FeedComment } from './repository.ts';
import type { ArticleSummary, Author, Tag } from '../shared/model.ts';
import type { FeedsDeps } from './ports.ts';

export type { FeedArticle, FeedComment } from './repository.ts';

/** How many items a feed carries: a day or two of news, and few enough to render at once. */
export const FEED_LENGTH = 20;

/** What a feed is of, with its newest items first. */
export type FeedSource =
  | { readonly kind: 'site'; readonly articles: readonly FeedArticle[] }
  | { readonly kind: 'tag'; readonly tag: Tag; readonly articles: readonly FeedArticle[] }
  | { readonly kind: 'author'; readonly author: Author; readonly articles: readonly FeedArticle[] }
  | { readonly kind: 'comments'; readonly article: ArticleSummary; readonly comments: readonly FeedComment[] };

/** The whole publication's newest articles. */
export async function readSiteFeed(deps: FeedsDeps): Promise<FeedSource> {
  const articles = await deps.store.feeds.latestArticles({ now: deps.clock.now(), limit: FEED_LENGTH });
  return { kind: 'site', articles };
}

/** A tag's newest articles; an alias answers with the canonical tag's slug, to redirect to. */
export async function readTagFeed(
  deps: FeedsDeps,
  input: { slug: string },
): Promise<FeedSource | { readonly kind: 'alias'; readonly canonicalSlug: string }> {
  const tag = await deps.store.tags.findBySlug(input.slug);
  if (!tag) {
    const canonical = await deps.store.tags.findByAliasSlug(input.slug);
    if (canonical) return { kind: 'alias', canonicalSlug: canonical.slug };
    throw new NotFoundError('The tag');
  }
  const articles = await deps.store.feeds.latestArticles({ now: deps.clock.now(), limit: FEED_LENGTH, tagId: tag.id });
  // As the tag's page: a tag only drafts carry is not public yet.
  if (articles.length === 0 && !tag.isSection && !(await hasPublicTagWithin(deps, tag))) throw new NotFoundError('The tag');
  return { kind: 'tag', tag, articles };
}

async function hasPublicTagWithin(deps: FeedsDeps, tag: Tag): Promise<boolean> {
  const children = await deps.store.tags.childrenOf(tag.id);
  if (children.some((child) => child.isSection)) return true;
  const ids = children.map((child) => child.id);
  return (await deps.store.tags.withPublicArticles(ids, deps.clock.now())).size > 0;
}

/** An author's newest articles. */
export async function readAuthorFeed(deps: FeedsDeps, input: { slug: string }): Promise<FeedSource> {
  const author = await deps.store.authors.findBySlug(input.slug);
  if (!author) throw new NotFoundError('The author');
  const articles = await deps.store.feeds.latestArticles({ now: deps.clock.now(), limit: FEED_LENGTH, authorId: author.id });
  if (articles.length === 0) throw new NotFoundError('The author');
  return { kind: 'author', author, articles };
}

/**
 * A public article's newest approved comments. A former slug answers with the article's slug now,
 * to redirect to, as the article page does.
 */
export async function readCommentsFeed(
  deps: FeedsDeps,
  input: { slug: string },
): Promise<FeedSource | { readonly kind: 'moved'; readonly slug: string }> {
  const found = await findVisibleArticle(deps, input.slug);
  if (found.kind === 'moved') return found;
  const { article } = found;
  const comments = await deps.store.feeds.latestComments(article.id, FEED_LENGTH);
  return { kind: 'comments', article, comments };
}

/** When a feed last changed: its newest item's last change, or null for an empty feed. */
export function feedLastModified(source: FeedSource): Date | null {
  const times =
    source.kind === 'comments'
      ? source.comments.map((comment) => comment.editedAt ?? comment.createdAt)
      : source.articles.map((article) => latestOf(article.updatedAt, article.publishedAt));
  return times.reduce<Date | null>((latest, time) => (latest && latest >= time ? latest : time), null);
}

/** The later of an article's last save and its publication (a scheduled article appears after it was saved). */
export function latestOf(updatedAt: Date, publishedAt: Date | null): Date {
  return publishedAt && publishedAt > updatedAt ? publishedAt : updatedAt;
}
