/** The shapes the domain hands around. Storage maps rows to these; views render them. */

export type ArticleStatus = 'draft' | 'scheduled' | 'published';
export const ARTICLE_STATUSES: readonly ArticleStatus[] = ['draft', 'scheduled', 'published'];

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
}

export interface Tag extends TagRef {
  readonly id: number;
  readonly description: string;
  /** Sections are the tags the site's navigation leads with. */
  readonly isSection: boolean;
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
  /** In the order the editor gave them. */
  readonly tags: readonly TagRef[];
  /** Approved comments only. */
  readonly commentCount: number;
  /** BCP 47 tag of the article's own language, when it differs from the publication's. */
  readonly language: string | null;
}

export interface Article extends ArticleSummary {
  readonly bodySource: string;
  /** Rendered when the article is saved, never per request. */
  readonly bodyHtml: string;
  readonly commentsOpen: boolean;
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
}

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
