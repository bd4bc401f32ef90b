import type { ArticleStatus, BodyFormat, CommentStatus, Media, SitePage } from '../shared/model.ts';

/**
 * The publication as `broadsheet export` writes it out: every piece a reader or an editor sees,
 * with the old addresses that lead to it. Staff accounts, sessions, revisions and autosaves stay
 * behind (docs/export-format.md says why).
 */

export interface ExportedAuthor {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  readonly bio: string;
  /** The old site's addresses that lead here (`legacyPathKey` form). */
  readonly legacyPaths: readonly string[];
}

export interface ExportedTag {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  readonly description: string;
  readonly isSection: boolean;
  readonly parentId: number | null;
  readonly aliases: ReadonlyArray<{ readonly name: string; readonly slug: string }>;
  readonly legacyPaths: readonly string[];
}

/** A media record with the old site's addresses that lead to it. */
export interface ExportedMedia extends Media {
  readonly legacyPaths: readonly string[];
}

export interface ExportedComment {
  readonly id: number;
  readonly parentId: number | null;
  readonly authorName: string;
  readonly authorEmail: string;
  readonly authorUrl: string | null;
  /** The salted hash kept instead of the commenter's address; the address itself is never stored. */
  readonly clientAddressHash: string;
  readonly bodySource: string;
  /** As the page shows it: rendered here, or sanitized when it came from another system. */
  readonly bodyHtml: string;
  readonly status: CommentStatus;
  readonly createdAt: Date;
  readonly editedAt: Date | null;
}

export interface ExportedArticle {
  readonly id: number;
  readonly slug: string;
  readonly headline: string;
  readonly standfirst: string;
  readonly status: ArticleStatus;
  readonly publishedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly authorId: number;
  readonly featured: boolean;
  readonly commentsOpen: boolean;
  readonly language: string | null;
  readonly bodyFormat: BodyFormat;
  readonly bodySource: string;
  readonly bodyHtml: string;
  /** The lead image's media id. */
  readonly imageId: number | null;
  /** In the editor's order. */
  readonly tagIds: readonly number[];
  /** Former slugs that still lead here. */
  readonly oldSlugs: readonly string[];
  /** Oldest first. */
  readonly corrections: ReadonlyArray<{ readonly body: string; readonly createdAt: Date }>;
  readonly legacyPaths: readonly string[];
  /** Every status, oldest first, so that a parent always comes before its replies. */
  readonly comments: readonly ExportedComment[];
}

/** A page as stored, with the old site's addresses that lead to it. */
export type ExportedPage = SitePage & { readonly legacyPaths: readonly string[] };

/**
 * What `broadsheet export` reads from storage. The long lists come in pages by id (keyset: `afterId`
 * is the last id of the page before, 0 to start), each page with everything that belongs to its
 * rows fetched in one query per kind, so that memory stays flat however large the publication.
 */
export interface ExportRepository {
  /** Every author, by id. */
  authors(): Promise<ExportedAuthor[]>;
  /** Every tag, in navigation order (the order they were made in, unless staff reordered them). */
  tags(): Promise<ExportedTag[]>;
  mediaAfter(afterId: number, limit: number): Promise<ExportedMedia[]>;
  articlesAfter(afterId: number, limit: number): Promise<ExportedArticle[]>;
  pagesAfter(afterId: number, limit: number): Promise<ExportedPage[]>;
  /** The highest id in use of each kind, 0 for none. */
  highestIds(): Promise<{ articles: number; pages: number; media: number }>;
}
