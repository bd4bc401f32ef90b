import { isPlainTextComment } from '../domain/exporting/comment-bodies.ts';
import type { ExportedArticle, ExportedComment, ExportedMedia, ExportedPage } from '../domain/exporting/export-store.ts';
import type { ArticleStatus, SitePageStatus } from '../domain/shared/model.ts';
import { rssDate, WORDPRESS_NO_DATE, wordpressGmt, wordpressLocal } from './wordpress-dates.ts';
import { cdata, cdataElement, element, xmlAttribute, xmlText } from './xml.ts';

/** What items need to know of the whole site to refer to each other. */
export interface WxrContext {
  readonly siteUrl: string;
  readonly timeZone: string;
  /** Author id → WordPress login (the author's slug). */
  readonly logins: ReadonlyMap<number, string>;
  /** Tag id → how an item files itself under it. */
  readonly terms: ReadonlyMap<number, { readonly domain: 'category' | 'post_tag'; readonly nicename: string; readonly name: string }>;
  /** WordPress numbers posts, pages and attachments in one sequence; ours are three. */
  readonly postIdOf: (kind: 'article' | 'page' | 'media', id: number) => number;
}

const POST_STATUS: Readonly<Record<ArticleStatus | SitePageStatus, string>> = {
  published: 'publish',
  scheduled: 'future',
  draft: 'draft',
};

const COMMENT_APPROVED = { approved: '1', pending: '0', spam: 'spam', trash: 'trash' } as const;

/**
 * WordPress keeps a slug that is not ASCII percent-encoded, with lower-case hex digits
 * (sanitize_title), and compares slugs in that form.
 */
export function wordpressSlug(slug: string): string {
  return encodeURIComponent(slug).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
}

/** The shortcodes every WordPress site runs (and Broadsheet's WordPress importer turns into markup). */
const BUILT_IN_SHORTCODE = /\[(\/?(?:caption|wp_caption|gallery|playlist|audio|video|embed)\b[^\]]*)\]/g;

/**
 * The body as WordPress should show it. Text here that reads like one of WordPress's own
 * shortcodes ("write [gallery] to…") would run there as one, so it is escaped the way WordPress
 * escapes a shortcode: in double brackets.
 */
function wordpressContent(html: string): string {
  return html.replace(BUILT_IN_SHORTCODE, '[[$1]]');
}

export function articleItem(article: ExportedArticle, context: WxrContext): string {
  const postId = context.postIdOf('article', article.id);
  const terms = article.tagIds.flatMap((id) => {
    const term = context.terms.get(id);
    return term ? [`<category domain="${term.domain}" nicename="${xmlAttribute(term.nicename)}">${cdata(term.name)}</category>`] : [];
  });
  const meta = article.imageId === null ? [] : [postmeta('_thumbnail_id', String(context.postIdOf('media', article.imageId)))];
  return item({
    ...article,
    kind: 'post',
    postId,
    title: article.headline,
    link: `${context.siteUrl}/articles/${encodeURIComponent(article.slug)}`,
    guid: `${context.siteUrl}/?p=${postId}`,
    content: wordpressContent(article.bodyHtml),
    excerpt: article.standfirst,
    status: POST_STATUS[article.status],
    parent: 0,
    commentsOpen: article.commentsOpen,
    // Sticky posts are the ones WordPress themes lead with, as featured ones lead here.
    sticky: article.featured,
    extra: [...terms, ...meta, ...article.comments.map((comment) => commentElement(comment, context))],
    context,
  });
}

export function pageItem(page: ExportedPage, context: WxrContext): string {
  const postId = context.postIdOf('page', page.id);
  return item({
    ...page,
    kind: 'page',
    postId,
    link: `${context.siteUrl}/pages/${encodeURIComponent(page.slug)}`,
    guid: `${context.siteUrl}/?page_id=${postId}`,
    content: wordpressContent(page.bodyHtml),
    excerpt: '',
    status: POST_STATUS[page.status],
    parent: 0,
    commentsOpen: false,
    sticky: false,
    extra: [],
    context,
  });
}

