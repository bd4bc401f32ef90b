import type { Autosave, EditorFields } from './articles/autosave.ts';
import type {
  Article,
  ArticleRevision,
  ArticleStatus,
  ArticleSummary,
  Author,
  BodyFormat,
  AuthorRef,
  Comment,
  CommentStatus,
  Correction,
  Media,
  Role,
  SitePage,
  SitePageStatus,
  StaffUser,
  Tag,
  TagAlias,
} from './shared/model.ts';
import type { CommentHistory, ListedComment, ModerationEntry } from './comments/moderation.ts';
import type { ImportKind } from './importing/records.ts';
import type { ExportRepository } from './exporting/export-store.ts';
import type { FeedRepository } from './feeds/feed-store.ts';
import type { RelatedArticle, RelatedQuery } from './articles/related.ts';
import type { SearchRepository } from './search/search.ts';

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
  readonly revisions: RevisionRepository;
  readonly pages: PageRepository;
  readonly media: MediaRepository;
  readonly redirects: LegacyRedirectRepository;
  readonly imports: ImportRepository;
  readonly exports: ExportRepository;
  readonly feeds: FeedRepository;
  readonly related: RelatedArticleRepository;
  /** Full-text search over published articles; its index is kept in step by every article and tag write. */
  readonly search: SearchRepository;
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
  readonly bodyFormat: BodyFormat;
  readonly bodyHtml: string;
  readonly status: ArticleStatus;
  readonly publishedAt: Date | null;
  readonly authorId: number;
  readonly updatedAt: Date;
  readonly language: string | null;
  /** Left as stored when absent, as the command line does. */
  readonly featured?: boolean;
}

export interface PublicListing {
  readonly now: Date;
  readonly limit: number;
  readonly offset: number;
  readonly tagId?: number;
  readonly authorId?: number;
  /** Leaves this article out, e.g. the featured one that already leads the page. */
  readonly excludeId?: number;
}

/** The newsroom's list: every article whatever its status, filtered. */
export interface NewsroomListing {
  readonly limit: number;
  readonly offset: number;
  readonly status?: ArticleStatus;
  readonly authorId?: number;
  readonly tagId?: number;
  /** Part of the headline, matched ignoring (ASCII) case. */
  readonly headlineContains?: string;
}

export interface ArticleRepository {
  findBySlug(slug: string): Promise<Article | null>;
  findById(id: number): Promise<Article | null>;
  /** Publicly visible articles, newest first, with the total for pagination. */
  listPublic(listing: PublicListing): Promise<{ items: ArticleSummary[]; total: number }>;
  /** The newest publicly visible featured article. */
  findFeatured(now: Date): Promise<ArticleSummary | null>;
  /** Every article, last changed first, with the total for pagination. */
  listNewsroom(listing: NewsroomListing): Promise<{ items: ArticleSummary[]; total: number }>;
  /** The authors who have at least one article, by name. */
  listBylines(): Promise<Array<AuthorRef & { readonly id: number }>>;
  insert(record: ArticleRecord, createdAt: Date): Promise<number>;
  update(id: number, record: ArticleRecord): Promise<void>;
  /** Replaces the article's tags, keeping the given order. */
  setTags(articleId: number, tagIds: readonly number[]): Promise<void>;
  setCommentsOpen(articleId: number, open: boolean): Promise<void>;
  /** Recounts the approved comments into the article's denormalised count. */
  refreshCommentCount(articleId: number): Promise<void>;
  count(): Promise<number>;
  /** The article a former slug of its own leads to, when one does. */
  findByOldSlug(slug: string): Promise<Pick<ArticleSummary, 'id' | 'slug' | 'status' | 'publishedAt'> | null>;
  /** Makes a former slug lead to the article, taking it from any article it led to before. */
  addOldSlug(slug: string, articleId: number): Promise<void>;
  /** Stops a former slug leading anywhere, so that an article can have it as its own. */
  removeOldSlug(slug: string): Promise<void>;
}

/** Articles to read next, found through the tags they share with one article. */
export interface RelatedArticleRepository {
  /** Publicly visible articles sharing tags with `articleId`, most shared tags first, then newest. */
  list(query: RelatedQuery): Promise<RelatedArticle[]>;
}

