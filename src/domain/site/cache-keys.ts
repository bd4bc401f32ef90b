/**
 * Surrogate keys: the names of what a public page shows. A cached page carries the keys of
 * everything on it; a change purges exactly the keys it touches. The database writes the same
 * strings from its triggers (the change log, migration 011), so a change made by any path (the
 * newsroom, the command line, an import, another app instance) purges the same pages. The strings
 * are short because a CDN's `Surrogate-Key` header carries them all.
 */
export const cacheKey = {
  /** The site's settings, its sections (the navigation) and its footer pages: shown on every page. */
  site: 'site',
  /** One article's own fields, tags, author, image, corrections and comment count, wherever it is shown. */
  article: (id: number) => `a:${id}`,
  /** One article's approved comments, as its own page shows them. */
  comments: (articleId: number) => `c:${articleId}`,
  /** One tag's name, slug, description and aliases, wherever it is shown. */
  tag: (id: number) => `t:${id}`,
  /** One author's name, slug and biography, wherever they are shown. */
  author: (id: number) => `u:${id}`,
  /** One static page. */
  page: (id: number) => `p:${id}`,
  /** Which articles are public, and in what order: the home page, the feeds, the sitemaps, search results. */
  articles: 'articles',
  /** Which public articles carry this tag: its tag page, its feed, and related articles of articles that carry it. */
  tagArticles: (tagId: number) => `lt:${tagId}`,
  /** Which public articles this author wrote: the author's page and feed. */
  authorArticles: (authorId: number) => `lu:${authorId}`,
  /** Which tags exist (the tag sitemap). */
  tags: 'tags',
  /** Which authors exist (the author sitemap). */
  authors: 'authors',
  /** Which public static pages exist (the page sitemap). */
  pages: 'pages',
} as const;

/** The keys of what a shown article carries: its own fields, its byline and its tags (the kicker). */
export function shownArticleKeys(
  items: Iterable<{ readonly id: number; readonly authorId: number; readonly tags?: readonly { readonly id?: number | undefined }[] }>,
): string[] {
  const keys: string[] = [];
  for (const item of items) {
    keys.push(cacheKey.article(item.id), cacheKey.author(item.authorId));
    for (const tag of item.tags ?? []) if (tag.id !== undefined) keys.push(cacheKey.tag(tag.id));
  }
  return keys;
}

/**
 * The change log as the page cache reads it: what was committed since it last looked, by this
 * process or any other (the command line, an import, another instance). Synchronous because it is
 * asked on every cached answer, and cheap (one indexed read) when nothing changed.
 */
export interface ChangeFeed {
  /** The keys committed since the previous call (an empty list most of the time), oldest first. */
  poll(): readonly string[];
  /** Stops any timer the feed keeps (pruning the log). */
  close(): void;
}