export function attachmentItem(media: ExportedMedia, context: WxrContext): string {
  const postId = context.postIdOf('media', media.id);
  return item({
    kind: 'attachment',
    postId,
    title: media.title,
    slug: `media-${media.id}`,
    link: media.url,
    guid: media.url,
    content: '',
    excerpt: media.caption,
    status: 'inherit',
    parent: media.articleId === null ? 0 : context.postIdOf('article', media.articleId),
    commentsOpen: false,
    sticky: false,
    authorId: null,
    publishedAt: media.createdAt,
    createdAt: media.createdAt,
    updatedAt: media.createdAt,
    attachmentUrl: media.url,
    extra: media.alt ? [postmeta('_wp_attachment_image_alt', media.alt)] : [],
    context,
  });
}

interface ItemFields {
  readonly kind: 'post' | 'page' | 'attachment';
  readonly postId: number;
  readonly title: string;
  readonly slug: string;
  readonly link: string;
  readonly guid: string;
  readonly content: string;
  readonly excerpt: string;
  readonly status: string;
  readonly parent: number;
  readonly commentsOpen: boolean;
  readonly sticky: boolean;
  readonly authorId: number | null;
  readonly publishedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly attachmentUrl?: string;
  readonly extra: readonly string[];
  readonly context: WxrContext;
}

/** One `<item>`, its elements in the order WordPress's exporter writes them. */
function item(fields: ItemFields): string {
  const { context } = fields;
  const dated = fields.publishedAt ?? fields.createdAt;
  const lines = [
    element('title', fields.title),
    element('link', fields.link),
    element('pubDate', rssDate(dated)),
    cdataElement('dc:creator', fields.authorId === null ? '' : (context.logins.get(fields.authorId) ?? '')),
    `<guid isPermaLink="false">${xmlText(fields.guid)}</guid>`,
    '<description></description>',
    cdataElement('content:encoded', fields.content),
    cdataElement('excerpt:encoded', fields.excerpt),
    element('wp:post_id', fields.postId),
    cdataElement('wp:post_date', wordpressLocal(dated, context.timeZone)),
    // A draft never published has no GMT date in WordPress either.
    cdataElement('wp:post_date_gmt', fields.publishedAt || fields.kind === 'attachment' ? wordpressGmt(dated) : WORDPRESS_NO_DATE),
    cdataElement('wp:post_modified', wordpressLocal(fields.updatedAt, context.timeZone)),
    cdataElement('wp:post_modified_gmt', wordpressGmt(fields.updatedAt)),
    cdataElement('wp:comment_status', fields.commentsOpen ? 'open' : 'closed'),
    cdataElement('wp:ping_status', 'closed'),
    cdataElement('wp:post_name', wordpressSlug(fields.slug)),
    cdataElement('wp:status', fields.status),
    element('wp:post_parent', fields.parent),
    element('wp:menu_order', 0),
    cdataElement('wp:post_type', fields.kind),
    cdataElement('wp:post_password', ''),
    element('wp:is_sticky', fields.sticky ? 1 : 0),
    ...(fields.attachmentUrl === undefined ? [] : [cdataElement('wp:attachment_url', fields.attachmentUrl)]),
    ...fields.extra,
  ];
  return `\t<item>\n\t\t${lines.join('\n\t\t')}\n\t</item>\n`;
}

function postmeta(key: string, value: string): string {
  return `<wp:postmeta>${cdataElement('wp:meta_key', key)}${cdataElement('wp:meta_value', value)}</wp:postmeta>`;
}

function commentElement(comment: ExportedComment, context: WxrContext): string {
  // WordPress keeps a comment as HTML; text written here is escaped so that it reads the same there.
  const content = isPlainTextComment(comment) ? xmlText(comment.bodySource) : comment.bodySource;
  return [
    '<wp:comment>',
    element('wp:comment_id', comment.id),
    cdataElement('wp:comment_author', comment.authorName),
    cdataElement('wp:comment_author_email', comment.authorEmail),
    cdataElement('wp:comment_author_url', comment.authorUrl ?? ''),
    // Only a salted hash of the address is kept here, which is no address.
    cdataElement('wp:comment_author_IP', ''),
    cdataElement('wp:comment_date', wordpressLocal(comment.createdAt, context.timeZone)),
    cdataElement('wp:comment_date_gmt', wordpressGmt(comment.createdAt)),
    cdataElement('wp:comment_content', content),
    cdataElement('wp:comment_approved', COMMENT_APPROVED[comment.status]),
    cdataElement('wp:comment_type', 'comment'),
    element('wp:comment_parent', comment.parentId ?? 0),
    element('wp:comment_user_id', 0),
    '</wp:comment>',
  ].join('');
}
