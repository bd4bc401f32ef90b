/**
 * A WXR file as the scanner hands it over: the channel's header, then each author, term and item
 * as soon as its element closes. Values are the text WordPress wrote (CDATA and entities
 * resolved at the XML level only); an element that was absent reads as ''.
 */
export type WxrEntity = WxrChannel | WxrAuthor | WxrTerm | WxrItem;

/** Where an element starts: line 1-based, column 1-based at its `<`. */
export interface WxrPlace {
  readonly line: number;
  readonly column: number;
}

export interface WxrChannel {
  readonly kind: 'channel';
  readonly place: WxrPlace;
  readonly title: string;
  /** The site's tagline. */
  readonly description: string;
  readonly link: string;
  readonly baseSiteUrl: string;
  readonly wxrVersion: string;
}

export interface WxrAuthor {
  kind: 'author';
  place: WxrPlace;
  login: string;
  email: string;
  displayName: string;
  firstName: string;
  lastName: string;
}

/** A channel-level wp:category (taxonomy "category"), wp:tag ("post_tag") or wp:term. */
export interface WxrTerm {
  kind: 'term';
  place: WxrPlace;
  taxonomy: string;
  slug: string;
  /** The parent term's slug. */
  parent: string;
  name: string;
  description: string;
}

/** `<category domain="category" nicename="transport">Transport</category>` inside an item. */
export interface WxrItemTerm {
  readonly domain: string;
  readonly nicename: string;
  readonly name: string;
}

export interface WxrItem {
  kind: 'item';
  place: WxrPlace;
  title: string;
  link: string;
  guid: string;
  creator: string;
  content: string;
  excerpt: string;
  /** null when the item has no wp:post_id element at all. */
  postId: string | null;
  postDate: string;
  postDateGmt: string;
  postModified: string;
  postModifiedGmt: string;
  commentStatus: string;
  postName: string;
  status: string;
  postParent: string;
  postType: string;
  postPassword: string;
  attachmentUrl: string;
  terms: WxrItemTerm[];
  /** Only the postmeta keys the importer reads (META_KEYS). */
  meta: Map<string, string>;
  comments: WxrComment[];
  /** Where the fields that are checked start, for the error that names them. */
  places: Map<string, WxrPlace>;
}

export interface WxrComment {
  place: WxrPlace;
  /** null when the comment has no wp:comment_id element at all. */
  id: string | null;
  author: string;
  authorEmail: string;
  authorUrl: string;
  authorIp: string;
  date: string;
  dateGmt: string;
  content: string;
  approved: string;
  type: string;
  parent: string;
  places: Map<string, WxrPlace>;
}

/** The postmeta an import needs: the featured image, and an image's alternative text. */
export const META_KEYS: ReadonlySet<string> = new Set(['_thumbnail_id', '_wp_attachment_image_alt', '_wp_attached_file']);

export type ItemField = Exclude<keyof WxrItem, 'kind' | 'place' | 'terms' | 'meta' | 'comments' | 'places'>;
export type CommentField = Exclude<keyof WxrComment, 'place' | 'places'>;
export type AuthorField = Exclude<keyof WxrAuthor, 'kind' | 'place'>;
export type TermField = Exclude<keyof WxrTerm, 'kind' | 'place'>;

export function newItem(place: WxrPlace): WxrItem {
  return {
    kind: 'item',
    place,
    title: '',
    link: '',
    guid: '',
    creator: '',
    content: '',
    excerpt: '',
    postId: null,
    postDate: '',
    postDateGmt: '',
    postModified: '',
    postModifiedGmt: '',
    commentStatus: '',
    postName: '',
    status: '',
    postParent: '',
    postType: '',
    postPassword: '',
    attachmentUrl: '',
    terms: [],
    meta: new Map(),
    comments: [],
    places: new Map(),
  };
}

export function newComment(place: WxrPlace): WxrComment {
  const empty = { author: '', authorEmail: '', authorUrl: '', authorIp: '', date: '', dateGmt: '', content: '' };
  return { place, id: null, ...empty, approved: '', type: '', parent: '', places: new Map() };
}

export function newAuthor(place: WxrPlace): WxrAuthor {
  return { kind: 'author', place, login: '', email: '', displayName: '', firstName: '', lastName: '' };
}

export function newTerm(place: WxrPlace, taxonomy: string): WxrTerm {
  return { kind: 'term', place, taxonomy, slug: '', parent: '', name: '', description: '' };
}

/** "post 42 “Harbour swim”", as error messages and notes name an item. */
export function describeItem(item: Pick<WxrItem, 'postId' | 'postType' | 'title'>): string {
  const type = item.postType === 'page' || item.postType === 'attachment' ? item.postType : 'post';
  const title = item.title.trim() ? `“${item.title.trim().slice(0, 80)}”` : '(untitled)';
  return item.postId?.trim() ? `${type} ${item.postId.trim()} ${title}` : `the ${type} ${title}`;
}

/**
 * A copy of a string that shares no memory with the file's text. The parser's strings are slices
 * of the 1 MiB chunk they came from, and a slice keeps its whole chunk alive: a value kept for the
 * rest of the run (in the first pass's maps) must be copied, or memory grows with the file.
 */
export function ownCopy(text: string): string {
  return (' ' + text).slice(1);
}
