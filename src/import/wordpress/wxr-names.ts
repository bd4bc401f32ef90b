import type { AuthorField, CommentField, ItemField, TermField } from './wxr.ts';

/** The namespaces of a WXR file: the prefix each is bound to on the root element. */
export interface WxrPrefixes {
  readonly wp: string;
  readonly content: string;
  readonly excerpt: string;
  readonly dc: string;
}

const WP_EXPORT = /^https?:\/\/wordpress\.org\/export\/\d+\.\d+\/$/;
const WP_EXCERPT = /^https?:\/\/wordpress\.org\/export\/\d+\.\d+\/excerpt\/$/;
const CONTENT = 'http://purl.org/rss/1.0/modules/content/';
const DUBLIN_CORE = 'http://purl.org/dc/elements/1.1/';

/**
 * Reads the `xmlns:*` declarations of the root, so that elements can be compared by their
 * qualified names (the parser runs without namespace processing, which is faster). Null when no
 * WordPress export namespace is declared. WordPress always writes the usual prefixes; a file that
 * binds other ones is still read right.
 */
export function wxrPrefixes(attributes: Readonly<Record<string, string>>): WxrPrefixes | null {
  const prefixOf = (matches: (uri: string) => boolean) =>
    Object.entries(attributes)
      .find(([name, uri]) => name.startsWith('xmlns:') && matches(uri.trim()))?.[0]
      .slice('xmlns:'.length);
  const wp = prefixOf((uri) => WP_EXPORT.test(uri));
  if (!wp) return null;
  return {
    wp,
    excerpt: prefixOf((uri) => WP_EXCERPT.test(uri)) ?? 'excerpt',
    content: prefixOf((uri) => uri === CONTENT) ?? 'content',
    dc: prefixOf((uri) => uri === DUBLIN_CORE) ?? 'dc',
  };
}

export type ChannelField = 'title' | 'description' | 'link' | 'baseSiteUrl' | 'wxrVersion';

/** Qualified element names mapped to the fields they fill, built once per file from its prefixes. */
export class WxrNames {
  readonly author: string;
  readonly postmeta: string;
  readonly metaKey: string;
  readonly metaValue: string;
  readonly comment: string;
  readonly commentmeta: string;
  readonly wxrVersion: string;
  /** Channel-level term elements and the taxonomy each declares ('' for wp:term, which names its own). */
  readonly termElements: ReadonlyMap<string, string>;
  readonly channelFields: ReadonlyMap<string, ChannelField>;
  readonly authorFields: ReadonlyMap<string, AuthorField>;
  readonly termFields: ReadonlyMap<string, TermField>;
  readonly itemFields: ReadonlyMap<string, ItemField>;
  readonly commentFields: ReadonlyMap<string, CommentField>;

  constructor(prefixes: WxrPrefixes) {
    const wp = (local: string) => `${prefixes.wp}:${local}`;
    this.author = wp('author');
    this.postmeta = wp('postmeta');
    this.metaKey = wp('meta_key');
    this.metaValue = wp('meta_value');
    this.comment = wp('comment');
    this.commentmeta = wp('commentmeta');
    this.wxrVersion = wp('wxr_version');
    this.termElements = new Map([
      [wp('category'), 'category'],
      [wp('tag'), 'post_tag'],
      [wp('term'), ''],
    ]);
    this.channelFields = new Map<string, ChannelField>([
      ['title', 'title'],
      ['description', 'description'],
      ['link', 'link'],
      [wp('base_site_url'), 'baseSiteUrl'],
      [this.wxrVersion, 'wxrVersion'],
    ]);
    this.authorFields = fields(wp, {
      author_login: 'login',
      author_email: 'email',
      author_display_name: 'displayName',
      author_first_name: 'firstName',
      author_last_name: 'lastName',
    } as const);
    this.termFields = fields(wp, {
      category_nicename: 'slug',
      category_parent: 'parent',
      cat_name: 'name',
      category_description: 'description',
      tag_slug: 'slug',
      tag_name: 'name',
      tag_description: 'description',
      term_taxonomy: 'taxonomy',
      term_slug: 'slug',
      term_parent: 'parent',
      term_name: 'name',
      term_description: 'description',
    });
    this.itemFields = new Map<string, ItemField>([
      ['title', 'title'],
      ['link', 'link'],
      ['guid', 'guid'],
      [`${prefixes.dc}:creator`, 'creator'],
      [`${prefixes.content}:encoded`, 'content'],
      [`${prefixes.excerpt}:encoded`, 'excerpt'],
      ...fields(wp, {
        post_id: 'postId',
        post_date: 'postDate',
        post_date_gmt: 'postDateGmt',
        post_modified: 'postModified',
        post_modified_gmt: 'postModifiedGmt',
        comment_status: 'commentStatus',
        post_name: 'postName',
        status: 'status',
        post_parent: 'postParent',
        post_type: 'postType',
        post_password: 'postPassword',
        attachment_url: 'attachmentUrl',
      } as const),
    ]);
    this.commentFields = fields(wp, {
      comment_id: 'id',
      comment_author: 'author',
      comment_author_email: 'authorEmail',
      comment_author_url: 'authorUrl',
      comment_author_IP: 'authorIp',
      comment_date: 'date',
      comment_date_gmt: 'dateGmt',
      comment_content: 'content',
      comment_approved: 'approved',
      comment_type: 'type',
      comment_parent: 'parent',
    } as const);
  }
}

function fields<F extends string>(wp: (local: string) => string, byLocalName: Record<string, F>): Map<string, F> {
  return new Map(Object.entries(byLocalName).map(([local, field]) => [wp(local), field] as const));
}
