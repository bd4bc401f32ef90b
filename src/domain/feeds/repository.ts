import type { ArticleSummary, Comment, TagRef } from '../shared/model.ts';

/** A public article as a feed carries it: the summary and the body, rendered when it was saved. */
export interface FeedArticle extends ArticleSummary {
  readonly bodyHtml: string;
}

/** An approved comment as an article's comments feed carries it. */
export type FeedComment = Pick<Comment, 'id' | 'authorName' | 'bodyHtml' | 'createdAt' | 'editedAt'>;

/** One address of a sitemap: the slug of what it shows, and when that last changed. */
export interface SitemapEntry {
  readonly slug: string;
  readonly lastModified: Date;
}

/** An article as the news sitemap lists it. */
export interface NewsArticle {
  readonly id: number;
  readonly slug: string;
  readonly headline: string;
  readonly publishedAt: Date;
  readonly language: string | null;
  readonly tags: readonly TagRef[];
}

/**
 * What feeds and sitemaps read. Each method is one or two indexed queries however many items it
 * returns: a feed or a sitemap never costs a query per item.
 */
export interface FeedRepository {
  /** The newest publicly visible articles with their bodies, newest first; a tag or an author narrows them. */
  latestArticles(query: { now: Date; limit: number; tagId?: number; authorId?: number }): Promise<FeedArticle[]>;
  /** An article's newest approved comments, newest first. */
  latestComments(articleId: number, limit: number): Promise<FeedComment[]>;
  /**
   * The public articles in id order, cut into chunks of `size`: the newest change in each chunk.
   * An article keeps its place as others are published, so a chunk's sitemap rarely changes.
   */
  articleChunks(query: { now: Date; size: number }): Promise<Date[]>;
  /** One chunk of the public articles, in id order. */
  articleEntries(query: { now: Date; limit: number; offset: number }): Promise<SitemapEntry[]>;
  /** Tags with at least one public article, by slug, each last changed when its newest article appeared. */
  tagEntries(now: Date): Promise<SitemapEntry[]>;
  /** Authors with at least one public article, by slug, likewise. */
  authorEntries(now: Date): Promise<SitemapEntry[]>;
  /** Public articles published after `since` (and by `now`), newest first. */
  publishedSince(query: { since: Date; now: Date; limit: number }): Promise<NewsArticle[]>;
}
