import { cacheKey } from '../../domain/site/cache-keys.ts';
import type { Author, Tag, TagRef } from '../../domain/shared/model.ts';

/**
 * The surrogate keys of what a page shows, from the domain results it rendered: a route hands the
 * results here and passes the keys to `reply.cacheable`. `site` is added to every page by the cache.
 */

/** What a listed article shows: its own fields, its tags (the kicker) and its byline. */
interface Listed {
  readonly id: number;
  readonly authorId: number;
  readonly tags?: readonly TagRef[];
}

/** The keys of each listed article: `a:`, `t:` of its tags, `u:` of its author. */
export function listedKeys(items: Iterable<Listed>): string[] {
  const keys: string[] = [];
  for (const item of items) {
    keys.push(cacheKey.article(item.id), cacheKey.author(item.authorId));
    for (const tag of item.tags ?? []) if (tag.id !== undefined) keys.push(cacheKey.tag(tag.id));
  }
  return keys;
}

/**
 * An article page: the article, its tags, byline and comments, and its related articles, which
 * change when any of its tags gains or loses an article (`lt:`).
 */
export function articlePageKeys(article: Listed & { readonly tags: readonly TagRef[] }, related: Iterable<Listed>): string[] {
  const tagIds = article.tags.flatMap((tag) => (tag.id === undefined ? [] : [tag.id]));
  return [...listedKeys([article]), cacheKey.comments(article.id), ...tagIds.map((id) => cacheKey.tagArticles(id)), ...listedKeys(related)];
}

/** A tag's page or feed: the tag, which articles carry it, and the tags shown beside it. */
export function tagPageKeys(tag: Pick<Tag, 'id'>, items: Iterable<Listed>, around: Iterable<Pick<Tag, 'id'>> = []): string[] {
  const keys = [cacheKey.tag(tag.id), cacheKey.tagArticles(tag.id), ...listedKeys(items)];
  // A tag within it is shown while it has public articles.
  for (const other of around) keys.push(cacheKey.tag(other.id), cacheKey.tagArticles(other.id));
  return keys;
}

/** An author's page or feed: the author, and which articles they wrote. */
export function authorPageKeys(author: Pick<Author, 'id'>, items: Iterable<Listed>): string[] {
  return [cacheKey.author(author.id), cacheKey.authorArticles(author.id), ...listedKeys(items)];
}

/** The home page, the site feed, search results: which articles are public, and each one shown. */
export function articleListKeys(items: Iterable<Listed>): string[] {
  return [cacheKey.articles, ...listedKeys(items)];
}

/**
 * Whether a page lists articles (or an article's related ones): such a page goes out of date when a
 * scheduled article becomes public, which no change in the database announces.
 */
export function listsArticles(keys: Iterable<string>): boolean {
  for (const key of keys) if (key === cacheKey.articles || key.startsWith('lt:') || key.startsWith('lu:')) return true;
  return false;
}
