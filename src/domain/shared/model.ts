/** The shapes the domain hands around. Storage maps rows to these; views render them. */

import type { DeliveredPicture } from '../media/delivery.ts';

export type ArticleStatus = 'draft' | 'scheduled' | 'published';
export const ARTICLE_STATUSES: readonly ArticleStatus[] = ['draft', 'scheduled', 'published'];

/** How an article's body is written: Markdown in the editor, or HTML brought in by an import. */
export type BodyFormat = 'markdown' | 'html';
export const BODY_FORMATS: readonly BodyFormat[] = ['markdown', 'html'];

/** Which conversations an article's comments show first: WordPress's `comment_order`, oldest first by default. */
export type CommentOrder = 'oldest' | 'newest';

export type CommentStatus = 'pending' | 'approved' | 'spam' | 'trash';
export const COMMENT_STATUSES: readonly CommentStatus[] = ['pending', 'approved', 'spam', 'trash'];

export interface AuthorRef {
  readonly slug: string;
  readonly name: string;
}

export interface Author extends AuthorRef {
  readonly id: number;
  readonly bio: string;
}

export interface TagRef {
  readonly slug: string;
  readonly name: string;
  /**
   * The tag's row, wherever a stored tag is shown (the page cache keys the page by it); absent only
   * for a tag the editor's preview names before it exists.
   */
  readonly id?: number;
}

export interface Tag extends TagRef {
  readonly id: number;
  readonly description: string;
  /** Sections are the tags the site's navigation leads with. */
  readonly isSection: boolean;
  /** The broader tag this one sits under (a WordPress category's parent), if any. */
  readonly parentId: number | null;
}

export interface TagAlias {
  readonly name: string;
  readonly slug: string;
  readonly tagId: number;
}

export interface ArticleSummary {
  readonly id: number;
  readonly slug: string;
  readonly headline: string;
  readonly standfirst: string;
  readonly status: ArticleStatus;
  readonly publishedAt: Date | null;
  readonly updatedAt: Date;
  readonly author: AuthorRef;
  /** The byline's author row: who owns the article, for permission checks. */
  readonly authorId: number;
  /** Marked by an editor to lead the front page. */
  readonly featured: boolean;
  /** In the order the editor gave them. */
  readonly tags: readonly TagRef[];
  /** Approved comments only. */
  readonly commentCount: number;
  /** BCP 47 tag of the article's own language, when it differs from the publication's. */
  readonly language: string | null;
  /** The lead (featured) picture, shown on the article's page and beside it in listings and feeds. */
  readonly image: DeliveredPicture | null;
}

/** An image or other file, kept where it was uploaded. */
export interface Media {
  readonly id: number;
  readonly url: string;
  readonly title: string;
  readonly alt: string;
  readonly caption: string;
  readonly mimeType: string;
  /** The article it was uploaded to. */
  readonly articleId: number | null;
  readonly createdAt: Date;
}

export interface Article extends ArticleSummary {
  readonly bodySource: string;
  readonly bodyFormat: BodyFormat;
  /** Rendered when the article is saved, never per request. */
  readonly bodyHtml: string;
  readonly commentsOpen: boolean;
}

export type SitePageStatus = 'draft' | 'published';

/** A standalone page (About, Contact): never listed, tagged or commented on. */
export interface SitePage {
  readonly id: number;
  readonly slug: string;
  readonly title: string;
  readonly status: SitePageStatus;
  readonly publishedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly authorId: number;
  readonly bodyFormat: BodyFormat;
  readonly bodySource: string;
  readonly bodyHtml: string;
}

/** A note appended to a published article to say what was wrong in it. */
export interface Correction {
  readonly id: number;
  readonly articleId: number;
  readonly body: string;
  readonly createdAt: Date;
}

/** The article as one save left it; every save in the editor adds one. */
export interface ArticleRevision {
  readonly id: number;
  readonly articleId: number;
  /** Null for a save from the command line, or after the account was deleted. */
  readonly userId: number | null;
  readonly userName: string | null;
  readonly createdAt: Date;
  readonly headline: string;
  readonly standfirst: string;
  readonly slug: string;
  readonly bodySource: string;
  readonly bodyFormat: BodyFormat;
  /** Tag names in the editor's order. */
  readonly tags: readonly string[];
  readonly authorId: number;
  readonly status: ArticleStatus;
  readonly publishedAt: Date | null;
  readonly featured: boolean;
}

export interface Comment {
  readonly id: number;
  readonly articleId: number;
  readonly parentId: number | null;
  /** 1 for a top-level comment. */
  readonly depth: number;
  readonly authorName: string;
  readonly authorEmail: string;
  readonly authorUrl: string | null;
  readonly bodySource: string;
  readonly bodyHtml: string;
  readonly status: CommentStatus;
  readonly createdAt: Date;
  readonly clientAddressHash: string;
  readonly userAgent: string;
  /** The staff account of a newsroom reply, which the page marks as Staff. */
  readonly staffUserId: number | null;
  /** When a moderator last changed the text; null when it is as the commenter wrote it. */
  readonly editedAt: Date | null;
  /** Akismet's answer, when Akismet is used and has answered. */
  readonly akismetVerdict?: 'spam' | 'ham' | null;
}

/** What an article's page shows of a published comment: none of the commenter's email, address or moderation state. */
export type PublishedComment = Pick<
  Comment,
  'id' | 'parentId' | 'depth' | 'authorName' | 'authorUrl' | 'bodyHtml' | 'createdAt' | 'staffUserId'
>;

export interface Page<T> {
  readonly items: readonly T[];
  /** 1-based. */
  readonly page: number;
  readonly pageCount: number;
  readonly total: number;
}

/** Whether readers may see an article at `now`: drafts never, scheduled ones from their time on. */
export function isPubliclyVisible(article: Pick<ArticleSummary, 'status' | 'publishedAt'>, now: Date): boolean {
  return article.status !== 'draft' && article.publishedAt !== null && article.publishedAt.getTime() <= now.getTime();
}

export type Role = 'contributor' | 'author' | 'editor' | 'admin';
/** Weakest first: each role may do everything the one before it may. */
export const ROLES: readonly Role[] = ['contributor', 'author', 'editor', 'admin'];
export const ROLE_NAMES: Readonly<Record<Role, string>> = {
  contributor: 'Contributor',
  author: 'Author',
  editor: 'Editor',
  admin: 'Administrator',
};

/** A member of the newsroom staff. The password hash never leaves the users repository. */
export interface StaffUser {
  readonly id: number;
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  /** The author whose byline this user writes under. */
  readonly author: AuthorRef & { readonly id: number };
  readonly mustChangePassword: boolean;
  readonly disabled: boolean;
  readonly createdAt: Date;
}