export interface AuthorRepository {
  findBySlug(slug: string): Promise<Author | null>;
  findById(id: number): Promise<Author | null>;
  findByName(name: string): Promise<Author | null>;
  insert(author: { slug: string; name: string; bio: string }): Promise<Author>;
  updateBio(id: number, bio: string): Promise<void>;
}

/** A tag offered while typing; `alias` is the alias name that matched, when it was not the tag's own name. */
export interface TagSuggestion {
  readonly name: string;
  readonly slug: string;
  readonly alias?: string;
}

/** A row of the newsroom's tag list. */
export interface TagListing extends Tag {
  /** Every article with the tag, drafts included. */
  readonly articleCount: number;
  readonly aliases: readonly TagAlias[];
}

export interface TagRepository {
  findBySlug(slug: string): Promise<Tag | null>;
  /** The canonical tag an alias slug points at. */
  findByAliasSlug(slug: string): Promise<Tag | null>;
  /** Looks a name up among tag names and alias names alike, ignoring case. */
  findByNameOrAlias(name: string): Promise<Tag | null>;
  /** Whether a tag or an alias already uses this slug. */
  isSlugTaken(slug: string): Promise<boolean>;
  insert(tag: { slug: string; name: string; description: string; isSection: boolean; parentId?: number | null }): Promise<Tag>;
  /** Files the tag under a broader one (null: under none). */
  setParent(id: number, parentId: number | null): Promise<void>;
  /** The tags filed directly under this one, by name. */
  childrenOf(id: number): Promise<Tag[]>;
  findById(id: number): Promise<Tag | null>;
  /** A name or slug left out stays as it is. */
  update(id: number, changes: { name?: string; slug?: string; description: string; isSection: boolean }): Promise<void>;
  addAlias(alias: TagAlias): Promise<void>;
  removeAlias(tagId: number, slug: string): Promise<void>;
  aliasesOf(tagId: number): Promise<TagAlias[]>;
  /** Tags by name, with their article counts and aliases; `query` filters on names, slugs and aliases. */
  listWithCounts(filter: { query: string; limit: number; offset: number }): Promise<{ items: TagListing[]; total: number }>;
  countArticles(tagId: number): Promise<number>;
  /**
   * Retags every article of one tag with another, in the same place in its tag list; an article
   * that has both keeps one, at the earlier place.
   */
  moveArticles(fromTagId: number, toTagId: number): Promise<void>;
  moveAliases(fromTagId: number, toTagId: number): Promise<void>;
  delete(id: number): Promise<void>;
  /**
   * Tags whose name or alias contains `query` (compared as name keys), best first: exact, then
   * prefix, then substring matches; one entry per canonical tag.
   */
  suggest(query: string, limit: number): Promise<TagSuggestion[]>;
  /** Section tags in navigation order. */
  listSections(): Promise<Tag[]>;
  /** Every tag, by name: the choices of a tag's parent. */
  listAll(): Promise<Tag[]>;
}

/** A comment about to be stored: everything but the id the store gives it; readers' comments have no staff account. */
export type NewComment = Omit<Comment, 'id' | 'staffUserId' | 'editedAt'> & { readonly staffUserId?: number | null };

