import Html from '@kitajs/html';
import { feedLastModified, latestOf, type FeedArticle, type FeedComment, type FeedSource } from '../../domain/feeds/feeds.ts';
import type { SiteSettings } from '../../domain/site/site-settings.ts';
import { paths, type FeedFormat } from '../../paths/site.ts';
import { describeFeed } from './subjects.ts';
import { largestFile, type DeliveredPicture } from '../../domain/media/delivery.ts';

/** A feed as every format needs it, with absolute addresses; the renderers only spell it out. */
export interface FeedDocument {
  readonly title: string;
  readonly description: string;
  readonly language: string;
  readonly homeUrl: string;
  readonly feedUrl: (format: FeedFormat) => string;
  /** The newest item's last change; null for an empty feed. */
  readonly updated: Date | null;
  readonly items: readonly FeedItem[];
}

export interface FeedItem {
  /** Never changes once the item exists, whatever is edited: built from the article's or comment's id. */
  readonly id: string;
  readonly url: string;
  readonly title: string;
  /** Plain text; may be empty. */
  readonly summary: string;
  readonly contentHtml: string;
  readonly published: Date;
  readonly updated: Date;
  readonly author: { readonly name: string; readonly url?: string };
  readonly categories: ReadonlyArray<{ readonly term: string; readonly label: string; readonly url: string }>;
  /** The item's own language, when it differs from the feed's. */
  readonly language: string | null;
  /** The article's featured picture as one file. */
  readonly image: FeedImage | null;
}

/** A picture as feeds carry it: one JPEG, with the size of its file for an enclosure. */
export interface FeedImage {
  readonly url: string;
  readonly type: 'image/jpeg';
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
  readonly alt: string;
  readonly caption: string;
  readonly credit: string;
}

/**
 * The widest JPEG of the picture's responsive set (the whole picture, uncropped), else its social
 * crop; none until the picture is processed, nor for one still on an old site (no size, no length).
 */
export function feedImage(picture: DeliveredPicture | null, siteUrl: string): FeedImage | null {
  const file = picture ? (largestFile(picture) ?? picture.social) : null;
  if (!picture || !file) return null;
  const { alt, caption, credit } = picture;
  return {
    url: siteUrl + paths.mediaFile(file.fileName),
    type: 'image/jpeg',
    width: file.width,
    height: file.height,
    bytes: file.bytes,
    alt,
    caption,
    credit,
  };
}

/**
 * The date in a tag: URI (RFC 4151) only says the site owned its name then. It is a constant, so
 * that an item's id never changes; the host comes from SITE_URL.
 */
const TAG_URI_DATE = '2025';

/** The stable id of an article or a comment: `tag:news.example,2025:article-42`. */
export function itemId(siteUrl: string, kind: 'article' | 'comment', id: number): string {
  return `tag:${new URL(siteUrl).hostname},${TAG_URI_DATE}:${kind}-${id}`;
}

export function presentFeed(
  source: FeedSource,
  context: { readonly siteUrl: string; readonly site: Pick<SiteSettings, 'title' | 'description' | 'language' | 'feedContent'> },
): FeedDocument {
  const { siteUrl, site } = context;
  const described = describeFeed(source, site);
  const items =
    source.kind === 'comments'
      ? source.comments.map((comment) => commentItem(comment, source.article, siteUrl))
      : source.articles.map((article) => articleItem(article, siteUrl, site.feedContent));
  return {
    title: described.title,
    description: described.description,
    language: site.language,
    homeUrl: siteUrl + described.homePath,
    feedUrl: (format) => siteUrl + described.feedPath(format),
    updated: feedLastModified(source),
    items,
  };
}

function articleItem(article: FeedArticle, siteUrl: string, content: SiteSettings['feedContent']): FeedItem {
  const url = siteUrl + paths.article(article.slug);
  const excerpt =
    (article.standfirst ? `<p>${Html.escapeHtml(article.standfirst)}</p>` : '') +
    `<p><a href="${Html.escapeHtml(url)}">Read the full article</a></p>`;
  return {
    id: itemId(siteUrl, 'article', article.id),
    url,
    title: article.headline,
    summary: article.standfirst,
    contentHtml: content === 'full' ? absoluteLinks(article.bodyHtml, siteUrl) : excerpt,
    published: article.publishedAt ?? article.updatedAt,
    updated: latestOf(article.updatedAt, article.publishedAt),
    author: { name: article.author.name, url: siteUrl + paths.author(article.author.slug) },
    categories: article.tags.map((tag) => ({ term: tag.slug, label: tag.name, url: siteUrl + paths.tag(tag.slug) })),
    language: article.language,
    image: feedImage(article.image, siteUrl),
  };
}

function commentItem(comment: FeedComment, article: { slug: string; headline: string }, siteUrl: string): FeedItem {
  return {
    id: itemId(siteUrl, 'comment', comment.id),
    url: siteUrl + paths.comment(article.slug, comment.id),
    title: `${comment.authorName} on “${article.headline}”`,
    summary: '',
    contentHtml: comment.bodyHtml,
    published: comment.createdAt,
    updated: comment.editedAt ?? comment.createdAt,
    author: { name: comment.authorName },
    categories: [],
    language: null,
    image: null,
  };
}

/**
 * A feed is read away from the site, where `/articles/…` leads nowhere: root-relative links and
 * images in the body are made absolute, each candidate of a picture's `srcset` too.
 */
export function absoluteLinks(html: string, siteUrl: string): string {
  return html
    .replace(/(\s(?:href|src)=")\/(?!\/)/g, `$1${siteUrl}/`)
    .replace(/(\ssrcset=")([^"]*)"/g, (_match, start: string, candidates: string) => {
      const absolute = candidates
        .split(',')
        .map((candidate) => candidate.trim())
        .map((candidate) => (candidate.startsWith('/') && !candidate.startsWith('//') ? siteUrl + candidate : candidate));
      return `${start}${absolute.join(', ')}"`;
    });
}
