import type { Comment, CommentOrder, CommentStatus, PublishedComment } from '../shared/model.ts';
import type { Screening } from './spam/repository.ts';

export const MODERATION_ACTIONS = ['approve', 'unapprove', 'spam', 'trash', 'restore'] as const;
/** `restore` takes a comment out of the trash or spam, back to the status it had before. */
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

/** One row of the moderation log: who did what to a comment, and its status before and after. */
export interface ModerationEntry {
  readonly commentId: number;
  /** Null for the console. */
  readonly userId: number | null;
  readonly action: ModerationAction | 'edit';
  readonly fromStatus: CommentStatus;
  readonly toStatus: CommentStatus;
  readonly at: Date;
}

/** A comment as the queue lists it, with its article and, for a reply, whom it replies to. */
export interface ListedComment extends Comment {
  readonly articleSlug: string;
  readonly articleHeadline: string;
  readonly articleCommentsOpen: boolean;
  readonly parentAuthorName: string | null;
}

/** How many of one email's comments are approved and how many are spam. */
export interface CommentHistory {
  readonly email: string;
  readonly approved: number;
  readonly spam: number;
}

/** A comment about to be stored: everything but the id the store gives it; readers' comments have no staff account. */
export type NewComment = Omit<Comment, 'id' | 'staffUserId' | 'editedAt'> & { readonly staffUserId?: number | null };

export interface CommentRepository {
  /** Stores a comment, with what the spam checks concluded about a reader's (and its body's key, for finding duplicates). */
  insert(comment: NewComment, screening?: Screening & { readonly bodyKey: string }): Promise<Comment>;
  findById(id: number): Promise<Comment | null>;
  /** The comments with these ids that exist, in no particular order. */
  findByIds(ids: readonly number[]): Promise<Comment[]>;
  /** Approved comments of one article, oldest first. */
  listApproved(articleId: number): Promise<Comment[]>;
  /**
   * How many threads an article's readers see: approved comments that start one (no parent, or a
   * parent that is no longer approved, as `buildCommentThread` shows them).
   */
  countApprovedThreads(articleId: number): Promise<number>;
  /**
   * A page of those threads in `order` (of their starters' times): `limit` thread starters from
   * `offset`, each with all its approved replies; oldest first. Only what the page shows: a busy
   * page holds hundreds of comments, and reading their whole rows took half the query's time.
   */
  listApprovedThreads(articleId: number, page: { offset: number; limit: number; order: CommentOrder }): Promise<PublishedComment[]>;
  /**
   * How many threads come before the one holding this approved comment of the article (0-based) in
   * `order`, or null if it is not one.
   */
  threadIndexOf(articleId: number, commentId: number, order: CommentOrder): Promise<number | null>;
  /** Newest first, with the article and the replied-to commenter's name. */
  list(filter: { status?: CommentStatus; limit: number; offset?: number }): Promise<ListedComment[]>;
  hasApprovedFromEmail(email: string): Promise<boolean>;
  countFromAddressSince(clientAddressHash: string, since: Date): Promise<number>;
  setStatus(id: number, status: CommentStatus): Promise<void>;
  setAkismetVerdict(id: number, verdict: 'spam' | 'ham'): Promise<void>;
  /** Keeps the reader's raw address for Akismet's corrections (see `akismet.ts`); nothing else reads it. */
  setAkismetUserIp(id: number, address: string): Promise<void>;
  /** The kept addresses of these comments, for those that still have one. */
  akismetUserIps(ids: readonly number[]): Promise<Map<number, string>>;
  /** Erases the kept addresses of these comments. */
  forgetAkismetUserIps(ids: readonly number[]): Promise<void>;
  /** Erases the kept addresses of comments posted before `before`; returns how many. */
  forgetAkismetUserIpsBefore(before: Date): Promise<number>;
  /** Replaces what the commenter wrote, as a moderator's edit. */
  updateText(
    id: number,
    text: Pick<Comment, 'authorName' | 'authorEmail' | 'authorUrl' | 'bodySource' | 'bodyHtml'> & { editedAt: Date },
  ): Promise<void>;
  countWithStatus(status: CommentStatus): Promise<number>;
  /** How many comments have each status, in one grouped query. */
  countByStatus(): Promise<Record<CommentStatus, number>>;
  /** Approved and spam counts of each email's comments, in one grouped query. */
  historyOfEmails(emails: readonly string[]): Promise<CommentHistory[]>;
  recordModeration(entries: readonly ModerationEntry[]): Promise<void>;
  /** Each comment's status before its latest logged status change, for the comments that have one. */
  statusesBeforeLatestChange(ids: readonly number[]): Promise<Map<number, CommentStatus>>;
}
