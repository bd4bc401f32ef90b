/** The feed formats each feed comes in: RSS 2.0, Atom 1.0 and JSON Feed 1.1. */
export type FeedFormat = 'rss' | 'atom' | 'json';
export const FEED_FORMATS: readonly FeedFormat[] = ['rss', 'atom', 'json'];
const FEED_EXTENSION: Readonly<Record<FeedFormat, string>> = { rss: 'xml', atom: 'atom', json: 'json' };

function commentPagePath(slug: string, page: number): string {
  return `/articles/${encodeURIComponent(slug)}${page > 1 ? `/comment-page-${page}` : ''}`;
}

/** The one place URLs of the public site are spelled out. */
export const paths = {
  home: (page = 1) => (page > 1 ? `/?page=${page}` : '/'),
  article: (slug: string) => `/articles/${encodeURIComponent(slug)}`,
  articleComments: (slug: string) => `/articles/${encodeURIComponent(slug)}/comments`,
  /** A fresh signed render time for the comment form, never cached. */
  articleCommentToken: (slug: string) => `/articles/${encodeURIComponent(slug)}/comment-token`,
  /** A comment's permalink: `c` lets the server show the page of threads holding it. */
  comment: (slug: string, commentId: number) => `/articles/${encodeURIComponent(slug)}?c=${commentId}#comment-${commentId}`,
  /**
   * A page of an article's comment threads, at WordPress's address for it (`comment-page-N`), so
   * imported links keep working; the first page is the article's own address.
   */
  commentPage: commentPagePath,
  /** The same, scrolled to the comments. */
  articleCommentsPage: (slug: string, page: number) => `${commentPagePath(slug, page)}#comments`,
  replyTo: (slug: string, commentId: number) => `/articles/${encodeURIComponent(slug)}?reply=${commentId}#respond`,
  tag: (slug: string, page = 1) => `/tag/${encodeURIComponent(slug)}${page > 1 ? `?page=${page}` : ''}`,
  author: (slug: string, page = 1) => `/author/${encodeURIComponent(slug)}${page > 1 ? `?page=${page}` : ''}`,
  /** A standalone page: About, Contact… */
  page: (slug: string) => `/pages/${encodeURIComponent(slug)}`,
  /** The site's feed: /feed.xml (RSS), /feed.atom, /feed.json. */
  feed: (format: FeedFormat = 'rss') => `/feed.${FEED_EXTENSION[format]}`,
  tagFeed: (slug: string, format: FeedFormat = 'rss') => `/tag/${encodeURIComponent(slug)}/feed.${FEED_EXTENSION[format]}`,
  authorFeed: (slug: string, format: FeedFormat = 'rss') => `/author/${encodeURIComponent(slug)}/feed.${FEED_EXTENSION[format]}`,
  /** An article's approved comments, newest first. */
  commentsFeed: (slug: string, format: FeedFormat = 'rss') => `/articles/${encodeURIComponent(slug)}/comments.${FEED_EXTENSION[format]}`,
  /** Sitemaps sit at the root: a sitemap may only list addresses under its own folder. */
  sitemapIndex: () => '/sitemap.xml',
  sitemap: (kind: 'articles' | 'tags' | 'authors', page: number) => `/sitemap-${kind}-${page}.xml`,
  newsSitemap: () => '/sitemap-news.xml',
  robots: () => '/robots.txt',
  /** A rendition of an uploaded picture; its name carries a hash of its bytes, so it is cached for a year. */
  mediaFile: (fileName: string) => `/media/${encodeURIComponent(fileName)}`,
  /** The one-time link that sets a new password; mailed, printed by the CLI, never shown on a page. */
  passwordReset: (token: string) => `/admin/reset/${encodeURIComponent(token)}`,
  setup: (token: string) => `/admin/setup/${encodeURIComponent(token)}`,
} as const;

/**
 * The operator's endpoints (docs: README, "Operations"): the process answers, it may take traffic,
 * its metrics. No page links to them, and the page cache never stores nor answers them.
 */
export const operationsPaths = { health: '/healthz', ready: '/readyz', metrics: '/metrics' } as const;
