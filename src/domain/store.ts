import type { Autosave, EditorFields } from './autosave.ts';
import type { Article, ArticleStatus, ArticleSummary, Author, Comment, CommentStatus, Role, StaffUser, Tag, TagAlias } from './model.ts';

/**
 * The storage the use cases need, one repository per aggregate. `src/db` implements it; the domain
 * never sees SQL. Every write that touches more than one row goes through `transaction`.
 */
export interface Store {
  readonly articles: ArticleRepository;
  readonly authors: AuthorRepository;
  readonly tags: TagRepository;
  readonly comments: CommentRepository;
  readonly settings: SettingsRepository;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly autosaves: AutosaveRepository;
  /** Runs `work` atomically; a throw rolls every write back. */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;
}

export interface Clock {
  now(): Date;
}

/** What every use case is given. */
export interface Deps {
  readonly store: Store;
  readonly clock: Clock;
}

export const systemClock: Clock = { now: () => new Date() };

export interface ArticleRecord {
  readonly slug: string;
  readonly headline: string;
  readonly standfirst: string;
  readonly bodySource: string;
  readonly bodyHtml: string;
  readonly status: ArticleStatus;
  readonly publishedAt: Date | null;
  readonly authorId: number;
  readonly updatedAt: Date;
  readonly language: string | null;
}

export interface PublicListing {
  readonly now: Date;
  readonly limit: number;
  readonly offset: number;
  readonly tagId?: number;
  readonly authorId?: number;
}

export interface ArticleRepository {
  findBySlug(slug: string): Promise<Article | null>;
  findById(id: number): Promise<Article | null>;
  /** Publicly visible articles, newest first, with the total for pagination. */
  listPublic(listing: PublicListing): Promise<{ items: ArticleSummary[]; total: number }>;
  insert(record: ArticleRecord, createdAt: Date): Promise<number>;
  update(id: number, record: ArticleRecord): Promise<void>;
  /** Replaces the article's tags, keeping the given order. */
  setTags(articleId: number, tagIds: readonly number[]): Promise<void>;
  setCommentsOpen(articleId: number, open: boolean): Promise<void>;
  /** Recounts the approved comments into the article's denormalised count. */
  refreshCommentCount(articleId: number): Promise<void>;
  count(): Promise<number>;
}

export interface AuthorRepository {
  findBySlug(slug: string): Promise<Author | null>;
  findByName(name: string): Promise<Author | null>;
  insert(author: { slug: string; name: string; bio: string }): Promise<Author>;
  updateBio(id: number, bio: string): Promise<void>;
}

export interface TagRepository {
  findBySlug(slug: string): Promise<Tag | null>;
  /** The canonical tag an alias slug points at. */
  findByAliasSlug(slug: string): Promise<Tag | null>;
  /** Looks a name up among tag names and alias names alike, ignoring case. */
  findByNameOrAlias(name: string): Promise<Tag | null>;
  /** Whether a tag or an alias already uses this slug. */
  isSlugTaken(slug: string): Promise<boolean>;
  insert(tag: { slug: string; name: string; description: string; isSection: boolean }): Promise<Tag>;
  update(id: number, changes: { description: string; isSection: boolean }): Promise<void>;
  addAlias(alias: TagAlias): Promise<void>;
  aliasesOf(tagId: number): Promise<TagAlias[]>;
  /** Section tags in navigation order. */
  listSections(): Promise<Tag[]>;
}

/** A comment about to be stored: everything but the id the store gives it. */
export type NewComment = Omit<Comment, 'id'>;

export interface CommentRepository {
  insert(comment: NewComment): Promise<Comment>;
  findById(id: number): Promise<Comment | null>;
  /** Approved comments of one article, oldest first. */
  listApproved(articleId: number): Promise<Comment[]>;
  list(filter: { status?: CommentStatus; limit: number }): Promise<Array<Comment & { articleSlug: string; articleHeadline: string }>>;
  hasApprovedFromEmail(email: string): Promise<boolean>;
  countFromAddressSince(clientAddressHash: string, since: Date): Promise<number>;
  setStatus(id: number, status: CommentStatus): Promise<void>;
  countWithStatus(status: CommentStatus): Promise<number>;
}

export interface SettingsRepository {
  get(key: string): Promise<string | null>;
  /** Stores `value` unless the key already has one; returns whichever value won. */
  getOrInsert(key: string, value: string): Promise<string>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface NewUser {
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  readonly passwordHash: string;
  readonly authorId: number;
  readonly mustChangePassword: boolean;
  readonly createdAt: Date;
}

/** Staff accounts, with the one-time reset links and failed sign-ins that belong to them. */
export interface UserRepository {
  findById(id: number): Promise<StaffUser | null>;
  /** `email` is compared lower-cased. */
  findByEmail(email: string): Promise<StaffUser | null>;
  passwordHashOf(id: number): Promise<string | null>;
  insert(user: NewUser): Promise<StaffUser>;
  update(id: number, changes: { displayName?: string; email?: string; role?: Role; disabled?: boolean }): Promise<void>;
  setPassword(id: number, passwordHash: string, mustChange: boolean): Promise<void>;
  list(): Promise<StaffUser[]>;
  count(): Promise<number>;
  countActiveAdmins(): Promise<number>;
  insertReset(reset: { tokenHash: string; userId: number; createdAt: Date; expiresAt: Date }): Promise<void>;
  /** The user a reset link belongs to, if it is unused and unexpired. */
  findResetUser(tokenHash: string, now: Date): Promise<number | null>;
  /** Marks every open reset link of the user used, so one reset spends them all. */
  spendResets(userId: number, now: Date): Promise<void>;
  recordFailedSignIn(attempt: { email: string; clientAddressHash: string; at: Date }): Promise<void>;
  countFailedSignIns(by: { email: string } | { clientAddressHash: string }, since: Date): Promise<number>;
  clearFailedSignIns(email: string): Promise<void>;
}

/** Signed-in sessions, stored so that every app instance sees the same ones. */
export interface SessionRepository {
  insert(session: { tokenHash: string; userId: number; createdAt: Date; expiresAt: Date; userAgent: string }): Promise<void>;
  /** The session's active user, unless the session has expired or the user is disabled. */
  findActive(tokenHash: string, now: Date): Promise<{ user: StaffUser; expiresAt: Date } | null>;
  extend(tokenHash: string, expiresAt: Date): Promise<void>;
  delete(tokenHash: string): Promise<void>;
  /** Ends the user's sessions, all or all but one. */
  deleteForUser(userId: number, keepTokenHash?: string): Promise<void>;
}

/** Unsaved editor text, one per user and article; article 0 is a new article. */
export interface AutosaveRepository {
  put(autosave: { userId: number; articleId: number; fields: EditorFields; savedAt: Date }): Promise<void>;
  get(userId: number, articleId: number): Promise<Autosave | null>;
  delete(userId: number, articleId: number): Promise<void>;
}