export interface CommentRepository {
  insert(comment: NewComment): Promise<Comment>;
  findById(id: number): Promise<Comment | null>;
  /** The comments with these ids that exist, in no particular order. */
  findByIds(ids: readonly number[]): Promise<Comment[]>;
  /** Approved comments of one article, oldest first. */
  listApproved(articleId: number): Promise<Comment[]>;
  /** Newest first, with the article and the replied-to commenter's name. */
  list(filter: { status?: CommentStatus; limit: number; offset?: number }): Promise<ListedComment[]>;
  hasApprovedFromEmail(email: string): Promise<boolean>;
  countFromAddressSince(clientAddressHash: string, since: Date): Promise<number>;
  setStatus(id: number, status: CommentStatus): Promise<void>;
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

export interface SettingsRepository {
  get(key: string): Promise<string | null>;
  /** Every setting whose key starts with `prefix`, in one query. */
  listByPrefix(prefix: string): Promise<Record<string, string>>;
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

/** An article's saved versions and its published corrections. */
export interface RevisionRepository {
  insert(revision: Omit<ArticleRevision, 'id' | 'userName'>): Promise<number>;
  /** Newest first, with the name of who saved each. */
  listFor(articleId: number): Promise<ArticleRevision[]>;
  find(articleId: number, revisionId: number): Promise<ArticleRevision | null>;
  /** The article's newest revision: the version its editor forms are checked against. */
  latestFor(articleId: number): Promise<ArticleRevision | null>;
  /** `userId` is null for a correction brought in by an import. */
  addCorrection(correction: { articleId: number; userId: number | null; body: string; createdAt: Date }): Promise<Correction>;
  /** Oldest first. */
  correctionsOf(articleId: number): Promise<Correction[]>;
}

/** A page as stored, without the id the store gives it. */
export type PageRecord = Omit<SitePage, 'id'>;

export interface PageRepository {
  findBySlug(slug: string): Promise<SitePage | null>;
  findById(id: number): Promise<SitePage | null>;
  /** Every page, by title, drafts included (the newsroom's list); `status` filters. */
  list(filter?: { status?: SitePageStatus }): Promise<SitePage[]>;
  /** The published pages' titles and slugs, by title, for the site's footer: no bodies. */
  listPublishedLinks(): Promise<Array<Pick<SitePage, 'slug' | 'title'>>>;
  insert(page: PageRecord): Promise<number>;
  update(id: number, page: Omit<PageRecord, 'createdAt'>): Promise<void>;
  delete(id: number): Promise<void>;
}

export interface MediaRepository {
  findById(id: number): Promise<Media | null>;
  insert(media: Omit<Media, 'id'>): Promise<number>;
  update(id: number, media: Omit<Media, 'id'>): Promise<void>;
  /** Makes `mediaId` the article's lead image; null removes it. */
  setArticleImage(articleId: number, mediaId: number | null): Promise<void>;
  /** The lead images of many articles at once, by article id (for exports). */
  listByArticle(articleIds: readonly number[]): Promise<Media[]>;
}

export type LegacyTargetKind = 'article' | 'page' | 'tag' | 'author' | 'media';

/** The old site's addresses, each leading to what it became here. Paths are `legacyPathKey`s. */
export interface LegacyRedirectRepository {
  find(path: string): Promise<{ kind: LegacyTargetKind; id: number } | null>;
  /** Adds or re-points each path. */
  put(redirects: ReadonlyArray<{ path: string; kind: LegacyTargetKind; id: number }>): Promise<void>;
  /** Points every address that led to one thing at another (a merged tag's at the tag it became). */
  retarget(kind: LegacyTargetKind, fromId: number, toId: number): Promise<void>;
}

export interface NewImportedArticle {
  readonly record: ArticleRecord;
  readonly createdAt: Date;
  readonly commentsOpen: boolean;
  readonly imageId: number | null;
  readonly tags: ReadonlyArray<{ readonly id: number; readonly name: string }>;
}

/** What earlier imports brought in, by source and the id each item had there. */
export interface ImportRepository {
  findImported(source: string, kind: ImportKind, externalIds: readonly string[]): Promise<Map<string, { localId: number; hash: string }>>;
  recordImported(
    source: string,
    items: ReadonlyArray<{ kind: ImportKind; externalId: string; localId: number; hash: string }>,
  ): Promise<void>;
  /**
   * Inserts many comments in one go, in order. A comment's parent is either an existing comment
   * (`parentId`) or one earlier in the same call (`parentIndex`). Returns the new ids in order.
   */
  insertComments(
    comments: ReadonlyArray<NewComment & { readonly parentIndex?: number; readonly editedAt?: Date | null }>,
  ): Promise<number[]>;
  /** Recounts the approved comments of many articles at once. */
  refreshCommentCounts(articleIds: readonly number[]): Promise<void>;
  /** Which of these slugs articles (or pages) already have, or an article had before. */
  takenSlugs(of: 'articles' | 'pages', slugs: readonly string[]): Promise<Set<string>>;
  /**
   * Inserts many new articles at once, each with its tags (in order) and a first revision as it
   * came in. Returns the new ids in order.
   */
  insertArticles(articles: readonly NewImportedArticle[]): Promise<number[]>;
  /** The names of these tags, by id. */
  tagNames(tagIds: readonly number[]): Promise<Map<number, string>>;
}
